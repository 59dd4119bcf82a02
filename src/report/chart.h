// Chart model: what a line or bar chart shows (categories on the x axis, one or more named series
// of values), built from a Table. The model is drawn by chart_layout into primitives that both
// the SVG writer and the PDF painter draw, so the web and the documents show the same chart.
// Thread-safety: value types and pure functions.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "table/table.h"

namespace fremdrift {

enum class ChartKind { kLine, kBar };

struct ChartSeries {
  std::string name;            // legend text ("Herning", "Hele landet")
  std::vector<double> values;  // one per category; NaN = no value (a gap)
};

struct Chart {
  ChartKind kind = ChartKind::kLine;
  std::string title;                    // Danish, e.g. "Ledighedsprocent"
  std::string y_unit;                   // "pct", "personer", ... (pct ticks get " %")
  int y_decimals = -1;                  // decimals of the values (ticks follow the step)
  std::vector<std::string> categories;  // x labels ("feb. 2018", ...)
  std::vector<ChartSeries> series;
};

struct ChartSpec {
  ChartKind kind = ChartKind::kLine;
  std::string category_column;  // x axis (e.g. "periode")
  std::string value_column;     // y values (e.g. "andel")
  std::string series_column;    // one series per distinct value (e.g. "omraade"); empty = one
  std::string title;            // empty = the table's title
};

// Builds a chart from `table`: categories in order of first appearance, series in order of first
// appearance. A cell without a number (empty, or a count not shown for discretion: "<5") is NaN,
// a gap in its line, never 0. Fails when a named column is missing or the value column is not
// numeric.
Result<Chart> ChartFromTable(const Table& table, const ChartSpec& spec);

}  // namespace fremdrift
