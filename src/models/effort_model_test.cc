// Tests for loading effort models: the shipped models load; a new pool made only of existing
// predicates works without code; errors name file, line and column.
#include "models/effort_model.h"

#include <gtest/gtest.h>

#include "eventstore/case_data.h"
#include "models/pool_measure.h"

namespace fremdrift::cases {
namespace {

TEST(EffortModelTest, ShippedModelsLoad) {
  for (const char* id : {"fsm2", "haandholdt", "brug_for_alle"}) {
    auto m = EffortModel::Load(id, DefaultModelsDir());
    ASSERT_TRUE(m.ok()) << m.status().ToString();
    EXPECT_EQ(m->id, id);
    EXPECT_FALSE(m->indicators.empty());
  }
  auto fsm2 = EffortModel::Load("fsm2", DefaultModelsDir());
  // The seven of Helsingør's application (Social- og Beskæftigelsesudvalget, 6.11.2019, punkt 5)
  // plus the payout measure.
  EXPECT_EQ(fsm2->indicators.size(), 8u);
  ASSERT_TRUE(fsm2->payout.has_value());
  EXPECT_EQ(fsm2->payout->tiers.size(), 2u);
  EXPECT_EQ(fsm2->payout->grants.at(657).amount, 2235074);
  EXPECT_EQ(fsm2->groups.size(), 2u);
  EXPECT_EQ(fsm2->steps.size(), 3u);
  // The 13 exemption marks of STAR's FSM2 FAQ ("Registrering og persongruppemarkering").
  ASSERT_EQ(fsm2->exemption_marks.size(), 13u);
  EXPECT_EQ(fsm2->exemption_marks[1].id, "barsel");
  EXPECT_EQ(fsm2->exemption_marks[12].label, "Særlige øvrige");
  auto h = EffortModel::Load("haandholdt", DefaultModelsDir());
  ASSERT_TRUE(h->caseload.has_value());
  EXPECT_EQ(h->caseload->cap, 35);
  EXPECT_EQ(h->deadlines.size(), 2u);
  EXPECT_FALSE(EffortModel::Load("nope", DefaultModelsDir()).ok());
}

TEST(EffortModelTest, ANewPoolNeedsNoCode) {
  const char* text = R"toml(
id = "mentorpulje"
name = "Mentorpulje"
period = { from = "2021-01", to = "2021-12" }
[define]
deltager = "at_end(visitation, project=other)"
[[indicators]]
id = "mentor"
label = "Andel med mentor"
denominator = "deltager"
numerator = "during(mentor)"
)toml";
  auto m = EffortModel::Parse(text, "mentorpulje.toml");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  auto ev = [](const char* id, const char* day, EventType t, const char* attrs) {
    Event e;
    e.event_id = id;
    e.person = id[0] == 'a' ? "A" : "B";
    e.kommune = 217;
    e.date = DaysFromCivil(*ParseIsoDate(day));
    e.type = t;
    e.attributes = *Attributes::Parse(attrs);
    e.recorded_at = "2021-01-01T00:00:00";
    return e;
  };
  CaseData data =
      CaseData::FromEvents({ev("a1", "2021-01-04", EventType::kVisitation, "project=other"),
                            ev("a2", "2021-02-01", EventType::kMentorStart, ""),
                            ev("b1", "2021-01-04", EventType::kVisitation, "project=other")},
                           std::nullopt);
  PoolQuery q;
  q.from = q.to = MakeMonth(2021, 2);
  auto t = PoolIndicators(*m, data, q);
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t->rows().size(), 2u);  // landsplan and 217
  EXPECT_EQ(std::get<std::int64_t>(t->rows()[1][5]), 1);
  EXPECT_EQ(std::get<std::int64_t>(t->rows()[1][6]), 2);
}

TEST(EffortModelTest, ErrorsNameFileLineAndColumn) {
  auto syntax = EffortModel::Parse("id = \"x\"\nname = \n", "bad.toml");
  ASSERT_FALSE(syntax.ok());
  EXPECT_NE(syntax.status().message().find("bad.toml:2:"), std::string::npos)
      << syntax.status().message();
  auto pred = EffortModel::Parse(R"toml(id = "x"
name = "X"
period = { from = "2021-01", to = "2021-12" }
[[indicators]]
id = "1"
label = "l"
denominator = "true"
numerator = "ever(nonsense)"
)toml",
                                 "pred.toml");
  ASSERT_FALSE(pred.ok());
  EXPECT_NE(pred.status().message().find("pred.toml:8:"), std::string::npos)
      << pred.status().message();
  auto tiers = EffortModel::Parse(R"toml(id = "x"
name = "X"
period = { from = "2021-01", to = "2021-12" }
[[indicators]]
id = "u"
label = "l"
denominator = "true"
numerator = "true"
[payout]
indicator = "u"
interim_share = 0.5
tiers = [ { threshold_pct = 20.0, final_share = 0.5 }, { threshold_pct = 15.0, final_share = 0.4 } ]
)toml",
                                  "tiers.toml");
  ASSERT_FALSE(tiers.ok());
  EXPECT_NE(tiers.status().message().find("rising"), std::string::npos);
}

// [[exemption_marks]] defines `fritagelsesmarkering`: an exemption with one of the marks open on
// the reference day; another reason does not match. Bad or repeated ids are refused.
TEST(EffortModelTest, ExemptionMarksDefineTheirPredicate) {
  auto m = EffortModel::Parse(R"toml(id = "x"
name = "X"
period = { from = "2020-01", to = "2020-12" }
[[exemption_marks]]
id = "barsel"
label = "Barsel"
[[exemption_marks]]
id = "sygdom"
label = "Sygdom"
[[indicators]]
id = "1"
label = "l"
denominator = "not fritagelsesmarkering"
numerator = "true"
)toml",
                              "marks.toml");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  auto citizen = [](const char* reason) {
    Event e;
    e.event_id = "e1";
    e.person = "p";
    e.kommune = 657;
    e.date = DaysFromCivil(2020, 2, 1);
    e.type = EventType::kExemptionStart;
    e.attributes = *Attributes::Parse(fmt::format("reason={}", reason));
    return std::vector<Event>{e};
  };
  const auto march = MonthContext::Of(MakeMonth(2020, 3), kOpenEnd);
  const IndicatorDef& ind = m->indicators[0];
  EXPECT_FALSE(ind.denominator.Evaluate(CitizenHistory(citizen("barsel")), march));
  EXPECT_FALSE(ind.denominator.Evaluate(CitizenHistory(citizen("sygdom")), march));
  EXPECT_TRUE(ind.denominator.Evaluate(CitizenHistory(citizen("ferie")), march));
  auto bad = EffortModel::Parse(R"toml(id = "x"
name = "X"
period = { from = "2020-01", to = "2020-12" }
[[exemption_marks]]
id = "På vej"
label = "x"
)toml",
                                "bad.toml");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("bad.toml:4:"), std::string::npos)
      << bad.status().message();
  auto twice = EffortModel::Parse(R"toml(id = "x"
name = "X"
period = { from = "2020-01", to = "2020-12" }
[[exemption_marks]]
id = "barsel"
label = "x"
[[exemption_marks]]
id = "barsel"
label = "y"
)toml",
                                  "twice.toml");
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.status().message().find("repeated"), std::string::npos);
}

TEST(DeadlineTest, DaysAndMonths) {
  DeadlineDef d;
  d.within_days = 14;
  EXPECT_EQ(d.DeadlineFor(DaysFromCivil(2020, 1, 10)), DaysFromCivil(2020, 1, 24));
  d.within_days = -1;
  d.within_months = 1;
  EXPECT_EQ(d.DeadlineFor(DaysFromCivil(2020, 1, 31)), DaysFromCivil(2020, 2, 29));
  EXPECT_EQ(d.DeadlineFor(DaysFromCivil(2021, 1, 31)), DaysFromCivil(2021, 2, 28));
  EXPECT_EQ(d.DeadlineFor(DaysFromCivil(2020, 12, 15)), DaysFromCivil(2021, 1, 15));
}

}  // namespace
}  // namespace fremdrift::cases
