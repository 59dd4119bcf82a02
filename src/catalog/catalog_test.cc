// The catalogue's declarations (catalog.h) and the checks every request goes through (params.h):
// one entry per id, every parameter typed with a default among its choices, levels by part, and
// errors that name the parameter. The CLI and the API giving the same bytes is checked end to end
// by tests/catalog/cli_api_same.sh.
#include "catalog/catalog.h"

#include "catalog/case_source.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

namespace fremdrift::catalog {
namespace {

Params P(std::map<std::string, std::string> values) { return Params(std::move(values)); }

const MeasurementRegistry& All() {
  static const MeasurementRegistry* registry = [] {
    auto* r = new MeasurementRegistry;
    EXPECT_TRUE(AddAllMeasurements(*r).ok());
    return r;
  }();
  return *registry;
}

TEST(CatalogTest, EveryMeasurementOnce) {
  std::set<std::string> ids;
  for (const auto& m : All().all()) EXPECT_TRUE(ids.insert(m->id).second) << m->id;
  for (const char* id : {"fuldtidspersoner", "forloeb", "afgang", "ressourceforloeb", "andel",
                         "ledighedsprocent", "sammenligning"}) {
    EXPECT_TRUE(ids.count(id)) << id;
  }
  if (CaseMeasurementsBuilt()) {
    for (const char* id : {"fsm2", "fsm2-udbetaling", "haandholdt", "pool", "indsatsplaner",
                           "rettidighed", "rehabilitering"}) {
      EXPECT_TRUE(ids.count(id)) << id;
    }
  }
  MeasurementRegistry again;
  ASSERT_TRUE(AddRegisterMeasurements(again).ok());
  EXPECT_EQ(AddRegisterMeasurements(again).code(), StatusCode::kAlreadyExists);
}

TEST(CatalogTest, EveryDeclarationIsComplete) {
  for (const auto& m : All().all()) {
    SCOPED_TRACE(m->id);
    EXPECT_FALSE(m->title.empty());
    EXPECT_FALSE(m->description.empty());
    EXPECT_FALSE(m->beskrivelse.empty()) << m->id << ": no Danish description for the dashboard";
    EXPECT_TRUE(m->source == "register" || m->source == "cases" || m->source == "finance" ||
                m->source == "official");
    EXPECT_TRUE(m->level && m->compute);
    EXPECT_FALSE(m->inputs.empty());
    EXPECT_EQ(m->needs_population, m->source == "register" && [&] {
      for (const auto& in : m->inputs) {
        if (in.name == "population") return true;
      }
      return false;
    }());
    std::set<std::string> names;
    for (const auto& p : m->params) {
      SCOPED_TRACE(p.name);
      EXPECT_TRUE(names.insert(p.name).second);
      EXPECT_FALSE(p.help.empty());
      EXPECT_EQ(p.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz_"), std::string::npos);
      if (p.type == ParamType::kChoice) {
        EXPECT_FALSE(p.choices.empty());
        if (!p.default_value.empty()) {
          EXPECT_TRUE(std::count(p.choices.begin(), p.choices.end(), p.default_value));
        }
      }
      // Every default passes the checks a request goes through.
      if (!p.default_value.empty()) {
        EXPECT_TRUE(P({{p.name, p.default_value}}).CheckAgainst(m->params).ok() ||
                    std::any_of(m->params.begin(), m->params.end(),
                                [](const ParamSpec& s) { return s.required; }));
      }
    }
  }
}

TEST(CatalogTest, RessourceforloebIsQuarterly) {
  const Measurement* m = All().Find("ressourceforloeb");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(Params().WithDefaults(m->params).Get("period"), "quarter");
  EXPECT_EQ(Params().WithDefaults(All().Find("forloeb")->params).Get("period"), "month");
  for (const auto& p : m->params) EXPECT_NE(p.name, "group");
}

// The forløb break rule is one declaration shared by every register measurement (the forløb
// measurements and, through the age rule, the others), default 4 weeks.
TEST(CatalogTest, EveryRegisterMeasurementTakesTheForloebBreakRule) {
  for (const char* id : {"fuldtidspersoner", "forloeb", "afgang", "ressourceforloeb", "andel",
                         "ledighedsprocent", "sammenligning"}) {
    const Measurement* m = All().Find(id);
    ASSERT_NE(m, nullptr) << id;
    EXPECT_EQ(Params().WithDefaults(m->params).Get("afbrydelse"), "4") << id;
    EXPECT_TRUE(P({{"afbrydelse", "1"}, {"kommune", "657"}}).CheckAgainst(m->params).ok()) << id;
  }
}

TEST(CatalogTest, LevelsFollowThePart) {
  if (!CaseMeasurementsBuilt()) {  // built without the case layers: none of them is offered
    for (const auto& m : All().all()) EXPECT_EQ(m->source, "register") << m->id;
    return;
  }
  const Measurement* h = All().Find("haandholdt");
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(LevelOf(*h, Params()), DataLevel::kStaff);
  EXPECT_EQ(LevelOf(*h, P({{"del", "indikatorer"}})), DataLevel::kAggregate);
  EXPECT_EQ(LevelOf(*h, P({{"del", "frister"}})), DataLevel::kCitizen);
  EXPECT_EQ(LevelOf(*All().Find("rettidighed"), Params()), DataLevel::kAggregate);
  EXPECT_EQ(LevelOf(*All().Find("rettidighed"), P({{"del", "frister"}})),
            DataLevel::kCitizen);
  EXPECT_EQ(LevelOf(*All().Find("indsatsplaner"), Params()), DataLevel::kAggregate);
}

TEST(CatalogTest, ComputeChecksAndNamesTheParameter) {
  const Measurement* ftp = All().Find("fuldtidspersoner");
  ASSERT_NE(ftp, nullptr);
  MeasureContext none;
  auto r = Compute(*ftp, none, P({{"frm", "2019-01"}}));
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message().rfind("frm: unknown parameter", 0), 0u) << r.status().message();
  r = Compute(*ftp, none, P({{"period", "week"}}));
  EXPECT_EQ(r.status().message().rfind("period: 'week' is not one of month", 0), 0u);
  r = Compute(*ftp, none, P({{"area", "kommune,galaxy"}}));
  EXPECT_EQ(r.status().message().rfind("area: 'galaxy'", 0), 0u) << r.status().message();
  r = Compute(*ftp, none, P({{"overlap_free", "maybe"}}));
  EXPECT_EQ(r.status().message().rfind("overlap_free: 'maybe' is not true or false", 0), 0u);
  // Checked parameters without a store: the measurement says what it lacks.
  r = Compute(*ftp, none, P({{"overlap_free", "true"}}));
  EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(r.status().message().find("--store"), std::string::npos);
  EXPECT_FALSE(Available(*ftp, none));
  const Measurement* cmp = All().Find("sammenligning");
  ASSERT_NE(cmp, nullptr);
  EXPECT_EQ(Compute(*cmp, none, Params()).status().message(), "kommune: required");
}

TEST(ParamsTest, DefaultsFillOnlyWhatIsMissing) {
  std::vector<ParamSpec> specs = {
      {"period", "h", "month", false, ParamType::kChoice, {"month", "year"}},
      {"from", "h", "", false, ParamType::kPeriod, {}}};
  Params p = P({{"from", "2019-01"}});
  Params d = p.WithDefaults(specs);
  EXPECT_EQ(d.Get("period"), "month");
  EXPECT_EQ(d.Get("from"), "2019-01");
  EXPECT_FALSE(d.Has("to"));
  EXPECT_EQ(P({{"period", "year"}}).WithDefaults(specs).Get("period"), "year");
  EXPECT_EQ(P({{"period", ""}}).WithDefaults(specs).Get("period"), "month");
}

TEST(ParamsTest, FlagsAndLists) {
  EXPECT_TRUE(*P({{"f", "true"}}).Flag("f"));
  EXPECT_TRUE(*P({{"f", "1"}}).Flag("f"));
  EXPECT_FALSE(*P({{"f", "false"}}).Flag("f"));
  EXPECT_FALSE(*Params().Flag("f"));
  EXPECT_FALSE(P({{"f", "x"}}).Flag("f").ok());
  EXPECT_EQ(SplitComma(" a, b,,c "), (std::vector<std::string>{"a", "b", "c"}));
  std::vector<ParamSpec> specs = {
      {"area", "h", "", false, ParamType::kList, {"kommune", "land"}},
      {"k", "h", "", true, ParamType::kText, {}}};
  EXPECT_TRUE(P({{"area", "kommune,land"}, {"k", "1"}}).CheckAgainst(specs).ok());
  EXPECT_EQ(P({{"area", "land"}}).CheckAgainst(specs).message(), "k: required");
  // A long value is cut in the message.
  std::string long_value(200, 'x');
  Status s = P({{"area", long_value}, {"k", "1"}}).CheckAgainst(specs);
  EXPECT_LT(s.message().size(), 100u) << s.message();
}

TEST(LoadedCasesTest, FindsACitizenByPersonInAnyOrderOfTheHistories) {
  std::vector<cases::Event> events;
  for (const char* person : {"b2", "a1", "c3", "0123456789abcdef0123456789abcdef"}) {
    cases::Event e;
    e.event_id = std::string("e-") + person;
    e.person = person;
    e.kommune = 657;
    e.date = DaysFromCivil(2020, 1, 6);
    e.type = cases::EventType::kCvRegistered;
    e.recorded_at = "2020-01-06T09:00:00";
    events.push_back(e);
  }
  LoadedCases loaded;
  loaded.data = cases::CaseData::FromEvents(events, std::nullopt);
  // Not in the byte order of ids (as another store's collation may give them).
  std::reverse(loaded.data.citizens.begin(), loaded.data.citizens.end());
  loaded.IndexPersons();
  for (const char* person : {"a1", "b2", "c3", "0123456789abcdef0123456789abcdef"}) {
    const cases::CitizenHistory* h = loaded.Find(person);
    ASSERT_NE(h, nullptr) << person;
    EXPECT_EQ(h->person(), person);
  }
  EXPECT_EQ(loaded.Find("a"), nullptr);
  EXPECT_EQ(loaded.Find("a10"), nullptr);
  EXPECT_EQ(loaded.Find(""), nullptr);
  EXPECT_EQ(loaded.Find("d"), nullptr);
}

}  // namespace
}  // namespace fremdrift::catalog
