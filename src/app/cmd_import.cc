// `fremdrift import jobindsats`: official figures from jobindsats.dk (STAR) into the case store,
// from saved API v2 responses (FILE..., with --table naming their table, since a response does
// not) or fetched live with the organisation's key (--key-file, mode 0600; sent only in the
// Authorization header, never printed) for --table, --from and --to. Every file or request is
// read and checked before anything is stored, and all are stored in one transaction or none
// (docs/formats/jobindsats.md).
// `fremdrift import simulated-jobindsats`: for demos and trials, a simulated publication computed
// from a spell store (catalog/simulated_publication.h), imported the same way.
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <set>

#include "app/app_util.h"
#include "common/file_util.h"
#include "common/log.h"
#include "measure/population.h"
#include "registry/spell_store.h"
#include "official/jobindsats_client.h"
#include "official/jobindsats_response.h"
#include "official/official_store.h"
#if FREMDRIFT_CATALOG_OFFICIAL
#include "catalog/simulated_publication.h"
#endif

namespace fremdrift {
namespace {

struct ImportArgs {
  std::string db, key_file, tables, from, to, user, base_url = official::kDefaultJobindsatsUrl,
                                                    ca_file;
  std::vector<std::string> files;
  // simulated-jobindsats
  std::string store, population, save;
  std::uint64_t seed = 1;
};

// "2020-12 to 2021-01, 3 areas" for the summary line.
std::string Summary(const official::SourceFigures& s) {
  std::set<std::string> periods, areas, tables;
  for (const auto& f : s.figures) {
    periods.insert(f.period);
    areas.insert(f.area);
    tables.insert(f.table);
  }
  std::string table = tables.empty() ? "" : *tables.begin();
  if (periods.empty()) return fmt::format("{}: no figures", s.source);
  return fmt::format("{}: {} {} figures, {} {} from {} to {}, {} {}", s.source, s.figures.size(), table,
                     periods.size(), periods.size() == 1 ? "period" : "periods", *periods.begin(),
                     *periods.rbegin(), areas.size(), areas.size() == 1 ? "area" : "areas");
}

// Stores every source in one transaction.
int Store(const AppContext& ctx, const ImportArgs& a,
          const std::vector<official::SourceFigures>& sources) {
  auto store = official::OfficialStore::Open(a.db);
  if (!store.ok()) return ReportError(store.status().WithContext("--db"));
  std::string user = a.user;
  if (user.empty()) {
    const char* u = std::getenv("USER");
    user = u != nullptr ? u : "unknown";
  }
  auto ids = (*store)->Import(sources, {user, ""});
  if (!ids.ok()) return ReportError(ids.status());
  if (!ctx.quiet) {
    for (const auto& s : sources) std::fprintf(stderr, "%s\n", Summary(s).c_str());
  }
  return kExitOk;
}

#if FREMDRIFT_CATALOG_OFFICIAL
int RunImportSimulated(const AppContext& ctx, const ImportArgs& a) {
  auto ref = LoadReference(ctx, a.store);
  if (!ref.ok()) return ReportError(ref.status());
  auto spells = SpellStore::Open(a.store);
  if (!spells.ok()) return ReportError(spells.status().WithContext("--store"));
  std::string population_path = a.population;
  if (population_path.empty()) {
    const std::string beside = PopulationPathForStore(a.store);
    if (std::filesystem::exists(beside)) population_path = beside;
  }
  std::optional<Population> population;
  if (!population_path.empty()) {
    auto pop = Population::Load(population_path, *ref);
    if (!pop.ok()) return ReportError(pop.status().WithContext("--population"));
    population = std::move(pop).value();
  } else {
    LogWarn("import simulated-jobindsats: no population file: no shares and no benchmark");
  }
  catalog::SimulatedPublicationOptions options;
  options.seed = a.seed;
  if (!a.from.empty() || !a.to.empty()) {
    if (a.from.empty() || a.to.empty()) {
      return ReportError(InvalidArgument("--from and --to: give both or neither"));
    }
    auto from = ParseMonthBound(a.from, false);
    if (!from.ok()) return ReportError(from.status().WithContext("--from"));
    auto to = ParseMonthBound(a.to, true);
    if (!to.ok()) return ReportError(to.status().WithContext("--to"));
    if (*to < *from) return ReportError(InvalidArgument("--to: before --from"));
    options.from = *from;
    options.to = *to;
  }
  auto responses = catalog::SimulatedPublication(*spells, *ref, population ? &*population : nullptr,
                                                 options);
  if (!responses.ok()) return ReportError(responses.status());
  std::vector<official::SourceFigures> sources;
  for (const catalog::SimulatedResponse& r : *responses) {
    if (!a.save.empty()) {
      std::error_code ec;
      std::filesystem::create_directories(a.save, ec);
      const std::string file = a.save + "/" + r.table + ".json";
      if (Status s = WriteStringToFile(file, r.json); !s.ok()) {
        return ReportError(s.WithContext("--save"));
      }
    }
    auto table = official::FindJobindsatsTable(r.table);
    if (!table.ok()) return ReportError(table.status());
    auto figures = official::ParseJobindsatsResponse(r.json, **table, r.source, *ref);
    if (!figures.ok()) return ReportError(figures.status());
    sources.push_back({r.source, std::move(figures).value()});
  }
  return Store(ctx, a, sources);
}
#endif

int RunImportJobindsats(const AppContext& ctx, const ImportArgs& a) {
  auto ref = LoadReference(ctx);
  if (!ref.ok()) return ReportError(ref.status());
  std::vector<const official::JobindsatsTable*> tables;
  for (const std::string& id : SplitList(a.tables)) {
    auto t = official::FindJobindsatsTable(id);
    if (!t.ok()) return ReportError(t.status().WithContext("--table"));
    tables.push_back(*t);
  }
  std::vector<official::SourceFigures> sources;
  if (!a.files.empty()) {
    if (!a.key_file.empty()) {
      return ReportError(InvalidArgument("give saved responses (FILE...) or --key-file, not both"));
    }
    if (tables.size() != 1) {
      return ReportError(InvalidArgument(
          "--table: name the one table the files are responses of (a response does not name "
          "its table)"));
    }
    if (!a.from.empty() || !a.to.empty()) {
      return ReportError(InvalidArgument(
          "--from/--to choose what to fetch with --key-file; a saved response is imported whole"));
    }
    for (const std::string& file : a.files) {
      auto text = ReadFileToString(file);
      if (!text.ok()) return ReportError(text.status());
      auto figures = official::ParseJobindsatsResponse(*text, *tables[0], file, *ref);
      if (!figures.ok()) return ReportError(figures.status());
      sources.push_back({file, std::move(figures).value()});
    }
  } else {
    if (a.key_file.empty()) {
      return ReportError(InvalidArgument(
          "nothing to import: give saved responses (FILE... with --table) or fetch with "
          "--key-file, --table, --from and --to"));
    }
    if (tables.empty()) return ReportError(InvalidArgument("--table: which tables to fetch"));
    if (a.from.empty() || a.to.empty()) {
      return ReportError(InvalidArgument("--from and --to: the months to fetch"));
    }
    auto from = ParseMonthBound(a.from, false);
    if (!from.ok()) return ReportError(from.status().WithContext("--from"));
    auto to = ParseMonthBound(a.to, true);
    if (!to.ok()) return ReportError(to.status().WithContext("--to"));
    if (*to < *from) return ReportError(InvalidArgument("--to: before --from"));
    if (*to - *from > 12 * 20) return ReportError(InvalidArgument("--to: at most 20 years"));
    auto key = official::ReadKeyFile(a.key_file);
    if (!key.ok()) return ReportError(key.status());
    official::FetchOptions options;
    options.base_url = a.base_url;
    while (!options.base_url.empty() && options.base_url.back() == '/') options.base_url.pop_back();
    options.ca_file = a.ca_file;
    for (const official::JobindsatsTable* t : tables) {
      auto periods = official::JobindsatsPeriods(*t, *from, *to);
      if (!periods.ok()) return ReportError(periods.status());
      const std::string name = official::DataRequestName(options, *t, *periods);
      auto body = official::FetchJobindsats(options, *key, *t, *periods);
      if (!body.ok()) return ReportError(body.status());
      auto figures = official::ParseJobindsatsResponse(*body, *t, name, *ref);
      if (!figures.ok()) return ReportError(figures.status());
      sources.push_back({name, std::move(figures).value()});
    }
  }
  return Store(ctx, a, sources);
}

CommandRegistrar reg([](AppContext& ctx) {
  CLI::App* import = ctx.Command("import");
  import->require_subcommand(1);
  auto a = std::make_shared<ImportArgs>();
  auto* sub = import->add_subcommand(
      "jobindsats",
      "import official figures from jobindsats.dk (API v2 JSON): saved responses (FILE... with "
      "--table) or fetched with --key-file; all or nothing");
  sub->add_option("--db", a->db, "case store: sqlite:PATH or postgresql://...")->required();
  sub->add_option("files", a->files, "saved responses of POST /v2/data/{table}/json")
      ->check(CLI::ExistingFile);
  sub->add_option("--table", a->tables,
                  "jobindsats tables, comma separated (Y01A02, Y04A02, Y07A02, Y08A02, Y09A02, "
                  "Y10A02, Y11A02, Y12A02, Y36A02, Y38A02, PTVA02, Y30R21); with files: the one "
                  "table they answer");
  sub->add_option("--key-file", a->key_file,
                  "file holding the organisation's jobindsats key (mode 0600); fetch live");
  sub->add_option("--from", a->from, "first month to fetch (YYYY-MM)");
  sub->add_option("--to", a->to, "last month to fetch (YYYY-MM)");
  sub->add_option("--base-url", a->base_url, "the API's address (https only)")
      ->capture_default_str();
  sub->add_option("--ca-file", a->ca_file,
                  "PEM file of the certificate authorities to trust for the API (default: the "
                  "system's)")
      ->check(CLI::ExistingFile);
  sub->add_option("--user", a->user, "who imports (default: $USER)");
  ctx.OnRun(sub, [&ctx, a] { return RunImportJobindsats(ctx, *a); });
#if FREMDRIFT_CATALOG_OFFICIAL
  auto s = std::make_shared<ImportArgs>();
  auto* sim = import->add_subcommand(
      "simulated-jobindsats",
      "for demos and trials: compute a simulated jobindsats publication from a spell store (the "
      "benefit tables month by month with small differences of the kinds real publications "
      "show, and STAR's benchmark among the store's municipalities) and import it; its sources "
      "are named simuleret/..., never real figures");
  sim->add_option("--db", s->db, "case store: sqlite:PATH or postgresql://...")->required();
  sim->add_option("--store", s->store, "spell store written by `fremdrift ingest`")
      ->required()
      ->check(CLI::ExistingFile);
  sim->add_option("--population", s->population,
                  "population file for the shares and the benchmark (default: the one kept "
                  "beside the store)")
      ->check(CLI::ExistingFile);
  sim->add_option("--from", s->from, "first month (default: 23 months before the last)");
  sim->add_option("--to", s->to, "last month (default: the store's last whole month)");
  sim->add_option("--seed", s->seed, "seed of the simulated differences")->capture_default_str();
  sim->add_option("--save", s->save, "also write the responses to this folder (TABLE.json)");
  sim->add_option("--user", s->user, "who imports (default: $USER)");
  ctx.OnRun(sim, [&ctx, s] { return RunImportSimulated(ctx, *s); });
#endif
});

}  // namespace
}  // namespace fremdrift
