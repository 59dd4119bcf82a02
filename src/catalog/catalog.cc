// The measurement catalogue (catalog.h).
#include "catalog/catalog.h"

#include <algorithm>

#include "registry/spell_store.h"

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

namespace {
// What the ingest of the store left out or set aside, said in every table computed from it.
void AddIngestNotes(const Measurement& m, const MeasureContext& ctx, Table& table) {
  if (ctx.store == nullptr) return;
  if (std::none_of(m.inputs.begin(), m.inputs.end(),
                   [](const Input& in) { return in.name == "store"; })) {
    return;
  }
  const IngestSummary& s = ctx.store->ingest_summary();
  if (s.skipped_rows > 0) {
    table.AddNote(
        fmt::format("Indlæsningen af registeret sprang {} {} over på grund af fejl "
                    "(--on-error=skip) med {}{} kodede uger; tallene omfatter dem ikke.",
                    s.skipped_rows, s.skipped_rows == 1 ? "række (person)" : "rækker (personer)",
                    s.skipped_rows_unsplit ? "mindst " : "", s.skipped_weeks),
        NoteKind::kPartialCoverage);
  }
  if (s.unknown_code_weeks > 0) {
    table.AddNote(fmt::format("{} uger med en kode uden for kodelisten eller dens gyldighed er "
                              "talt i ydelsesgruppen ukendt_kode (--unknown-codes=keep).",
                              s.unknown_code_weeks));
  }
}
}  // namespace

Result<Table> Compute(const Measurement& m, const MeasureContext& ctx, const Params& params) {
  RETURN_IF_ERROR(params.CheckAgainst(m.params));
  ASSIGN_OR_RETURN(Table table, m.compute(ctx, params.WithDefaults(m.params)));
  if (table.title.empty()) table.title = m.title;
  AddIngestNotes(m, ctx, table);
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
  RETURN_IF_ERROR(AddCaseMeasurements(registry));
  return AddOfficialMeasurements(registry);
}

#ifndef FREMDRIFT_CATALOG_OFFICIAL
// Built without the official layer: no measurements over official figures.
Status AddOfficialMeasurements(MeasurementRegistry&) { return Status::Ok(); }
#endif

#ifndef FREMDRIFT_CATALOG_CASES
// Built without the case layers (FREMDRIFT_LAYERS=simulate): no case measurements.
Status AddCaseMeasurements(MeasurementRegistry&) { return Status::Ok(); }
bool CaseMeasurementsBuilt() { return false; }
#else
bool CaseMeasurementsBuilt() { return true; }
#endif

}  // namespace fremdrift::catalog
