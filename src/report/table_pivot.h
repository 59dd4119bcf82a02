// Pivoting a long Table into the wide tables committee documents show: one row per value of a
// row column, one value column per value of a column column (e.g. quarters), cells summed from a
// value column, and row filtering. Thread-safety: pure functions.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/status.h"
#include "table/table.h"

namespace fremdrift {

struct PivotSpec {
  std::string row_column;     // one output row per distinct value (order of first appearance)
  std::string column_column;  // one output column per distinct value
  std::string value_column;   // numeric; summed into the cell
  std::string row_label;      // label of the first output column
  // Output columns in this order (values not listed are left out); empty: order of appearance.
  std::vector<std::string> column_order;
  // Output rows in this order first, then the others in order of appearance.
  std::vector<std::string> row_order;
  std::function<std::string(const std::string&)> column_label;  // default: the value itself
  std::function<std::string(const std::string&)> row_text;      // default: the value itself
  bool fill_zero = true;  // missing cells are 0 (counts), else empty
};

Result<Table> PivotTable(const Table& table, const PivotSpec& spec);

// The rows of `table` whose string columns equal the given values ({column, value} pairs).
Result<Table> FilterRows(const Table& table,
                         const std::vector<std::pair<std::string, std::string>>& equal);

}  // namespace fremdrift
