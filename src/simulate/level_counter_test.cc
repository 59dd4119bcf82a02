// The simulator's own figure counter follows the forløb rule of the measurements: a gap of fewer
// than 4 weeks without the group does not end a forløb (its duration and its age rule).
#include "simulate/level_counter.h"

#include <gtest/gtest.h>

#include "domain/period.h"

namespace fremdrift::sim {
namespace {

class LevelCounterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto r = ReferenceData::LoadEmbedded();
    ASSERT_TRUE(r.ok());
    ref_ = std::make_unique<ReferenceData>(std::move(*r));
  }
  // Herning resident 2018-2020, born 1970; sygedagpenge (890) in [first, gap_first) and from
  // gap_first + gap weeks to the end of `month`, employed in the gap.
  PersonLife Life(WeekIndex first, WeekIndex gap_first, int gap, MonthIndex month) const {
    PersonLife life;
    life.birth = {1970, 3, 1};
    life.birth_day = DaysFromCivil(1970, 3, 1);
    life.entry_week = first - 10;
    life.first_year = 2018;
    life.residence = {657, 657, 657};
    const WeekIndex end = WeeksOfMonths(month, month).last;
    life.segments.push_back({first - 10, first - 1, 0, State::kEmployed, Effort::kPassive, true});
    life.segments.push_back({first, gap_first - 1, 890, State::kSygedagpenge, Effort::kPassive, true});
    if (gap > 0) {
      Segment work{gap_first, gap_first + gap - 1, 0, State::kEmployed, Effort::kPassive, false};
      work.interruption = gap < 4;
      life.segments.push_back(work);
    }
    life.segments.push_back(
        {gap_first + gap, end, 890, State::kSygedagpenge, Effort::kPassive, gap >= 4});
    return life;
  }
  std::unique_ptr<ReferenceData> ref_;
};

TEST_F(LevelCounterTest, OverTwentySixWeeksBridgesGapsShorterThanFourWeeks) {
  const MonthIndex june = MakeMonth(2019, 6);
  Figure f;
  f.kind = FigureKind::kForloebOver26;
  f.month = june;
  f.kommune = 657;
  f.codes.set(890);
  std::vector<Figure> figures{f};
  const WeekIndex last = WeeksOfMonths(june, june).last;
  // 30 weeks from the first sygedagpenge week to the end of June, 12 of them before a gap.
  const WeekIndex first = last - 29;
  for (int gap : {0, 1, 3, 4, 5}) {
    LevelCounter c(*ref_, figures);
    c.Add(Life(first, first + 12, gap, june));
    EXPECT_EQ(c.Value(0), gap < 4 ? 1 : 0) << "gap of " << gap << " weeks";
  }
}

}  // namespace
}  // namespace fremdrift::sim
