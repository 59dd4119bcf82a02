// The activity-based budget follow-up of benefit expenses (forsørgelsesudgifter): expenses per
// benefit group as full-time persons (from the register) times the year's benefit rate, laid out as
// a budget-lines file (docs/formats/budget.md) with the four entered amounts:
//   oprindeligt budget      = last year's average full-time persons x 12 months x this year's rate
//   korrigeret budget       = the average of the 12 months up to June x 12 x rate (the half-year
//                             correction; equal to the original budget before June)
//   forventet regnskab (m)  = the months 1..m as spent + month m's level for the rest of the year
// It is how a jobcenter forecasts benefit expenses from activity ("aktivitetsbaseret
// budgetopfølgning"); the demo uses it to give every simulated municipality a budget follow-up.
// The rates are gross (before state refusion and co-financing). Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace fremdrift {

// One published benefit rate: the group, the year, the rate and its unit, and its source.
struct BenefitRate {
  std::string group;  // benefit group id (ydelsesgruppe)
  int year = 0;
  double amount = 0;  // kroner
  enum class Unit { kMonth, kWeek } unit = Unit::kMonth;
  std::string basis;   // which rate: "fyldt 30 år, andre (LAS § 25, stk. 2, nr. 2)"
  std::string source;  // where it is published
  // Kroner per full-time person per month (a week rate times 52/12).
  double PerMonth() const { return unit == Unit::kWeek ? amount * 52.0 / 12.0 : amount; }
};

// Parses the rates file (data/reference/ydelsessatser.csv: ydelsesgruppe;aar;sats;enhed;grundlag;
// kilde; '#' lines are comments). Errors name the file, line and column.
Result<std::vector<BenefitRate>> ParseBenefitRates(std::string_view text,
                                                   std::string_view file_name);

// One benefit group's monthly full-time persons: 12 months of the year before, then months 1..m
// of the year.
struct ActivityLine {
  std::string group;
  std::string label;  // Danish name of the group
  double rate_per_month = 0;
  std::string rate_note;          // "11.698 kr. pr. md., fyldt 30 år, andre ..." for the file comment
  std::vector<double> previous_year;  // 12 values
  std::vector<double> this_year;      // m values, m >= 1
};

struct ActivityBudgetInput {
  int kommune = 0;
  std::string municipality;  // "Herning Kommune"
  int year = 0;
  std::vector<ActivityLine> lines;
};

// The budget-lines CSV (amounts in 1.000 kr.). Every line needs 12 previous-year months and the
// same number (1-12) of this year's months.
Result<std::string> ActivityBudgetCsv(const ActivityBudgetInput& input);

}  // namespace fremdrift
