#include "measure/danish_text.h"

#include <gtest/gtest.h>

namespace fremdrift {
namespace {

TEST(DanishTextTest, Numbers) {
  EXPECT_EQ(DanishNumber(3.64, 1), "3,6");
  EXPECT_EQ(DanishNumber(1400, 0), "1.400");
  EXPECT_EQ(DanishNumber(1175660, 0), "1.175.660");
  EXPECT_EQ(DanishNumber(-81, 0), "-81");
  EXPECT_EQ(DanishNumber(-0.04, 1), "0,0");
  EXPECT_EQ(DanishNumber(999.96, 1), "1.000,0");
}

TEST(DanishTextTest, Periods) {
  EXPECT_EQ(DanishPeriod({PeriodKind::kMonth, 2019, 2}), "februar 2019");
  EXPECT_EQ(DanishPeriod({PeriodKind::kQuarter, 2019, 1}), "1. kvartal 2019");
  EXPECT_EQ(DanishPeriod({PeriodKind::kYear, 2019, 1}), "2019");
}

// The ±0.1 point "on level with" rule at its boundaries.
TEST(DanishTextTest, OnLevelRule) {
  EXPECT_EQ(CompareShares(2.5, 2.5), Level::kOnLevel);
  EXPECT_EQ(CompareShares(2.6, 2.5), Level::kOnLevel);
  EXPECT_EQ(CompareShares(2.4, 2.5), Level::kOnLevel);
  EXPECT_EQ(CompareShares(2.61, 2.5), Level::kHigher);
  EXPECT_EQ(CompareShares(2.39, 2.5), Level::kLower);
  EXPECT_EQ(LevelWord(Level::kLower), "lavere");
}

}  // namespace
}  // namespace fremdrift
