// The register measurements of the catalogue (catalog.h): computed from the spell store, the
// shares also from the population file. `fremdrift measure fuldtidspersoner --from 2019-01
// --area kommune,land` ↔ `/api/v1/measurements/fuldtidspersoner?from=2019-01&area=kommune,land`.
// A new register measurement is declared here, once.
#include <algorithm>

#include "catalog/catalog.h"
#include "measure/andel.h"
#include "measure/breakdown.h"
#include "measure/forloeb.h"
#include "measure/fuldtidspersoner.h"
#include "measure/population.h"
#include "measure/sammenligning.h"

namespace fremdrift::catalog {
namespace {

Status NeedStore(const MeasureContext& ctx) {
  if (!ctx.store) return FailedPrecondition("no register store (--store)");
  return Status::Ok();
}

Status NeedPopulation(const MeasureContext& ctx) {
  RETURN_IF_ERROR(NeedStore(ctx));
  if (!ctx.population) {
    return FailedPrecondition(
        "no population file (--population, or one kept beside the store by `fremdrift ingest "
        "--population`)");
  }
  return Status::Ok();
}

// The latest month the store covers.
MonthIndex LastStoreMonth(const SpellStore& store) { return MonthOfWeek(store.last_week()); }

// Which `group` values a measurement takes: every series (the groups and the totals
// offentlig_forsoergelse, bruttoledig, kontant_uddannelse_integration) or the groups only.
enum class Groups { kSeries, kGroupsOnly };

// The forløb break rule: whole weeks, 1 (the older DREAM rule) to kMaxAfbrydelse.
Result<int> Afbrydelse(const Params& p) {
  ASSIGN_OR_RETURN(
      int weeks,
      ParseIntParam("afbrydelse", p.Get("afbrydelse", std::to_string(kDefaultAfbrydelse))));
  if (weeks < 1 || weeks > kMaxAfbrydelse) {
    return InvalidArgument("afbrydelse: {} is not between 1 and {} weeks", weeks, kMaxAfbrydelse);
  }
  return weeks;
}

// The forløb break rule's parameter, declared once for every register measurement.
ParamSpec AfbrydelseParam() {
  return {"afbrydelse",
          "weeks without the benefit that end a forløb (1-52); 4 reads jobindsats' calendar "
          "month on weekly data (from 2018, a-dagpenge from August 2019), 1 is the older DREAM "
          "rule. Used by the forløb measurements and by the age rule (age at the forløb's end)",
          std::to_string(kDefaultAfbrydelse),
          false,
          ParamType::kText,
          {}};
}

Result<FtpQuery> FtpQueryFromParams(const MeasureContext& ctx, const Params& p, Groups groups) {
  FtpQuery q;
  auto period = ParsePeriodKind(p.Get("period", "month"));
  if (!period.ok()) return InvalidArgument("period: {}", period.status().message());
  q.period = *period;
  std::string from_text = p.Get("from");
  std::string to_text = p.Get("to", from_text);
  if (from_text.empty()) {
    // Default: the 25 months up to the store's last month (or up to `to`).
    MonthIndex last = LastStoreMonth(*ctx.store);
    if (!to_text.empty()) {
      auto to = ParseMonthBound(to_text, true);
      if (!to.ok()) return InvalidArgument("to: {}", to.status().message());
      last = *to;
    }
    q.to = last;
    q.from = std::max(0, last - 24);
  } else {
    auto from = ParseMonthBound(from_text, false);
    if (!from.ok()) return InvalidArgument("from: {}", from.status().message());
    auto to = ParseMonthBound(to_text, true);
    if (!to.ok()) return InvalidArgument("to: {}", to.status().message());
    q.from = *from;
    q.to = *to;
    if (q.to < q.from) {
      return InvalidArgument("to: {} is before from {}", Shown(to_text), Shown(from_text));
    }
  }
  if (q.to - q.from > 12 * 40) return InvalidArgument("to: at most 40 years from 'from'");
  q.levels.clear();
  for (const auto& l : SplitComma(p.Get("area", "kommune"))) {
    auto level = ParseAreaLevel(l);
    if (!level.ok()) return InvalidArgument("area: {}", level.status().message());
    if (std::find(q.levels.begin(), q.levels.end(), *level) == q.levels.end()) {
      q.levels.push_back(*level);
    }
  }
  ASSIGN_OR_RETURN(q.kommuner, p.Kommuner("kommune"));
  for (int k : q.kommuner) {
    if (ctx.reference->MunicipalityIndex(k) < 0) {
      return InvalidArgument("kommune: {} is not a municipality code", k);
    }
  }
  q.groups = SplitComma(p.Get("group"));
  if (!q.groups.empty()) {
    std::vector<std::string> known;
    if (groups == Groups::kSeries) {
      for (const auto& s : AllSeries(*ctx.reference)) known.push_back(s.id);
    } else {
      for (const auto& g : ctx.reference->groups()) known.push_back(g.id);
    }
    for (const auto& g : q.groups) {
      if (std::find(known.begin(), known.end(), g) == known.end()) {
        return InvalidArgument("group: '{}' is not a benefit group", Shown(g));
      }
    }
  }
  auto age = ParseAgeBand(p.Get("age", "16-66"));
  if (!age.ok()) return InvalidArgument("age: {}", age.status().message());
  q.age = *age;
  ASSIGN_OR_RETURN(q.overlap_free, p.Flag("overlap_free"));
  ASSIGN_OR_RETURN(q.afbrydelse, Afbrydelse(p));
  q.threads = ctx.threads;
  return q;
}

ParamSpec PeriodParam(std::string default_period) {
  return {
      "period",           "month, quarter, halfyear or year",      std::move(default_period), false,
      ParamType::kChoice, {"month", "quarter", "halfyear", "year"}};
}

// The parameters of the measurements over areas: period, from, to, area, kommune, group (when
// `group_help` is given) and age.
std::vector<ParamSpec> AreaParams(std::string default_period, const char* group_help) {
  std::vector<ParamSpec> out = {
      PeriodParam(std::move(default_period)),
      {"from",
       "first period: YYYY-MM, YYYY-Qn, YYYY-Hn or YYYY (default: the 25 months up to the "
       "store's last month, or up to 'to')",
       "",
       false,
       ParamType::kPeriod,
       {}},
      {"to",
       "last period (default: 'from', or the store's last month without 'from')",
       "",
       false,
       ParamType::kPeriod,
       {}},
      {"area",
       "area levels, comma separated: kommune, rar, region, land",
       "kommune",
       false,
       ParamType::kList,
       {"kommune", "rar", "region", "land"}},
      {"kommune",
       "municipality codes, comma separated (default: all); keeps their RARs and regions, not "
       "the whole country",
       "",
       false,
       ParamType::kCodes,
       {}},
  };
  if (group_help) out.push_back({"group", group_help, "", false, ParamType::kList, {}});
  out.push_back({"age",
                 "age band MIN-MAX, or 'all' (no band, persons without birth date too)",
                 "16-66",
                 false,
                 ParamType::kText,
                 {}});
  out.push_back(AfbrydelseParam());
  return out;
}

// The breakdowns (fordelingsvariable) of a register measurement, declared once.
ParamSpec ByParam() {
  return {"by",
          "breakdowns, comma separated: koen (sex), alder (the standard age bands inside 'age'), "
          "herkomst (origin, from the register's herkomst column), visitation (jobparat, "
          "aktivitetsparat or none, from the benefit code; full-time persons and shares only), "
          "or a background column kept with `ingest --keep-column`. Each breakdown's rows "
          "(columns dimension, kategori) sum to the total row (dimension i_alt)",
          "",
          false,
          ParamType::kList,
          {}};
}

// The measurement `fn` of the query, with the breakdowns the parameter `by` names.
Result<Table> Broken(const MeasureContext& ctx, const Params& p, const FtpQuery& q,
                     const MeasureFn& fn) {
  return WithBreakdowns(*ctx.store, q, SplitComma(p.Get("by")), fn);
}

std::vector<ParamSpec> WithBy(std::vector<ParamSpec> params) {
  params.push_back(ByParam());
  return params;
}

std::vector<Input> RegisterInputs(bool population) {
  std::vector<Input> out = {{"store", true, "spell store written by `fremdrift ingest`"}};
  if (population) {
    // Needed, but it has a default: the copy kept beside the store.
    out.push_back({"population", false,
                   "population file (default: the one `fremdrift ingest --population` kept "
                   "beside the store)"});
  }
  return out;
}

DataLevel Aggregate(const Params&) { return DataLevel::kAggregate; }

using StoreFn = Result<Table> (*)(const SpellStore&, const ReferenceData&, const FtpQuery&);
using ShareFn = Result<Table> (*)(const SpellStore&, const ReferenceData&, const Population&,
                                  const FtpQuery&);

// A measurement of the store alone.
Measurement StoreMeasurement(std::string id, std::string title, std::string beskrivelse,
                             std::string description, std::vector<ParamSpec> params, StoreFn fn,
                             Groups groups) {
  Measurement m;
  m.id = std::move(id);
  m.title = std::move(title);
  m.description = std::move(description);
  m.beskrivelse = std::move(beskrivelse);
  m.source = "register";
  m.inputs = RegisterInputs(false);
  m.params = std::move(params);
  m.level = &Aggregate;
  m.compute = [fn, groups](const MeasureContext& ctx, const Params& p) -> Result<Table> {
    RETURN_IF_ERROR(NeedStore(ctx));
    ASSIGN_OR_RETURN(FtpQuery q, FtpQueryFromParams(ctx, p, groups));
    return Broken(ctx, p, q,
                  [&](const FtpQuery& part) { return fn(*ctx.store, *ctx.reference, part); });
  };
  return m;
}

// A share: the store and the population file.
Measurement ShareMeasurement(std::string id, std::string title, std::string beskrivelse,
                             std::string description, std::vector<ParamSpec> params, ShareFn fn) {
  Measurement m;
  m.id = std::move(id);
  m.title = std::move(title);
  m.description = std::move(description);
  m.beskrivelse = std::move(beskrivelse);
  m.source = "register";
  m.needs_population = true;
  m.inputs = RegisterInputs(true);
  m.params = std::move(params);
  m.level = &Aggregate;
  m.compute = [fn](const MeasureContext& ctx, const Params& p) -> Result<Table> {
    RETURN_IF_ERROR(NeedPopulation(ctx));
    ASSIGN_OR_RETURN(FtpQuery q, FtpQueryFromParams(ctx, p, Groups::kSeries));
    return Broken(ctx, p, q, [&](const FtpQuery& part) {
      return fn(*ctx.store, *ctx.reference, *ctx.population, part);
    });
  };
  return m;
}

Measurement SammenligningMeasurement() {
  Measurement m;
  m.id = "sammenligning";
  m.title = "Nøgletal til udvalget";
  m.beskrivelse =
      "kommunens nøgletal ved siden af RAR-området, regionen, hele landet og året før, med "
      "udvalgets sætninger";
  m.description =
      "a municipality's key figures beside its RAR area, region, the whole country and a year "
      "earlier, with the committee's sentences";
  m.source = "register";
  m.needs_population = true;
  m.inputs = RegisterInputs(true);
#if FREMDRIFT_CATALOG_OFFICIAL
  m.inputs.push_back({"db", false,
                      "case store with STAR's benchmark imported from jobindsats.dk: adds the "
                      "top 10's share"});
#endif
  std::vector<std::string> figures;
  for (const auto& f : StandardKeyFigures()) figures.push_back(f.id);
  m.params = {
      PeriodParam("month"),
      {"from", "first period (default: the store's last month)", "", false, ParamType::kPeriod, {}},
      {"to", "last period (default: 'from')", "", false, ParamType::kPeriod, {}},
      {"kommune", "the municipality code", "", true, ParamType::kCodes, {}},
      {"figure", "key figures, comma separated (default: all)", "", false, ParamType::kList,
       figures},
      AfbrydelseParam()};
  m.level = &Aggregate;
  m.compute = [](const MeasureContext& ctx, const Params& p) -> Result<Table> {
    RETURN_IF_ERROR(NeedPopulation(ctx));
    Params ftp_params;
    for (const char* name : {"period", "from", "to", "kommune", "afbrydelse"}) {
      if (p.Has(name)) ftp_params.Set(name, p.Get(name));
    }
    if (p.Get("from").empty()) {
      ftp_params.Set("from",
                     FormatPeriod(PeriodOfMonth(PeriodKind::kMonth, LastStoreMonth(*ctx.store))));
    }
    ASSIGN_OR_RETURN(FtpQuery q, FtpQueryFromParams(ctx, ftp_params, Groups::kSeries));
    if (q.kommuner.size() != 1) return InvalidArgument("kommune: give exactly one code");
    ComparisonQuery cq;
    cq.kommune = q.kommuner[0];
    cq.period = q.period;
    cq.from = q.from;
    cq.to = q.to;
    cq.figures = SplitComma(p.Get("figure"));
    cq.afbrydelse = q.afbrydelse;
    cq.threads = ctx.threads;
#if FREMDRIFT_CATALOG_OFFICIAL
    // STAR's top 10 beside the areas, where a benchmark is imported into the case store.
    ASSIGN_OR_RETURN(BenchmarkTop top, BenchmarkTop10(ctx));
    cq.top10 = std::move(top.kommuner);
    cq.top10_period = std::move(top.period_words);
#endif
    return Sammenligning(*ctx.store, *ctx.reference, *ctx.population, cq);
  };
  return m;
}

}  // namespace

Status AddRegisterMeasurements(MeasurementRegistry& registry) {
  {
    auto params =
        AreaParams("month",
                   "series, comma separated: benefit groups and the totals offentlig_forsoergelse, "
                   "bruttoledig, kontant_uddannelse_integration (default: every group and "
                   "offentlig_forsoergelse)");
    params.push_back({"overlap_free",
                      "count each person in one group per period and area, by STAR's status "
                      "priority",
                      "",
                      false,
                      ParamType::kFlag,
                      {}});
    params.push_back(ByParam());
    RETURN_IF_ERROR(registry.Add(
        StoreMeasurement("fuldtidspersoner", "Fuldtidspersoner pr. ydelsesgruppe",
                         "fuldtidspersoner og personer pr. ydelsesgruppe, område og periode",
                         "full-time persons and persons per benefit group, area and period",
                         std::move(params), &Fuldtidspersoner, Groups::kSeries)));
  }
  RETURN_IF_ERROR(registry.Add(StoreMeasurement(
      "forloeb", "Forløb pr. ydelsesgruppe",
      "igangværende, påbegyndte og afsluttede forløb pr. ydelsesgruppe, område og periode, med "
      "varighed og forløb over 26 uger",
      "ongoing, started and ended forløb per benefit group, area and period, with duration "
      "bands and the ongoing over 26 weeks",
      WithBy(AreaParams("month", "benefit groups, comma separated (default: all)")), &ForloebTable,
      Groups::kGroupsOnly)));
  RETURN_IF_ERROR(registry.Add(StoreMeasurement(
      "afgang", "Afgang fra forløb",
      "årsager til at forløb i perioden sluttede, og status 4, 13, 26 og 52 uger efter "
      "(en ydelse, beskæftigelse eller selvforsørgelse)",
      "end reasons of the forløb ended in the period and the status 4, 13, 26 and 52 weeks after",
      WithBy(AreaParams("month", "benefit groups, comma separated (default: all)")), &AfgangTable,
      Groups::kGroupsOnly)));
  RETURN_IF_ERROR(registry.Add(StoreMeasurement(
      "beskaeftigelse", "Fra ydelse til beskæftigelse",
      "andel af de afsluttede forløb, hvor personen er i beskæftigelse 1, 3, 6 og 12 måneder "
      "efter (uden ydelse og med beskæftigelse i registerets månedskolonner), pr. "
      "ydelsesgruppe, område og periode",
      "share of the forløb ended in the period whose person is in employment 1, 3, 6 and 12 "
      "months after (no benefit that week, employment in the register's monthly columns), per "
      "benefit group, area and period",
      WithBy(AreaParams("month", "benefit groups, comma separated (default: all)")),
      &BeskaeftigelseTable,
      Groups::kGroupsOnly)));
  RETURN_IF_ERROR(registry.Add(StoreMeasurement(
      "ressourceforloeb", "Kvartalsstatistik for ressourceforløb",
      "påbegyndte, afsluttede og igangværende ressourceforløb efter alder, køn, tidligere ydelse, "
      "afgangsårsag og status efter (pr. kvartal)",
      "ressourceforløb started, ended and ongoing by age, sex, previous benefit group, end "
      "reason and status after (quarterly by default)",
      AreaParams("quarter", nullptr), &RessourceforloebTable, Groups::kGroupsOnly)));
  RETURN_IF_ERROR(registry.Add(
      ShareMeasurement("andel", "Andel af befolkning og arbejdsstyrke",
                       "fuldtidspersoner som andel af befolkningen og arbejdsstyrken",
                       "full-time persons as shares of the population and the labour force",
                       WithBy(AreaParams("month",
                                         "series, as for fuldtidspersoner (default: every group "
                                         "and offentlig_forsoergelse)")),
                       &Andel)));
  RETURN_IF_ERROR(registry.Add(ShareMeasurement(
      "ledighedsprocent", "Bruttoledighedsprocent",
      "bruttoledighedsprocent, beregnet tilnærmet fra registeret",
      "gross unemployment rate approximated from the register", AreaParams("month", nullptr),
      [](const SpellStore& store, const ReferenceData& ref, const Population& pop,
         const FtpQuery& q) { return Ledighedsprocent(store, ref, pop, q); })));
  return registry.Add(SammenligningMeasurement());
}

}  // namespace fremdrift::catalog
