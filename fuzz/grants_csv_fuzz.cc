// libFuzzer target for the grant CSVs (docs/formats/budget.md): the input is parsed as a grants
// file and, whatever its header says, as a finance file of any kind (grants, appropriations,
// payout rates, accounts, budget) followed by the batch's cross-record checks. For every grant
// parsed, the splits by days, months and weights are computed. Invariants: a split adds up to the
// grant exactly, covers only years of the project period and passes CheckSplit; appropriations
// book income = -expense; payout rules built from accepted rate records validate. Any crash,
// sanitizer report, uncaught exception or broken invariant is a bug; crashing inputs go into
// fuzz/crashes/grants/ as regression inputs.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/check.h"
#include "finance/finance_import.h"
#include "finance/grant.h"
#include "finance/payout.h"

using namespace fremdrift;

namespace {

void CheckSplits(const Grant& g) {
  std::map<int, double> weights;
  for (int y = g.start.year; y <= g.end.year && y - g.start.year < 50; ++y) {
    weights[y] = 1 + (y - g.start.year) % 3;
  }
  for (SplitRule rule : {SplitRule::kDays, SplitRule::kMonths, SplitRule::kWeights}) {
    auto split = SplitGrant(g, rule, weights);
    if (!split.ok()) continue;
    std::int64_t sum = 0;
    for (const YearAmount& ya : *split) {
      FREMDRIFT_CHECK(ya.year >= g.start.year && ya.year <= g.end.year);
      sum += ya.amount;
    }
    FREMDRIFT_CHECK(sum == g.amount);
    FREMDRIFT_CHECK(CheckSplit(g, *split).empty());
    for (const Appropriation& a : Appropriations(g, *split)) {
      FREMDRIFT_CHECK(a.income == -a.expense);
      FREMDRIFT_CHECK(a.service_area == g.service_area);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<int> lines;
  auto grants = ParseGrantsCsv(text, "fuzz.csv", &lines);
  if (grants.ok()) {
    FREMDRIFT_CHECK(lines.size() == grants->size());
    for (const Grant& g : *grants) {
      FREMDRIFT_CHECK(g.municipality.size() == 3);
      CheckSplits(g);
    }
  } else {
    FREMDRIFT_CHECK(grants.status().message().find("fuzz.csv") != std::string::npos);
  }

  FinanceBatch batch;
  Status added = AddFinanceFile(batch, text, "fuzz.csv", 657);
  if (!added.ok()) {
    FREMDRIFT_CHECK(added.message().find("fuzz.csv") != std::string::npos);
    return 0;
  }
  for (const GrantRecord& r : batch.grants) CheckSplits(r.grant);
  if (!CheckFinanceBatch(batch, {{657, "herning-fsm2"}}).ok()) return 0;
  // Rate records that passed the batch checks make a payout rule that validates.
  std::map<std::string, std::vector<PayoutRateRecord>> rates;
  for (const PayoutRateRecord& r : batch.payout_rates) rates[r.grant_id].push_back(r);
  for (const auto& [id, list] : rates) {
    auto rule = PayoutRuleFromRates(list);
    if (!rule) continue;
    FREMDRIFT_CHECK(ValidatePayoutRule(*rule).ok());
    auto result = ComputePayout(1000000, *rule, {{600, 12.5}, {601, 21.0}}, 400000, 900000);
    FREMDRIFT_CHECK(result.ok());
    FREMDRIFT_CHECK(result->total == result->interim + result->final_rate);
    FREMDRIFT_CHECK(result->total <= 900000 && result->forfeited == 1000000 - result->total);
  }
  return 0;
}
