// Tests for the predicate language and CitizenHistory's intervals.
#include "models/predicate.h"

#include <gtest/gtest.h>

namespace fremdrift::cases {
namespace {

Event E(const char* day, EventType type, const char* attrs, int seq) {
  Event e;
  e.event_id = fmt::format("e{}", seq);
  e.person = "p";
  e.kommune = 657;
  e.date = DaysFromCivil(*ParseIsoDate(day));
  e.type = type;
  e.attributes = *Attributes::Parse(attrs);
  e.seq = seq;
  return e;
}

class PredicateTest : public ::testing::Test {
 protected:
  PredicateTest()
      : history_({E("2020-01-10", EventType::kVisitation, "project=fsm2|group=1", 1),
                  E("2020-02-03", EventType::kPlacementStart, "kind=virksomhedspraktik", 2),
                  E("2020-02-20", EventType::kPlacementEnd, "kind=virksomhedspraktik", 3),
                  E("2020-03-01", EventType::kPaidHours, "month=2020-03|hours=20", 4),
                  E("2020-04-01", EventType::kPaidHours, "month=2020-03|hours=12", 5),
                  E("2020-05-01", EventType::kVisitation, "project=fsm2|group=2", 6),
                  E("2020-05-05", EventType::kPlan, "goal=lager|job_directed=1", 7)}) {}

  bool Eval(const std::string& text, int year, int month, const char* as_of = nullptr) {
    auto p = Predicate::Parse(text, {{"praktik", "during(placement, kind=virksomhedspraktik)"}});
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    DayNumber as_of_day = as_of ? DaysFromCivil(*ParseIsoDate(as_of)) : kOpenEnd;
    return p->Evaluate(history_, MonthContext::Of(MakeMonth(year, month), as_of_day));
  }

  CitizenHistory history_;
};

TEST_F(PredicateTest, IntervalsOverlapTheMonth) {
  EXPECT_FALSE(Eval("praktik", 2020, 1));
  EXPECT_TRUE(Eval("praktik", 2020, 2));
  EXPECT_FALSE(Eval("praktik", 2020, 3));
  EXPECT_FALSE(Eval("at_end(placement)", 2020, 2));  // ended on the 20th
  EXPECT_TRUE(Eval("at_end(placement)", 2020, 2, "2020-02-15"));
  EXPECT_FALSE(Eval("during(placement, kind=loentilskud)", 2020, 2));
}

TEST_F(PredicateTest, GroupIsTheLatestVisitation) {
  EXPECT_TRUE(Eval("group(fsm2, 1)", 2020, 4));
  EXPECT_FALSE(Eval("group(fsm2, 1)", 2020, 5));
  EXPECT_TRUE(Eval("group(fsm2, 2)", 2020, 5));
  EXPECT_FALSE(Eval("group(fsm2, 1)", 2019, 12));
}

// Ending a visitation (a closed case, a job) does not take the citizen out of its group.
TEST(PredicateGroupTest, AClosedVisitationKeepsItsGroup) {
  CitizenHistory c({E("2020-01-10", EventType::kVisitation, "project=fsm2|group=1", 1),
                    E("2020-02-20", EventType::kVisitationEnd, "project=fsm2|reason=job", 2)});
  auto group1 = Predicate::Parse("group(fsm2, 1)");
  auto open = Predicate::Parse("at_end(visitation, project=fsm2)");
  ASSERT_TRUE(group1.ok() && open.ok());
  const auto march = MonthContext::Of(MakeMonth(2020, 3), kOpenEnd);
  EXPECT_TRUE(group1->Evaluate(c, march));
  EXPECT_FALSE(open->Evaluate(c, march));
}

// during(KIND, since=YYYY-MM): the interval overlaps [the month's first day, reference day].
TEST(PredicateSinceTest, DuringSinceAMonth) {
  CitizenHistory c({E("2019-12-01", EventType::kTargetGroupStart, "project=fsm2", 1),
                    E("2020-02-14", EventType::kTargetGroupEnd, "project=fsm2|reason=job", 2)});
  auto since = Predicate::Parse("during(target_group, project=fsm2, since=2019-12)");
  auto during = Predicate::Parse("during(target_group, project=fsm2)");
  ASSERT_TRUE(since.ok() && during.ok());
  const auto may = MonthContext::Of(MakeMonth(2020, 5), kOpenEnd);
  EXPECT_TRUE(since->Evaluate(c, may));
  EXPECT_FALSE(during->Evaluate(c, may));
  auto late = Predicate::Parse("during(target_group, project=fsm2, since=2020-03)");
  ASSERT_TRUE(late.ok());
  EXPECT_FALSE(late->Evaluate(c, may));
  EXPECT_FALSE(Predicate::Parse("during(target_group, since=2020)").ok());
}

// A citizen who moved is seen, in a month after the move, on the new municipality's events only.
TEST(PredicateStayTest, ScopedToTheStayInTheMunicipality) {
  auto at = [](const char* day, int kommune, EventType type, const char* attrs, int seq) {
    Event e = E(day, type, attrs, seq);
    e.kommune = kommune;
    return e;
  };
  CitizenHistory c({at("2019-12-01", 657, EventType::kTargetGroupStart, "project=fsm2", 1),
                    at("2020-01-06", 657, EventType::kVisitation, "project=fsm2|group=2", 2),
                    at("2020-01-10", 657, EventType::kJobformidlerAssigned, "", 3),
                    at("2020-03-02", 657, EventType::kPaidHours, "month=2020-02|hours=5", 4),
                    at("2020-03-01", 657, EventType::kCitizenLeaves, "reason=moved", 5),
                    at("2020-03-01", 217, EventType::kTargetGroupStart, "project=fsm2", 6),
                    at("2020-03-16", 217, EventType::kVisitation, "project=fsm2|group=1", 7),
                    at("2020-04-02", 217, EventType::kPaidHours, "month=2020-03|hours=7", 8)});
  auto eval = [&](const char* text, int month) {
    auto p = Predicate::Parse(text);
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    return p->Evaluate(c, MonthContext::ForCitizen(c, MakeMonth(2020, month), kOpenEnd));
  };
  EXPECT_EQ(MonthContext::ForCitizen(c, MakeMonth(2020, 2), kOpenEnd).kommune, 657);
  EXPECT_EQ(MonthContext::ForCitizen(c, MakeMonth(2020, 3), kOpenEnd).kommune, 217);
  EXPECT_FALSE(eval("ever(citizen_leaves)", 2));
  EXPECT_TRUE(eval("group(fsm2, 2) and ever(jobformidler_assigned)", 2));
  EXPECT_TRUE(eval("paid_hours(min=5)", 2));
  // In 217: its own target group and visitation; the old municipality's leaving, group and job
  // broker are not seen.
  EXPECT_FALSE(eval("ever(citizen_leaves)", 3));
  EXPECT_TRUE(eval("group(fsm2, 1) and at_end(target_group, project=fsm2)", 3));
  EXPECT_FALSE(eval("ever(jobformidler_assigned)", 3));
  EXPECT_TRUE(eval("paid_hours(min=7)", 3));
  EXPECT_FALSE(eval("paid_hours(min=7.5)", 3));
  // Unscoped (MonthContext::Of) sees everything, as the rules' measurements do.
  auto p = Predicate::Parse("ever(citizen_leaves)");
  EXPECT_TRUE(p->Evaluate(c, MonthContext::Of(MakeMonth(2020, 3), kOpenEnd)));
}

TEST_F(PredicateTest, PaidHoursSumAndThreshold) {
  EXPECT_TRUE(Eval("paid_hours", 2020, 3));
  EXPECT_TRUE(Eval("paid_hours(min=30)", 2020, 3));  // 20 + 12
  EXPECT_FALSE(Eval("paid_hours(min=32.5)", 2020, 3));
  EXPECT_FALSE(Eval("paid_hours", 2020, 2));
}

TEST_F(PredicateTest, EverInMonthAndAges) {
  EXPECT_TRUE(Eval("ever(plan, goal=*)", 2020, 5));
  EXPECT_FALSE(Eval("ever(plan, goal=*)", 2020, 4));
  EXPECT_TRUE(Eval("in_month(plan, job_directed=1)", 2020, 5));
  EXPECT_FALSE(Eval("in_month(visitation)", 2020, 2));
  EXPECT_TRUE(Eval("ever(visitation, older_than_days=30)", 2020, 2));
  EXPECT_FALSE(Eval("ever(visitation, older_than_days=30)", 2020, 1));
  EXPECT_TRUE(Eval("ever(visitation, within_days=22)", 2020, 1));   // 10th..31st
  EXPECT_FALSE(Eval("ever(visitation, within_days=21)", 2020, 1));  // 11th..31st
}

TEST_F(PredicateTest, BooleanOperatorsAndPrecedence) {
  EXPECT_TRUE(Eval("true or false and false", 2020, 1));  // and binds tighter
  EXPECT_FALSE(Eval("(true or false) and false", 2020, 1));
  EXPECT_TRUE(Eval("not praktik and group(fsm2, 1)", 2020, 3));
  EXPECT_TRUE(Eval("not not true", 2020, 1));
}

TEST(PredicateParseTest, ErrorsNameTheProblem) {
  auto bad = [](const char* text) {
    auto p = Predicate::Parse(text, {{"loop", "loop"}});
    EXPECT_FALSE(p.ok()) << text;
    return p.status().message();
  };
  EXPECT_NE(bad("ever(visits)").find("unknown event type"), std::string::npos);
  EXPECT_NE(bad("during(holiday)").find("unknown interval kind"), std::string::npos);
  EXPECT_NE(bad("nonsense").find("unknown predicate 'nonsense'"), std::string::npos);
  EXPECT_NE(bad("true and").find("expected a predicate"), std::string::npos);
  EXPECT_NE(bad("(true").find("missing ')'"), std::string::npos);
  EXPECT_NE(bad("loop").find("refers to itself"), std::string::npos);
  EXPECT_NE(bad("paid_hours(min=x)").find("not a number"), std::string::npos);
}

TEST(EventMatcherTest, ParsesTypeAndConditions) {
  auto m = EventMatcher::Parse("decision(kind=ressourceforloeb|fleksjob)");
  ASSERT_TRUE(m.ok());
  EXPECT_TRUE(m->Matches(E("2020-01-01", EventType::kDecision, "kind=fleksjob", 1)));
  EXPECT_FALSE(m->Matches(E("2020-01-01", EventType::kDecision, "kind=other", 1)));
  EXPECT_FALSE(m->Matches(E("2020-01-01", EventType::kPlan, "", 1)));
  EXPECT_TRUE(EventMatcher::Parse("conversation").ok());
  EXPECT_FALSE(EventMatcher::Parse("talk").ok());
}

}  // namespace
}  // namespace fremdrift::cases
