// The list of measurements (measurement_registry.h).
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

bool Available(const Measurement& m, const MeasureContext& ctx) {
  if (m.source == "cases") return ctx.cases != nullptr;
  return ctx.store != nullptr && (!m.needs_population || ctx.population != nullptr);
}

const Measurement* MeasurementRegistry::Find(std::string_view id) const {
  for (const auto& m : all_) {
    if (m->id == id) return m.get();
  }
  return nullptr;
}

}  // namespace fremdrift::catalog
