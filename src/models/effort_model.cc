// Loading effort models from TOML (see effort_model.h). toml++ throws on syntax errors; they are
// caught here and returned as a Status naming the file, line and column.
#include "models/effort_model.h"

#include <toml++/toml.h>

#include <cstdlib>
#include <filesystem>

#include "models/toml_file.h"
#include "common/data_dir.h"
#include "common/file_util.h"

namespace fremdrift::cases {
namespace {

// The named predicate [[exemption_marks]] defines.
constexpr std::string_view kExemptionMarkDefinition = "fritagelsesmarkering";

class ModelReader {
 public:
  ModelReader(const toml::table& root, std::string_view origin) : root_(root), origin_(origin) {}

  Result<EffortModel> Read() {
    EffortModel m;
    ASSIGN_OR_RETURN(m.id, String(root_, "id", true));
    ASSIGN_OR_RETURN(m.name, String(root_, "name", true));
    ASSIGN_OR_RETURN(m.source, String(root_, "source", false));
    if (const toml::table* defs = root_["define"].as_table()) {
      for (const auto& [key, value] : *defs) {
        const auto* s = value.as_string();
        if (s == nullptr) return Error(value, "define.{} must be a string", key.str());
        definitions_[std::string(key.str())] = s->get();
      }
    }
    if (const toml::array* marks = root_["exemption_marks"].as_array()) {
      std::string reasons;
      for (const auto& node : *marks) {
        const toml::table* t = node.as_table();
        if (t == nullptr) return Error(node, "[[exemption_marks]] entries must be tables");
        ExemptionMark mark;
        ASSIGN_OR_RETURN(mark.id, String(*t, "id", true));
        ASSIGN_OR_RETURN(mark.label, String(*t, "label", true));
        bool word = !mark.id.empty();
        for (char ch : mark.id) {
          word = word && ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_');
        }
        if (!word) return Error(*t, "exemption mark id '{}' must be a-z, 0-9 and _", mark.id);
        for (const ExemptionMark& other : m.exemption_marks) {
          if (other.id == mark.id) return Error(*t, "exemption mark id {} repeated", mark.id);
        }
        reasons += (reasons.empty() ? "" : "|") + mark.id;
        m.exemption_marks.push_back(std::move(mark));
      }
      if (m.exemption_marks.empty()) return Error(*marks, "exemption_marks is empty");
      if (definitions_.count(std::string(kExemptionMarkDefinition)) != 0) {
        return Error(*marks, "define.{} is made from [[exemption_marks]]; do not define it too",
                     kExemptionMarkDefinition);
      }
      definitions_[std::string(kExemptionMarkDefinition)] =
          fmt::format("at_end(exemption, reason={})", reasons);
    }
    const toml::table* period = root_["period"].as_table();
    if (period == nullptr) return Error(root_, "missing [period] with from and to (YYYY-MM)");
    ASSIGN_OR_RETURN(m.from, Month(*period, "from"));
    ASSIGN_OR_RETURN(m.to, Month(*period, "to"));
    if (m.to < m.from) return Error(*period, "period.to is before period.from");

    if (const toml::table* tg = root_["target_group"].as_table()) {
      ASSIGN_OR_RETURN(std::string members, String(*tg, "members", true));
      ASSIGN_OR_RETURN(Predicate p, Pred(*tg, "members", members));
      m.target_group = std::move(p);
      ASSIGN_OR_RETURN(std::string exempt, String(*tg, "exempt", false));
      if (!exempt.empty()) {
        ASSIGN_OR_RETURN(Predicate e, Pred(*tg, "exempt", exempt));
        m.exempt = std::move(e);
      }
    }
    if (const toml::array* groups = root_["groups"].as_array()) {
      for (const auto& node : *groups) {
        const toml::table* t = node.as_table();
        if (t == nullptr) return Error(node, "[[groups]] entries must be tables");
        GroupDef g;
        ASSIGN_OR_RETURN(g.id, String(*t, "id", true));
        ASSIGN_OR_RETURN(g.name, String(*t, "name", true));
        m.groups.push_back(std::move(g));
      }
    }
    if (const toml::array* steps = root_["steps"].as_array()) {
      for (const auto& node : *steps) {
        const toml::table* t = node.as_table();
        if (t == nullptr) return Error(node, "[[steps]] entries must be tables");
        StepDef s;
        ASSIGN_OR_RETURN(s.id, String(*t, "id", true));
        ASSIGN_OR_RETURN(s.name, String(*t, "name", true));
        ASSIGN_OR_RETURN(std::string reached, String(*t, "reached", true));
        ASSIGN_OR_RETURN(s.reached, Pred(*t, "reached", reached));
        m.steps.push_back(std::move(s));
      }
    }
    if (const toml::array* indicators = root_["indicators"].as_array()) {
      for (const auto& node : *indicators) {
        const toml::table* t = node.as_table();
        if (t == nullptr) return Error(node, "[[indicators]] entries must be tables");
        IndicatorDef ind;
        ASSIGN_OR_RETURN(ind.id, String(*t, "id", true));
        ASSIGN_OR_RETURN(ind.label, String(*t, "label", true));
        ASSIGN_OR_RETURN(std::string den, String(*t, "denominator", true));
        ASSIGN_OR_RETURN(std::string num, String(*t, "numerator", true));
        ASSIGN_OR_RETURN(ind.denominator, Pred(*t, "denominator", den));
        ASSIGN_OR_RETURN(ind.numerator, Pred(*t, "numerator", num));
        if (m.FindIndicator(ind.id) != nullptr)
          return Error(*t, "indicator id {} repeated", ind.id);
        m.indicators.push_back(std::move(ind));
      }
    }
    if (const toml::table* payout = root_["payout"].as_table()) {
      PayoutDef p;
      ASSIGN_OR_RETURN(p.indicator, String(*payout, "indicator", true));
      if (m.FindIndicator(p.indicator) == nullptr) {
        return Error(*payout, "payout.indicator '{}' is not an indicator of the model",
                     p.indicator);
      }
      ASSIGN_OR_RETURN(p.interim_share, Number(*payout, "interim_share"));
      ASSIGN_OR_RETURN(p.source, String(*payout, "source", false));
      const toml::array* tiers = (*payout)["tiers"].as_array();
      if (tiers == nullptr)
        return Error(*payout, "payout needs tiers = [{{ threshold_pct, final_share }}]");
      for (const auto& node : *tiers) {
        const toml::table* t = node.as_table();
        if (t == nullptr) return Error(node, "payout tiers must be tables");
        PayoutTier tier;
        ASSIGN_OR_RETURN(tier.threshold_pct, Number(*t, "threshold_pct"));
        ASSIGN_OR_RETURN(tier.final_share, Number(*t, "final_share"));
        ASSIGN_OR_RETURN(tier.label, String(*t, "label", false));
        if (!p.tiers.empty() && tier.threshold_pct <= p.tiers.back().threshold_pct) {
          return Error(*t, "payout tiers must have rising thresholds");
        }
        p.tiers.push_back(std::move(tier));
      }
      if (const toml::table* grants = (*payout)["grants"].as_table()) {
        for (const auto& [key, value] : *grants) {
          const toml::table* g = value.as_table();
          int code = std::atoi(std::string(key.str()).c_str());
          if (g == nullptr || code <= 0) {
            return Error(value, "payout.grants.{} must be a table under a municipality code",
                         key.str());
          }
          Grant grant;
          ASSIGN_OR_RETURN(double amount, Number(*g, "amount"));
          grant.amount = static_cast<std::int64_t>(amount);
          ASSIGN_OR_RETURN(grant.source, String(*g, "source", false));
          p.grants[code] = grant;
        }
      }
      m.payout = std::move(p);
    }
    if (const toml::table* cl = root_["caseload"].as_table()) {
      CaseloadDef c;
      ASSIGN_OR_RETURN(c.role, String(*cl, "role", false));
      ASSIGN_OR_RETURN(std::string active, String(*cl, "active", true));
      ASSIGN_OR_RETURN(c.active, Pred(*cl, "active", active));
      ASSIGN_OR_RETURN(double warning, Number(*cl, "warning"));
      ASSIGN_OR_RETURN(double cap, Number(*cl, "cap"));
      c.warning = static_cast<int>(warning);
      c.cap = static_cast<int>(cap);
      ASSIGN_OR_RETURN(c.source, String(*cl, "source", false));
      m.caseload = std::move(c);
    }
    if (const toml::array* deadlines = root_["deadlines"].as_array()) {
      for (const auto& node : *deadlines) {
        const toml::table* t = node.as_table();
        if (t == nullptr) return Error(node, "[[deadlines]] entries must be tables");
        DeadlineDef d;
        ASSIGN_OR_RETURN(d.id, String(*t, "id", true));
        ASSIGN_OR_RETURN(d.label, String(*t, "label", true));
        ASSIGN_OR_RETURN(std::string start, String(*t, "start", true));
        ASSIGN_OR_RETURN(std::string done, String(*t, "done", true));
        auto s = EventMatcher::Parse(start);
        if (!s.ok()) return Error(*t, "{}", s.status().message());
        auto e = EventMatcher::Parse(done);
        if (!e.ok()) return Error(*t, "{}", e.status().message());
        d.start = *s;
        d.done = *e;
        if (auto v = (*t)["within_days"].value<std::int64_t>())
          d.within_days = static_cast<int>(*v);
        if (auto v = (*t)["within_months"].value<std::int64_t>()) {
          d.within_months = static_cast<int>(*v);
        }
        if ((d.within_days < 0) == (d.within_months < 0)) {
          return Error(*t, "deadline {} needs exactly one of within_days, within_months", d.id);
        }
        ASSIGN_OR_RETURN(d.source, String(*t, "source", false));
        m.deadlines.push_back(std::move(d));
      }
    }
    return m;
  }

 private:
  template <typename... Args>
  Status Error(const toml::node& node, fmt::format_string<Args...> f, Args&&... args) {
    const auto& src = node.source();
    return InvalidArgument("{}:{}:{}: {}", origin_, src.begin.line, src.begin.column,
                           fmt::format(f, std::forward<Args>(args)...));
  }
  Result<std::string> String(const toml::table& t, std::string_view key, bool required) {
    const toml::node* n = t.get(key);
    if (n == nullptr) {
      if (required) return Error(t, "missing '{}'", key);
      return std::string();
    }
    const auto* s = n->as_string();
    if (s == nullptr) return Error(*n, "'{}' must be a string", key);
    return s->get();
  }
  Result<double> Number(const toml::table& t, std::string_view key) {
    const toml::node* n = t.get(key);
    if (n == nullptr) return Error(t, "missing '{}'", key);
    if (auto v = n->value<double>()) return *v;
    return Error(*n, "'{}' must be a number", key);
  }
  Result<MonthIndex> Month(const toml::table& t, std::string_view key) {
    ASSIGN_OR_RETURN(std::string text, String(t, key, true));
    MonthIndex m = ParseMonthText(text);
    if (m < 0) return Error(*t.get(key), "'{}' = '{}' is not a month YYYY-MM", key, text);
    return m;
  }
  Result<Predicate> Pred(const toml::table& t, std::string_view key, const std::string& text) {
    auto p = Predicate::Parse(text, definitions_);
    if (!p.ok()) return Error(*t.get(key), "{}", p.status().message());
    return std::move(p).value();
  }

  const toml::table& root_;
  std::string origin_;
  std::map<std::string, std::string> definitions_;
};

}  // namespace

DayNumber DeadlineDef::DeadlineFor(DayNumber day) const {
  if (within_days >= 0) return day + within_days;
  CivilDate d = CivilFromDays(day);
  int month0 = d.year * 12 + d.month - 1 + within_months;
  int y = month0 / 12, mo = month0 % 12 + 1;
  return DaysFromCivil(y, mo, std::min(d.day, DaysInMonth(y, mo)));
}

const IndicatorDef* EffortModel::FindIndicator(std::string_view id) const {
  for (const auto& i : indicators) {
    if (i.id == id) return &i;
  }
  return nullptr;
}

Result<EffortModel> EffortModel::Parse(std::string_view toml_text, std::string_view origin) {
  return ReadToml<EffortModel>(
      toml_text, origin, [&](const toml::table& root) { return ModelReader(root, origin).Read(); });
}

Result<EffortModel> EffortModel::LoadFile(const std::string& path) {
  ASSIGN_OR_RETURN(std::string text, ReadFileToString(path));
  return Parse(text, path);
}

Result<EffortModel> EffortModel::Load(const std::string& name_or_path, const std::string& dir) {
  ASSIGN_OR_RETURN(std::string path, ResolveTomlFile(name_or_path, dir, "model"));
  return LoadFile(path);
}

std::string DefaultModelsDir() { return DataPath("FREMDRIFT_MODELS_DIR", "data/models"); }

}  // namespace fremdrift::cases
