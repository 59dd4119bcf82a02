// Chart layout (see chart_layout.h).
#include "report/chart_layout.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "table/danish_format.h"

namespace fremdrift {
namespace {

constexpr double kFont = 7.5;
constexpr double kTitleFont = 9;

// A rough width of `text` in DejaVu Sans at `size` (average advance ~0.55 em); used only to keep
// labels apart, never to position text precisely.
double ApproxTextWidth(const std::string& text, double size) {
  size_t glyphs = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++glyphs;  // count UTF-8 lead bytes
  }
  return glyphs * size * 0.55;
}

ChartPrimitive Line(double x1, double y1, double x2, double y2, Rgb color, double width,
                    bool dashed = false) {
  ChartPrimitive p;
  p.kind = ChartPrimitive::Kind::kLine;
  p.points = {x1, y1, x2, y2};
  p.color = color;
  p.width = width;
  p.dashed = dashed;
  return p;
}

ChartPrimitive Text(double x, double y, std::string text, double size,
                    ChartPrimitive::Anchor anchor, Rgb color = {0.15, 0.15, 0.15},
                    bool bold = false) {
  ChartPrimitive p;
  p.kind = ChartPrimitive::Kind::kText;
  p.points = {x, y};
  p.text = std::move(text);
  p.font_size = size;
  p.anchor = anchor;
  p.color = color;
  p.bold = bold;
  return p;
}

ChartPrimitive Rect(double x, double y, double w, double h, Rgb color) {
  ChartPrimitive p;
  p.kind = ChartPrimitive::Kind::kRect;
  p.points = {x, y, w, h};
  p.color = color;
  return p;
}

}  // namespace

Rgb SeriesColor(size_t i) {
  static const Rgb kPalette[] = {{0.000, 0.314, 0.541},  // dark blue
                                 {0.851, 0.420, 0.000},  // orange
                                 {0.298, 0.557, 0.231},  // green
                                 {0.541, 0.141, 0.447},  // purple
                                 {0.447, 0.447, 0.447}};
  return kPalette[i % std::size(kPalette)];
}

std::vector<double> NiceTicks(double lo, double hi, int target, double* step_out) {
  if (!(hi > lo)) {
    double pad = lo == 0 ? 1 : std::fabs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  double raw = (hi - lo) / std::max(1, target);
  double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    step = m * mag;
    if (step >= raw) break;
  }
  double first = std::floor(lo / step + 1e-9) * step;
  double last = std::ceil(hi / step - 1e-9) * step;
  std::vector<double> ticks;
  for (int i = 0; first + i * step <= last + step * 1e-6; ++i) ticks.push_back(first + i * step);
  if (step_out) *step_out = step;
  return ticks;
}

ChartScene LayoutChart(const Chart& chart, double width, double height) {
  ChartScene scene;
  scene.width = width;
  scene.height = height;
  const Rgb kAxis{0.35, 0.35, 0.35}, kGrid{0.85, 0.85, 0.85};

  double top = 6;
  if (!chart.title.empty()) {
    scene.items.push_back(Text(0, top + kTitleFont, chart.title, kTitleFont,
                               ChartPrimitive::Anchor::kStart, {0.1, 0.1, 0.1}, true));
    top += kTitleFont + 8;
  }
  // Legend on one line at the bottom.
  double legend_h = chart.series.size() > 1 || !chart.series.empty() ? kFont + 8 : 0;

  // Value range.
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const auto& s : chart.series) {
    for (double v : s.values) {
      if (std::isnan(v)) continue;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  if (!std::isfinite(lo)) lo = 0, hi = 1;
  if (chart.kind == ChartKind::kBar || lo > 0) lo = std::min(lo, 0.0);
  double step = 1;
  std::vector<double> ticks = NiceTicks(lo, hi, 5, &step);
  // Tick labels carry as many decimals as the step needs (the column's decimals are for values).
  int decimals = step >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(step) - 1e-9));
  bool pct = chart.y_unit == "pct";
  std::vector<std::string> tick_labels;
  double label_w = 0;
  for (double t : ticks) {
    tick_labels.push_back(pct ? FormatDanishPercent(t, decimals) : FormatDanishNumber(t, decimals));
    label_w = std::max(label_w, ApproxTextWidth(tick_labels.back(), kFont));
  }

  double plot_left = label_w + 8, plot_right = width - 6;
  double plot_top = top, plot_bottom = height - legend_h - kFont - 10;
  double y0 = ticks.front(), y1 = ticks.back();
  auto ymap = [&](double v) {
    return plot_bottom - (v - y0) / (y1 - y0) * (plot_bottom - plot_top);
  };
  size_t n = chart.categories.size();
  double band = n ? (plot_right - plot_left) / n : 0;
  auto xmap = [&](size_t i) { return plot_left + band * (i + 0.5); };

  // Grid and y labels.
  for (size_t i = 0; i < ticks.size(); ++i) {
    double y = ymap(ticks[i]);
    scene.items.push_back(Line(plot_left, y, plot_right, y, ticks[i] == 0 ? kAxis : kGrid,
                               ticks[i] == 0 ? 0.8 : 0.5));
    scene.items.push_back(
        Text(plot_left - 4, y + kFont * 0.35, tick_labels[i], kFont, ChartPrimitive::Anchor::kEnd));
  }
  scene.items.push_back(Line(plot_left, plot_bottom, plot_right, plot_bottom, kAxis, 0.8));

  // X labels: thin out so they do not overlap.
  double max_label = 0;
  for (const auto& c : chart.categories) max_label = std::max(max_label, ApproxTextWidth(c, kFont));
  size_t every = band > 0 ? static_cast<size_t>(std::ceil((max_label + 6) / band)) : 1;
  every = std::max<size_t>(every, 1);
  for (size_t i = 0; i < n; i += every) {
    scene.items.push_back(Line(xmap(i), plot_bottom, xmap(i), plot_bottom + 3, kAxis, 0.6));
    scene.items.push_back(Text(xmap(i), plot_bottom + 4 + kFont, chart.categories[i], kFont,
                               ChartPrimitive::Anchor::kMiddle));
  }

  // Data.
  size_t ns = chart.series.size();
  for (size_t s = 0; s < ns; ++s) {
    const auto& values = chart.series[s].values;
    Rgb color = SeriesColor(s);
    if (chart.kind == ChartKind::kBar) {
      double group = band * 0.75, bar = ns ? group / ns : 0;
      for (size_t i = 0; i < n && i < values.size(); ++i) {
        if (std::isnan(values[i])) continue;
        double x = xmap(i) - group / 2 + s * bar;
        double ya = ymap(values[i]), yb = ymap(std::max(0.0, y0));
        scene.items.push_back(Rect(x, std::min(ya, yb), bar * 0.92, std::fabs(yb - ya), color));
      }
    } else {
      // A category without a value (NaN: none, or a figure not shown for discretion) breaks the
      // line: each run of values is its own polyline, never joined across the gap nor drawn at 0.
      ChartPrimitive poly;
      poly.kind = ChartPrimitive::Kind::kPolyline;
      poly.color = color;
      poly.width = 1.6;
      auto flush = [&] {
        if (poly.points.size() == 2) {  // a lone value: a short tick so it is visible
          double x = poly.points[0], y = poly.points[1];
          poly.points = {x - 2, y, x + 2, y};
        }
        if (poly.points.size() >= 4) scene.items.push_back(poly);
        poly.points.clear();
      };
      for (size_t i = 0; i < n && i < values.size(); ++i) {
        if (std::isnan(values[i])) {
          flush();
          continue;
        }
        poly.points.push_back(xmap(i));
        poly.points.push_back(ymap(values[i]));
      }
      flush();
    }
  }

  // Legend.
  double lx = plot_left, ly = height - 4;
  for (size_t s = 0; s < ns; ++s) {
    scene.items.push_back(Rect(lx, ly - kFont * 0.8, 10, kFont * 0.8, SeriesColor(s)));
    scene.items.push_back(
        Text(lx + 13, ly, chart.series[s].name, kFont, ChartPrimitive::Anchor::kStart));
    lx += 13 + ApproxTextWidth(chart.series[s].name, kFont) + 14;
  }
  return scene;
}

}  // namespace fremdrift
