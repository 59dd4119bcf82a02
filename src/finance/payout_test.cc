// Tests for payout rates: Herning's FSM2 grant paid out for a simulated project at each tier, the
// best month decides, thresholds are configurable, and expenses cap the payment.
#include "finance/payout.h"

#include <gtest/gtest.h>

#include <random>

namespace fremdrift {
namespace {

constexpr std::int64_t kGrant = 2235074;

// A simulated project: 25 months (Dec 2019 - Dec 2021) of group 1 with `group_size` citizens, of
// whom a seeded random number are in paid hours or education each month, peaking at `peak`.
std::vector<MonthValue> SimulatedProject(int group_size, int peak, unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<MonthValue> months;
  MonthIndex first = MakeMonth(2019, 12);
  for (int i = 0; i < 25; ++i) {
    int in_work = std::uniform_int_distribution<int>(0, peak - 1)(rng);
    if (i == 17) in_work = peak;  // the best month: May 2021
    months.push_back({first + i, 100.0 * in_work / group_size});
  }
  return months;
}

TEST(PayoutTest, HerningGrantAtEachTier) {
  PayoutRule rule;  // 50 % interim; >= 15 % -> 40 % of the grant; >= 20 % -> the rest (50 %)
  struct Case {
    int peak;  // of 120 in group 1
    int tier;
    std::int64_t total;
  } cases[] = {
      {17, 0, 1117537},  // 14,2 %: only the first rate (50 % of 2,235,074 = 1,117,537)
      {18, 1, 2011567},  // 15,0 %: + 40 % = 894,029.6 -> 894,030
      {23, 1, 2011567},  // 19,2 %
      {24, 2, 2235074},  // 20,0 %: the whole grant
  };
  for (const auto& c : cases) {
    auto months = SimulatedProject(120, c.peak, 42);
    auto r = ComputePayout(kGrant, rule, months);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->tier, c.tier) << c.peak;
    EXPECT_EQ(r->best_month, MakeMonth(2021, 5));
    EXPECT_DOUBLE_EQ(r->best_share_pct, 100.0 * c.peak / 120);
    EXPECT_EQ(r->interim, 1117537);
    EXPECT_EQ(r->total, c.total) << c.peak;
    EXPECT_EQ(r->final_rate, c.total - 1117537);
    EXPECT_EQ(r->forfeited, kGrant - c.total);
  }
}

TEST(PayoutTest, ThresholdsAreConfigurableAndValidated) {
  PayoutRule rule;
  rule.tiers = {{10, 0.25}, {30, 0.5}};
  auto r = ComputePayout(1000, rule, {{0, 12}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->tier, 1);
  EXPECT_EQ(r->total, 750);
  rule.tiers = {{20, 0.25}, {10, 0.5}};
  EXPECT_FALSE(ComputePayout(1000, rule, {}).ok());
  rule.tiers = {{10, 0.6}};
  EXPECT_FALSE(ComputePayout(1000, rule, {}).ok());  // 50 % + 60 % > the grant
}

TEST(PayoutTest, ExpensesCapThePayment) {
  PayoutRule rule;
  auto r = ComputePayout(kGrant, rule, {{0, 25}}, /*interim_expenses=*/900000,
                         /*total_expenses=*/2000000);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->interim, 900000);
  EXPECT_EQ(r->total, 2000000);
  EXPECT_EQ(r->final_rate, 1100000);
  auto no_months = ComputePayout(kGrant, rule, {});
  ASSERT_TRUE(no_months.ok());
  EXPECT_EQ(no_months->tier, 0);
  EXPECT_EQ(no_months->best_month, -1);
}

}  // namespace
}  // namespace fremdrift
