// RuleSet: dated rules as data (data/rules/*.toml) — the minimum requirements for conversations
// and offers (rettidighed) and the reform rules decisions are checked against (rehabilitering).
// Every rule has an id, a kind (what the code checks), the day it takes effect (gyldig_fra),
// optionally the last day it applies (gyldig_til), typed parameters, its source (law or notice and
// paragraph), a short citation for explanations and the kind of source (law, executive order,
// STAR's guidance, or the municipality's own reading where no source pins the rule). A rule set
// may also hold dated suspensions (the COVID-19 suspensions of 2020-21) that stop or move the
// deadlines of the rule kinds they name. The loader validates every file and names file and key
// in errors; InForce() picks the rule of a kind that applied on a day. Immutable after loading;
// safe to share between threads.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "eventstore/citizen_history.h"
#include "common/status.h"

namespace fremdrift::cases {

using RuleValue = std::variant<std::int64_t, std::string, std::vector<std::string>>;

struct Rule {
  std::string id;
  std::string kind;   // one of the kinds of RuleKinds()
  std::string title;  // Danish, shown with breaches and deadlines
  DayNumber effective_from = 0;
  DayNumber effective_to = kOpenEnd;  // inclusive last day; kOpenEnd while in force
  std::vector<std::string> groups;    // benefit groups / decision kinds it covers (empty: all)
  std::map<std::string, RuleValue> params;
  std::string source;       // the full source text
  std::string source_short;  // kilde_kort: "LAB § 31, lov nr. 548 af 7. maj 2019" (else `source`)
  std::string source_type;   // kilde_type: one of SourceTypes()

  bool InForce(DayNumber day) const { return effective_from <= day && day <= effective_to; }
  bool Covers(std::string_view group) const;
  // Parameters (validated at load, so these only fall back for optional ones).
  std::int64_t Int(std::string_view name, std::int64_t fallback = 0) const;
  std::vector<std::string> Strings(std::string_view name) const;
  // "fra 2020-01-01" / "2013-01-01 – 2021-12-31"
  std::string PeriodText() const;
};

// The kinds of source a rule or suspension may name (kilde_type): "lov", "bekendtgoerelse",
// "star" (STAR's guidance or news), "kommunens_fortolkning" (the municipality's own reading where
// the sources are thin; configurable).
const std::vector<std::string_view>& SourceTypes();

// How a suspension acts on a deadline (virkning):
enum class SuspensionEffect {
  kPause,      // "pause": the clock stands still on the suspended days; the deadline moves on by
               // the suspended days between the clock's start and the (moved) deadline
  kNotJudged,  // "ikke_vurderet": a deadline falling inside the suspension is not judged
  kMove,       // "flyt": a deadline falling inside moves to `move_days` days after its last day
};
std::string_view SuspensionEffectName(SuspensionEffect e);

// A dated suspension of deadlines (`[[suspensions]]`): from `from` to `to` (both inclusive) the
// deadlines of the listed rule kinds (for the listed benefit groups; none = all) are stopped or
// moved as `effect` says.
struct Suspension {
  std::string id;
  std::string title;  // Danish
  DayNumber from = 0;
  DayNumber to = 0;
  std::vector<std::string> kinds;   // rule kinds it acts on (foerste_samtale, samtaler, tilbud)
  std::vector<std::string> groups;  // benefit groups (empty: all)
  SuspensionEffect effect = SuspensionEffect::kPause;
  std::int64_t move_days = 0;  // kMove only
  std::string source;
  std::string source_short;
  std::string source_type;

  bool Applies(std::string_view kind, std::string_view group) const;
  std::string PeriodText() const;  // "2020-03-12 – 2020-05-26"
};

// A kind of rule and the parameters it takes (name → "int" or "strings"; required or not).
struct RuleKind {
  std::string_view kind;
  std::string_view description;
  struct Param {
    std::string_view name;
    bool is_int;  // else a list of strings
    bool required;
  };
  std::vector<Param> params;
};
const std::vector<RuleKind>& RuleKinds();

class RuleSet {
 public:
  // Parses a rule file's text; `origin` (the file name) starts every error message.
  static Result<RuleSet> Parse(std::string_view toml_text, std::string_view origin);
  static Result<RuleSet> LoadFile(const std::string& path);
  // `name_or_path`: a file path, or a rule-set id looked up as DIR/<id>.toml.
  static Result<RuleSet> Load(const std::string& name_or_path, const std::string& dir);

  const std::string& id() const { return id_; }
  const std::string& name() const { return name_; }
  const std::vector<Rule>& rules() const { return rules_; }
  const std::vector<Suspension>& suspensions() const { return suspensions_; }  // by `from`
  // The rule of `kind` covering `group` (empty: any) in force on `day`, or nullptr. At most one
  // exists: the loader refuses overlapping rules of one kind with a common group.
  const Rule* InForce(std::string_view kind, DayNumber day, std::string_view group = {}) const;
  // Every rule of `kind` covering `group`, by effective_from.
  std::vector<const Rule*> OfKind(std::string_view kind, std::string_view group = {}) const;

 private:
  std::string id_;
  std::string name_;
  std::vector<Rule> rules_;
  std::vector<Suspension> suspensions_;
};

// The folder with the shipped rule sets: $FREMDRIFT_RULES_DIR, else data/rules in the data folder
// (common/data_dir.h: installed beside the binary, or the source tree of a build tree).
std::string DefaultRulesDir();

}  // namespace fremdrift::cases
