// EffortModel: an effort model / pool loaded from a TOML file in data/models/ — target group,
// exemption, groups, steps, monthly indicators (numerator and denominator as predicates), payout
// tiers and grants, caseload caps and deadlines. Everything a pool measures is data here; a new
// pool that uses the existing predicates needs no code. Immutable after loading; thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/predicate.h"
#include "common/status.h"
#include "domain/period.h"

namespace fremdrift::cases {

struct IndicatorDef {
  std::string id;     // "1"
  std::string label;  // Danish
  Predicate denominator;
  Predicate numerator;  // counted among the denominator
};

struct PayoutTier {
  double threshold_pct = 0;  // share of the payout indicator in the best month, at least
  double final_share = 0;    // share of the grant paid at the final account
  std::string label;
};

struct Grant {
  std::int64_t amount = 0;  // DKK
  std::string source;
};

struct PayoutDef {
  std::string indicator;  // id of the indicator the tiers are measured on
  double interim_share = 0;
  std::vector<PayoutTier> tiers;  // ascending threshold
  std::map<int, Grant> grants;    // by municipality code
  std::string source;
};

struct CaseloadDef {
  std::string role;  // caseworker_assigned role that counts ("koordinerende")
  Predicate active;  // citizens counted in a caseload
  int warning = 0;
  int cap = 0;
  std::string source;
};

struct DeadlineDef {
  std::string id;
  std::string label;
  EventMatcher start;      // the event that starts the clock
  EventMatcher done;       // the event that meets it
  int within_days = -1;    // deadline = start + days, or
  int within_months = -1;  // the same day `months` later (clamped to the month's end)
  std::string source;
  // The deadline day for a start on `day` (inclusive: done on this day is on time).
  DayNumber DeadlineFor(DayNumber day) const;
};

struct StepDef {
  std::string id;
  std::string name;
  Predicate reached;
};

// One of the exemption marks (fritagelsesmarkeringer) that take a citizen out of the pool's
// denominators while it runs: the `reason` of an exemption_start, and its Danish label.
struct ExemptionMark {
  std::string id;     // "barsel"
  std::string label;  // "Barsel"
};

struct GroupDef {
  std::string id;
  std::string name;
};

struct EffortModel {
  std::string id;
  std::string name;
  std::string source;
  MonthIndex from = 0;  // project period
  MonthIndex to = 0;
  std::optional<Predicate> target_group;  // gross target group in a month
  std::optional<Predicate> exempt;        // left out of denominators while true
  // [[exemption_marks]]: when given, the predicate `fritagelsesmarkering` (an exemption with one
  // of these reasons open on the reference day) is defined for the model's expressions.
  std::vector<ExemptionMark> exemption_marks;
  std::vector<GroupDef> groups;
  std::vector<StepDef> steps;
  std::vector<IndicatorDef> indicators;
  std::optional<PayoutDef> payout;
  std::optional<CaseloadDef> caseload;
  std::vector<DeadlineDef> deadlines;

  const IndicatorDef* FindIndicator(std::string_view id) const;

  // Parses a model file's text; `origin` names it in errors.
  static Result<EffortModel> Parse(std::string_view toml_text, std::string_view origin);
  static Result<EffortModel> LoadFile(const std::string& path);
  // `name_or_path`: a file path, or a model id looked up as DIR/<id>.toml.
  static Result<EffortModel> Load(const std::string& name_or_path, const std::string& dir);
};

// The folder with the shipped models: $FREMDRIFT_MODELS_DIR, else data/models in the data folder
// (common/data_dir.h: installed beside the binary, or the source tree of a build tree).
std::string DefaultModelsDir();

}  // namespace fremdrift::cases
