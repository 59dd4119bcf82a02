// The column vocabulary: every name a Table's column may have, one meaning each
// (docs/formats/table.md lists them with their meanings; a test keeps the two in step). The names
// that several measurements share have constants here so producers and consumers spell them one
// way. Thread-safe: constants and pure functions.
#pragma once

#include <string_view>
#include <vector>

#include "common/status.h"
#include "table/table.h"

namespace fremdrift {

namespace col {
// Any time period as text: month "2019-02", quarter "2019-Q1", half year "2019-H1", year "2019".
inline constexpr char kPeriode[] = "periode";
// The area a row counts, as shown: a municipality's code (register tables) or name (case
// tables), "RAR ...", "Region ...", "Hele landet" or "Landsplan".
inline constexpr char kOmraade[] = "omraade";
// A municipality's 3-digit code ("657"), or "landsplan" for the case tables' national rows.
inline constexpr char kKommune[] = "kommune";
// A benefit group's id (data/reference/ydelsesgrupper.csv) or "offentlig_forsoergelse".
inline constexpr char kYdelsesgruppe[] = "ydelsesgruppe";
// A citizen's pseudonym (never a CPR number).
inline constexpr char kPerson[] = "person";
inline constexpr char kPersoner[] = "personer";
inline constexpr char kFuldtidspersoner[] = "fuldtidspersoner";
inline constexpr char kTaeller[] = "taeller";
inline constexpr char kNaevner[] = "naevner";
inline constexpr char kAndel[] = "andel";
}  // namespace col

// Every name of the vocabulary, sorted.
const std::vector<std::string_view>& ColumnVocabulary();
bool InColumnVocabulary(std::string_view name);
// An error naming the table's first column whose name is not in the vocabulary.
Status CheckColumnVocabulary(const Table& table);

}  // namespace fremdrift
