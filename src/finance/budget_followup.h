// Budget follow-up (budgetopfølgning): resolves a budget-line tree (parents without amounts get
// the sum of their lines; "of which" details are never summed), checks entered subtotals against
// their lines, and derives the follow-up columns of the monthly expected-accounts report:
//   change       = expected accounts at the previous date - at the current date
//   vs original  = original budget  - expected accounts at the current date
//   vs corrected = corrected budget - expected accounts at the current date
// A negative figure is overspending (merforbrug), as the committee tables show it.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "finance/budget_line.h"
#include "table/table.h"

namespace fremdrift {

struct BudgetFollowUpRow {
  std::string id;
  std::string label;
  BudgetLineKind kind = BudgetLineKind::kLine;
  int depth = 0;  // 0 = total
  // All in kroner.
  std::int64_t original = 0, corrected = 0, expected_previous = 0, expected_current = 0;
  std::int64_t change = 0, vs_original = 0, vs_corrected = 0;
};

struct BudgetFollowUp {
  BudgetFile meta;                      // the file's metadata and lines as entered
  std::vector<BudgetFollowUpRow> rows;  // display order
  // Entered subtotals that differ from the sum of their lines (Danish, for the report's notes and
  // for stderr), e.g. "718 Særlig Social Indsats / Rammestyret: oprindeligt budget 280.637 ...".
  std::vector<std::string> inconsistencies;
};

Result<BudgetFollowUp> ComputeBudgetFollowUp(const BudgetFile& file);

// The follow-up as a Table in units of `divisor` kroner (1000 for "1.000 kr."), rounded half away
// from zero: a label column and seven integer value columns with Danish labels naming the year
// and dates (columns: tekst, oprindeligt_budget, korrigeret_budget, forventet_regnskab_forrige,
// forventet_regnskab, aendring, afvigelse_oprindeligt, afvigelse_korrigeret).
Table BudgetFollowUpTable(const BudgetFollowUp& followup, std::int64_t divisor = 1000);

}  // namespace fremdrift
