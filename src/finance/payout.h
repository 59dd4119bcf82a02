// Payout rates of a pool grant (udbetalingsrater), as Flere skal med 2 states them: a first rate
// (default 50 % of the grant) against an interim account, and a second rate against the final
// account whose size depends on the tier reached in the project's best month (Helsingør's
// application, Social- og Beskæftigelsesudvalget 6.11.2019, punkt 5: at least 15 % of group 1 in
// paid hours or education -> 40 % of the grant; at least 20 % -> the remaining 50 %, i.e. the
// whole grant). Thresholds and fractions are data. Payments never exceed
// documented expenses.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "domain/period.h"

namespace fremdrift {

struct PayoutTier {
  double min_share_pct = 0;         // indicator threshold, percent of the group (e.g. 15)
  double final_grant_fraction = 0;  // second rate at this tier, as a fraction of the grant
};

struct PayoutRule {
  double interim_fraction = 0.5;  // first rate as a fraction of the grant
  std::vector<PayoutTier> tiers = {{15.0, 0.40}, {20.0, 0.50}};  // ascending thresholds
};

struct MonthValue {
  MonthIndex month = 0;
  double share_pct = 0;  // the pool's indicator in that month (percent)
};

struct PayoutResult {
  int tier = 0;                 // 0 = no tier reached, 1.. = index into rule.tiers + 1
  double best_share_pct = 0;    // the best month's indicator
  MonthIndex best_month = -1;   // -1 when there are no months
  std::int64_t interim = 0;     // first rate paid
  std::int64_t final_rate = 0;  // second rate paid (after the final account)
  std::int64_t total = 0;       // interim + final_rate
  std::int64_t forfeited = 0;   // grant - total: the money at stake that is not received
};

// Validates thresholds (ascending) and fractions (interim + any tier within 0-1).
Status ValidatePayoutRule(const PayoutRule& rule);

// `interim_expenses` / `total_expenses`: documented expenses in the interim and final accounts;
// a negative value means "not yet known" and does not cap the payment.
Result<PayoutResult> ComputePayout(std::int64_t grant, const PayoutRule& rule,
                                   const std::vector<MonthValue>& indicator,
                                   std::int64_t interim_expenses = -1,
                                   std::int64_t total_expenses = -1);

}  // namespace fremdrift
