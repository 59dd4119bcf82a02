// `fremdrift measure fsm2 | fsm2-udbetaling | haandholdt | pool`: the pools' measurement systems
// over the event store, as CSV or JSON, "as of" any date. The pools are data (data/models/*.toml);
// `rettidighed` and `rehabilitering` read dated rule sets (data/rules/*.toml).
#include <charconv>
#include <iostream>
#include <memory>

#include "app/app_util.h"
#include "eventstore/case_data.h"
#include "models/effort_model.h"
#include "models/indsatsplaner.h"
#include "models/pool_measure.h"
#include "rules/rule_catalog.h"
#include "table/table_format.h"
#include "registry/spell_store.h"

namespace fremdrift {
namespace {

struct PoolArgs {
  std::string db, as_of, from, to, kommune, format = "csv", models, model, part;
};

using PoolFn = Result<Table> (*)(const cases::EffortModel&, const cases::CaseData&,
                                 const cases::PoolQuery&);

Result<Table> IndsatsplanerFn(const cases::EffortModel&, const cases::CaseData& data,
                              const cases::PoolQuery& q) {
  return cases::Indsatsplaner(data, q);
}

Result<PoolFn> PartFunction(const std::string& part) {
  if (part == "indsatsplaner") return &IndsatsplanerFn;
  if (part == "indikatorer") return &cases::PoolIndicators;
  if (part == "udbetaling") return &cases::PoolPayout;
  if (part == "sagsstamme") return &cases::PoolCaseload;
  if (part == "frister") return &cases::PoolDeadlines;
  if (part == "trin") return &cases::PoolSteps;
  return InvalidArgument("--del '{}': one of indikatorer, udbetaling, sagsstamme, frister, trin",
                         part);
}

// What both kinds of case measurement read from the command line: the month window, the
// municipalities and the "as of" point, and the event store as it stood then.
struct CaseWindow {
  MonthIndex from = -1, to = -1;
  std::vector<int> kommuner;
  std::unique_ptr<cases::CaseData> data;
};

Result<CaseWindow> LoadCaseWindow(const ReferenceData& reference, const std::string& from,
                                  const std::string& to, const std::string& kommune,
                                  const std::string& as_of_text, const std::string& db) {
  CaseWindow w;
  if (!from.empty()) {
    auto m = ParseMonthBound(from, false);
    if (!m.ok()) return InvalidArgument("--from: {}", m.status().message());
    w.from = *m;
  }
  if (!to.empty()) {
    auto m = ParseMonthBound(to, true);
    if (!m.ok()) return InvalidArgument("--to: {}", m.status().message());
    w.to = *m;
  }
  for (const auto& k : SplitList(kommune)) {
    int code = 0;
    auto [p, ec] = std::from_chars(k.data(), k.data() + k.size(), code);
    if (ec != std::errc() || p != k.data() + k.size() || reference.MunicipalityIndex(code) < 0) {
      return InvalidArgument("--kommune: '{}' is not a municipality code", k);
    }
    w.kommuner.push_back(code);
  }
  cases::AsOf as_of;
  if (!as_of_text.empty()) {
    ASSIGN_OR_RETURN(as_of, cases::ParseAsOf(as_of_text));
  }
  ASSIGN_OR_RETURN(auto store, cases::EventStore::Open(db));
  ASSIGN_OR_RETURN(auto data, cases::CaseData::Load(*store, as_of));
  w.data = std::make_unique<cases::CaseData>(std::move(data));
  return w;
}

int Run(const AppContext& ctx, const PoolArgs& a) {
  auto format = ParseTableFormat(a.format);
  if (!format.ok()) return ReportError(format.status());
  auto fn = PartFunction(a.part);
  if (!fn.ok()) return ReportError(fn.status());
  auto reference = LoadReference(ctx);
  if (!reference.ok()) return ReportError(reference.status());
  Result<cases::EffortModel> model = cases::EffortModel();
  if (!a.model.empty()) {
    model =
        cases::EffortModel::Load(a.model, a.models.empty() ? cases::DefaultModelsDir() : a.models);
    if (!model.ok()) return ReportError(model.status());
  } else if (a.from.empty() || a.to.empty()) {
    return ReportError(InvalidArgument("--from and --to are required here"));
  }
  auto window = LoadCaseWindow(*reference, a.from, a.to, a.kommune, a.as_of, a.db);
  if (!window.ok()) return ReportError(window.status());
  cases::PoolQuery q;
  q.reference = &*reference;
  q.from = window->from;
  q.to = window->to;
  q.kommuner = window->kommuner;
  auto table = (*fn)(*model, *window->data, q);
  if (!table.ok()) return ReportError(table.status());
  WriteTable(*table, *format, std::cout);
  return kExitOk;
}

void AddCommon(CLI::App* sub, PoolArgs& a) {
  sub->add_option("--db", a.db, "event store: sqlite:PATH or postgresql://...")->required();
  sub->add_option("--as-of", a.as_of,
                  "as the store stood then: events recorded up to this date (YYYY-MM-DD) or time");
  sub->add_option("--from", a.from, "first month (default: the pool's period)");
  sub->add_option("--to", a.to, "last month (default: the pool's period, at most --as-of)");
  sub->add_option("--kommune", a.kommune, "only these municipalities (comma list of codes)");
  sub->add_option("--format", a.format, "csv or json")->capture_default_str();
  sub->add_option("--models", a.models, "folder with the pools' model files (data/models)");
}

// `rettidighed` and `rehabilitering`: dated rule sets (data/rules/ID.toml) over the event store.
struct RuleArgs {
  std::string db, as_of, from, to, kommune, format = "csv", rules, part, store;
};

int RunRules(const AppContext& ctx, const std::string& measure, const RuleArgs& a) {
  auto format = ParseTableFormat(a.format);
  if (!format.ok()) return ReportError(format.status());
  auto part = cases::FindRuleMeasurePart(measure, a.part);
  if (!part.ok()) return ReportError(InvalidArgument("--{}", part.status().message()));
  auto reference = LoadReference(ctx);
  if (!reference.ok()) return ReportError(reference.status());
  auto rules = cases::RuleSet::Load(a.rules.empty() ? measure : a.rules, cases::DefaultRulesDir());
  if (!rules.ok()) return ReportError(rules.status());
  auto window = LoadCaseWindow(*reference, a.from, a.to, a.kommune, a.as_of, a.db);
  if (!window.ok()) return ReportError(window.status());
  const cases::CaseData& data = *window->data;
  cases::RuleQuery q;
  q.reference = &*reference;
  q.from = window->from;
  q.to = window->to;
  q.kommuner = window->kommuner;
  cases::BirthDays births;
  if (!a.store.empty()) {
    auto spells = SpellStore::Open(a.store);
    if (!spells.ok()) return ReportError(spells.status());
    births = cases::BirthDaysFromStore(*spells, data);
    q.birth_days = &births;
  }
  auto table = (*part)->fn(*rules, data, q);
  if (!table.ok()) return ReportError(table.status());
  if ((*part)->needs_ages && a.store.empty()) {
    table->AddNote(
        "Uden --store kendes borgernes alder ikke: aldersgruppe 'ukendt', og "
        "aldersreglerne er ikke kontrolleret.");
  }
  WriteTable(*table, *format, std::cout);
  return kExitOk;
}

CommandRegistrar reg([](AppContext& ctx) {
  auto* measure = ctx.Command("measure");
  struct Fixed {
    const char* name;
    const char* help;
    const char* model;
    const char* part;
  };
  static const Fixed fixed[] = {
      {"fsm2", "Flere skal med 2: the seven monthly indicators, per municipality and landsplan",
       "fsm2", "indikatorer"},
      {"fsm2-udbetaling", "Flere skal med 2: best month, tier reached and amount due", "fsm2",
       "udbetaling"},
  };
  for (const Fixed& f : fixed) {
    auto args = std::make_shared<PoolArgs>();
    args->model = f.model;
    args->part = f.part;
    auto* sub = measure->add_subcommand(f.name, f.help);
    AddCommon(sub, *args);
    ctx.OnRun(sub, [&ctx, args] { return Run(ctx, *args); });
  }
  {
    auto args = std::make_shared<PoolArgs>();
    args->model = "haandholdt";
    args->part = "sagsstamme";
    auto* sub = measure->add_subcommand(
        "haandholdt",
        "Håndholdt ressourceforløb: caseloads against the cap (sagsstamme), deadlines (frister), "
        "passive share (indikatorer)");
    AddCommon(sub, *args);
    sub->add_option("--del", args->part, "sagsstamme, frister, indikatorer or trin")
        ->capture_default_str();
    ctx.OnRun(sub, [&ctx, args] { return Run(ctx, *args); });
  }
  {
    auto args = std::make_shared<PoolArgs>();
    args->part = "indsatsplaner";
    auto* sub = measure->add_subcommand(
        "indsatsplaner",
        "citizens in an effort with a plan, with a concrete goal, and plans by domain (needs "
        "--from and --to)");
    AddCommon(sub, *args);
    ctx.OnRun(sub, [&ctx, args] { return Run(ctx, *args); });
  }
  for (const char* name : {"rettidighed", "rehabilitering"}) {
    auto args = std::make_shared<RuleArgs>();
    std::string measure_name = name;
    auto* sub = measure->add_subcommand(
        name, measure_name == "rettidighed"
                  ? "share of citizens whose required conversations and offers were on time, "
                    "per benefit group and month, under the dated rules (data/rules)"
                  : "decisions after the rehabilitation team by kind and age, time from FSM2 "
                    "group 2 to the team, and breaches of the dated reform rules");
    sub->add_option("--db", args->db, "event store: sqlite:PATH or postgresql://...")->required();
    sub->add_option("--as-of", args->as_of,
                    "as the store stood then: events recorded up to this date (YYYY-MM-DD) or "
                    "time; deadlines are judged on that day");
    sub->add_option("--from", args->from, "first month (default: the first with data)");
    sub->add_option("--to", args->to, "last month (default: the last with data, at most --as-of)");
    sub->add_option("--kommune", args->kommune, "only these municipalities (comma list of codes)");
    sub->add_option("--format", args->format, "csv or json")->capture_default_str();
    sub->add_option("--del", args->part,
                    cases::RuleMeasurePartNames(measure_name) + " (default: the first)");
    sub->add_option("--rules", args->rules,
                    "rule set: an id in data/rules ($FREMDRIFT_RULES_DIR) or a .toml file "
                    "(default: " +
                        measure_name + ")");
    if (measure_name == "rehabilitering") {
      sub->add_option("--store", args->store,
                      "spell store of the register (ages from birth dates; events imported with "
                      "its key)");
    }
    ctx.OnRun(sub, [&ctx, args, measure_name] { return RunRules(ctx, measure_name, *args); });
  }
  {
    auto args = std::make_shared<PoolArgs>();
    args->part = "indikatorer";
    auto* sub = measure->add_subcommand("pool", "any pool defined in data/models/NAME.toml");
    AddCommon(sub, *args);
    sub->add_option("--model", args->model, "model id (data/models/ID.toml) or a .toml file")
        ->required();
    sub->add_option("--del", args->part, "indikatorer, udbetaling, sagsstamme, frister or trin")
        ->capture_default_str();
    ctx.OnRun(sub, [&ctx, args] { return Run(ctx, *args); });
  }
});

}  // namespace
}  // namespace fremdrift
