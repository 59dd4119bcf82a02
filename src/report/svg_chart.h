// SVG writer for charts: a standalone <svg> element (no scripts, no external fonts) drawn from the
// chart layout, for the web pages and HTML documents. Thread-safety: pure functions.
#pragma once

#include <string>

#include "report/chart.h"
#include "report/chart_layout.h"

namespace fremdrift {

std::string RenderSceneSvg(const ChartScene& scene);
// Lays out and renders `chart` at width x height points.
std::string RenderChartSvg(const Chart& chart, double width = 480, double height = 260);

// Escapes &, <, >, " and ' for XML/HTML text and attributes.
std::string XmlEscape(std::string_view text);

}  // namespace fremdrift
