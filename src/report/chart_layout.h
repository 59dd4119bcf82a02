// Chart layout: turns a Chart into drawing primitives (lines, polylines, rectangles, text) in
// points within a box, with nice axis ticks in Danish number format and a legend. The SVG writer
// (svg_chart.h) and the PDF painter (pdf_document.cc) both draw these primitives.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "report/chart.h"

namespace fremdrift {

struct Rgb {
  double r = 0, g = 0, b = 0;  // 0-1
};

struct ChartPrimitive {
  enum class Kind { kLine, kPolyline, kRect, kText };
  Kind kind = Kind::kLine;
  std::vector<double> points;  // line: x1 y1 x2 y2; polyline: x y pairs; rect: x y w h
  Rgb color;                   // stroke (lines) or fill (rects, text)
  double width = 1;            // stroke width
  bool dashed = false;
  // Text only.
  std::string text;
  double font_size = 8;
  enum class Anchor { kStart, kMiddle, kEnd } anchor = Anchor::kStart;
  bool bold = false;
};

struct ChartScene {
  double width = 0, height = 0;
  std::vector<ChartPrimitive> items;
};

// Tick values from `lo` to `hi` with a 1-2-5 step, about `target` of them; lo/hi are widened to
// whole steps. Returns the ticks (ascending).
std::vector<double> NiceTicks(double lo, double hi, int target, double* step);

// Lays `chart` out in a width x height box (points). The palette is fixed so colours are stable.
ChartScene LayoutChart(const Chart& chart, double width, double height);

// The series colour used for series `i`.
Rgb SeriesColor(size_t i);

}  // namespace fremdrift
