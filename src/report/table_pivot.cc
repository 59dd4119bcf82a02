// Pivot and filter of Tables (see table_pivot.h).
#include "report/table_pivot.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace fremdrift {

Result<Table> PivotTable(const Table& t, const PivotSpec& spec) {
  const int rc = t.ColumnIndex(spec.row_column), cc = t.ColumnIndex(spec.column_column),
            vc = t.ColumnIndex(spec.value_column);
  if (rc < 0 || cc < 0 || vc < 0) {
    return InvalidArgument("pivot: the table needs columns {}, {} and {}", spec.row_column,
                           spec.column_column, spec.value_column);
  }
  const Column& value = t.columns()[vc];
  if (value.type == ColumnType::kString) {
    return InvalidArgument("pivot: column '{}' is not numeric", spec.value_column);
  }
  std::vector<std::string> rows = spec.row_order, cols = spec.column_order;
  auto add = [](std::vector<std::string>& list, const std::string& v) {
    if (std::find(list.begin(), list.end(), v) == list.end()) list.push_back(v);
  };
  std::map<std::pair<std::string, std::string>, double> cells;
  // Cells shown as text in a numeric column (a count not shown, "<5": table/suppression.h) stay
  // text in the pivot; a sum over one would reveal it.
  std::map<std::pair<std::string, std::string>, std::string> texts;
  for (const auto& row : t.rows()) {
    const std::string r = CellToString(row[rc]), c = CellToString(row[cc]);
    if (!spec.column_order.empty() && std::find(cols.begin(), cols.end(), c) == cols.end()) {
      continue;
    }
    add(rows, r);
    if (spec.column_order.empty()) add(cols, c);
    if (const auto* text = std::get_if<std::string>(&row[vc])) {
      texts.emplace(std::make_pair(r, c), *text);
      cells[{r, c}] += 0;
      continue;
    }
    double v = CellToDouble(row[vc]);
    if (!std::isnan(v)) cells[{r, c}] += v;
  }
  std::vector<Column> columns = {{"kategori", ColumnType::kString, ColumnRole::kDimension, "",
                                  spec.row_label.empty() ? spec.row_column : spec.row_label, -1}};
  for (const auto& c : cols) {
    Column col = value;
    col.name = c;
    col.label = spec.column_label ? spec.column_label(c) : c;
    columns.push_back(col);
  }
  Table out(columns);
  out.title = t.title;
  for (const auto& r : rows) {
    // Rows named in row_order but absent from the data are kept only when filling zeros.
    bool any = false;
    for (const auto& c : cols) any = any || cells.count({r, c});
    if (!any && !spec.fill_zero) continue;
    std::vector<Cell> line = {spec.row_text ? spec.row_text(r) : r};
    for (const auto& c : cols) {
      auto it = cells.find({r, c});
      if (auto text = texts.find({r, c}); text != texts.end()) {
        line.push_back(text->second);
      } else if (it == cells.end()) {
        line.push_back(spec.fill_zero ? (value.type == ColumnType::kInteger ? Cell(std::int64_t{0})
                                                                            : Cell(0.0))
                                      : Cell());
      } else if (value.type == ColumnType::kInteger) {
        line.push_back(static_cast<std::int64_t>(std::llround(it->second)));
      } else {
        line.push_back(it->second);
      }
    }
    out.AddRow(std::move(line));
  }
  return out;
}

Result<Table> FilterRows(const Table& t,
                         const std::vector<std::pair<std::string, std::string>>& equal) {
  std::vector<std::pair<int, std::string>> tests;
  for (const auto& [name, v] : equal) {
    int c = t.ColumnIndex(name);
    if (c < 0) return InvalidArgument("filter: no column '{}'", name);
    tests.push_back({c, v});
  }
  Table out(t.columns());
  out.title = t.title;
  for (std::size_t i = 0; i < t.notes().size(); ++i) out.AddNote(t.note(i));
  for (const auto& row : t.rows()) {
    bool ok = true;
    for (const auto& [c, v] : tests) ok = ok && CellToString(row[c]) == v;
    if (ok) out.AddRow(row);
  }
  return out;
}

}  // namespace fremdrift
