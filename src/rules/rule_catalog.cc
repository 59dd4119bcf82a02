// The catalogue of rule-based measurement parts (see rule_catalog.h).
#include "rules/rule_catalog.h"

#include "rules/rehabilitering.h"
#include "rules/rettidighed.h"

namespace fremdrift::cases {

const std::vector<RuleMeasurePart>& RuleMeasureParts() {
  static const std::vector<RuleMeasurePart> parts = {
      {"rettidighed", "andele", &Rettidighed, false, false,
       "share of citizens on time per benefit group and month (taeller, naevner, andel)"},
      {"rettidighed", "frister", &RettidighedFrister, true, false,
       "every requirement: citizen, deadline, met on, status, what was missing"},
      {"rettidighed", "regler", &RuleTable, false, false, "the dated rules and their sources"},
      {"rehabilitering", "afgoerelser", &RehabDecisions, false, true,
       "decisions by kind and age group per month"},
      {"rehabilitering", "ventetid", &RehabWaitingTime, false, false,
       "days from FSM2 group 2 to the team meeting (median, mean), citizens waiting"},
      {"rehabilitering", "brud", &RehabBreaches, true, true,
       "every decision breaking a reform rule: citizen, decision, rule, source"},
      {"rehabilitering", "brud_antal", &RehabBreachCounts, false, true,
       "breaches counted per month and rule"},
      {"rehabilitering", "regler", &RuleTable, false, false, "the dated rules and their sources"},
  };
  return parts;
}

std::string RuleMeasurePartNames(std::string_view measure) {
  std::string out;
  for (const auto& p : RuleMeasureParts()) {
    if (p.measure == measure) out += (out.empty() ? "" : ", ") + std::string(p.part);
  }
  return out;
}

Result<const RuleMeasurePart*> FindRuleMeasurePart(std::string_view measure,
                                                   std::string_view part) {
  for (const auto& p : RuleMeasureParts()) {
    if (p.measure == measure && (part.empty() || p.part == part)) return &p;
  }
  return InvalidArgument("del: '{}' is not one of {}", part.size() > 40 ? part.substr(0, 40) : part,
                         RuleMeasurePartNames(measure));
}

}  // namespace fremdrift::cases
