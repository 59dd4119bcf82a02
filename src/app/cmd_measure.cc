// `fremdrift measure <id>`: every measurement of the catalogue (catalog/catalog.h) as a
// subcommand, generated from its declaration: each parameter is an option (`as_of` → `--as-of`)
// with the declared help and default, and the inputs it reads are options too (--store,
// --population, --db, --models, --rules), besides --format csv|json and --threads. It runs through
// catalog::Compute, as the API does, so the same parameters give the same Table (and the same
// CSV) in the CLI and the API.
#include <iostream>
#include <map>
#include <memory>
#include <string>

#include "app/app_util.h"
#include "catalog/catalog.h"
#include "common/file_util.h"
#include "measure/population.h"
#include "table/suppression.h"
#include "table/table_format.h"
#ifdef FREMDRIFT_CATALOG_CASES
#include "catalog/case_source.h"
#include "models/effort_model.h"
#endif

namespace fremdrift {
namespace {

using catalog::Input;
using catalog::Measurement;
using catalog::MeasureContext;
using catalog::Params;
using catalog::ParamSpec;
using catalog::ParamType;

// "as_of" → "--as-of".
std::string OptionName(std::string_view param) {
  std::string out = "--";
  for (char c : param) out += c == '_' ? '-' : c;
  return out;
}

// What one subcommand read from the command line.
struct MeasureArgs {
  std::map<std::string, std::string> inputs;  // input name → value
  std::map<std::string, std::string> values;  // parameter name → text
  std::map<std::string, bool> flags;          // flag parameters
  std::map<std::string, CLI::Option*> given;  // parameter name → its option
  std::string format = "csv";
  std::size_t threads = 0;
  int min_persons = 0;  // 0: exact figures; else as published (table/suppression.h)
};

// The catalogue's errors name the parameter ("as_of: ..."); here it is the option ("--as-of: ...").
int ReportMeasureError(const Status& s, const Measurement& m) {
  std::string message = s.message();
  for (const ParamSpec& spec : m.params) {
    if (message.rfind(spec.name + ":", 0) == 0) {
      message = OptionName(spec.name) + message.substr(spec.name.size());
      break;
    }
  }
  return ReportError(Status(s.code(), message));
}

// The inputs a measurement reads, opened.
struct OpenedInputs {
  std::unique_ptr<SpellStore> store;
  std::unique_ptr<Population> population;
#ifdef FREMDRIFT_CATALOG_CASES
  std::unique_ptr<catalog::CaseSource> cases;
#endif
};

bool Reads(const Measurement& m, std::string_view input) {
  for (const Input& in : m.inputs) {
    if (in.name == input) return true;
  }
  return false;
}

Result<OpenedInputs> OpenInputs(const Measurement& m, const MeasureArgs& a,
                                const ReferenceData& ref, MeasureContext& ctx) {
  OpenedInputs out;
  const std::string store_path = a.inputs.count("store") ? a.inputs.at("store") : "";
  if (!store_path.empty()) {
    auto store = SpellStore::Open(store_path);
    if (!store.ok()) return store.status().WithContext("--store");
    out.store = std::make_unique<SpellStore>(std::move(*store));
    ctx.store = out.store.get();
  }
  if (Reads(m, "population")) {
    std::string path = a.inputs.at("population");
    if (path.empty()) {
      path = PopulationPathForStore(store_path);
      if (!FileExists(path)) {
        return InvalidArgument(
            "--population: no population file given and none kept beside the store ({}); "
            "ingest with --population FILE or pass --population FILE",
            path);
      }
    }
    auto pop = Population::Load(path, ref);
    if (!pop.ok()) return pop.status();
    out.population = std::make_unique<Population>(std::move(*pop));
    ctx.population = out.population.get();
  }
  if (Reads(m, "rules")) ctx.rules = a.inputs.at("rules");
#ifdef FREMDRIFT_CATALOG_CASES
  if (Reads(m, "db") && !a.inputs.at("db").empty()) {  // optional for some (sammenligning)
    std::string models;
    if (Reads(m, "models")) {
      models = a.inputs.at("models").empty() ? cases::DefaultModelsDir() : a.inputs.at("models");
    }
    auto cases = catalog::CaseSource::Open(a.inputs.at("db"), models);
    if (!cases.ok()) return cases.status().WithContext("--db");
    out.cases = std::move(*cases);
    ctx.cases = out.cases.get();
  }
#endif
  return out;
}

int Run(const AppContext& app, const Measurement& m, const MeasureArgs& a) {
  auto format = ParseTableFormat(a.format);
  if (!format.ok()) return ReportError(format.status());
  auto ref = LoadReference(app, a.inputs.count("store") ? a.inputs.at("store") : std::string());
  if (!ref.ok()) return ReportError(ref.status());
  MeasureContext ctx;
  ctx.reference = &*ref;
  ctx.threads = a.threads;
  auto inputs = OpenInputs(m, a, *ref, ctx);
  if (!inputs.ok()) return ReportError(inputs.status());
  Params params;
  for (const ParamSpec& spec : m.params) {
    if (spec.type == ParamType::kFlag) {
      if (a.flags.at(spec.name)) params.Set(spec.name, "true");
    } else if (a.given.at(spec.name)->count() > 0) {
      params.Set(spec.name, a.values.at(spec.name));
    }
  }
#ifdef FREMDRIFT_CATALOG_CASES
  // `--model FILE.toml`: a pool model file outside the models folder.
  if (std::string model = params.Get("model"); model.ends_with(".toml") && inputs->cases) {
    auto loaded = cases::EffortModel::LoadFile(model);
    if (!loaded.ok()) return ReportError(loaded.status().WithContext("--model"));
    params.Set("model", loaded->id);
    inputs->cases->AddModel(std::move(*loaded));
  }
#endif
  auto table = catalog::Compute(m, ctx, params);
  if (!table.ok()) return ReportMeasureError(table.status(), m);
  if (a.min_persons > 1) {
    *table = SuppressForPublication(*table, StandardSuppressionSpec(*table, a.min_persons, &*ref),
                                    SuppressedCell::kEmpty);
  }
  WriteTable(*table, *format, std::cout);
  return kExitOk;
}

void AddMeasureCommand(AppContext& app, CLI::App* measure, const Measurement& m) {
  CLI::App* sub = measure->add_subcommand(m.id, m.description);
  auto a = std::make_shared<MeasureArgs>();
  for (const Input& in : m.inputs) {
    CLI::Option* opt = sub->add_option("--" + in.name, a->inputs[in.name], in.help);
    if (in.required) opt->required();
  }
  for (const ParamSpec& spec : m.params) {
    std::string help = spec.help;
    if (spec.type == ParamType::kFlag) {
      sub->add_flag(OptionName(spec.name), a->flags[spec.name], help);
      continue;
    }
    CLI::Option* opt = sub->add_option(OptionName(spec.name), a->values[spec.name], help);
    if (!spec.default_value.empty()) opt->default_str(spec.default_value);
    if (spec.required) opt->required();
    a->given[spec.name] = opt;
  }
  sub->add_option("--format", a->format, "csv or json")
      ->check(CLI::IsMember({"csv", "json"}))
      ->capture_default_str();
  sub->add_option("--min-persons", a->min_persons,
                  "show the table as it is published: counts under this many persons, and the "
                  "cells that would reveal them, left empty (as the API for analysts; default "
                  "0: exact figures)")
      ->check(CLI::Range(0, 1000));
  if (m.source == "register") {
    sub->add_option("--threads", a->threads, "worker threads (default: all cores)");
  }
  std::string inputs;
  for (const Input& in : m.inputs) {
    inputs += (inputs.empty() ? "" : ", ") + in.name + (in.required ? "" : " (optional)");
  }
  sub->footer("Source: " + m.source + "; reads " + inputs + ". Level: " +
              std::string(catalog::DataLevelName(catalog::LevelOf(m, Params()))) +
              ". API: /api/v1/measurements/" + m.id + " with the same parameters.");
  app.OnRun(sub, [&app, &m, a] { return Run(app, m, *a); });
}

CommandRegistrar reg([](AppContext& app) {
  static catalog::MeasurementRegistry registry;
  if (registry.all().empty()) {
    Status added = catalog::AddAllMeasurements(registry);
    if (!added.ok()) {
      std::fprintf(stderr, "fremdrift: internal error: %s\n", added.message().c_str());
      return;
    }
  }
  CLI::App* measure = app.Command("measure");
  for (const auto& m : registry.all()) AddMeasureCommand(app, measure, *m);
});

}  // namespace
}  // namespace fremdrift
