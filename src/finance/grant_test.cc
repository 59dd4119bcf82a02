// Tests for grants: splits by days, months and weights always add up to the grant; Herning's
// FSM2 grant and the split its committee decided (Beskæftigelsesudvalget, 29.1.2020).
#include "finance/grant.h"

#include <gtest/gtest.h>

#include <numeric>

namespace fremdrift {
namespace {

Grant HerningFsm2() {
  Grant g;
  g.id = "herning-fsm2";
  g.municipality = "657";
  g.funder = "Styrelsen for Arbejdsmarked og Rekruttering (STAR)";
  g.pool = "Flere skal med 2";
  g.amount = 2235074;
  g.start = {2019, 12, 1};
  g.end = {2021, 12, 31};
  g.service_area = "17 Forsørgelse og Beskæftigelse";
  return g;
}

std::int64_t Sum(const std::vector<YearAmount>& v) {
  return std::accumulate(v.begin(), v.end(), std::int64_t{0},
                         [](std::int64_t s, const YearAmount& y) { return s + y.amount; });
}

TEST(GrantTest, SplitByMonthsOfThePeriod) {
  // 1 Dec 2019 - 31 Dec 2021: 1 + 12 + 12 = 25 months. 2,235,074 / 25 = 89,402.96 a month:
  // 2019 gets floor(89,402.96) = 89,402 plus the largest remainder's krone, 2020 and 2021 get
  // floor(1,072,835.52) = 1,072,835 each and one of them the other remaining krone.
  auto split = SplitGrant(HerningFsm2(), SplitRule::kMonths);
  ASSERT_TRUE(split.ok()) << split.status().ToString();
  ASSERT_EQ(split->size(), 3u);
  EXPECT_EQ(Sum(*split), 2235074);
  EXPECT_EQ((*split)[0], (YearAmount{2019, 89403}));
  EXPECT_EQ((*split)[1], (YearAmount{2020, 1072836}));
  EXPECT_EQ((*split)[2], (YearAmount{2021, 1072835}));
}

TEST(GrantTest, SplitByDaysCountsTheLeapYear) {
  // 31 + 366 + 365 = 762 days.
  auto split = SplitGrant(HerningFsm2(), SplitRule::kDays);
  ASSERT_TRUE(split.ok());
  EXPECT_EQ(Sum(*split), 2235074);
  // 2,235,074 * 31/762 = 90,928.21; * 366/762 = 1,073,539.48; * 365/762 = 1,070,606.31. The
  // floors leave one krone, which goes to the largest remainder (2020).
  EXPECT_EQ((*split)[0].amount, 90928);
  EXPECT_EQ((*split)[1].amount, 1073540);
  EXPECT_EQ((*split)[2].amount, 1070606);
}

TEST(GrantTest, WeightsAlwaysAddUpAndRejectBadInput) {
  auto thirds = SplitByWeights(100, {{2019, 1}, {2020, 1}, {2021, 1}});
  ASSERT_TRUE(thirds.ok());
  EXPECT_EQ(Sum(*thirds), 100);
  EXPECT_EQ((*thirds)[0].amount, 34);  // tie on remainders: the earliest year gets the krone
  EXPECT_EQ((*thirds)[1].amount, 33);
  EXPECT_FALSE(SplitByWeights(100, {}).ok());
  EXPECT_FALSE(SplitByWeights(100, {{2019, 0}}).ok());
  EXPECT_FALSE(SplitByWeights(100, {{2019, -1}, {2020, 2}}).ok());
  EXPECT_FALSE(SplitGrant(HerningFsm2(), SplitRule::kWeights, {{2022, 1}}).ok());
}

TEST(GrantTest, HerningDecidedSplitIsCheckedAgainstTheGrant) {
  // The indstilling of 29.1.2020: 631,215 kr. in 2019, 858,805 kr. in 2020 and 745,053 kr. in 2021
  // "i alt 2.235.074 kr.". The three figures add up to 2,235,073: one krone short. No split by
  // days or months of the period gives them (2019 holds one month of the period but 28 % of the
  // money), so they come from the application's budget per year; fremdrift stores such a split
  // as weights and reports the krone.
  std::vector<YearAmount> decided = {{2019, 631215}, {2020, 858805}, {2021, 745053}};
  auto problems = CheckSplit(HerningFsm2(), decided);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("summer til 2.235.073 kr."), std::string::npos) << problems[0];
  EXPECT_NE(problems[0].find("forskel 1 kr."), std::string::npos);

  // Using the decided figures as the application's yearly budget (weights) gives a split that
  // adds up to the grant and differs from the decision by the one krone only.
  auto split = SplitGrant(HerningFsm2(), SplitRule::kWeights,
                          {{2019, 631215}, {2020, 858805}, {2021, 745053}});
  ASSERT_TRUE(split.ok());
  EXPECT_EQ(Sum(*split), 2235074);
  EXPECT_TRUE(CheckSplit(HerningFsm2(), *split).empty());
  std::int64_t differences = 0;
  for (size_t i = 0; i < 3; ++i) differences += std::llabs((*split)[i].amount - decided[i].amount);
  EXPECT_EQ(differences, 1);

  auto appropriations = Appropriations(HerningFsm2(), *split);
  ASSERT_EQ(appropriations.size(), 3u);
  for (const auto& a : appropriations) {
    EXPECT_EQ(a.income, -a.expense);
    EXPECT_EQ(a.service_area, "17 Forsørgelse og Beskæftigelse");
  }
}

TEST(GrantTest, ParsesGrantsCsv) {
  auto grants = ParseGrantsCsv(
      "id;municipality;funder;pool;amount;start;end;service_area\n"
      "herning-fsm2;657;STAR;Flere skal med 2;2.235.074;2019-12-01;2021-12-31;17 Forsørgelse\n",
      "grants.csv");
  ASSERT_TRUE(grants.ok()) << grants.status().ToString();
  ASSERT_EQ(grants->size(), 1u);
  EXPECT_EQ((*grants)[0].amount, 2235074);
  EXPECT_EQ((*grants)[0].end, (CivilDate{2021, 12, 31}));
  auto bad = ParseGrantsCsv(
      "id;municipality;funder;pool;amount;start;end;service_area\n"
      "x;657;STAR;P;12,5;2019-12-01;2021-12-31;17\n",
      "grants.csv");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("grants.csv:2: column 'amount'"), std::string::npos);
}

TEST(GrantTest, MunicipalityZeroIsNotACode) {
  for (const char* m : {"000", "0", "00", "", "6570", "6a", "65"}) {  // 3 digits, as printed
    auto g =
        ParseGrantsCsv(std::string("id;municipality;funder;pool;amount;start;end;service_area\n") +
                           "x;" + m + ";STAR;P;100;2019-12-01;2021-12-31;17\n",
                       "grants.csv");
    ASSERT_FALSE(g.ok()) << m;
    EXPECT_EQ(g.status().message(), "grants.csv:2: column 'municipality': '" + std::string(m) +
                                        "' is not a municipality code");
  }
  EXPECT_TRUE(ParseGrantsCsv("id;municipality;funder;pool;amount;start;end;service_area\n"
                             "x;070;STAR;P;100;2019-12-01;2021-12-31;17\n",
                             "grants.csv")
                  .ok());
}

}  // namespace
}  // namespace fremdrift
