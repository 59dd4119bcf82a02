// Tests for the chart model, its layout and the SVG writer.
#include "report/chart.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace fremdrift
