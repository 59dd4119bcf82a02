// The `rehabilitering` measurement (the 2013 reform, as presented to Herning Kommune's
// Beskæftigelsesudvalg on 22.8.2012): municipal decisions after the rehabilitation team by kind and
// age group per month, the time from an FSM2 group 2 visitation to the team meeting, and every
// decision checked against the dated reform rules (data/rules/rehabilitering.toml, the rule in
// force on the decision day). A breach names the citizen, the decision, the rule and its source;
// nothing is corrected. Ages come from birth days (RuleQuery::birth_days, from the register);
// without one a decision's age group is "ukendt" and the age rules are not checked for it. Pure;
// thread-safe.
#pragma once

#include <string>
#include <vector>

#include "eventstore/case_data.h"
#include "rules/rule_measure.h"
#include "rules/rule_set.h"
#include "table/table.h"

namespace fremdrift::cases {

struct Breach {
  const CitizenHistory* citizen = nullptr;
  const HistoryEvent* decision = nullptr;
  const Rule* rule = nullptr;
  int age = -1;      // at the decision, or -1 when unknown
  std::string what;  // Danish: what breaks the rule
};

// Every breach of the decisions in `data` dated up to the judgement day.
std::vector<Breach> Breaches(const RuleSet& rules, const CaseData& data, const RuleQuery& q);

// Columns: periode, kommune, omraade, afgoerelse, aldersgruppe (under_40, 40_plus, ukendt, alle),
// antal. The municipality is the one that recorded the decision.
Result<Table> RehabDecisions(const RuleSet& rules, const CaseData& data, const RuleQuery& q);

// Per month of the team meeting: meetings after an FSM2 group 2 visitation, median and mean days
// from the visitation, and citizens in group 2 still waiting for a meeting at the month's end.
Result<Table> RehabWaitingTime(const RuleSet& rules, const CaseData& data, const RuleQuery& q);

// One row per breach (citizen level): periode, dato, kommune, omraade, person, afgoerelse, alder,
// regel, beskrivelse, kilde.
Result<Table> RehabBreaches(const RuleSet& rules, const CaseData& data, const RuleQuery& q);

// Breaches counted per month, municipality (and landsplan) and rule: aggregate only.
Result<Table> RehabBreachCounts(const RuleSet& rules, const CaseData& data, const RuleQuery& q);

// The rule set itself: id, kind, title, in force from / to, source.
Result<Table> RuleTable(const RuleSet& rules, const CaseData& data, const RuleQuery& q);

}  // namespace fremdrift::cases
