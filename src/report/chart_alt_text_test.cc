// Tests for the charts' text alternatives: kind, title, span, latest value of each series in
// Danish format, gaps and empty charts.
#include "report/chart_alt_text.h"

#include <gtest/gtest.h>

#include <cmath>

namespace fremdrift {
namespace {

struct AltCase {
  const char* name;
  Chart chart;
  const char* want;
};

TEST(ChartAltTextTest, Cases) {
  const double gap = std::nan("");
  const AltCase cases[] = {
      {"percent line",
       Chart{ChartKind::kLine,
             "Ledighedsprocent",
             "pct",
             -1,
             {"jan.", "feb.", "mar."},
             {{"Herning", {3.4, 3.9, 3.6}}, {"Hele landet", {3.9, 4.3, 4.0}}}},
       "Linjediagram: Ledighedsprocent, jan. til mar. Seneste tal (mar.): Herning 3,6 %, "
       "Hele landet 4,0 %."},
      {"whole counts with a unit and thousands",
       Chart{ChartKind::kBar,
             "Fleksjob",
             "personer",
             -1,
             {"2018", "2019"},
             {{"Herning", {1175.0, 2094.0}}}},
       "Søjlediagram: Fleksjob, 2018 til 2019. Seneste tal (2019): Herning 2.094 personer."},
      {"a gap at the end names the month of the latest value; fixed decimals",
       Chart{ChartKind::kLine,
             "Andel",
             "pct",
             2,
             {"jan.", "feb."},
             {{"A", {1.234, gap}}, {"B", {gap, gap}}}},
       "Linjediagram: Andel, jan. til feb. Seneste tal (feb.): A 1,23 % (jan.), B ingen tal."},
      {"no categories", Chart{ChartKind::kLine, "Tom", "", -1, {}, {}},
       "Linjediagram: Tom. Ingen tal."},
  };
  for (const auto& c : cases) EXPECT_EQ(ChartAltText(c.chart), c.want) << c.name;
}

}  // namespace
}  // namespace fremdrift
