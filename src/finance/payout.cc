// Payout rates (see payout.h).
#include "finance/payout.h"

#include <algorithm>
#include <cmath>

namespace fremdrift {
namespace {
std::int64_t RoundKroner(long double v) { return static_cast<std::int64_t>(std::llround(v)); }
}  // namespace

Status ValidatePayoutRule(const PayoutRule& rule) {
  if (!(rule.interim_fraction >= 0 && rule.interim_fraction <= 1)) {
    return InvalidArgument("payout: interim fraction {} is not within 0-1", rule.interim_fraction);
  }
  for (size_t i = 0; i < rule.tiers.size(); ++i) {
    const auto& t = rule.tiers[i];
    if (!(t.final_grant_fraction >= 0 &&
          rule.interim_fraction + t.final_grant_fraction <= 1 + 1e-12)) {
      return InvalidArgument(
          "payout: tier {} pays {} of the grant after an interim {}: more than all", i + 1,
          t.final_grant_fraction, rule.interim_fraction);
    }
    if (i > 0 && !(t.min_share_pct > rule.tiers[i - 1].min_share_pct)) {
      return InvalidArgument("payout: tier thresholds must ascend ({} after {})", t.min_share_pct,
                             rule.tiers[i - 1].min_share_pct);
    }
  }
  return Status::Ok();
}

Result<PayoutResult> ComputePayout(std::int64_t grant, const PayoutRule& rule,
                                   const std::vector<MonthValue>& indicator,
                                   std::int64_t interim_expenses, std::int64_t total_expenses) {
  RETURN_IF_ERROR(ValidatePayoutRule(rule));
  if (grant < 0) return InvalidArgument("payout: negative grant {}", grant);
  PayoutResult r;
  for (const auto& m : indicator) {
    if (std::isnan(m.share_pct)) continue;
    if (r.best_month < 0 || m.share_pct > r.best_share_pct) {
      r.best_month = m.month;
      r.best_share_pct = m.share_pct;
    }
  }
  double fraction = 0;
  if (r.best_month >= 0) {
    for (size_t i = 0; i < rule.tiers.size(); ++i) {
      // Compare on a 1e-9 grid so a share computed as 15.000000000000002 or 14.999999999999998
      // from whole counts lands where the reader expects.
      if (r.best_share_pct + 1e-9 >= rule.tiers[i].min_share_pct) {
        r.tier = static_cast<int>(i) + 1;
        fraction = rule.tiers[i].final_grant_fraction;
      }
    }
  }
  std::int64_t interim_rate = RoundKroner(static_cast<long double>(grant) * rule.interim_fraction);
  r.interim = interim_expenses >= 0 ? std::min(interim_rate, interim_expenses) : interim_rate;
  std::int64_t entitled =
      std::min(grant, interim_rate + RoundKroner(static_cast<long double>(grant) * fraction));
  if (total_expenses >= 0) entitled = std::min(entitled, total_expenses);
  r.final_rate = entitled - r.interim;  // negative = the first rate is partly paid back
  r.total = entitled;
  r.forfeited = grant - r.total;
  return r;
}

}  // namespace fremdrift
