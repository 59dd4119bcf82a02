// The `rettidighed` measurement (as followed by Herning Kommune's Beskæftigelsesudvalg, e.g. on
// 22.8.2012): per benefit group and month, the share of citizens whose required conversations and
// offers were held on time, under the dated rule set that applied when their benefit forløb started
// (data/rules/rettidighed.toml). A forløb runs from a `benefit_start` to its `benefit_end`; each
// rule in force on its start day (first conversation, number of conversations, first offer) gives
// one requirement with a deadline. Counted in the month of the deadline once the deadline has
// passed on the judgement day. Pure; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "eventstore/case_data.h"
#include "rules/rule_measure.h"
#include "rules/rule_set.h"
#include "table/table.h"

namespace fremdrift::cases {

enum class RequirementStatus {
  kOnTime,   // overholdt: met on or before the deadline day
  kLate,     // for_sent: met after the deadline
  kOverdue,  // overskredet: unmet and the deadline has passed
  kOpen,     // aaben: unmet, the deadline has not passed
  kExempt,   // fritaget: an exemption is open on the deadline day
  kLapsed,   // bortfaldet: the benefit ended before the deadline day
};
std::string_view RequirementStatusName(RequirementStatus s);

struct Requirement {
  const CitizenHistory* citizen = nullptr;
  const Rule* rule = nullptr;
  std::string group;  // benefit group
  int kommune = 0;    // responsible on the deadline day
  DayNumber start = 0;
  DayNumber deadline = 0;
  DayNumber met_on = -1;  // the day it was met (the n-th conversation, the first offer), or -1
  RequirementStatus status = RequirementStatus::kOpen;
  std::string missing;  // Danish: what was missing (empty when met)
  bool due = false;     // the deadline is on or before the judgement day
  // Counted in the monthly shares: the deadline has passed and it was neither exempt nor lapsed.
  bool Judged() const {
    return due && (status == RequirementStatus::kOnTime || status == RequirementStatus::kLate ||
                   status == RequirementStatus::kOverdue);
  }
};

// Every requirement of every benefit forløb in `data`, judged on JudgementDay(data, q).
std::vector<Requirement> Requirements(const RuleSet& rules, const CaseData& data,
                                      const RuleQuery& q);

// Columns: periode, kommune, omraade, ydelsesgruppe, krav, taeller, naevner, andel (pct). `krav`
// "alle" counts citizens (on time = every requirement due that month met on time); the others
// count requirements of one kind. Municipalities and "landsplan" (all together).
Result<Table> Rettidighed(const RuleSet& rules, const CaseData& data, const RuleQuery& q);

// One row per requirement (citizen level): krav, regel, ydelsesgruppe, kommune, omraade, person,
// start, fristdato, opfyldt, dage_over, status, mangler.
Result<Table> RettidighedFrister(const RuleSet& rules, const CaseData& data, const RuleQuery& q);

}  // namespace fremdrift::cases
