// Discretion of small numbers ("diskretionering"): before a Table leaves the system for the
// public (committee documents, the PostgreSQL reporting tables, exports for roles without citizen
// access), a count of fewer than `min_persons` persons (1 to min-1) is not shown, nor anything a
// reader could work it out from: complementary cells in a line whose total is shown, and the
// full-time persons, shares and averages of the same row. One concept, applied where Tables are
// published (docs/measurements.md, "Small numbers"). Thread-safety: pure functions.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "table/table.h"

namespace fremdrift {

class ReferenceData;

// The threshold when none is configured: counts of 1-4 persons are not shown.
inline constexpr int kDefaultMinPersons = 5;

// A line of additive cells with a shown total (a margin): rows that agree on every dimension but
// `part_columns` are the parts of the margin row whose part key `margin_of` returns. Part keys are
// the values of `part_columns` joined by '\t' ("alder\tunder_40" -> "i_alt\t").
struct SuppressionLine {
  std::vector<std::string> part_columns;
  // The margin's part key for a part key; nullopt when the row is no part of such a line.
  std::function<std::optional<std::string>(const std::string& part_key)> margin_of;
};

struct SuppressionSpec {
  int min_persons = kDefaultMinPersons;  // 0 or 1: nothing is suppressed
  std::vector<SuppressionLine> lines;
};

// What a value column is to the rule.
enum class SuppressionRole {
  kNone,      // text, money ("kr.") and other figures not built from persons: always shown
  kCount,     // a count of persons or of forløb (unit "personer" or "forløb"): primary rule
  kFullTime,  // full-time persons (unit "fuldtidspersoner"): follow the row's `personer`, or,
              // without one, are themselves held to the threshold (persons >= full-time persons)
  kDerived,   // shares, averages, durations (any other numeric unit but "kr."): hidden when a
              // count or full-time figure of their row is hidden
};
SuppressionRole RoleOfColumn(const Column& column);

struct SuppressionResult {
  Table table;  // as given, suppressed cells empty (std::monostate)
  std::vector<std::vector<bool>> suppressed;  // [row][column]
  int primary = 0;    // cells under the threshold
  int secondary = 0;  // cells hidden so that the primary ones cannot be worked out
  bool any() const { return primary + secondary > 0; }
};

// The lines every published Table gets from its columns: benefit groups under
// "offentlig_forsoergelse" (the groups marked so in `ref`, or every group without `ref`);
// the ressourceforløb breakdowns (`dimension`, `kategori`) under their "i_alt" row; municipalities
// (3-digit `omraade` or `kommune` codes) under their RAR area and region (with `ref`).
SuppressionSpec StandardSuppressionSpec(const Table& table, int min_persons,
                                        const ReferenceData* ref = nullptr);

// A table with an `enhed` column (the committee comparison) or a `maal` column (the
// reconciliation with jobindsats) gives its unit per row: in a row of persons or full-time
// persons, every numeric value column without a unit of its own is held to the threshold as that
// unit, a change (`aendring`) or difference (`forskel`) follows them as a share does, and the
// row's sentences (`tekst`, `tal_tekst`), written with its figures, are hidden with them.
SuppressionResult SuppressSmallNumbers(const Table& table, const SuppressionSpec& spec);

// How a suppressed cell is shown.
enum class SuppressedCell {
  kEmpty,   // no value (JSON null, SQL NULL): typed consumers keep their column types
  kMarked,  // the text "<5" (documents, CSV and XLSX for people)
};

// The Table as it may be published: suppressed cells empty or marked, and, when any cell was
// suppressed, the note SuppressionNote.
Table SuppressForPublication(const Table& table, const SuppressionSpec& spec, SuppressedCell how);

// "<5"
std::string SuppressedText(int min_persons);
// A marked cell (a text cell that is SuppressedText of some threshold).
bool IsSuppressedMarker(const Cell& cell);
// "Tal under 5 personer er ikke vist ..." (the note of a suppressed table).
std::string SuppressionNote(int min_persons);
// "færre end 5 personer": how a sentence names a suppressed count.
std::string FewerThanText(int min_persons);

}  // namespace fremdrift
