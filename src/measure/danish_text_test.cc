#include "measure/danish_text.h"

#include <gtest/gtest.h>

namespace fremdrift {
namespace {

TEST(DanishTextTest, SamePeriodLastYear) {
  EXPECT_EQ(DanishSamePeriodLastYear(PeriodKind::kMonth), "samme måned sidste år");
  EXPECT_EQ(DanishSamePeriodLastYear(PeriodKind::kQuarter), "samme kvartal sidste år");
  EXPECT_EQ(DanishSamePeriodLastYear(PeriodKind::kYear), "året før");
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

TEST(DanishTextTest, PreliminarySentence) {
  EXPECT_EQ(PreliminarySentence("februar 2019"),
            "Tallene for februar 2019 er foreløbige og kan stige ved næste opdatering af "
            "registeret.");
}

}  // namespace
}  // namespace fremdrift
