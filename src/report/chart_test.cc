// Tests for the chart model, its layout and the SVG writer.
#include "report/chart.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <regex>

#include "report/chart_layout.h"
#include "report/svg_chart.h"

namespace fremdrift {
namespace {

Table ShareTable() {
  Table t({Column{"periode", ColumnType::kString, ColumnRole::kDimension, "", "Periode", -1},
           Column{"omraade", ColumnType::kString, ColumnRole::kDimension, "", "Område", -1},
           Column{"andel", ColumnType::kNumber, ColumnRole::kValue, "pct", "Andel", 1}});
  t.title = "Ledighedsprocent";
  const char* months[] = {"2018-12", "2019-01", "2019-02"};
  double herning[] = {3.4, 3.9, 3.6}, land[] = {3.9, 4.3, 4.0};
  for (int i = 0; i < 3; ++i) {
    t.AddRow({std::string(months[i]), std::string("Herning"), herning[i]});
    t.AddRow({std::string(months[i]), std::string("Hele landet & øer"), land[i]});
  }
  return t;
}

TEST(ChartTest, FromTableBuildsSeriesInOrder) {
  auto chart = ChartFromTable(ShareTable(), {ChartKind::kLine, "periode", "andel", "omraade", ""});
  ASSERT_TRUE(chart.ok()) << chart.status().ToString();
  EXPECT_EQ(chart->title, "Ledighedsprocent");
  ASSERT_EQ(chart->categories.size(), 3u);
  ASSERT_EQ(chart->series.size(), 2u);
  EXPECT_EQ(chart->series[0].name, "Herning");
  EXPECT_DOUBLE_EQ(chart->series[1].values[2], 4.0);
  EXPECT_FALSE(ChartFromTable(ShareTable(), {ChartKind::kLine, "periode", "nope", "", ""}).ok());
  EXPECT_FALSE(ChartFromTable(ShareTable(), {ChartKind::kLine, "periode", "omraade", "", ""}).ok());
}

TEST(ChartTest, NiceTicks) {
  double step = 0;
  auto ticks = NiceTicks(0, 4.3, 5, &step);
  EXPECT_DOUBLE_EQ(step, 1.0);
  EXPECT_DOUBLE_EQ(ticks.front(), 0);
  EXPECT_DOUBLE_EQ(ticks.back(), 5);
  ticks = NiceTicks(-2094, 1377, 5, &step);
  EXPECT_DOUBLE_EQ(step, 1000);
  EXPECT_DOUBLE_EQ(ticks.front(), -3000);
  EXPECT_DOUBLE_EQ(ticks.back(), 2000);
}

TEST(ChartTest, SvgHasOnePolylinePerSeriesInsideTheBox) {
  auto chart = ChartFromTable(ShareTable(), {ChartKind::kLine, "periode", "andel", "omraade", ""});
  ASSERT_TRUE(chart.ok());
  std::string svg = RenderChartSvg(*chart, 400, 200);
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  std::regex poly_re("<polyline class=\"series\" points=\"([^\"]*)\"");
  int polylines = 0;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), poly_re);
       it != std::sregex_iterator(); ++it) {
    ++polylines;
    std::string pts = (*it)[1];
    std::regex num_re("(-?[0-9.]+),(-?[0-9.]+)");
    int points = 0;
    for (auto p = std::sregex_iterator(pts.begin(), pts.end(), num_re); p != std::sregex_iterator();
         ++p) {
      double x = std::stod((*p)[1]), y = std::stod((*p)[2]);
      EXPECT_GE(x, 0);
      EXPECT_LE(x, 400);
      EXPECT_GE(y, 0);
      EXPECT_LE(y, 200);
      ++points;
    }
    EXPECT_EQ(points, 3);
  }
  EXPECT_EQ(polylines, 2);
  // Danish tick labels with " %", escaped legend text.
  EXPECT_NE(svg.find(">4 %</text>"), std::string::npos) << svg;
  EXPECT_NE(svg.find("Hele landet &amp; øer"), std::string::npos);
  // The higher series is drawn higher up (smaller y).
  ChartScene scene = LayoutChart(*chart, 400, 200);
  std::vector<const ChartPrimitive*> lines;
  for (const auto& p : scene.items) {
    if (p.kind == ChartPrimitive::Kind::kPolyline) lines.push_back(&p);
  }
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_GT(lines[0]->points[1], lines[1]->points[1]);
}

TEST(ChartTest, BarsStartAtZeroAndGapsBreakLines) {
  Chart c;
  c.kind = ChartKind::kBar;
  c.categories = {"a", "b"};
  c.series = {{"s", {5, 10}}};
  ChartScene scene = LayoutChart(c, 300, 150);
  int rects = 0;
  for (const auto& p : scene.items) rects += p.kind == ChartPrimitive::Kind::kRect;
  EXPECT_EQ(rects, 3);  // two bars and one legend swatch
  c.kind = ChartKind::kLine;
  c.categories = {"a", "b", "c", "d"};
  c.series = {{"s", {1, 2, std::nan(""), 3}}};
  scene = LayoutChart(c, 300, 150);
  int polylines = 0;
  for (const auto& p : scene.items) polylines += p.kind == ChartPrimitive::Kind::kPolyline;
  EXPECT_EQ(polylines, 2);  // a..b, and the lone d drawn as a short mark
}

// The polylines of the series in `scene`, each as its (x, y) points.
std::vector<std::vector<std::pair<double, double>>> SeriesLines(const ChartScene& scene) {
  std::vector<std::vector<std::pair<double, double>>> lines;
  for (const auto& p : scene.items) {
    if (p.kind != ChartPrimitive::Kind::kPolyline) continue;
    lines.emplace_back();
    for (size_t i = 0; i + 1 < p.points.size(); i += 2) {
      lines.back().push_back({p.points[i], p.points[i + 1]});
    }
  }
  return lines;
}

// A month not shown (a count under the threshold, docs/measurements.md "Small numbers") breaks
// the line: two separate segments, nothing drawn at that month, and no point at 0.
TEST(ChartTest, HiddenMonthInTheMiddleIsAGapNotAJoinedLineNorZero) {
  Table t({Column{"periode", ColumnType::kString, ColumnRole::kDimension, "", "Periode", -1},
           Column{"fuldtidspersoner", ColumnType::kNumber, ColumnRole::kValue, "fuldtidspersoner",
                  "Fuldtidspersoner", -1}});
  t.AddRow({std::string("2019-01"), 12.0});
  t.AddRow({std::string("2019-02"), 14.0});
  t.AddRow({std::string("2019-03"), std::string("<5")});  // as a document marks a hidden count
  t.AddRow({std::string("2019-04"), 11.0});
  t.AddRow({std::string("2019-05"), 13.0});
  t.AddRow({std::string("2019-06"), Cell()});  // as publish and the API leave it: empty
  t.AddRow({std::string("2019-07"), 15.0});
  auto chart = ChartFromTable(t, {ChartKind::kLine, "periode", "fuldtidspersoner", "", ""});
  ASSERT_TRUE(chart.ok()) << chart.status().ToString();
  ASSERT_EQ(chart->series.size(), 1u);
  EXPECT_TRUE(std::isnan(chart->series[0].values[2])) << "a hidden count is no value, not 0";
  EXPECT_TRUE(std::isnan(chart->series[0].values[5]));

  ChartScene scene = LayoutChart(*chart, 400, 200);
  auto lines = SeriesLines(scene);
  ASSERT_EQ(lines.size(), 3u) << "jan-feb, apr-maj and the lone juli";
  EXPECT_EQ(lines[0].size(), 2u);
  EXPECT_EQ(lines[1].size(), 2u);
  // The first segment ends before March and the second starts after it: no line crosses March.
  const double march_x = (lines[0][1].first + lines[1][0].first) / 2;
  for (const auto& line : lines) {
    for (size_t i = 0; i + 1 < line.size(); ++i) {
      EXPECT_FALSE(line[i].first < march_x && line[i + 1].first > march_x)
          << "a segment is drawn across the hidden month";
    }
  }
  EXPECT_LT(lines[0][1].first, lines[1][0].first);
  // No point at 0: the axis starts at 0 here, so a 0 would lie on the plot's bottom line, below
  // every drawn point (11 is the lowest value).
  double lowest_point_y = 0;
  for (const auto& line : lines) {
    for (const auto& [x, y] : line) lowest_point_y = std::max(lowest_point_y, y);
  }
  double axis_y = 0;
  for (const auto& p : scene.items) {
    if (p.kind == ChartPrimitive::Kind::kText && p.text == "0") axis_y = p.points[1];
  }
  ASSERT_GT(axis_y, 0) << "no 0 tick on the axis";
  EXPECT_LT(lowest_point_y, axis_y - 10) << "a point is drawn at 0";

  // The SVG (documents' HTML) has the same separate segments: one <polyline> each.
  std::string svg = RenderChartSvg(*chart, 400, 200);
  std::regex poly_re("<polyline class=\"series\" points=\"([^\"]*)\"");
  std::vector<std::string> polylines;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), poly_re);
       it != std::sregex_iterator(); ++it) {
    polylines.push_back((*it)[1]);
  }
  ASSERT_EQ(polylines.size(), 3u) << svg;
  EXPECT_EQ(std::count(polylines[0].begin(), polylines[0].end(), ','), 2) << polylines[0];
  EXPECT_EQ(std::count(polylines[1].begin(), polylines[1].end(), ','), 2) << polylines[1];
}

// A lone month between two hidden ones is still drawn (a short mark), in the middle as at the end.
TEST(ChartTest, LoneValueBetweenGapsIsDrawn) {
  Chart c;
  c.kind = ChartKind::kLine;
  c.categories = {"a", "b", "c", "d", "e"};
  const double gap = std::nan("");
  c.series = {{"s", {1, gap, 3, gap, 5}}};
  auto lines = SeriesLines(LayoutChart(c, 300, 150));
  ASSERT_EQ(lines.size(), 3u);
  for (const auto& line : lines) {
    ASSERT_EQ(line.size(), 2u);
    EXPECT_DOUBLE_EQ(line[0].second, line[1].second);  // a level tick at its value
  }
  // All missing: nothing drawn, no line at 0.
  c.series = {{"s", {gap, gap, gap, gap, gap}}};
  EXPECT_TRUE(SeriesLines(LayoutChart(c, 300, 150)).empty());
}

}  // namespace
}  // namespace fremdrift
