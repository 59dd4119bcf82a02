// The measurement catalogue: every measurement fremdrift offers, declared once with its id, Danish
// title, description, data source and inputs, data level, parameters (types, defaults, help) and
// compute function (id → parameters → Table). The CLI's `fremdrift measure <id>` subcommands are
// generated from it (each parameter an option, `as_of` → `--as-of`), the API lists it
// (/api/v1/measurements), checks rights from the declared data level, renders any Table as JSON,
// CSV or XLSX and audits citizen-level Tables row by row (their `person` column), so a new
// measurement needs no new CLI, API or rendering code. Compute() is the one way to run one, so
// the same parameters give the same Table in the CLI and the API.
// Thread-safety: filled before use, then read-only; `compute` must be thread-safe.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "catalog/data_level.h"
#include "catalog/params.h"
#include "common/status.h"
#include "domain/reference.h"
#include "registry/spell_store.h"
#include "table/table.h"

namespace fremdrift {
class Population;
}  // namespace fremdrift
namespace fremdrift::catalog {

class CaseSource;

// What a measurement may read. Any source may be absent (serve without --store or --db).
struct MeasureContext {
  const ReferenceData* reference = nullptr;
  const SpellStore* store = nullptr;
  const Population* population = nullptr;  // denominators of shares; may be null
  CaseSource* cases = nullptr;
  std::size_t threads = 0;  // worker threads of the register measurements; 0 = all cores
  // The rule set of a rule measurement: an id in the rules folder or a .toml file (the CLI's
  // --rules); empty = the measurement's own (data/rules/<id>.toml).
  std::string rules = {};
};

// An input a measurement reads besides its parameters: the CLI's option --<name> and the
// server's start option of the same name.
struct Input {
  std::string name;      // "store", "population", "db", "models", "rules"
  bool required = true;  // false: read when given, or it has a default (the population file
                         // kept beside the store; rehabilitering's ages from the store)
  std::string help;
};

struct Measurement {
  std::string id;                 // "fuldtidspersoner": `fremdrift measure <id>`, the API's path
  std::string title;              // Danish, for the dashboard
  std::string description;        // English, for the API listing and the CLI's help
  std::string beskrivelse;        // Danish, for the dashboard (the listing's "beskrivelse")
  std::string source;             // "register", "cases" or "finance"
  bool needs_population = false;  // shares: needs MeasureContext::population
  std::vector<Input> inputs;      // what it reads (store, population, db, models, rules)
  std::vector<ParamSpec> params;  // in the order the CLI shows them
  // The level of the data the request would return (may depend on a parameter, e.g. `del`);
  // called with the defaults filled in (LevelOf).
  std::function<DataLevel(const Params&)> level;
  // Called by Compute() with checked parameters and the defaults filled in.
  std::function<Result<Table>(const MeasureContext&, const Params&)> compute;
};

class MeasurementRegistry {
 public:
  // AlreadyExists for a duplicate id.
  Status Add(Measurement m);
  const Measurement* Find(std::string_view id) const;
  const std::vector<std::unique_ptr<Measurement>>& all() const { return all_; }

 private:
  std::vector<std::unique_ptr<Measurement>> all_;
};

// Runs `m`: checks `params` against its declaration (unknown, required, choices, flags), fills in
// the defaults, computes, and titles the Table with m.title when the measurement left it untitled.
// Errors name the parameter ("from: ...").
Result<Table> Compute(const Measurement& m, const MeasureContext& ctx, const Params& params);
// The data level of `m` for `params` (the defaults filled in).
DataLevel LevelOf(const Measurement& m, const Params& params);
// True when the context holds every input `m` needs (the required ones, the population file).
bool Available(const Measurement& m, const MeasureContext& ctx);

// The register measurements (fuldtidspersoner, forloeb, afgang, beskaeftigelse, ressourceforloeb,
// andel, ledighedsprocent, sammenligning); each needs ctx.store, the shares also ctx.population.
Status AddRegisterMeasurements(MeasurementRegistry& registry);
// The case measurements (fsm2, fsm2-udbetaling, haandholdt, pool, indsatsplaner, rettidighed,
// rehabilitering); each needs ctx.cases. Adds nothing when the case layers are not built.
Status AddCaseMeasurements(MeasurementRegistry& registry);
// The measurements over official figures imported from jobindsats.dk (afstemning, benchmark);
// each needs ctx.cases (the case store holding them), afstemning also ctx.store. Adds nothing
// when the official layer is not built.
Status AddOfficialMeasurements(MeasurementRegistry& registry);
// The country's top 10 of STAR's benchmark (all benefit groups) in the latest imported Y30R21
// figures of ctx.cases: their municipality codes and the period in words; empty codes when
// nothing is imported. Defined when the official layer is built (FREMDRIFT_CATALOG_OFFICIAL).
struct BenchmarkTop {
  std::vector<int> kommuner;
  std::string period_words;
};
Result<BenchmarkTop> BenchmarkTop10(const MeasureContext& ctx);
// Every measurement: the register ones, then the case ones and the official ones (when built).
Status AddAllMeasurements(MeasurementRegistry& registry);
// True when this build has the case measurements (the case layers are built).
bool CaseMeasurementsBuilt();

}  // namespace fremdrift::catalog
