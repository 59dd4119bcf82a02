// Tests of what publish chooses to write (publish_plan.h), over a small catalogue of its own.
#include "publish/publish_plan.h"

#include <gtest/gtest.h>

namespace fremdrift::publish {
namespace {

using catalog::DataLevel;
using catalog::Measurement;
using catalog::Params;
using catalog::ParamSpec;

// A measurement of `source` with `params` whose level is `level` (but citizen-level when
// del=borgere).
Measurement Make(std::string id, std::string source, std::vector<ParamSpec> params,
                 DataLevel level = DataLevel::kAggregate, bool needs_population = false) {
  Measurement m;
  m.id = std::move(id);
  m.title = "Titel";
  m.source = std::move(source);
  m.params = std::move(params);
  m.needs_population = needs_population;
  if (m.source == "cases") {
    m.inputs = {{"db", true, ""}, {"store", false, ""}};
  } else {
    m.inputs = {{"store", true, ""}};
    if (needs_population) m.inputs.push_back({"population", true, ""});
  }
  m.level = [level](const Params& p) {
    return p.Get("del") == "borgere" ? DataLevel::kCitizen : level;
  };
  m.compute = [](const catalog::MeasureContext&, const Params&) -> Result<Table> {
    return Table();
  };
  return m;
}

// A parameter with a default (empty: none).
ParamSpec Spec(std::string name, std::string default_value = "", bool required = false) {
  ParamSpec s;
  s.name = std::move(name);
  s.default_value = std::move(default_value);
  s.required = required;
  return s;
}

const std::vector<ParamSpec> kWindow = {Spec("from"), Spec("to"), Spec("kommune"),
                                        Spec("area", "kommune")};

class PublishPlanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto ref = ReferenceData::LoadEmbedded();
    ASSERT_TRUE(ref.ok()) << ref.status().message();
    reference_ = std::move(*ref);
    ctx_.reference = &reference_;
    // The plan only asks whether a source is there; it never reads one.
    ctx_.store = reinterpret_cast<const SpellStore*>(stand_in_);
    ASSERT_TRUE(registry_.Add(Make("fuldtid", "register", kWindow)).ok());
    ASSERT_TRUE(
        registry_.Add(Make("andel-af-alle", "register", kWindow, DataLevel::kAggregate, true))
            .ok());
    ASSERT_TRUE(registry_.Add(Make("sager", "cases", {Spec("from"), Spec("to")})).ok());
    ASSERT_TRUE(registry_.Add(Make("frister", "register", kWindow, DataLevel::kCitizen)).ok());
    ASSERT_TRUE(registry_.Add(Make("sagsstamme", "register", kWindow, DataLevel::kStaff)).ok());
    ASSERT_TRUE(registry_
                    .Add(Make("udvalg", "register",
                              {Spec("from"), Spec("kommune", "", true), Spec("figure")}))
                    .ok());
    ASSERT_TRUE(
        registry_.Add(Make("pulje", "register", {Spec("from"), Spec("model", "", true)})).ok());
    ASSERT_TRUE(registry_.Add(Make("dele", "register", {Spec("del", "borgere")})).ok());
  }

  const PlannedTable* Find(const PublishPlan& plan, std::string_view id) {
    for (const auto& t : plan.tables) {
      if (t.measurement->id == id) return &t;
    }
    return nullptr;
  }
  std::string Reason(const PublishPlan& plan, std::string_view id) {
    for (const auto& l : plan.left_out) {
      if (l.measurement == id) return l.reason;
    }
    return "";
  }

  alignas(std::max_align_t) unsigned char stand_in_[64] = {};
  ReferenceData reference_;
  catalog::MeasureContext ctx_;
  catalog::MeasurementRegistry registry_;
};

TEST_F(PublishPlanTest, PublishesOnlyAggregatesWhoseInputIsThere) {
  auto plan = MakePublishPlan(registry_, ctx_, {});
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  std::vector<std::string> ids;
  for (const auto& t : plan->tables) ids.push_back(t.measurement->id);
  EXPECT_EQ(ids, (std::vector<std::string>{"fuldtid"}));
  EXPECT_EQ(Reason(*plan, "frister"), "citizen-level data: never published");
  EXPECT_EQ(Reason(*plan, "sagsstamme"), "staff-level data: never published");
  EXPECT_NE(Reason(*plan, "sager").find("--db"), std::string::npos);
  EXPECT_NE(Reason(*plan, "andel-af-alle").find("population"), std::string::npos);
  EXPECT_NE(Reason(*plan, "udvalg").find("--kommune"), std::string::npos);
  EXPECT_NE(Reason(*plan, "pulje").find("'model'"), std::string::npos);
  EXPECT_EQ(plan->tables.size() + plan->left_out.size(), registry_.all().size());
}

TEST_F(PublishPlanTest, LevelIsJudgedWithTheDefaultsFilledIn) {
  // `dele` is aggregate unless del=borgere, which is its default: publish leaves it out.
  auto plan = MakePublishPlan(registry_, ctx_, {});
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(Find(*plan, "dele"), nullptr);
  EXPECT_EQ(Reason(*plan, "dele"), "citizen-level data: never published");
}

TEST_F(PublishPlanTest, GivesTheWindowAndMunicipalitiesOnlyWhereDeclared) {
  int fake_cases = 0;
  ctx_.cases = reinterpret_cast<catalog::CaseSource*>(&fake_cases);
  auto plan = MakePublishPlan(registry_, ctx_, {{657, 217}, "2019-01", "2019-06"});
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  const PlannedTable* fuldtid = Find(*plan, "fuldtid");
  ASSERT_NE(fuldtid, nullptr);
  ASSERT_EQ(fuldtid->calls.size(), 1u);
  EXPECT_EQ(fuldtid->calls[0].Canonical(), "from=2019-01&kommune=657,217&to=2019-06");
  EXPECT_EQ(fuldtid->defaults, "area=kommune");
  EXPECT_EQ(fuldtid->table, "fuldtid");
  const PlannedTable* sager = Find(*plan, "sager");
  ASSERT_NE(sager, nullptr);
  EXPECT_EQ(sager->calls.at(0).Canonical(), "from=2019-01&to=2019-06");
}

TEST_F(PublishPlanTest, OneMunicipalityMeasurementsRunOncePerMunicipality) {
  auto plan = MakePublishPlan(registry_, ctx_, {{657, 217}, "2019-03", ""});
  ASSERT_TRUE(plan.ok());
  const PlannedTable* udvalg = Find(*plan, "udvalg");
  ASSERT_NE(udvalg, nullptr);
  ASSERT_EQ(udvalg->calls.size(), 2u);
  EXPECT_EQ(udvalg->calls[0].Canonical(), "from=2019-03&kommune=657");
  EXPECT_EQ(udvalg->calls[1].Canonical(), "from=2019-03&kommune=217");
}

TEST_F(PublishPlanTest, TableNamesComeFromTheId) {
  auto plan = MakePublishPlan(registry_, ctx_, {});
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(*TableNameFor("fsm2-udbetaling"), "fsm2_udbetaling");
  EXPECT_FALSE(TableNameFor("noter").ok());
  EXPECT_FALSE(TableNameFor("publicering").ok());
  EXPECT_FALSE(TableNameFor("Store").ok());
  EXPECT_FALSE(TableNameFor("2tal").ok());
  EXPECT_FALSE(TableNameFor("").ok());
  EXPECT_FALSE(TableNameFor(std::string(64, 'a')).ok());
  EXPECT_TRUE(TableNameFor(std::string(63, 'a')).ok());
}

TEST_F(PublishPlanTest, RefusesABadRequest) {
  struct Case {
    PublishRequest request;
    std::string error;
  };
  const Case cases[] = {
      {{{}, "2019-1", ""}, "--from"},
      {{{}, "", "2019-13"}, "--to"},
      {{{}, "2019-06", "2019-01"}, "before"},
      {{{999}, "", ""}, "999"},
  };
  for (const Case& c : cases) {
    auto plan = MakePublishPlan(registry_, ctx_, c.request);
    ASSERT_FALSE(plan.ok()) << c.error;
    EXPECT_EQ(plan.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(plan.status().message().find(c.error), std::string::npos) << plan.status().message();
  }
}

TEST_F(PublishPlanTest, AnIdThatMakesNoTableNameIsAnError) {
  ASSERT_TRUE(registry_.Add(Make("noter", "register", {})).ok());
  auto plan = MakePublishPlan(registry_, ctx_, {});
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.status().message().find("noter"), std::string::npos);
}

}  // namespace
}  // namespace fremdrift::publish
