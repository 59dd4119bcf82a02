// The budget follow-up agenda item ("Månedlig afrapportering på forventet regnskab"), as in
// Helsingør Kommune's Social- og Beskæftigelsesudvalg, 6.11.2019: table 1 by budget area with
// frame-governed / not frame-governed lines and subtotals, the summary sentences, the
// recommendation, and the table as an XLSX appendix.
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "finance/budget_followup.h"
#include "report/document.h"

namespace fremdrift {

struct BudgetReportOptions {
  std::string case_number;          // "19/9394"; empty = left out
  CivilDate meeting_date{0, 0, 0};  // default: the follow-up's current date
  std::string recommender = "Administrationen indstiller,";
  int item_number = 0;  // "Punkt N"; 0 = no number
};

// Table 1 as drawn: "Heraf:" label rows before "of which" details, indents and emphasis by kind,
// in 1.000 kr.
TableBlock BudgetFollowUpTableBlock(const BudgetFollowUp& followup);

CommitteeDocument BuildBudgetFollowUpDocument(const BudgetFollowUp& followup,
                                              const BudgetReportOptions& options);

}  // namespace fremdrift
