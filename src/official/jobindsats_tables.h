// The jobindsats.dk tables fremdrift understands (API v2, docs/formats/jobindsats.md): for each
// table id its kind (a benefit table with persons, full-time persons and shares, or the benchmark
// Y30R21), the benefit group it counts in fremdrift's terms, the column labels of its measures
// and the breakdown columns it may have. A response does not name its table, so the id always
// comes from the command or the request. Pure data; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace fremdrift::official {

enum class TableKind { kBenefit, kBenchmark };

// A measure column: the label jobindsats gives it and fremdrift's measure id.
struct MeasureColumn {
  std::string_view label;  // "Antal fuldtidspersoner"
  std::string_view id;     // "fuldtidspersoner"
  bool required;           // a response without it is refused
};

struct JobindsatsTable {
  std::string_view id;             // "Y07A02" (upper case)
  TableKind kind;
  std::string_view ydelsesgruppe;  // fremdrift's group or series; empty for the benchmark
  std::string_view title;          // Danish
  std::vector<std::string_view> breakdowns;  // breakdown column labels it may have
};

// Every table, in a fixed order.
const std::vector<JobindsatsTable>& JobindsatsTables();
// The table with this id (any case: "y07a02" too); InvalidArgument naming the known ids.
Result<const JobindsatsTable*> FindJobindsatsTable(std::string_view id);
// The measure columns of a kind of table.
const std::vector<MeasureColumn>& MeasureColumns(TableKind kind);

// The benchmark's benefit groups: the label in Y30R21's "Ydelsesgrupper" column → fremdrift's id
// ("Ydelsesgrupper i alt" → "alle", "A-dagpenge mv." → "a_dagpenge", ...); empty when unknown.
std::string_view BenchmarkGroup(std::string_view label);
// The benchmark's group ids, in order (alle, a_dagpenge, sygedagpenge, kontanthjaelp).
const std::vector<std::string_view>& BenchmarkGroupIds();
// The Y30R21 labels to request, in the same order.
const std::vector<std::string_view>& BenchmarkGroupLabels();

}  // namespace fremdrift::official
