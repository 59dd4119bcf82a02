// The case measurements of the catalogue (catalog.h): the pools' measurement systems (effort
// models as data, data/models/*.toml), indsatsplaner, and the dated rule sets (data/rules/*.toml)
// over the event store, "as of" any day. `fremdrift measure fsm2 --from 2020-01 --as-of
// 2020-06-30` ↔ `/api/v1/measurements/fsm2?from=2020-01&as_of=2020-06-30`. The data level follows
// the part: deadlines and rule breaches name citizens (audited), caseloads name caseworkers.
#include <algorithm>
#include <optional>

#include "catalog/case_source.h"
#include "catalog/catalog.h"
#include "domain/date.h"
#include "models/indsatsplaner.h"
#include "models/pool_measure.h"
#include "rules/rule_catalog.h"

namespace fremdrift::catalog {
namespace {

using PoolFn = Result<Table> (*)(const cases::EffortModel&, const cases::CaseData&,
                                 const cases::PoolQuery&);

struct Part {
  const char* id;
  PoolFn fn;
  DataLevel level;
  const char* help;
};

constexpr Part kParts[] = {
    {"indikatorer", &cases::PoolIndicators, DataLevel::kAggregate,
     "the indicators per month (taeller, naevner, andel)"},
    {"udbetaling", &cases::PoolPayout, DataLevel::kAggregate,
     "best month, tier reached and amount due"},
    {"trin", &cases::PoolSteps, DataLevel::kAggregate, "citizens per step reached"},
    {"sagsstamme", &cases::PoolCaseload, DataLevel::kStaff,
     "active cases per caseworker against the warning level and the cap"},
    {"frister", &cases::PoolDeadlines, DataLevel::kCitizen,
     "every deadline per citizen with its status"},
};

const Part* FindPart(std::string_view id) {
  for (const Part& p : kParts) {
    if (id == p.id) return &p;
  }
  return nullptr;
}

std::vector<std::string> PartNames() {
  std::vector<std::string> out;
  for (const Part& p : kParts) out.push_back(p.id);
  return out;
}

std::string PartHelp() {
  std::string out;
  for (const Part& p : kParts) out += (out.empty() ? "" : "; ") + std::string(p.id) + ": " + p.help;
  return out;
}

DataLevel LevelOfPart(std::string_view part) {
  const Part* p = FindPart(part);
  return p ? p->level : DataLevel::kAggregate;
}

Status NeedCases(const MeasureContext& ctx) {
  if (!ctx.cases) return FailedPrecondition("no event store (--db)");
  return Status::Ok();
}

// The parameters every case measurement shares: from, to (months) and kommune (codes).
Status ReadWindow(const MeasureContext& ctx, const Params& p, MonthIndex* from, MonthIndex* to,
                  std::vector<int>* kommuner) {
  if (auto text = p.Get("from"); !text.empty()) {
    auto m = ParseMonthBound(text, false);
    if (!m.ok()) return InvalidArgument("from: {}", m.status().message());
    *from = *m;
  }
  if (auto text = p.Get("to"); !text.empty()) {
    auto m = ParseMonthBound(text, true);
    if (!m.ok()) return InvalidArgument("to: {}", m.status().message());
    *to = *m;
  }
  ASSIGN_OR_RETURN(*kommuner, p.Kommuner("kommune"));
  for (int k : *kommuner) {
    if (ctx.reference->MunicipalityIndex(k) < 0) {
      return InvalidArgument("kommune: {} is not a municipality code", k);
    }
  }
  return Status::Ok();
}

// The histories a request reads: the shared current ones, or (with `as_of`) the store as it
// stood at the end of that day, read for this request.
struct CaseView {
  std::shared_ptr<const LoadedCases> loaded;
  std::optional<cases::CaseData> as_of_data;
  const cases::CaseData& data() const { return as_of_data ? *as_of_data : loaded->data; }
};

Result<CaseView> ReadCases(const MeasureContext& ctx, const Params& p) {
  CaseView view;
  if (auto as_of = p.Get("as_of"); !as_of.empty()) {
    auto parsed = cases::ParseAsOf(as_of);
    if (!parsed.ok()) return InvalidArgument("as_of: '{}' is not a date YYYY-MM-DD", Shown(as_of));
    ASSIGN_OR_RETURN(view.as_of_data, ctx.cases->DataAsOf(*parsed));
  } else {
    ASSIGN_OR_RETURN(view.loaded, ctx.cases->Data());
  }
  return view;
}

Result<Table> RunPool(const MeasureContext& ctx, const Params& p, const std::string& model_id,
                      const std::string& part_id) {
  RETURN_IF_ERROR(NeedCases(ctx));
  const Part* part = FindPart(part_id);
  if (!part) return InvalidArgument("del: '{}' is not a part of a pool", Shown(part_id));
  const cases::EffortModel* model = ctx.cases->FindModel(model_id);
  if (!model) return InvalidArgument("model: '{}' is not a loaded pool model", Shown(model_id));
  cases::PoolQuery q;
  q.reference = ctx.reference;
  RETURN_IF_ERROR(ReadWindow(ctx, p, &q.from, &q.to, &q.kommuner));
  ASSIGN_OR_RETURN(CaseView view, ReadCases(ctx, p));
  return part->fn(*model, view.data(), q);
}

// indsatsplaner: without `from`/`to`, the 12 months up to the month of the latest event.
Result<Table> RunIndsatsplaner(const MeasureContext& ctx, const Params& p) {
  RETURN_IF_ERROR(NeedCases(ctx));
  cases::PoolQuery q;
  q.reference = ctx.reference;
  RETURN_IF_ERROR(ReadWindow(ctx, p, &q.from, &q.to, &q.kommuner));
  ASSIGN_OR_RETURN(CaseView view, ReadCases(ctx, p));
  if (q.from < 0 || q.to < 0) {
    DayNumber last = 0;
    bool any = false;
    for (const auto& citizen : view.data().citizens) {
      if (citizen->events().empty()) continue;
      last = any ? std::max(last, citizen->events().back().date) : citizen->events().back().date;
      any = true;
    }
    if (!any && q.to < 0) return FailedPrecondition("indsatsplaner: the event store has no events");
    if (q.to < 0) {
      CivilDate d = CivilFromDays(last);
      q.to = MakeMonth(d.year, d.month);
    }
    if (q.from < 0) q.from = std::max(0, q.to - 11);
  }
  if (q.to < q.from) return InvalidArgument("to: before from");
  return cases::Indsatsplaner(view.data(), q);
}

// rettidighed / rehabilitering: the rule set (loaded per request, so a changed rule file counts
// at once), "as of" any day, ages from the register store when there is one.
Result<Table> RunRuleMeasure(const MeasureContext& ctx, const Params& p, const std::string& id) {
  RETURN_IF_ERROR(NeedCases(ctx));
  ASSIGN_OR_RETURN(const cases::RuleMeasurePart* part,
                   cases::FindRuleMeasurePart(id, p.Get("del")));
  ASSIGN_OR_RETURN(cases::RuleSet rules, cases::RuleSet::Load(ctx.rules.empty() ? id : ctx.rules,
                                                              cases::DefaultRulesDir()));
  cases::RuleQuery q;
  q.reference = ctx.reference;
  RETURN_IF_ERROR(ReadWindow(ctx, p, &q.from, &q.to, &q.kommuner));
  ASSIGN_OR_RETURN(CaseView view, ReadCases(ctx, p));
  cases::BirthDays births;
  if (part->needs_ages && ctx.store != nullptr) {
    births = cases::BirthDaysFromStore(*ctx.store, view.data());
    q.birth_days = &births;
  }
  ASSIGN_OR_RETURN(Table t, part->fn(rules, view.data(), q));
  if (part->needs_ages && ctx.store == nullptr) {
    t.AddNote(
        "Intet registerlager (--store): borgernes alder kendes ikke (aldersgruppe 'ukendt'), og "
        "aldersreglerne er ikke kontrolleret.");
  }
  return t;
}

// from, to, kommune and as_of, as every case measurement has them.
std::vector<ParamSpec> WindowParams(const char* from_help, const char* to_help) {
  return {
      {"from", from_help, "", false, ParamType::kMonth, {}},
      {"to", to_help, "", false, ParamType::kMonth, {}},
      {"kommune",
       "municipality codes, comma separated (default: all)",
       "",
       false,
       ParamType::kCodes,
       {}},
      {"as_of",
       "as the event store stood at the end of this day (YYYY-MM-DD) or at this time; months "
       "after it are left out",
       "",
       false,
       ParamType::kDate,
       {}},
  };
}

std::vector<ParamSpec> PoolParams() {
  return WindowParams("first month YYYY-MM (default: the pool's period)",
                      "last month YYYY-MM (default: the pool's period, up to the as-of day)");
}

const Input kDb = {"db", true, "event store: sqlite:PATH or postgresql://..."};
const Input kModels = {"models", false,
                       "folder with the pools' model files (default: data/models, "
                       "$FREMDRIFT_MODELS_DIR)"};

Measurement CaseMeasurement(std::string id, std::string title, std::string beskrivelse,
                            std::string description) {
  Measurement m;
  m.id = std::move(id);
  m.title = std::move(title);
  m.description = std::move(description);
  m.beskrivelse = std::move(beskrivelse);
  m.source = "cases";
  m.inputs = {kDb};
  return m;
}

// A pool whose model is fixed (fsm2, haandholdt); `part_param`: the part is chosen with `del`.
Measurement FixedPool(std::string id, std::string title, std::string beskrivelse,
                      std::string description, std::string model, std::string part,
                      bool part_param) {
  Measurement m = CaseMeasurement(std::move(id), std::move(title), std::move(beskrivelse),
                                  std::move(description));
  m.inputs.push_back(kModels);
  m.params = PoolParams();
  if (part_param) {
    m.params.push_back({"del", PartHelp(), part, false, ParamType::kChoice, PartNames()});
  }
  m.level = [part](const Params& p) { return LevelOfPart(p.Get("del", part)); };
  m.compute = [part, model](const MeasureContext& ctx, const Params& p) {
    return RunPool(ctx, p, model, p.Get("del", part));
  };
  return m;
}

Measurement RuleMeasurement(const std::string& id, std::string title, std::string beskrivelse,
                            std::string description) {
  Measurement m =
      CaseMeasurement(id, std::move(title), std::move(beskrivelse), std::move(description));
  bool ages = false;
  std::vector<std::string> parts;
  std::string help;
  for (const auto& part : cases::RuleMeasureParts()) {
    if (part.measure != id) continue;
    ages = ages || part.needs_ages;
    parts.emplace_back(part.part);
    help += (help.empty() ? "" : "; ") + std::string(part.part) + ": " + std::string(part.help);
  }
  m.inputs.push_back({"rules", false,
                      "rule set: an id in data/rules ($FREMDRIFT_RULES_DIR) or a .toml file "
                      "(default: " +
                          id + ")"});
  if (ages) {
    m.inputs.push_back({"store", false,
                        "spell store of the register: ages from birth dates (events imported "
                        "with its key)"});
  }
  m.params = WindowParams("first month YYYY-MM (default: the first with data)",
                          "last month YYYY-MM (default: the last with data, up to the as-of day)");
  m.params.push_back({"del", help, parts.front(), false, ParamType::kChoice, parts});
  m.level = [id](const Params& p) {
    auto part = cases::FindRuleMeasurePart(id, p.Get("del"));
    return part.ok() && (*part)->citizen_level ? DataLevel::kCitizen : DataLevel::kAggregate;
  };
  m.compute = [id](const MeasureContext& ctx, const Params& p) {
    return RunRuleMeasure(ctx, p, id);
  };
  return m;
}

}  // namespace

Status AddCaseMeasurements(MeasurementRegistry& registry) {
  RETURN_IF_ERROR(registry.Add(
      FixedPool("fsm2", "Flere skal med 2: indikatorer",
                "Flere skal med 2: de syv månedlige indikatorer pr. kommune og på landsplan",
                "Flere skal med 2: the seven monthly indicators, per municipality and landsplan",
                "fsm2", "indikatorer", false)));
  RETURN_IF_ERROR(registry.Add(FixedPool(
      "fsm2-udbetaling", "Flere skal med 2: udbetaling",
      "Flere skal med 2: bedste måned, nået trin og beløb til udbetaling",
      "Flere skal med 2: best month, tier reached and amount due", "fsm2", "udbetaling", false)));
  RETURN_IF_ERROR(registry.Add(FixedPool(
      "haandholdt", "Håndholdt ressourceforløb",
      "Håndholdt ressourceforløb: sagsstamme mod loftet, frister, passiv andel (indikatorer) og "
      "trin",
      "Håndholdt ressourceforløb: caseloads against the cap (sagsstamme), deadlines (frister), "
      "passive share (indikatorer), steps (trin)",
      "haandholdt", "sagsstamme", true)));
  {
    Measurement pool =
        CaseMeasurement("pool", "Puljer", "enhver pulje beskrevet i en modelfil (data/models)",
                        "any pool defined in data/models/ID.toml");
    pool.inputs.push_back(kModels);
    pool.params = PoolParams();
    pool.params.push_back(
        {"model", "pool model id (data/models/ID.toml)", "", true, ParamType::kText, {}});
    pool.params.push_back(
        {"del", PartHelp(), "indikatorer", false, ParamType::kChoice, PartNames()});
    pool.level = [](const Params& p) { return LevelOfPart(p.Get("del", "indikatorer")); };
    pool.compute = [](const MeasureContext& ctx, const Params& p) {
      return RunPool(ctx, p, p.Get("model"), p.Get("del", "indikatorer"));
    };
    RETURN_IF_ERROR(registry.Add(std::move(pool)));
  }
  {
    Measurement plans = CaseMeasurement(
        "indsatsplaner", "Indsatsplaner",
        "borgere i en indsats (åben visitation) med en plan, med et konkret mål, og planer pr. "
        "område, pr. måned og kommune",
        "citizens in an effort (an open visitation) with a plan, with a concrete goal, and plans "
        "by domain, per month and municipality");
    plans.params = WindowParams(
        "first month YYYY-MM (default: 11 months before 'to')",
        "last month YYYY-MM (default: the month of the latest event, up to the as-of day)");
    plans.level = [](const Params&) { return DataLevel::kAggregate; };
    plans.compute = &RunIndsatsplaner;
    RETURN_IF_ERROR(registry.Add(std::move(plans)));
  }
  RETURN_IF_ERROR(registry.Add(RuleMeasurement(
      "rettidighed", "Rettidighed",
      "andel af borgere hvis lovpligtige samtaler og tilbud var rettidige, pr. ydelsesgruppe og "
      "måned, efter de daterede regler",
      "share of citizens whose required conversations and offers were on time, per benefit "
      "group and month, under the dated rules (data/rules/rettidighed.toml)")));
  return registry.Add(RuleMeasurement(
      "rehabilitering", "Rehabilitering",
      "afgørelser efter rehabiliteringsteamet efter type og aldersgruppe, dage fra FSM2 gruppe 2 "
      "til teamet, og brud på reformens daterede regler",
      "decisions after the rehabilitation team by kind and age group, days from FSM2 group 2 to "
      "the team, and breaches of the dated reform rules (data/rules/rehabilitering.toml)"));
}

}  // namespace fremdrift::catalog
