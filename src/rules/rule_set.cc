// Loading dated rule sets from TOML (see rule_set.h). toml++ throws on syntax errors; they are
// caught here and returned as a Status naming the file, line and column.
#include "rules/rule_set.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "models/toml_file.h"
#include "common/data_dir.h"
#include "common/file_util.h"

namespace fremdrift::cases {
namespace {

constexpr std::string_view kReservedKeys[] = {
    "id",     "kind",   "title",      "effective_from", "effective_to", "gyldig_fra", "gyldig_til",
    "groups", "source", "kilde_kort", "kilde_type",     "params"};
constexpr std::string_view kSuspensionKeys[] = {
    "id",     "title",  "gyldig_fra", "gyldig_til", "kinds",      "groups",
    "virkning", "flyt_dage", "source", "kilde_kort", "kilde_type"};
constexpr std::string_view kSuspendableKinds[] = {"foerste_samtale", "samtaler", "tilbud"};

class RuleReader {
 public:
  RuleReader(const toml::table& root, std::string_view origin) : root_(root), origin_(origin) {}

  Status Read(std::string* id, std::string* name, std::vector<Rule>* rules,
              std::vector<Suspension>* suspensions) {
    ASSIGN_OR_RETURN(*id, String(root_, "id", "", true));
    ASSIGN_OR_RETURN(*name, String(root_, "name", "", true));
    const toml::array* list = root_["rules"].as_array();
    if (list == nullptr || list->empty()) return Error(root_, "", "needs [[rules]] entries");
    for (std::size_t i = 0; i < list->size(); ++i) {
      const toml::table* t = (*list)[i].as_table();
      std::string where = fmt::format("rules[{}]", i + 1);
      if (t == nullptr) return Error((*list)[i], where, "[[rules]] entries must be tables");
      ASSIGN_OR_RETURN(Rule r, ReadRule(*t, where));
      for (const Rule& other : *rules) {
        if (other.id == r.id) return Error(*t, where, "rule id '{}' repeated", r.id);
      }
      rules->push_back(std::move(r));
    }
    if (const toml::node* node = root_.get("suspensions")) {
      const toml::array* susp = node->as_array();
      if (susp == nullptr) return Error(*node, "", "[[suspensions]] must be a list of tables");
      for (std::size_t i = 0; i < susp->size(); ++i) {
        const toml::table* t = (*susp)[i].as_table();
        std::string where = fmt::format("suspensions[{}]", i + 1);
        if (t == nullptr) return Error((*susp)[i], where, "[[suspensions]] entries must be tables");
        ASSIGN_OR_RETURN(Suspension sp, ReadSuspension(*t, where));
        for (const Suspension& other : *suspensions) {
          if (other.id == sp.id) return Error(*t, where, "suspension id '{}' repeated", sp.id);
        }
        for (const Rule& r : *rules) {
          if (r.id == sp.id) return Error(*t, where, "id '{}' is also a rule's id", sp.id);
        }
        suspensions->push_back(std::move(sp));
      }
    }
    // Rules of one kind must not overlap in time for a common group.
    for (std::size_t a = 0; a < rules->size(); ++a) {
      for (std::size_t b = a + 1; b < rules->size(); ++b) {
        const Rule& x = (*rules)[a];
        const Rule& y = (*rules)[b];
        if (x.kind != y.kind) continue;
        if (x.effective_from > y.effective_to || y.effective_from > x.effective_to) continue;
        bool common = x.groups.empty() || y.groups.empty();
        for (const auto& g : x.groups) common = common || y.Covers(g);
        if (common) {
          return InvalidArgument(
              "{}: rules '{}' and '{}' of kind {} are both in force on {} for a common group",
              origin_, x.id, y.id, x.kind,
              FormatIsoDate(CivilFromDays(std::max(x.effective_from, y.effective_from))));
        }
      }
    }
    return Status::Ok();
  }

 private:
  Result<Rule> ReadRule(const toml::table& t, const std::string& where) {
    Rule r;
    ASSIGN_OR_RETURN(r.id, String(t, "id", where, true));
    std::string at = fmt::format("{} (id {})", where, r.id);
    ASSIGN_OR_RETURN(r.kind, String(t, "kind", at, true));
    const RuleKind* kind = nullptr;
    for (const RuleKind& k : RuleKinds()) {
      if (k.kind == r.kind) kind = &k;
    }
    if (kind == nullptr) {
      std::string known;
      for (const RuleKind& k : RuleKinds())
        known += (known.empty() ? "" : ", ") + std::string(k.kind);
      return Error(*t.get("kind"), at, "key 'kind': '{}' is not one of: {}", r.kind, known);
    }
    ASSIGN_OR_RETURN(r.title, String(t, "title", at, true));
    RETURN_IF_ERROR(ReadSource(t, at, &r.source, &r.source_short, &r.source_type));
    ASSIGN_OR_RETURN(r.effective_from, DayAlias(t, "gyldig_fra", "effective_from", at, true));
    ASSIGN_OR_RETURN(DayNumber to, DayAlias(t, "gyldig_til", "effective_to", at, false));
    if (to != kOpenEnd) {
      if (to < r.effective_from) {
        return Error(t, at, "key 'gyldig_til' (effective_to) is before gyldig_fra");
      }
      r.effective_to = to;
    }
    if (const toml::node* g = t.get("groups")) {
      ASSIGN_OR_RETURN(r.groups, Strings(*g, at, "groups"));
    }
    for (const auto& [key, value] : t) {
      if (std::find(std::begin(kReservedKeys), std::end(kReservedKeys), key.str()) ==
          std::end(kReservedKeys)) {
        return Error(value, at,
                     "unknown key '{}' (parameters go under [rules.params]; keys: id, kind, "
                     "title, gyldig_fra, gyldig_til, groups, source, kilde_kort, kilde_type, "
                     "params)",
                     key.str());
      }
    }
    const toml::table* params = t["params"].as_table();
    if (params != nullptr) {
      for (const auto& [key, value] : *params) {
        auto spec = std::find_if(
            kind->params.begin(), kind->params.end(),
            [&k = key](const RuleKind::Param& p) { return p.name == k.str(); });
        if (spec == kind->params.end()) {
          std::string known;
          for (const auto& p : kind->params)
            known += (known.empty() ? "" : ", ") + std::string(p.name);
          return Error(value, at, "key 'params.{}' is not a parameter of kind {} (known: {})",
                       key.str(), r.kind, known.empty() ? "none" : known);
        }
        std::string pkey = "params." + std::string(key.str());
        if (spec->is_int) {
          auto v = value.value<std::int64_t>();
          if (!value.is_integer() || !v || *v < 0) {
            return Error(value, at, "key '{}' must be a whole number >= 0", pkey);
          }
          r.params[std::string(key.str())] = *v;
        } else {
          ASSIGN_OR_RETURN(auto list, Strings(value, at, pkey));
          r.params[std::string(key.str())] = std::move(list);
        }
      }
    }
    for (const auto& p : kind->params) {
      if (p.required && !r.params.count(std::string(p.name))) {
        return Error(params != nullptr ? static_cast<const toml::node&>(*params)
                                       : static_cast<const toml::node&>(t),
                     at, "missing key 'params.{}' (required for kind {})", p.name, r.kind);
      }
    }
    return r;
  }

  Result<Suspension> ReadSuspension(const toml::table& t, const std::string& where) {
    Suspension sp;
    ASSIGN_OR_RETURN(sp.id, String(t, "id", where, true));
    std::string at = fmt::format("{} (id {})", where, sp.id);
    for (const auto& [key, value] : t) {
      if (std::find(std::begin(kSuspensionKeys), std::end(kSuspensionKeys), key.str()) ==
          std::end(kSuspensionKeys)) {
        return Error(value, at,
                     "unknown key '{}' (keys: id, title, gyldig_fra, gyldig_til, kinds, groups, "
                     "virkning, flyt_dage, source, kilde_kort, kilde_type)",
                     key.str());
      }
    }
    ASSIGN_OR_RETURN(sp.title, String(t, "title", at, true));
    RETURN_IF_ERROR(ReadSource(t, at, &sp.source, &sp.source_short, &sp.source_type));
    ASSIGN_OR_RETURN(sp.from, Day(t, "gyldig_fra", at, true));
    ASSIGN_OR_RETURN(sp.to, Day(t, "gyldig_til", at, true));
    if (sp.to < sp.from) return Error(*t.get("gyldig_til"), at, "key 'gyldig_til' is before gyldig_fra");
    const toml::node* kinds = t.get("kinds");
    if (kinds == nullptr) return Error(t, at, "missing key 'kinds'");
    ASSIGN_OR_RETURN(sp.kinds, Strings(*kinds, at, "kinds"));
    for (const auto& k : sp.kinds) {
      if (std::find(std::begin(kSuspendableKinds), std::end(kSuspendableKinds), k) ==
          std::end(kSuspendableKinds)) {
        return Error(*kinds, at,
                     "key 'kinds': '{}' is not one of: foerste_samtale, samtaler, tilbud", k);
      }
    }
    if (const toml::node* g = t.get("groups")) {
      ASSIGN_OR_RETURN(sp.groups, Strings(*g, at, "groups"));
    }
    ASSIGN_OR_RETURN(std::string effect, String(t, "virkning", at, true));
    if (effect == "pause") {
      sp.effect = SuspensionEffect::kPause;
    } else if (effect == "ikke_vurderet") {
      sp.effect = SuspensionEffect::kNotJudged;
    } else if (effect == "flyt") {
      sp.effect = SuspensionEffect::kMove;
    } else {
      return Error(*t.get("virkning"), at,
                   "key 'virkning': '{}' is not one of: pause, ikke_vurderet, flyt", effect);
    }
    if (const toml::node* n = t.get("flyt_dage")) {
      auto v = n->value<std::int64_t>();
      if (!n->is_integer() || !v || *v < 0) {
        return Error(*n, at, "key 'flyt_dage' must be a whole number >= 0");
      }
      if (sp.effect != SuspensionEffect::kMove) {
        return Error(*n, at, "key 'flyt_dage' only goes with virkning = \"flyt\"");
      }
      sp.move_days = *v;
    }
    return sp;
  }

  // source (required, not empty), kilde_kort (default: source), kilde_type (default "lov").
  Status ReadSource(const toml::table& t, std::string_view at, std::string* source,
                    std::string* short_source, std::string* type) {
    ASSIGN_OR_RETURN(*source, String(t, "source", at, true));
    if (source->empty()) return Error(*t.get("source"), at, "key 'source' is empty");
    ASSIGN_OR_RETURN(*short_source, String(t, "kilde_kort", at, false));
    if (short_source->empty()) *short_source = *source;
    ASSIGN_OR_RETURN(*type, String(t, "kilde_type", at, false));
    if (type->empty()) *type = "lov";
    const auto& types = SourceTypes();
    if (std::find(types.begin(), types.end(), *type) == types.end()) {
      std::string known;
      for (auto k : types) known += (known.empty() ? "" : ", ") + std::string(k);
      return Error(*t.get("kilde_type"), at, "key 'kilde_type': '{}' is not one of: {}", *type,
                   known);
    }
    return Status::Ok();
  }

  // The day under `key`, or under its older name `alias`; both at once is an error.
  Result<DayNumber> DayAlias(const toml::table& t, std::string_view key, std::string_view alias,
                             std::string_view where, bool required) {
    if (t.get(key) != nullptr && t.get(alias) != nullptr) {
      return Error(*t.get(alias), where, "keys '{}' and '{}' name the same day; give one", key,
                   alias);
    }
    return Day(t, t.get(alias) != nullptr ? alias : key, where, required);
  }

  template <typename... Args>
  Status Error(const toml::node& node, std::string_view where, fmt::format_string<Args...> f,
               Args&&... args) {
    const auto& src = node.source();
    return InvalidArgument("{}:{}:{}: {}{}{}", origin_, src.begin.line, src.begin.column, where,
                           where.empty() ? "" : ": ", fmt::format(f, std::forward<Args>(args)...));
  }
  Result<std::string> String(const toml::table& t, std::string_view key, std::string_view where,
                             bool required) {
    const toml::node* n = t.get(key);
    if (n == nullptr) {
      if (required) return Error(t, where, "missing key '{}'", key);
      return std::string();
    }
    const auto* s = n->as_string();
    if (s == nullptr) return Error(*n, where, "key '{}' must be a string", key);
    return s->get();
  }
  Result<std::vector<std::string>> Strings(const toml::node& n, std::string_view where,
                                           std::string_view key) {
    const toml::array* a = n.as_array();
    if (a == nullptr) return Error(n, where, "key '{}' must be a list of strings", key);
    std::vector<std::string> out;
    for (const auto& item : *a) {
      const auto* s = item.as_string();
      if (s == nullptr || s->get().empty()) {
        return Error(item, where, "key '{}' must be a list of non-empty strings", key);
      }
      out.push_back(s->get());
    }
    return out;
  }
  // A TOML date (2020-01-01) or a string "2020-01-01"; kOpenEnd when absent and optional.
  Result<DayNumber> Day(const toml::table& t, std::string_view key, std::string_view where,
                        bool required) {
    const toml::node* n = t.get(key);
    if (n == nullptr) {
      if (required) return Error(t, where, "missing key '{}'", key);
      return kOpenEnd;
    }
    if (const auto* d = n->as_date()) {
      const toml::date& v = d->get();
      auto parsed = ParseIsoDate(fmt::format("{:04d}-{:02d}-{:02d}", v.year, v.month, v.day));
      if (parsed.ok()) return DaysFromCivil(*parsed);
    }
    if (const auto* s = n->as_string()) {
      auto parsed = ParseIsoDate(s->get());
      if (parsed.ok()) return DaysFromCivil(*parsed);
    }
    return Error(*n, where, "key '{}' is not a date YYYY-MM-DD", key);
  }

  const toml::table& root_;
  std::string origin_;
};

}  // namespace

const std::vector<RuleKind>& RuleKinds() {
  static const std::vector<RuleKind> kinds = {
      {"foerste_samtale",
       "the first conversation within `within_days` days of the benefit start (of the first "
       "contact when `from_first_contact` = 1 and the benefit_start carries it)",
       {{"within_days", true, true},
        {"conversation_kinds", false, false},
        {"from_first_contact", true, false}}},
      {"samtaler",
       "at least `min_count` conversations within `within_months` months of the benefit start",
       {{"min_count", true, true},
        {"within_months", true, true},
        {"conversation_kinds", false, false},
        {"from_first_contact", true, false}}},
      {"tilbud",
       "an offer (or company placement) started within `within_months` months of the benefit "
       "start; offers under `excluded_paragraphs` and offers shorter than `min_days` do not "
       "count; a løntilskud may start up to `loentilskud_grace_days` after the deadline; an "
       "exemption open on the deadline day moves it to `after_exemption_months` after the "
       "exemption ends",
       {{"within_months", true, true},
        {"offer_kinds", false, false},
        {"placement_kinds", false, false},
        {"from_first_contact", true, false},
        {"excluded_paragraphs", false, false},
        {"min_days", true, false},
        {"loentilskud_grace_days", true, false},
        {"after_exemption_months", true, false}}},
      {"rf_varighed",
       "a ressourceforløb decision's length in years within [min_years, max_years]",
       {{"min_years", true, false}, {"max_years", true, true}}},
      {"fp_under_alder",
       "no førtidspension under `min_age` without a recorded exception",
       {{"min_age", true, true}}},
      {"fp_rf_foerst",
       "from `min_age`, førtidspension only after a ressourceforløb, unless an exception; not "
       "from `folkepension_age` - `years_before_pension` (no ressourceforløb that close to "
       "folkepension)",
       {{"min_age", true, true},
        {"folkepension_age", true, false},
        {"years_before_pension", true, false}}},
      {"rehab_moede_foer_afgoerelse",
       "a decision of the listed kinds needs a rehabilitation team meeting at most "
       "`max_days_before` days before it",
       {{"max_days_before", true, true}}},
      {"fleksjob_foerste_midlertidig", "the first fleksjob is temporary", {}},
      {"fleksjob_permanent_alder",
       "a permanent fleksjob only from `min_age`",
       {{"min_age", true, true}}},
      {"rf_indsats",
       "an effort started within `within_months` months of a ressourceforløb decision, or the "
       "case back at the team within `back_to_team_days` days after that",
       {{"within_months", true, true}, {"back_to_team_days", true, true}}},
  };
  return kinds;
}

const std::vector<std::string_view>& SourceTypes() {
  static const std::vector<std::string_view> types = {"lov", "bekendtgoerelse", "star",
                                                      "kommunens_fortolkning"};
  return types;
}

std::string_view SuspensionEffectName(SuspensionEffect e) {
  switch (e) {
    case SuspensionEffect::kPause:
      return "pause";
    case SuspensionEffect::kNotJudged:
      return "ikke_vurderet";
    case SuspensionEffect::kMove:
      return "flyt";
  }
  return "pause";
}

bool Suspension::Applies(std::string_view kind, std::string_view group) const {
  return std::find(kinds.begin(), kinds.end(), kind) != kinds.end() &&
         (groups.empty() || std::find(groups.begin(), groups.end(), group) != groups.end());
}

std::string Suspension::PeriodText() const {
  return FormatIsoDate(CivilFromDays(from)) + " – " + FormatIsoDate(CivilFromDays(to));
}

bool Rule::Covers(std::string_view group) const {
  return groups.empty() || group.empty() ||
         std::find(groups.begin(), groups.end(), group) != groups.end();
}

std::int64_t Rule::Int(std::string_view name, std::int64_t fallback) const {
  auto it = params.find(std::string(name));
  if (it == params.end()) return fallback;
  const auto* v = std::get_if<std::int64_t>(&it->second);
  return v != nullptr ? *v : fallback;
}

std::vector<std::string> Rule::Strings(std::string_view name) const {
  auto it = params.find(std::string(name));
  if (it == params.end()) return {};
  const auto* v = std::get_if<std::vector<std::string>>(&it->second);
  return v != nullptr ? *v : std::vector<std::string>{};
}

std::string Rule::PeriodText() const {
  std::string from = FormatIsoDate(CivilFromDays(effective_from));
  if (effective_to == kOpenEnd) return "fra " + from;
  return from + " – " + FormatIsoDate(CivilFromDays(effective_to));
}

Result<RuleSet> RuleSet::Parse(std::string_view toml_text, std::string_view origin) {
  return ReadToml<RuleSet>(toml_text, origin, [&](const toml::table& root) -> Result<RuleSet> {
    RuleSet set;
    RETURN_IF_ERROR(
        RuleReader(root, origin).Read(&set.id_, &set.name_, &set.rules_, &set.suspensions_));
    std::stable_sort(set.rules_.begin(), set.rules_.end(), [](const Rule& a, const Rule& b) {
      return a.effective_from < b.effective_from;
    });
    std::stable_sort(set.suspensions_.begin(), set.suspensions_.end(),
                     [](const Suspension& a, const Suspension& b) { return a.from < b.from; });
    return set;
  });
}

Result<RuleSet> RuleSet::LoadFile(const std::string& path) {
  ASSIGN_OR_RETURN(std::string text, ReadFileToString(path));
  return Parse(text, path);
}

Result<RuleSet> RuleSet::Load(const std::string& name_or_path, const std::string& dir) {
  ASSIGN_OR_RETURN(std::string path, ResolveTomlFile(name_or_path, dir, "rule set"));
  return LoadFile(path);
}

const Rule* RuleSet::InForce(std::string_view kind, DayNumber day, std::string_view group) const {
  for (const Rule& r : rules_) {
    if (r.kind == kind && r.InForce(day) && r.Covers(group)) return &r;
  }
  return nullptr;
}

std::vector<const Rule*> RuleSet::OfKind(std::string_view kind, std::string_view group) const {
  std::vector<const Rule*> out;
  for (const Rule& r : rules_) {
    if (r.kind == kind && r.Covers(group)) out.push_back(&r);
  }
  return out;
}

std::string DefaultRulesDir() { return DataPath("FREMDRIFT_RULES_DIR", "data/rules"); }

}  // namespace fremdrift::cases
