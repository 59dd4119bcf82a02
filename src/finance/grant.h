// Grants from pools (puljer): funder, pool, amount and project period, split into yearly income
// and expense appropriations (indtægts- og udgiftsbevillinger) for a service area. The split
// follows a stated rule (by days or months of the period in each year, or by given weights) and
// always adds up to the grant: each year is rounded down to whole kroner and the remaining kroner
// go to the years with the largest remainders. Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "domain/date.h"

namespace fremdrift {

struct Grant {
  std::string id;            // "herning-fsm2"
  std::string municipality;  // 3-digit code
  std::string funder;        // "Styrelsen for Arbejdsmarked og Rekruttering (STAR)"
  std::string pool;          // "Flere skal med 2"
  std::int64_t amount = 0;   // kroner
  CivilDate start, end;      // project period, inclusive
  std::string service_area;  // "17 Forsørgelse og Beskæftigelse"
  std::string model;  // the pool's effort model (data/models/ID.toml), e.g. "fsm2"; may be empty
};

enum class SplitRule {
  kDays,     // by calendar days of the period in each year
  kMonths,   // by whole or part months of the period in each year (a started month counts 1)
  kWeights,  // by given weights per year (e.g. the application's budget per year)
};
Result<SplitRule> ParseSplitRule(std::string_view text);  // days | months | weights

struct YearAmount {
  int year = 0;
  std::int64_t amount = 0;
  friend bool operator==(const YearAmount&, const YearAmount&) = default;
};

// Splits `amount` by `weights` (non-negative, not all zero): floor each share, then hand the
// remaining kroner to the largest remainders (ties: earliest year). Sum == amount exactly.
Result<std::vector<YearAmount>> SplitByWeights(std::int64_t amount,
                                               const std::map<int, double>& weights);

// Splits the grant over the years of its period by `rule`; `weights` only for kWeights.
Result<std::vector<YearAmount>> SplitGrant(const Grant& grant, SplitRule rule,
                                           const std::map<int, double>& weights = {});

// An appropriation line: the income (negative, as municipal accounts book income) and the equal
// expense for one year and service area.
struct Appropriation {
  int year = 0;
  std::string service_area;
  std::int64_t income = 0;   // negative
  std::int64_t expense = 0;  // positive
};
std::vector<Appropriation> Appropriations(const Grant& grant, const std::vector<YearAmount>& split);

// Checks a split decided elsewhere (e.g. typed from a committee decision) against the grant:
// every year inside the period, and the sum equal to the grant. Returns the Danish problems found
// (empty = consistent).
std::vector<std::string> CheckSplit(const Grant& grant, const std::vector<YearAmount>& split);

// Grants CSV (docs/formats/budget.md): id;municipality;funder;pool;amount;start;end;service_area,
// optionally model. The municipality must be a code of 1-3 digits other than 0 (whether it is a
// municipality in the reference data is checked by the importers, which have it).
// `lines`, when given, receives each grant's line in the file (for later messages).
Result<std::vector<Grant>> ParseGrantsCsv(std::string_view text, std::string_view filename,
                                          std::vector<int>* lines = nullptr);

}  // namespace fremdrift
