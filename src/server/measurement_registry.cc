// The list of measurements (measurement_registry.h).
#include "server/measurement_registry.h"

namespace fremdrift::server {

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

}  // namespace fremdrift::server
