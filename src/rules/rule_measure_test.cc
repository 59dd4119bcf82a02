// The judgement day of the rule measurements: "as of", else the query's day, else the process's
// clock (domain/clock.h), so that `--today` and a test's fixed clock decide a rule's "today".
#include "rules/rule_measure.h"

#include <gtest/gtest.h>

#include "domain/clock.h"
#include "eventstore/backend_test.h"
#include "eventstore/events_file_testing.h"
#include "rules/rettidighed.h"

namespace fremdrift::cases {
namespace {

TEST(JudgementDayTest, AsOfThenTheQueryThenTheClock) {
  CaseData data;
  RuleQuery q;
  {
    ScopedClock clock(DaysFromCivil(2020, 3, 5));
    EXPECT_EQ(JudgementDay(data, q), DaysFromCivil(2020, 3, 5));
    q.today = DaysFromCivil(2020, 4, 1);
    EXPECT_EQ(JudgementDay(data, q), DaysFromCivil(2020, 4, 1));
    data.as_of_day = DaysFromCivil(2019, 1, 1);
    EXPECT_EQ(JudgementDay(data, q), DaysFromCivil(2019, 1, 1));
  }
  // Without a fixed clock: the system's date.
  EXPECT_EQ(JudgementDay(CaseData{}, RuleQuery{}), SystemClock().Today());
}

class RuleClockTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (NotReady()) return;
    reference_ = *ReferenceData::LoadEmbedded();
    auto rules = RuleSet::Load("rettidighed", DefaultRulesDir());
    ASSERT_TRUE(rules.ok()) << rules.status().ToString();
    rules_ = std::move(rules).value();
    query_.reference = &reference_;
    // Kontanthjælp from 2020-03-02 (2020 rules): the first conversation is due 2020-03-09 and
    // was never held.
    EventsFile f;
    f.Add("P1", 657, "2020-03-02", "visitation", "project=other")
        .Add("P1", 657, "2020-03-02", "benefit_start", "group=kontanthjaelp");
    // The file holds events up to the end of 2020: the clock, not the data's horizon, decides.
    ImportEventsForTest(f, db_->dir(), 0, reference_, *store_, "2020-12-31");
  }
  // The status of P1's first conversation, judged with the clock at `today`.
  std::string FirstConversationOn(DayNumber today) {
    ScopedClock clock(today);
    auto data = CaseData::Load(*store_, std::nullopt);  // no "as of": the clock decides
    EXPECT_TRUE(data.ok()) << data.status().ToString();
    if (!data.ok()) return "error";
    auto t = RettidighedFrister(rules_, *data, query_);
    EXPECT_TRUE(t.ok()) << t.status().ToString();
    if (!t.ok()) return "error";
    for (const auto& row : t->rows()) {
      if (CellToString(row[5]) == "P1" && CellToString(row[0]) == "foerste_samtale") {
        return CellToString(row[10]) + " " + CellToString(row[9]);
      }
    }
    return "missing";
  }

  ReferenceData reference_;
  RuleSet rules_;
  RuleQuery query_;
};

TEST_P(RuleClockTest, ADeadlineIsOpenOrOverdueAsTheClockSays) {
  EXPECT_EQ(FirstConversationOn(DaysFromCivil(2020, 3, 5)), "aaben ");
  EXPECT_EQ(FirstConversationOn(DaysFromCivil(2020, 3, 8)), "aaben ");
  EXPECT_EQ(FirstConversationOn(DaysFromCivil(2020, 3, 20)), "overskredet 11");
  // A later clock does not reach past the data's horizon (2020-12-31).
  EXPECT_EQ(FirstConversationOn(DaysFromCivil(2021, 3, 9)), "overskredet 297");
}

INSTANTIATE_TEST_SUITE_P(Backends, RuleClockTest, ::testing::ValuesIn(TestDatabase::Backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace fremdrift::cases
