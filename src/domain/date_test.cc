#include "domain/date.h"

#include <gtest/gtest.h>

namespace fremdrift {
namespace {

TEST(DateTest, RoundTrip) {
  for (DayNumber d = -80000; d < 80000; d += 37) {
    CivilDate c = CivilFromDays(d);
    EXPECT_EQ(DaysFromCivil(c), d);
  }
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(Weekday(DaysFromCivil(2019, 2, 28)), 3);  // Thursday
}

// ISO weeks computed by hand from a calendar.
struct WeekCase {
  int year, week;
  CivilDate monday;
};
class IsoWeekTest : public ::testing::TestWithParam<WeekCase> {};
TEST_P(IsoWeekTest, MondayOfWeek) {
  auto c = GetParam();
  auto w = WeekFromIsoWeek(c.year, c.week);
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(CivilFromDays(MondayOf(*w)), c.monday);
  IsoWeek back = IsoWeekOf(*w);
  EXPECT_EQ(back.year, c.year);
  EXPECT_EQ(back.week, c.week);
}
INSTANTIATE_TEST_SUITE_P(
    Calendar, IsoWeekTest,
    ::testing::Values(WeekCase{2019, 1, {2018, 12, 31}},   // week 1 starts in December
                      WeekCase{2020, 53, {2020, 12, 28}},  // 53-week year
                      WeekCase{2021, 1, {2021, 1, 4}},     // 1-3 Jan 2021 belong to 2020-W53
                      WeekCase{2015, 53, {2015, 12, 28}}, WeekCase{1991, 1, {1990, 12, 31}},
                      WeekCase{2009, 53, {2009, 12, 28}}, WeekCase{2019, 7, {2019, 2, 11}}));

TEST(DateTest, WeeksInYear) {
  EXPECT_EQ(IsoWeeksInYear(2019), 52);
  EXPECT_EQ(IsoWeeksInYear(2020), 53);
  EXPECT_EQ(IsoWeeksInYear(2015), 53);
  EXPECT_EQ(IsoWeeksInYear(2009), 53);
  EXPECT_EQ(IsoWeeksInYear(2026), 53);
  EXPECT_FALSE(WeekFromIsoWeek(2019, 53).ok());
  EXPECT_FALSE(WeekFromIsoWeek(2019, 0).ok());
  EXPECT_EQ(FormatIsoWeek(*WeekFromIsoWeek(2020, 53)), "2020-W53");
}

TEST(DateTest, Age) {
  EXPECT_EQ(AgeOn({1990, 3, 1}, {2019, 2, 28}), 28);
  EXPECT_EQ(AgeOn({1990, 3, 1}, {2019, 3, 1}), 29);
  EXPECT_EQ(AgeOn({2000, 2, 29}, {2019, 2, 28}), 18);
  EXPECT_EQ(AgeOn({2000, 2, 29}, {2019, 3, 1}), 19);
}

TEST(DateTest, ParseIsoDate) {
  EXPECT_EQ(*ParseIsoDate("2019-02-28"), (CivilDate{2019, 2, 28}));
  EXPECT_FALSE(ParseIsoDate("2019-02-29").ok());
  EXPECT_FALSE(ParseIsoDate("2019-2-28").ok());
  EXPECT_EQ(FormatIsoDate({2019, 2, 3}), "2019-02-03");
}

}  // namespace
// The birth-day range agrees with AgeOn for every birth day around the edges, leap days included.
TEST(DateTest, BirthDaysForAgesAgreesWithAgeOn) {
  for (CivilDate on : {CivilDate{2019, 2, 28}, CivilDate{2020, 2, 29}, CivilDate{2020, 3, 1},
                       CivilDate{2021, 12, 31}, CivilDate{2016, 1, 3}}) {
    for (auto [lo, hi] :
         {std::pair{16, 66}, std::pair{16, 29}, std::pair{0, 0}, std::pair{30, 30}}) {
      const BirthDayRange r = BirthDaysForAges(on, lo, hi);
      for (DayNumber b = DaysFromCivil(on) - 68 * 366; b <= DaysFromCivil(on); ++b) {
        const int age = AgeOn(CivilFromDays(b), on);
        EXPECT_EQ(r.Contains(b), age >= lo && age <= hi)
            << FormatIsoDate(CivilFromDays(b)) << " on " << FormatIsoDate(on) << " " << lo << "-"
            << hi;
      }
    }
  }
}

}  // namespace fremdrift
