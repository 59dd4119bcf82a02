#include "domain/period.h"

#include <gtest/gtest.h>

namespace fremdrift {
namespace {

// The Thursday rule, checked against a calendar by hand.
struct MonthWeeks {
  int year, month;
  std::string first_week, last_week;  // ISO weeks
  int weeks;
};
class ThursdayRuleTest : public ::testing::TestWithParam<MonthWeeks> {};
TEST_P(ThursdayRuleTest, WeeksOfMonth) {
  auto c = GetParam();
  WeekRange r = WeeksOf(Period{PeriodKind::kMonth, c.year, c.month});
  EXPECT_EQ(FormatIsoWeek(r.first), c.first_week);
  EXPECT_EQ(FormatIsoWeek(r.last), c.last_week);
  EXPECT_EQ(r.size(), c.weeks);
}
INSTANTIATE_TEST_SUITE_P(
    Calendar, ThursdayRuleTest,
    ::testing::Values(
        // Feb 2019: Thursdays 7, 14, 21, 28 → W06-W09.
        MonthWeeks{2019, 2, "2019-W06", "2019-W09", 4},
        // Jan 2019: Thu 3 Jan is in W01 (Mon 31 Dec 2018) → W01-W05 (Thu 31 Jan).
        MonthWeeks{2019, 1, "2019-W01", "2019-W05", 5},
        // Dec 2020: Thu 3..31 Dec → W49-W53.
        MonthWeeks{2020, 12, "2020-W49", "2020-W53", 5},
        // Jan 2021: Thu 7 Jan (W01) .. Thu 28 Jan (W04).
        MonthWeeks{2021, 1, "2021-W01", "2021-W04", 4}));

TEST(PeriodTest, YearsAndQuarters) {
  EXPECT_EQ(WeeksOf(Period{PeriodKind::kYear, 2020, 1}).size(), 53);
  EXPECT_EQ(WeeksOf(Period{PeriodKind::kYear, 2019, 1}).size(), 52);
  EXPECT_EQ(WeeksOf(Period{PeriodKind::kQuarter, 2020, 4}).size(), 14);
  EXPECT_EQ(WeeksOf(Period{PeriodKind::kQuarter, 2019, 1}).size(), 13);
}

TEST(PeriodTest, ParseAndFormat) {
  EXPECT_EQ(FormatPeriod(*ParsePeriod("2019-02")), "2019-02");
  EXPECT_EQ(FormatPeriod(*ParsePeriod("2019-Q3")), "2019-Q3");
  EXPECT_EQ(FormatPeriod(*ParsePeriod("2019")), "2019");
  EXPECT_FALSE(ParsePeriod("2019-13").ok());
  EXPECT_FALSE(ParsePeriod("2019-Q5").ok());
  EXPECT_FALSE(ParsePeriod("19-02").ok());
  EXPECT_EQ(*ParseMonthBound("2019-Q1", true), MakeMonth(2019, 3));
  EXPECT_EQ(*ParseMonthBound("2019", false), MakeMonth(2019, 1));
  EXPECT_EQ(*ParseMonthBound("2019", true), MakeMonth(2019, 12));
}

TEST(PeriodTest, PeriodsBetween) {
  auto q = PeriodsBetween(PeriodKind::kQuarter, MakeMonth(2019, 2), MakeMonth(2019, 12));
  ASSERT_EQ(q.size(), 4u);
  EXPECT_EQ(FormatPeriod(q[0]), "2019-Q1");
  auto m = PeriodsBetween(PeriodKind::kMonth, MakeMonth(2019, 11), MakeMonth(2020, 2));
  ASSERT_EQ(m.size(), 4u);
  EXPECT_EQ(FormatPeriod(m[3]), "2020-02");
}

TEST(PeriodTest, MonthOfWeek) {
  // 2020-W53 has its Thursday on 31 Dec 2020.
  EXPECT_EQ(MonthOfWeek(*WeekFromIsoWeek(2020, 53)), MakeMonth(2020, 12));
  // 2019-W01: Monday 31 Dec 2018, Thursday 3 Jan 2019.
  EXPECT_EQ(MonthOfWeek(*WeekFromIsoWeek(2019, 1)), MakeMonth(2019, 1));
}

}  // namespace
}  // namespace fremdrift
