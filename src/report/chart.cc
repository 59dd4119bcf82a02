// Chart model (see chart.h).
#include "report/chart.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace fremdrift {

Result<Chart> ChartFromTable(const Table& table, const ChartSpec& spec) {
  int cat = table.ColumnIndex(spec.category_column);
  int val = table.ColumnIndex(spec.value_column);
  int ser = spec.series_column.empty() ? -1 : table.ColumnIndex(spec.series_column);
  if (cat < 0) return InvalidArgument("chart: no column '{}'", spec.category_column);
  if (val < 0) return InvalidArgument("chart: no column '{}'", spec.value_column);
  if (!spec.series_column.empty() && ser < 0) {
    return InvalidArgument("chart: no column '{}'", spec.series_column);
  }
  const Column& vcol = table.columns()[val];
  if (vcol.type == ColumnType::kString) {
    return InvalidArgument("chart: column '{}' is not numeric", spec.value_column);
  }
  Chart chart;
  chart.kind = spec.kind;
  chart.title = spec.title.empty() ? table.title : spec.title;
  chart.y_unit = vcol.unit;
  chart.y_decimals = vcol.decimals;
  auto index_of = [](std::vector<std::string>& list, const std::string& key) {
    auto it = std::find(list.begin(), list.end(), key);
    if (it != list.end()) return static_cast<size_t>(it - list.begin());
    list.push_back(key);
    return list.size() - 1;
  };
  std::vector<std::string> series_names;
  struct Point {
    size_t category, series;
    double value;
  };
  std::vector<Point> points;
  for (const auto& row : table.rows()) {
    size_t c = index_of(chart.categories, CellToString(row[cat]));
    size_t s = ser < 0 ? index_of(series_names, vcol.label.empty() ? vcol.name : vcol.label)
                       : index_of(series_names, CellToString(row[ser]));
    points.push_back({c, s, CellToDouble(row[val])});
  }
  for (const auto& name : series_names) {
    chart.series.push_back({name, std::vector<double>(chart.categories.size(),
                                                      std::numeric_limits<double>::quiet_NaN())});
  }
  for (const auto& p : points) chart.series[p.series].values[p.category] = p.value;
  return chart;
}

}  // namespace fremdrift
