// The pools' measurements offered by the API, with the CLI's names and parameters
// (`fremdrift measure fsm2 --from ...` ↔ `/api/v1/measurements/fsm2?from=...`). The data level
// follows the part: deadlines and rule breaches name citizens (audited), caseloads name
// caseworkers.
#include "models/pool_measure.h"
#include "rules/rule_catalog.h"
#include "catalog/case_source.h"
#include "catalog/catalog.h"

namespace fremdrift::catalog {
namespace {

using PoolFn = Result<Table> (*)(const cases::EffortModel&, const cases::CaseData&,
                                 const cases::PoolQuery&);

struct Part {
  const char* id;
  PoolFn fn;
  DataLevel level;
};

constexpr Part kParts[] = {
    {"indikatorer", &cases::PoolIndicators, DataLevel::kAggregate},
    {"udbetaling", &cases::PoolPayout, DataLevel::kAggregate},
    {"trin", &cases::PoolSteps, DataLevel::kAggregate},
    {"sagsstamme", &cases::PoolCaseload, DataLevel::kStaff},
    {"frister", &cases::PoolDeadlines, DataLevel::kCitizen},
};

const Part* FindPart(std::string_view id) {
  for (const Part& p : kParts) {
    if (id == p.id) return &p;
  }
  return nullptr;
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

Result<Table> RunPool(const MeasureContext& ctx, const Params& p, std::string model_id,
                      std::string part_id) {
  if (!ctx.cases) return FailedPrecondition("the server was started without --db");
  const Part* part = FindPart(part_id);
  if (!part) {
    return InvalidArgument(
        "del: '{}' is not one of indikatorer, udbetaling, trin, sagsstamme, "
        "frister",
        part_id.size() > 40 ? part_id.substr(0, 40) : part_id);
  }
  const cases::EffortModel* model = ctx.cases->FindModel(model_id);
  if (!model) {
    return InvalidArgument("model: '{}' is not a loaded pool model",
                           model_id.size() > 40 ? model_id.substr(0, 40) : model_id);
  }
  cases::PoolQuery q;
  q.reference = ctx.reference;
  RETURN_IF_ERROR(ReadWindow(ctx, p, &q.from, &q.to, &q.kommuner));
  ASSIGN_OR_RETURN(auto loaded, ctx.cases->Data());
  return part->fn(*model, loaded->data, q);
}

std::vector<ParamSpec> PoolParams(bool with_part, bool with_model) {
  std::vector<ParamSpec> out = {
      {"from", "first month YYYY-MM (default: the pool's period)", ""},
      {"to", "last month YYYY-MM (default: the pool's period)", ""},
      {"kommune", "municipality codes, comma separated (default: all)", ""},
  };
  if (with_part) out.push_back({"del", "indikatorer, udbetaling, trin, sagsstamme or frister", ""});
  if (with_model) out.push_back({"model", "pool model id (data/models/ID.toml)", "", true});
  return out;
}

DataLevel LevelOfPart(std::string_view part) {
  const Part* p = FindPart(part);
  return p ? p->level : DataLevel::kAggregate;
}

// rettidighed / rehabilitering: the rule set data/rules/ID.toml (loaded per request, so a changed
// rule file counts at once), "as of" any day, ages from the register store when served with one.
Result<Table> RunRuleMeasure(const MeasureContext& ctx, const Params& p, const std::string& id) {
  if (!ctx.cases) return FailedPrecondition("the server was started without --db");
  ASSIGN_OR_RETURN(const cases::RuleMeasurePart* part,
                   cases::FindRuleMeasurePart(id, p.Get("del")));
  ASSIGN_OR_RETURN(cases::RuleSet rules, cases::RuleSet::Load(id, cases::DefaultRulesDir()));
  cases::RuleQuery q;
  q.reference = ctx.reference;
  RETURN_IF_ERROR(ReadWindow(ctx, p, &q.from, &q.to, &q.kommuner));
  std::optional<cases::CaseData> as_of_data;
  std::shared_ptr<const LoadedCases> loaded;
  if (auto as_of = p.Get("as_of"); !as_of.empty()) {
    auto parsed = cases::ParseAsOf(as_of);
    if (!parsed.ok())
      return InvalidArgument("as_of: '{}' is not a date YYYY-MM-DD", as_of.substr(0, 40));
    ASSIGN_OR_RETURN(as_of_data, ctx.cases->DataAsOf(*parsed));
  } else {
    ASSIGN_OR_RETURN(loaded, ctx.cases->Data());
  }
  const cases::CaseData& data = as_of_data ? *as_of_data : loaded->data;
  cases::BirthDays births;
  if (part->needs_ages && ctx.store != nullptr) {
    births = cases::BirthDaysFromStore(*ctx.store, data);
    q.birth_days = &births;
  }
  ASSIGN_OR_RETURN(Table t, part->fn(rules, data, q));
  if (part->needs_ages && ctx.store == nullptr) {
    t.AddNote(
        "Serveren har intet registerlager (--store): alder ukendt, aldersreglerne er ikke "
        "kontrolleret.");
  }
  return t;
}

}  // namespace

Status AddCaseMeasurements(MeasurementRegistry& registry) {
  struct Fixed {
    const char* id;
    const char* title;
    const char* description;
    const char* model;
    const char* part;  // default part
    bool part_param;
  };
  static const Fixed kFixed[] = {
      {"fsm2", "Flere skal med 2: indikatorer", "Flere skal med 2: the seven monthly indicators",
       "fsm2", "indikatorer", false},
      {"fsm2-udbetaling", "Flere skal med 2: udbetaling",
       "Flere skal med 2: best month, tier reached and amount due", "fsm2", "udbetaling", false},
      {"haandholdt", "Håndholdt ressourceforløb",
       "Håndholdt ressourceforløb: caseloads (sagsstamme), deadlines (frister), passive share "
       "(indikatorer), steps (trin)",
       "haandholdt", "sagsstamme", true},
  };
  for (const Fixed& f : kFixed) {
    Measurement m;
    m.id = f.id;
    m.title = f.title;
    m.description = f.description;
    m.source = "cases";
    m.params = PoolParams(f.part_param, false);
    std::string part = f.part;
    std::string model = f.model;
    m.level = [part](const Params& p) { return LevelOfPart(p.Get("del", part)); };
    m.compute = [part, model](const MeasureContext& ctx, const Params& p) {
      return RunPool(ctx, p, model, p.Get("del", part));
    };
    RETURN_IF_ERROR(registry.Add(std::move(m)));
  }
  for (const char* id : {"rettidighed", "rehabilitering"}) {
    Measurement m;
    m.id = id;
    std::string measure = id;
    m.title = measure == "rettidighed" ? "Rettidighed" : "Rehabilitering";
    m.description =
        measure == "rettidighed"
            ? "share of citizens whose required conversations and offers were on time, per "
              "benefit group and month, under the dated rules (data/rules/rettidighed.toml)"
            : "decisions by kind and age group, days from FSM2 group 2 to the rehabilitation "
              "team, breaches of the dated reform rules (data/rules/rehabilitering.toml)";
    m.source = "cases";
    m.params = {
        {"from", "first month YYYY-MM (default: the first with data)", ""},
        {"to", "last month YYYY-MM (default: the last with data)", ""},
        {"kommune", "municipality codes, comma separated (default: all)", ""},
        {"as_of", "as the event store stood at the end of this day (YYYY-MM-DD)", ""},
        {"del", cases::RuleMeasurePartNames(measure),
         std::string((*cases::FindRuleMeasurePart(measure, ""))->part)},
    };
    m.level = [measure](const Params& p) {
      auto part = cases::FindRuleMeasurePart(measure, p.Get("del"));
      return part.ok() && (*part)->citizen_level ? DataLevel::kCitizen : DataLevel::kAggregate;
    };
    m.compute = [measure](const MeasureContext& ctx, const Params& p) {
      return RunRuleMeasure(ctx, p, measure);
    };
    RETURN_IF_ERROR(registry.Add(std::move(m)));
  }
  Measurement pool;
  pool.id = "pool";
  pool.title = "Puljer";
  pool.description = "any pool defined in data/models/NAME.toml";
  pool.source = "cases";
  pool.params = PoolParams(true, true);
  pool.level = [](const Params& p) { return LevelOfPart(p.Get("del", "indikatorer")); };
  pool.compute = [](const MeasureContext& ctx, const Params& p) {
    return RunPool(ctx, p, p.Get("model"), p.Get("del", "indikatorer"));
  };
  return registry.Add(std::move(pool));
}

}  // namespace fremdrift::catalog
