// The text alternative of a chart, in Danish: what the chart shows in words (its kind and title,
// the span of categories, and each series' latest value in Danish number format), for the /Alt of
// a tagged PDF's Figure and the accessible name of the HTML document's SVG.
// Thread-safety: pure.
#pragma once

#include <string>

#include "report/chart.h"

namespace fremdrift {

// "Linjediagram: Ledighedsprocent, jan. til mar. Seneste tal (mar.): Herning 3,6 %,
// Hele landet 4,0 %." A series whose last category has no value gives its latest value with the
// category in brackets; a series with no values says so.
std::string ChartAltText(const Chart& chart);

}  // namespace fremdrift
