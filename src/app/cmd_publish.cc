// `fremdrift publish --pg URL`: every aggregate measurement of the catalogue, computed from the
// given register store and/or event store, written to PostgreSQL as reporting tables for analysts
// (schema fremdrift_rapport, replaced in one transaction; publish/publish.h, docs/publish.md).
// `--dry-run` prints what would be published, and what is left out and why, without connecting.
#include <cstdio>
#include <iostream>
#include <memory>

#include "app/app_util.h"
#include "catalog/catalog.h"
#include "common/file_util.h"
#include "measure/population.h"
#include "publish/pg_text.h"
#include "publish/publish.h"
#ifdef FREMDRIFT_CATALOG_CASES
#include "catalog/case_source.h"
#include "models/effort_model.h"
#endif

namespace fremdrift {
namespace {

struct PublishArgs {
  std::string pg, store, population, db, models, kommune, from, to;
  std::string schema = std::string(publish::kDefaultSchema);
  std::string grant_to;
  std::size_t threads = 0;
  bool dry_run = false;
  int min_persons = kDefaultMinPersons;  // table/suppression.h
};

// The sources the measurements read, opened.
struct Sources {
  std::unique_ptr<SpellStore> store;
  std::unique_ptr<Population> population;
#ifdef FREMDRIFT_CATALOG_CASES
  std::unique_ptr<catalog::CaseSource> cases;
#endif
};

Result<Sources> OpenSources(const PublishArgs& a, const ReferenceData& ref,
                            catalog::MeasureContext& ctx) {
  if (a.store.empty() && a.db.empty()) {
    return InvalidArgument("give --store, --db or both: the measurements' data");
  }
  Sources out;
  if (!a.store.empty()) {
    auto store = SpellStore::Open(a.store);
    if (!store.ok()) return store.status().WithContext("--store");
    out.store = std::make_unique<SpellStore>(std::move(*store));
    ctx.store = out.store.get();
  }
  std::string population = a.population;
  if (population.empty() && !a.store.empty() && FileExists(PopulationPathForStore(a.store))) {
    population = PopulationPathForStore(a.store);
  }
  if (!population.empty()) {
    auto pop = Population::Load(population, ref);
    if (!pop.ok()) return pop.status().WithContext("--population");
    out.population = std::make_unique<Population>(std::move(*pop));
    ctx.population = out.population.get();
  }
  if (!a.db.empty()) {
#ifdef FREMDRIFT_CATALOG_CASES
    auto cases =
        catalog::CaseSource::Open(a.db, a.models.empty() ? cases::DefaultModelsDir() : a.models);
    if (!cases.ok()) return cases.status().WithContext("--db");
    out.cases = std::move(*cases);
    ctx.cases = out.cases.get();
#else
    return InvalidArgument("--db: this build has no case measurements");
#endif
  }
  return out;
}

Result<publish::PublishRequest> ParseRequest(const PublishArgs& a) {
  publish::PublishRequest request;
  request.from = a.from;
  request.to = a.to;
  for (const auto& k : SplitList(a.kommune)) {
    auto code = catalog::ParseIntParam("--kommune", k);
    if (!code.ok()) return code.status();
    request.kommuner.push_back(*code);
  }
  return request;
}

// The plan as a table on stdout: measurement, table, parameters, why it is left out.
void PrintPlan(const publish::PublishPlan& plan, const std::string& schema) {
  std::cout << "measurement\ttable\tparameters\tleft_out\n";
  for (const auto& t : plan.tables) {
    std::string params;
    for (const auto& call : t.calls) params += (params.empty() ? "" : " | ") + call.Canonical();
    std::cout << t.measurement->id << '\t' << schema << '.' << t.table << '\t' << params << "\t\n";
  }
  for (const auto& l : plan.left_out) std::cout << l.measurement << "\t\t\t" << l.reason << '\n';
}

int Run(const AppContext& app, const PublishArgs& a) {
  if (a.pg.empty() && !a.dry_run) {
    return ReportError(InvalidArgument("--pg: give the PostgreSQL database to publish to"));
  }
  if (Status s = publish::CheckSchemaName(a.schema); !s.ok()) return ReportError(s);
  auto request = ParseRequest(a);
  if (!request.ok()) return ReportError(request.status());
  auto ref = LoadReference(app, a.store);
  if (!ref.ok()) return ReportError(ref.status());
  catalog::MeasureContext ctx;
  ctx.reference = &*ref;
  ctx.threads = a.threads;
  auto sources = OpenSources(a, *ref, ctx);
  if (!sources.ok()) return ReportError(sources.status());
  catalog::MeasurementRegistry registry;
  if (Status s = catalog::AddAllMeasurements(registry); !s.ok()) return ReportError(s);
  auto plan = publish::MakePublishPlan(registry, ctx, *request);
  if (!plan.ok()) return ReportError(plan.status());
  if (a.dry_run) {
    PrintPlan(*plan, a.schema);
    return kExitOk;
  }
  for (const auto& l : plan->left_out) {
    std::fprintf(stderr, "publish: %s left out: %s\n", l.measurement.c_str(), l.reason.c_str());
  }
  if (plan->tables.empty()) {
    return ReportError(
        FailedPrecondition("publish: no measurement can be published from these "
                           "inputs; the schema is left as it is"));
  }
  auto db = publish::PgSession::Connect(a.pg);
  if (!db.ok()) return ReportError(db.status());
  publish::PublishOptions options;
  options.schema = a.schema;
  options.grant_to = SplitList(a.grant_to);
  options.min_persons = a.min_persons;
  bool quiet = app.quiet;
  auto result = publish::Publish(*plan, ctx, **db, options, [quiet](const std::string& line) {
    if (!quiet) std::fprintf(stderr, "publish: %s\n", line.c_str());
  });
  if (!result.ok()) {
    return ReportError(
        result.status().WithContext("publish to " + publish::DescribeConnection(a.pg)));
  }
  std::fprintf(stderr, "publish: %zu tables in %s at %s (%s)\n", result->tables.size(),
               a.schema.c_str(), result->published_at.c_str(),
               publish::DescribeConnection(a.pg).c_str());
  return kExitOk;
}

CommandRegistrar reg([](AppContext& app) {
  auto* sub = app.root.add_subcommand(
      "publish",
      "write every aggregate measurement to PostgreSQL as reporting tables for Power BI, Excel "
      "and SAS (schema fremdrift_rapport, replaced in one transaction)");
  auto a = std::make_shared<PublishArgs>();
  sub->add_option("--pg", a->pg,
                  "PostgreSQL database: postgresql://user@host:port/db (the password from "
                  "~/.pgpass or PGPASSWORD rather than the URL)");
  sub->add_option("--store", a->store, "spell store written by `fremdrift ingest`");
  sub->add_option("--population", a->population,
                  "population file for the shares (default: the one kept beside the store)");
  sub->add_option("--db", a->db, "event store: sqlite:PATH or postgresql://...");
  sub->add_option("--models", a->models,
                  "folder with the pools' model files (default: data/models, "
                  "$FREMDRIFT_MODELS_DIR)");
  sub->add_option("--kommune", a->kommune, "municipality codes, comma separated (default: all)");
  sub->add_option("--from", a->from, "first month YYYY-MM (default: each measurement's own)");
  sub->add_option("--to", a->to, "last month YYYY-MM (default: each measurement's own)");
  sub->add_option("--schema", a->schema, "schema to replace")->capture_default_str();
  sub->add_option("--grant-to", a->grant_to,
                  "roles that may read the tables (USAGE on the schema, SELECT on its tables), "
                  "comma separated");
  sub->add_option("--threads", a->threads, "worker threads (default: all cores)");
  sub->add_option("--min-persons", a->min_persons,
                  "counts under this many persons are published as NULL, with the cells that "
                  "would reveal them (docs/measurements.md, small numbers)")
      ->check(CLI::Range(2, 1000))
      ->capture_default_str();
  sub->add_flag("--dry-run", a->dry_run,
                "print what would be published and what is left out, without connecting");
  app.OnRun(sub, [&app, a] { return Run(app, *a); });
});

}  // namespace
}  // namespace fremdrift
