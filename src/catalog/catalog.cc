// The measurement catalogue (catalog.h).
#include "catalog/catalog.h"

namespace fremdrift::catalog {

std::string_view DataLevelName(DataLevel level) {
  switch (level) {
    case DataLevel::kAggregate:
      return "aggregate";
    case DataLevel::kStaff:
      return "staff";
    case DataLevel::kCitizen:
      return "citizen";
  }
  return "aggregate";
}

Status MeasurementRegistry::Add(Measurement m) {
  if (Find(m.id)) return AlreadyExists("measurement '{}' registered twice", m.id);
  all_.push_back(std::make_unique<Measurement>(std::move(m)));
  return Status::Ok();
}

const Measurement* MeasurementRegistry::Find(std::string_view id) const {
  for (const auto& m : all_) {
    if (m->id == id) return m.get();
  }
  return nullptr;
}

Result<Table> Compute(const Measurement& m, const MeasureContext& ctx, const Params& params) {
  RETURN_IF_ERROR(params.CheckAgainst(m.params));
  ASSIGN_OR_RETURN(Table table, m.compute(ctx, params.WithDefaults(m.params)));
  if (table.title.empty()) table.title = m.title;
  return table;
}

DataLevel LevelOf(const Measurement& m, const Params& params) {
  return m.level(params.WithDefaults(m.params));
}

bool Available(const Measurement& m, const MeasureContext& ctx) {
  if (m.needs_population && ctx.population == nullptr) return false;
  for (const Input& in : m.inputs) {
    if (!in.required) continue;
    if (in.name == "store" && ctx.store == nullptr) return false;
    if (in.name == "population" && ctx.population == nullptr) return false;
    if (in.name == "db" && ctx.cases == nullptr) return false;
  }
  return true;
}

Status AddAllMeasurements(MeasurementRegistry& registry) {
  RETURN_IF_ERROR(AddRegisterMeasurements(registry));
  return AddCaseMeasurements(registry);
}

#ifndef FREMDRIFT_CATALOG_CASES
// Built without the case layers (FREMDRIFT_LAYERS=simulate): no case measurements.
Status AddCaseMeasurements(MeasurementRegistry&) { return Status::Ok(); }
bool CaseMeasurementsBuilt() { return false; }
#else
bool CaseMeasurementsBuilt() { return true; }
#endif

}  // namespace fremdrift::catalog
