// Background columns kept in the spell store: herkomst (when the extract has the column) and the
// columns the operator names with `ingest --keep-column`. Each is kept as a small dictionary of
// its values and one byte per person (code c is values[c - 1]; code 0 = blank, shown as ukendt),
// so at most 255 distinct values a column. Herkomst is kept as its three categories
// (herkomst.h). The person id column (and any cpr/pnr column) is never kept, and a value shaped
// like a CPR number is refused. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace fremdrift {

inline constexpr std::size_t kMaxKeptValues = 255;
inline constexpr std::size_t kMaxKeptValueBytes = 100;

// One kept column over the persons of a batch: codes.size() is the batch's person count.
struct AttributeColumn {
  std::string name;  // lower case, as `--by` names it
  std::vector<std::string> values;
  std::vector<std::uint8_t> codes;
};

// Whether `name` may be kept with --keep-column: not a CPR/person id column (cpr, pnr, lobenr,
// id, or `id_column`), not a breakdown name the program gives itself (koen, kon, alder,
// visitation), at most 64 bytes of letters, digits and '_'. InvalidArgument says why not.
Status CheckKeepColumnName(std::string_view name, std::string_view id_column);

// The code of `value` in `column`, added to its values when new; -1 when the column already has
// kMaxKeptValues values. Blank is 0.
int AttributeCode(AttributeColumn& column, std::string_view value);

// Checks a raw value of a kept column (not herkomst): empty string when it may be kept, else the
// reason (too long, shaped like a CPR number).
std::string CheckKeptValue(std::string_view value);

// Appends the columns of `more` (a batch of `more_persons` persons) to `all` (a batch of
// `all_persons` persons before), by name: values are joined into `all`'s dictionaries, a column
// only one side has is blank on the other. FailedPrecondition when a column would get more than
// kMaxKeptValues values.
Status AppendAttributes(std::vector<AttributeColumn>& all, std::size_t all_persons,
                        const std::vector<AttributeColumn>& more, std::size_t more_persons);

// Sorts each column's values (herkomst keeps its category order), recoding the persons, so a store
// does not depend on how the ingest split its work.
void SortAttributeValues(std::vector<AttributeColumn>& columns);

}  // namespace fremdrift
