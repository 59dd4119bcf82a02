// SVG writer (see svg_chart.h).
#include "report/svg_chart.h"

#include <fmt/format.h>

namespace fremdrift {
namespace {

std::string Color(const Rgb& c) {
  auto b = [](double v) { return static_cast<int>(v * 255 + 0.5); };
  return fmt::format("#{:02x}{:02x}{:02x}", b(c.r), b(c.g), b(c.b));
}

// Coordinates with two decimals, trailing zeros dropped, so the SVG is stable and small.
std::string Num(double v) {
  std::string s = fmt::format("{:.2f}", v);
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  return s;
}

}  // namespace

std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string RenderSceneSvg(const ChartScene& scene) {
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} "
      "{1}\" font-family=\"DejaVu Sans, Verdana, sans-serif\" role=\"img\">\n",
      Num(scene.width), Num(scene.height));
  for (const auto& p : scene.items) {
    using K = ChartPrimitive::Kind;
    switch (p.kind) {
      case K::kLine:
        out += fmt::format(
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"{}\"{}/>\n",
            Num(p.points[0]), Num(p.points[1]), Num(p.points[2]), Num(p.points[3]), Color(p.color),
            Num(p.width), p.dashed ? " stroke-dasharray=\"3 2\"" : "");
        break;
      case K::kPolyline: {
        std::string pts;
        for (size_t i = 0; i + 1 < p.points.size(); i += 2) {
          if (i) pts += ' ';
          pts += Num(p.points[i]) + "," + Num(p.points[i + 1]);
        }
        out += fmt::format(
            "<polyline class=\"series\" points=\"{}\" fill=\"none\" stroke=\"{}\" "
            "stroke-width=\"{}\" stroke-linejoin=\"round\"/>\n",
            pts, Color(p.color), Num(p.width));
        break;
      }
      case K::kRect:
        out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>\n",
                           Num(p.points[0]), Num(p.points[1]), Num(p.points[2]), Num(p.points[3]),
                           Color(p.color));
        break;
      case K::kText: {
        const char* anchor = p.anchor == ChartPrimitive::Anchor::kStart    ? "start"
                             : p.anchor == ChartPrimitive::Anchor::kMiddle ? "middle"
                                                                           : "end";
        out += fmt::format(
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"{}\" fill=\"{}\"{}>{}</text>\n",
            Num(p.points[0]), Num(p.points[1]), Num(p.font_size), anchor, Color(p.color),
            p.bold ? " font-weight=\"bold\"" : "", XmlEscape(p.text));
        break;
      }
    }
  }
  out += "</svg>\n";
  return out;
}

std::string RenderChartSvg(const Chart& chart, double width, double height) {
  return RenderSceneSvg(LayoutChart(chart, width, height));
}

}  // namespace fremdrift
