// MeasurementRegistry: every measurement the API and the dashboard offer, registered once as
// id → parameters → Table. The HTTP layer lists them (/api/v1/measurements), checks rights from
// the declared data level, renders any Table as JSON, CSV or XLSX, and audits citizen-level
// Tables row by row (their `person` column), so a new measurement needs no new rendering code.
// Thread-safety: filled before serving starts, then read-only; `compute` must be thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "domain/reference.h"
#include "table/table.h"
#include "registry/spell_store.h"
#include "catalog/params.h"
#include "catalog/data_level.h"

namespace fremdrift::catalog {

class CaseSource;
}  // namespace fremdrift::catalog
namespace fremdrift {
class Population;
}  // namespace fremdrift
namespace fremdrift::catalog {

// What a measurement may read. Either source may be absent (serve without --store or --db).
struct MeasureContext {
  const ReferenceData* reference = nullptr;
  const SpellStore* store = nullptr;
  const Population* population = nullptr;  // denominators of shares; may be null
  CaseSource* cases = nullptr;
};

struct Measurement {
  std::string id;                 // "fuldtidspersoner": the CLI's `fremdrift measure` name
  std::string title;              // Danish, for the dashboard
  std::string description;        // English, for the API listing
  std::string source;             // "register" or "cases"
  bool needs_population = false;  // shares: needs MeasureContext::population
  std::vector<ParamSpec> params;  // every one accepts `kommune` (comma list of codes)
  // The level of the data the request would return (may depend on a parameter, e.g. `del`).
  std::function<DataLevel(const Params&)> level;
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

// True when the context holds what `m` reads.
bool Available(const Measurement& m, const MeasureContext& ctx);
// The register measurements (fuldtidspersoner, andel, ledighedsprocent, sammenligning); each
// needs ctx.store, the shares also ctx.population.
Status AddRegisterMeasurements(MeasurementRegistry& registry);
// The pools' measurements (fsm2, fsm2-udbetaling, haandholdt, pool); each needs ctx.cases.
Status AddCaseMeasurements(MeasurementRegistry& registry);

}  // namespace fremdrift::catalog
