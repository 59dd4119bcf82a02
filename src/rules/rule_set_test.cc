// Tests for dated rule sets: the shipped files load, bad files fail with errors naming file and
// key, overlapping rules are refused, and the rule in force is picked on the day a rule takes
// effect and on the day before.
#include "rules/rule_set.h"

#include <gtest/gtest.h>

namespace fremdrift::cases {
namespace {

DayNumber Day(int y, int m, int d) { return DaysFromCivil(y, m, d); }

TEST(RuleSetTest, ShippedRuleSetsLoadAndEveryRuleHasASource) {
  for (const char* id : {"rettidighed", "rehabilitering"}) {
    auto set = RuleSet::Load(id, DefaultRulesDir());
    ASSERT_TRUE(set.ok()) << set.status().ToString();
    EXPECT_EQ(set->id(), id);
    EXPECT_GE(set->rules().size(), 5u);
    for (const Rule& r : set->rules()) EXPECT_FALSE(r.source.empty()) << r.id;
  }
}

TEST(RuleSetTest, PicksTheRuleInForceOnTheDayItTakesEffectAndTheDayBefore) {
  auto set = RuleSet::Load("rettidighed", DefaultRulesDir());
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  const Rule* before = set->InForce("samtaler", Day(2019, 12, 31), "kontanthjaelp");
  const Rule* on = set->InForce("samtaler", Day(2020, 1, 1), "kontanthjaelp");
  ASSERT_NE(before, nullptr);
  ASSERT_NE(on, nullptr);
  EXPECT_EQ(before->id, "lab2015_samtaler");
  EXPECT_EQ(before->Int("within_months"), 12);
  EXPECT_EQ(on->id, "lab2020_samtaler");
  EXPECT_EQ(on->Int("min_count"), 4);
  EXPECT_EQ(on->Int("within_months"), 6);
  // Groups: jobafklaring has no rule before 2020.
  EXPECT_EQ(set->InForce("samtaler", Day(2019, 12, 31), "jobafklaring"), nullptr);
  EXPECT_NE(set->InForce("samtaler", Day(2020, 1, 1), "jobafklaring"), nullptr);
  auto rehab = RuleSet::Load("rehabilitering", DefaultRulesDir());
  ASSERT_TRUE(rehab.ok());
  EXPECT_EQ(rehab->InForce("rf_varighed", Day(2021, 12, 31))->Int("max_years"), 5);
  EXPECT_EQ(rehab->InForce("rf_varighed", Day(2022, 1, 1))->Int("max_years"), 3);
  EXPECT_EQ(rehab->InForce("rf_varighed", Day(2012, 12, 31)), nullptr);
  EXPECT_EQ(rehab->InForce("rf_indsats", Day(2021, 12, 31)), nullptr);
  EXPECT_NE(rehab->InForce("rf_indsats", Day(2022, 1, 1)), nullptr);
}

constexpr const char* kGood = R"(id = "t"
name = "T"
[[rules]]
id = "a"
kind = "samtaler"
title = "A"
effective_from = 2015-01-01
effective_to = "2019-12-31"
groups = ["kontanthjaelp"]
source = "configurable"
[rules.params]
min_count = 4
within_months = 12
)";

struct BadCase {
  const char* name;
  std::string replace;  // text in kGood
  std::string with;
  std::string message;  // expected in the error
};

class RuleSetBadTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(RuleSetBadTest, ErrorNamesFileAndKey) {
  const BadCase& c = GetParam();
  std::string text = kGood;
  auto at = text.find(c.replace);
  ASSERT_NE(at, std::string::npos) << c.replace;
  text.replace(at, c.replace.size(), c.with);
  auto set = RuleSet::Parse(text, "rules/t.toml");
  ASSERT_FALSE(set.ok()) << c.name;
  EXPECT_NE(set.status().message().find("rules/t.toml:"), std::string::npos)
      << set.status().message();
  EXPECT_NE(set.status().message().find(c.message), std::string::npos) << set.status().message();
}

INSTANTIATE_TEST_SUITE_P(
    Cases, RuleSetBadTest,
    ::testing::Values(
        BadCase{"unknown_kind", "kind = \"samtaler\"", "kind = \"samtale\"",
                "key 'kind': 'samtale' is not one of"},
        BadCase{"bad_date", "effective_from = 2015-01-01", "effective_from = \"2015-02-30\"",
                "rules[1] (id a): key 'effective_from' is not a date"},
        BadCase{"missing_from", "effective_from = 2015-01-01\n", "",
                "missing key 'gyldig_fra'"},
        BadCase{"to_before_from", "effective_to = \"2019-12-31\"", "effective_to = 2014-01-01",
                "key 'gyldig_til' (effective_to) is before gyldig_fra"},
        BadCase{"missing_source", "source = \"configurable\"\n", "", "missing key 'source'"},
        BadCase{"missing_param", "min_count = 4\n", "", "missing key 'params.min_count'"},
        BadCase{"unknown_param", "min_count = 4", "min_count = 4\nmax_count = 9",
                "key 'params.max_count' is not a parameter of kind samtaler"},
        BadCase{"negative_param", "min_count = 4", "min_count = -1",
                "key 'params.min_count' must be a whole number"},
        BadCase{"text_param", "min_count = 4", "min_count = \"4\"",
                "key 'params.min_count' must be a whole number"},
        BadCase{"groups_not_list", "groups = [\"kontanthjaelp\"]", "groups = \"kontanthjaelp\"",
                "key 'groups' must be a list of strings"},
        BadCase{"stray_key", "title = \"A\"", "title = \"A\"\nmin_count = 4",
                "unknown key 'min_count'"},
        BadCase{"syntax", "name = \"T\"", "name = ", "rules/t.toml:2"}),
    [](const auto& info) { return info.param.name; });

TEST(RuleSetTest, OverlappingRulesOfOneKindForACommonGroupAreRefused) {
  std::string text = std::string(kGood) + R"([[rules]]
id = "b"
kind = "samtaler"
title = "B"
effective_from = 2019-12-31
groups = ["uddannelseshjaelp", "kontanthjaelp"]
source = "configurable"
[rules.params]
min_count = 4
within_months = 6
)";
  auto set = RuleSet::Parse(text, "t.toml");
  ASSERT_FALSE(set.ok());
  EXPECT_NE(set.status().message().find("rules 'a' and 'b'"), std::string::npos)
      << set.status().message();
  EXPECT_NE(set.status().message().find("2019-12-31"), std::string::npos);
  // From the next day on there is no overlap.
  std::string fixed = text;
  fixed.replace(fixed.find("effective_from = 2019-12-31"), 27, "effective_from = 2020-01-01");
  auto ok = RuleSet::Parse(fixed, "t.toml");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->InForce("samtaler", Day(2019, 12, 31), "kontanthjaelp")->id, "a");
  EXPECT_EQ(ok->InForce("samtaler", Day(2020, 1, 1), "kontanthjaelp")->id, "b");
  EXPECT_EQ(ok->InForce("samtaler", Day(2019, 12, 31), "uddannelseshjaelp"), nullptr);
}

}  // namespace
}  // namespace fremdrift::cases
