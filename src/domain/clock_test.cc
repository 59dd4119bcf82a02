#include "domain/clock.h"

#include <gtest/gtest.h>

#include <ctime>

namespace fremdrift {
namespace {

TEST(ClockTest, FixedClockGivesItsDayAndTime) {
  FixedClock c(DaysFromCivil(2021, 3, 4) * std::int64_t{86400} + 3600 * 13 + 60 * 5 + 9);
  EXPECT_EQ(c.Today(), DaysFromCivil(2021, 3, 4));
  EXPECT_EQ(c.Now(), "2021-03-04T13:05:09Z");
  FixedClock midnight = FixedClock::AtDay(DaysFromCivil(2019, 12, 31));
  EXPECT_EQ(midnight.Now(), "2019-12-31T00:00:00Z");
  EXPECT_EQ(midnight.Today(), DaysFromCivil(2019, 12, 31));
  // Before 1970 the day is floored, not truncated towards 1970.
  FixedClock before(-1);
  EXPECT_EQ(before.Today(), -1);
  EXPECT_EQ(before.Now(), "1969-12-31T23:59:59Z");
}

TEST(ClockTest, SystemClockIsTheWallClock) {
  SystemClock c;
  const std::int64_t wall = std::time(nullptr);
  EXPECT_LE(std::abs(c.UnixSeconds() - wall), 2);
  EXPECT_EQ(c.Today(), static_cast<DayNumber>(c.UnixSeconds() / 86400));
}

TEST(ClockTest, ScopedClockSetsAndRestoresTheCurrentClock) {
  const DayNumber wall_today = SystemClock().Today();
  EXPECT_EQ(CurrentClock()->Today(), wall_today);
  {
    ScopedClock fixed(DaysFromCivil(2020, 6, 15));
    EXPECT_EQ(CurrentClock()->Today(), DaysFromCivil(2020, 6, 15));
    {
      ScopedClock inner(DaysFromCivil(2018, 1, 1));
      EXPECT_EQ(CurrentClock()->Today(), DaysFromCivil(2018, 1, 1));
    }
    EXPECT_EQ(CurrentClock()->Today(), DaysFromCivil(2020, 6, 15));
  }
  EXPECT_EQ(CurrentClock()->Today(), wall_today);
}

TEST(ClockTest, TodayTextGivesAFixedClockOrTheSystemClock) {
  auto fixed = ClockForToday("2019-05-01");
  ASSERT_TRUE(fixed.ok());
  EXPECT_EQ((*fixed)->Today(), DaysFromCivil(2019, 5, 1));
  EXPECT_EQ((*fixed)->Now(), "2019-05-01T00:00:00Z");
  auto system = ClockForToday("");
  ASSERT_TRUE(system.ok());
  EXPECT_EQ((*system)->Today(), SystemClock().Today());
  for (const char* bad : {"2019-02-30", "01-05-2019", "i dag", "2019-5-1x"}) {
    EXPECT_FALSE(ClockForToday(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace fremdrift
