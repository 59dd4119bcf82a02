// The rule-based measurements by name and part, shared by the CLI (`fremdrift measure
// rettidighed --del frister`) and the API (`/api/v1/measurements/rettidighed?del=frister`):
// which function computes a part, which rule set it reads, and whether its rows name citizens.
// Immutable tables; thread-safe.
#pragma once

#include <string_view>
#include <vector>

#include "eventstore/case_data.h"
#include "rules/rule_measure.h"
#include "rules/rule_set.h"
#include "table/table.h"

namespace fremdrift::cases {

using RuleMeasureFn = Result<Table> (*)(const RuleSet&, const CaseData&, const RuleQuery&);

struct RuleMeasurePart {
  std::string_view measure;  // "rettidighed", "rehabilitering" (= the rule set's id)
  std::string_view part;     // "andele", "frister", ...; the first of a measure is its default
  RuleMeasureFn fn;
  bool citizen_level;  // rows name citizens (pseudonyms): caseworkers/leaders only, audited
  bool needs_ages;     // reads birth days (the register store)
  std::string_view help;
};

const std::vector<RuleMeasurePart>& RuleMeasureParts();
// The part, or an error listing the measure's parts; an empty `part` is the default.
Result<const RuleMeasurePart*> FindRuleMeasurePart(std::string_view measure, std::string_view part);
// "andele, frister, regler"
std::string RuleMeasurePartNames(std::string_view measure);

}  // namespace fremdrift::cases
