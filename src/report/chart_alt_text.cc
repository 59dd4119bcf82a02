// Text alternatives of charts (see chart_alt_text.h).
#include "report/chart_alt_text.h"

#include <cmath>

#include "table/danish_format.h"

namespace fremdrift {
namespace {

// Decimals for the values: the chart's own, else none when every value is whole, else one.
int ValueDecimals(const Chart& chart) {
  if (chart.y_decimals >= 0) return chart.y_decimals;
  for (const auto& s : chart.series) {
    for (double v : s.values) {
      if (std::isfinite(v) && std::fabs(v - std::round(v)) > 1e-9) return 1;
    }
  }
  return 0;
}

std::string ValueText(const Chart& chart, double v, int decimals) {
  if (chart.y_unit == "pct") return FormatDanishPercent(v, decimals);
  std::string text = FormatDanishNumber(v, decimals);
  if (!chart.y_unit.empty()) text += " " + chart.y_unit;
  return text;
}

}  // namespace

std::string ChartAltText(const Chart& chart) {
  std::string out = chart.kind == ChartKind::kBar ? "Søjlediagram" : "Linjediagram";
  if (!chart.title.empty()) out += ": " + chart.title;
  const auto& cats = chart.categories;
  if (!cats.empty()) {
    out += cats.size() == 1 ? ", " + cats.front() : ", " + cats.front() + " til " + cats.back();
  }
  if (out.back() != '.') out += ".";  // "mar." already ends the sentence
  if (chart.series.empty() || cats.empty()) return out + " Ingen tal.";
  const int decimals = ValueDecimals(chart);
  out += " Seneste tal (" + cats.back() + "):";
  bool first = true;
  for (const auto& s : chart.series) {
    out += first ? " " : ", ";
    first = false;
    std::size_t n = std::min(s.values.size(), cats.size());
    std::size_t last = n;
    while (last > 0 && !std::isfinite(s.values[last - 1])) --last;
    if (last == 0) {
      out += s.name + " ingen tal";
      continue;
    }
    out += s.name + " " + ValueText(chart, s.values[last - 1], decimals);
    if (last != cats.size()) out += " (" + cats[last - 1] + ")";
  }
  return out + ".";
}

}  // namespace fremdrift
