// The `rettidighed` measurement (as followed by Herning Kommune's Beskæftigelsesudvalg, e.g. on
// 22.8.2012): per benefit group and month, the share of citizens whose required conversations and
// offers were held on time, under the dated rule set that applied when their benefit forløb started
// (data/rules/rettidighed.toml). A forløb runs from a `benefit_start` to its `benefit_end`; each
// rule in force on its start day (first conversation, number of conversations, first offer) gives
// one requirement with a deadline, run from the first contact where the rule says so and the case
// data have it. The rule set's dated suspensions (COVID-19) pause, move or void deadlines; an
// exemption moves an offer deadline to a month after it ends where the rule says so. Counted in
// the month of the deadline once the deadline has passed on the judgement day; every requirement
// carries a Danish explanation naming the rule, its source and the dates. Pure; thread-safe.
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
  kSuspended,  // suspenderet: the deadline fell in a suspension that voids it (ikke_vurderet)
};
std::string_view RequirementStatusName(RequirementStatus s);

struct Requirement {
  const CitizenHistory* citizen = nullptr;
  const Rule* rule = nullptr;
  std::string group;  // benefit group
  int kommune = 0;    // responsible on the deadline day
  DayNumber start = 0;        // the benefit forløb's start
  DayNumber clock_start = 0;  // the deadline runs from here: the first contact, else `start`
  bool from_first_contact = false;     // clock_start is the recorded first contact
  bool first_contact_missing = false;  // the rule runs from the first contact; none recorded
  DayNumber nominal_deadline = 0;      // before suspensions and exemptions
  DayNumber deadline = 0;
  // Suspensions that moved the deadline, with the days each added (pause) or the day it moved
  // to (flyt); the one that voided it (ikke_vurderet).
  std::vector<std::pair<const Suspension*, std::int64_t>> paused;
  const Suspension* moved_by = nullptr;
  const Suspension* voided_by = nullptr;
  DayNumber exemption_end = -1;  // the deadline was moved after an exemption ending this day
  std::vector<std::string> not_counted;  // Danish: offers that did not count, and why
  std::string explanation;               // Danish: rule, source, dates and outcome
  DayNumber met_on = -1;  // the day it was met (the n-th conversation, the first offer), or -1
  std::int64_t held_by_deadline = 0;  // conversations / counted offers on or before the deadline
  bool grace_used = false;            // a løntilskud started after the deadline, within the grace
  RequirementStatus status = RequirementStatus::kOpen;
  std::string missing;  // Danish: what was missing (empty when met)
  bool due = false;     // the deadline is on or before the judgement day
  // Counted in the monthly shares: the deadline has passed and it was neither exempt nor lapsed.
  bool Judged() const {
    return due && (status == RequirementStatus::kOnTime || status == RequirementStatus::kLate ||
                   status == RequirementStatus::kOverdue);
  }
};

// Every requirement of every benefit forløb in `data`, judged on JudgementDay(data, q), in the
// citizens' order (judged in parallel). `explain`: write each one's Danish explanation (only the
// citizen-level table shows them).
std::vector<Requirement> Requirements(const RuleSet& rules, const CaseData& data,
                                      const RuleQuery& q, bool explain = true);

// Columns: periode, kommune, omraade, ydelsesgruppe, krav, taeller, naevner, andel (pct). `krav`
// "alle" counts citizens (on time = every requirement due that month met on time); the others
// count requirements of one kind. Municipalities and "landsplan" (all together).
Result<Table> Rettidighed(const RuleSet& rules, const CaseData& data, const RuleQuery& q);

// One row per requirement (citizen level): krav, regel, ydelsesgruppe, kommune, omraade, person,
// start, fristdato, opfyldt, dage_over, status, mangler, forklaring (Danish: the rule, its source
// and the dates that decided the status), kilde (the rule's short source), kilde_type.
Result<Table> RettidighedFrister(const RuleSet& rules, const CaseData& data, const RuleQuery& q);

}  // namespace fremdrift::cases
