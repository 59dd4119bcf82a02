// `fremdrift measure fuldtidspersoner|forloeb|afgang|ressourceforloeb|andel|ledighedsprocent|
// sammenligning`: register measurements
// from a spell store (and a population file for shares), as CSV or JSON.
#include <charconv>
#include <iostream>

#include "app/app_util.h"
#include "common/file_util.h"
#include "measure/andel.h"
#include "measure/forloeb.h"
#include "measure/fuldtidspersoner.h"
#include "measure/population.h"
#include "measure/sammenligning.h"
#include "table/table_format.h"

namespace fremdrift {
namespace {

struct FtpArgs {
  std::string store, period = "month", from, to, area = "kommune", kommune, group, age = "16-66",
                     format = "csv", population;
  std::size_t threads = 0;
  bool overlap_free = false;
};

// Parses the common register-measurement options into a query.
Result<FtpQuery> BuildQuery(const FtpArgs& a) {
  FtpQuery q;
  ASSIGN_OR_RETURN(q.period, ParsePeriodKind(a.period));
  auto from = ParseMonthBound(a.from, false);
  if (!from.ok()) return InvalidArgument("--from: {}", from.status().message());
  auto to = ParseMonthBound(a.to.empty() ? a.from : a.to, true);
  if (!to.ok()) return InvalidArgument("--to: {}", to.status().message());
  q.from = *from;
  q.to = *to;
  if (q.to < q.from) return InvalidArgument("--to {} is before --from {}", a.to, a.from);
  q.levels.clear();
  for (const auto& l : SplitList(a.area)) {
    auto level = ParseAreaLevel(l);
    if (!level.ok()) return InvalidArgument("--area: {}", level.status().message());
    q.levels.push_back(*level);
  }
  for (const auto& k : SplitList(a.kommune)) {
    int code = 0;
    auto [p, ec] = std::from_chars(k.data(), k.data() + k.size(), code);
    if (ec != std::errc() || p != k.data() + k.size()) {
      return InvalidArgument("--kommune: '{}' is not a municipality code", k);
    }
    q.kommuner.push_back(code);
  }
  q.groups = SplitList(a.group);
  auto age = ParseAgeBand(a.age);
  if (!age.ok()) return InvalidArgument("--age: {}", age.status().message());
  q.age = *age;
  q.threads = a.threads;
  q.overlap_free = a.overlap_free;
  return q;
}

// Adds the options every register measurement shares.
void AddCommonOptions(CLI::App* sub, FtpArgs& a) {
  sub->add_option("--store", a.store, "spell store written by `fremdrift ingest`")->required();
  sub->add_option("--period", a.period, "month, quarter, halfyear or year")
      ->check(CLI::IsMember({"month", "quarter", "halfyear", "year"}));
  sub->add_option("--from", a.from, "first period: YYYY-MM, YYYY-Qn or YYYY")->required();
  sub->add_option("--to", a.to, "last period (default: --from)");
  sub->add_option("--format", a.format, "csv or json")->check(CLI::IsMember({"csv", "json"}));
  sub->add_option("--threads", a.threads, "worker threads (default: all cores)");
}

void AddAreaOptions(CLI::App* sub, FtpArgs& a) {
  sub->add_option("--area", a.area, "kommune, rar, region, land (comma list allowed)");
  sub->add_option("--kommune", a.kommune, "municipality codes, comma separated (default: all)");
  sub->add_option("--age", a.age, "age band MIN-MAX (default 16-66) or 'all'");
}

// The population file: --population, else the copy kept beside the store by ingest.
Result<Population> LoadPopulation(const FtpArgs& a, const ReferenceData& ref) {
  std::string path = a.population.empty() ? PopulationPathForStore(a.store) : a.population;
  if (a.population.empty() && !FileExists(path)) {
    return InvalidArgument(
        "--population: no population file given and none kept beside the store ({}); ingest "
        "with --population FILE or pass --population FILE",
        path);
  }
  return Population::Load(path, ref);
}

int Print(const Result<Table>& table, const FtpArgs& a) {
  if (!table.ok()) return ReportError(table.status());
  WriteTable(*table, *ParseTableFormat(a.format), std::cout);
  return kExitOk;
}

CommandRegistrar reg([](AppContext& ctx) {
  CLI::App* measure = ctx.Command("measure");
  using StoreMeasure = Result<Table> (*)(const SpellStore&, const ReferenceData&, const FtpQuery&);
  struct Entry {
    const char* name;
    const char* help;
    const char* group_help;
    StoreMeasure fn;
  };
  const Entry entries[] = {
      {"fuldtidspersoner", "full-time persons and persons per benefit group, area and period",
       "benefit groups, comma separated, incl. offentlig_forsoergelse, bruttoledig, "
       "kontant_uddannelse_integration (default: all groups and the total)",
       &Fuldtidspersoner},
      {"forloeb",
       "ongoing, started and ended forløb per group with duration bands and the ongoing over 26 "
       "weeks",
       "benefit groups, comma separated (default: all)", &ForloebTable},
      {"afgang", "end reasons of ended forløb and status 4, 13, 26 and 52 weeks after",
       "benefit groups, comma separated (default: all)", &AfgangTable},
      {"ressourceforloeb",
       "quarterly statistics on ressourceforløb: started, ended, ongoing by age, sex, previous "
       "group, end reason and status after",
       nullptr, &RessourceforloebTable},
  };
  for (const Entry& e : entries) {
    auto* sub = measure->add_subcommand(e.name, e.help);
    auto a = std::make_shared<FtpArgs>();
    if (std::string(e.name) == "ressourceforloeb") a->period = "quarter";
    AddCommonOptions(sub, *a);
    AddAreaOptions(sub, *a);
    if (e.group_help) sub->add_option("--group", a->group, e.group_help);
    if (std::string(e.name) == "fuldtidspersoner") {
      sub->add_flag("--overlap-free", a->overlap_free,
                    "count each person in one group per period and area, by STAR's status "
                    "priority");
    }
    StoreMeasure fn = e.fn;
    ctx.OnRun(sub, [&ctx, a, fn] {
      auto ref = LoadReference(ctx);
      if (!ref.ok()) return ReportError(ref.status());
      auto q = BuildQuery(*a);
      if (!q.ok()) return ReportError(q.status());
      auto store = SpellStore::Open(a->store);
      if (!store.ok()) return ReportError(store.status());
      return Print(fn(*store, *ref, *q), *a);
    });
  }
  // Shares: the store measurements that also need the population file.
  using ShareMeasure = Result<Table> (*)(const SpellStore&, const ReferenceData&, const Population&,
                                         const FtpQuery&);
  struct ShareEntry {
    const char* name;
    const char* help;
    bool groups;
    ShareMeasure fn;
  };
  const ShareEntry shares[] = {
      {"andel", "full-time persons as shares of population and labour force (16-66, 16-29, ...)",
       true, &Andel},
      {"ledighedsprocent", "gross unemployment rate approximated from the register", false,
       [](const SpellStore& st, const ReferenceData& ref, const Population& pop,
          const FtpQuery& q) { return Ledighedsprocent(st, ref, pop, q); }},
  };
  for (const ShareEntry& e : shares) {
    auto* sub = measure->add_subcommand(e.name, e.help);
    auto a = std::make_shared<FtpArgs>();
    AddCommonOptions(sub, *a);
    AddAreaOptions(sub, *a);
    if (e.groups) sub->add_option("--group", a->group, "series, as for fuldtidspersoner");
    sub->add_option("--population", a->population,
                    "population file (default: the one kept beside the store)");
    ShareMeasure fn = e.fn;
    ctx.OnRun(sub, [&ctx, a, fn] {
      auto ref = LoadReference(ctx);
      if (!ref.ok()) return ReportError(ref.status());
      auto q = BuildQuery(*a);
      if (!q.ok()) return ReportError(q.status());
      auto pop = LoadPopulation(*a, *ref);
      if (!pop.ok()) return ReportError(pop.status());
      auto store = SpellStore::Open(a->store);
      if (!store.ok()) return ReportError(store.status());
      return Print(fn(*store, *ref, *pop, *q), *a);
    });
  }
  {
    auto* sub = measure->add_subcommand(
        "sammenligning",
        "a municipality's key figures beside its RAR area, region, the whole country and a year "
        "earlier, with the committee's sentences");
    auto a = std::make_shared<FtpArgs>();
    AddCommonOptions(sub, *a);
    sub->add_option("--kommune", a->kommune, "the municipality code")->required();
    sub->add_option("--figure", a->group, "key figures, comma separated (default: all)");
    sub->add_option("--population", a->population,
                    "population file (default: the one kept beside the store)");
    ctx.OnRun(sub, [&ctx, a] {
      auto ref = LoadReference(ctx);
      if (!ref.ok()) return ReportError(ref.status());
      auto q = BuildQuery(*a);
      if (!q.ok()) return ReportError(q.status());
      if (q->kommuner.size() != 1) {
        return ReportError(InvalidArgument("--kommune: give exactly one municipality code"));
      }
      ComparisonQuery cq;
      cq.kommune = q->kommuner[0];
      cq.period = q->period;
      cq.from = q->from;
      cq.to = q->to;
      cq.figures = q->groups;
      cq.threads = q->threads;
      auto pop = LoadPopulation(*a, *ref);
      if (!pop.ok()) return ReportError(pop.status());
      auto store = SpellStore::Open(a->store);
      if (!store.ok()) return ReportError(store.status());
      return Print(Sammenligning(*store, *ref, *pop, cq), *a);
    });
  }
});

}  // namespace
}  // namespace fremdrift
