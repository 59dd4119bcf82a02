// The register measurements offered by the API, with the CLI's parameters (`fremdrift measure
// fuldtidspersoner --from ... --area ...` ↔ `/api/v1/measurements/fuldtidspersoner?from=...`).
// New register measurements (andel, ledighedsprocent, ...) are added here, once.
#include <algorithm>

#include "measure/andel.h"
#include "measure/fuldtidspersoner.h"
#include "measure/population.h"
#include "measure/sammenligning.h"
#include "catalog/catalog.h"

namespace fremdrift::catalog {
namespace {

Status NeedStore(const MeasureContext& ctx) {
  if (!ctx.store) return FailedPrecondition("the server was started without --store");
  return Status::Ok();
}

Status NeedPopulation(const MeasureContext& ctx) {
  RETURN_IF_ERROR(NeedStore(ctx));
  if (!ctx.population) {
    return FailedPrecondition(
        "the server has no population file (--population, or one kept "
        "beside the store)");
  }
  return Status::Ok();
}

// The latest month the store covers ("to" when absent).
MonthIndex LastStoreMonth(const SpellStore& store) { return MonthOfWeek(store.last_week()); }

Result<FtpQuery> FtpQueryFromParams(const MeasureContext& ctx, const Params& p) {
  FtpQuery q;
  auto period = ParsePeriodKind(p.Get("period", "month"));
  if (!period.ok()) return InvalidArgument("period: {}", period.status().message());
  q.period = *period;
  std::string from_text = p.Get("from");
  std::string to_text = p.Get("to", from_text);
  if (from_text.empty()) {
    // Default: the 25 months up to the store's last complete month.
    MonthIndex last = LastStoreMonth(*ctx.store);
    q.to = last;
    q.from = std::max(0, last - 24);
  } else {
    auto from = ParseMonthBound(from_text, false);
    if (!from.ok()) return InvalidArgument("from: {}", from.status().message());
    auto to = ParseMonthBound(to_text, true);
    if (!to.ok()) return InvalidArgument("to: {}", to.status().message());
    q.from = *from;
    q.to = *to;
    if (q.to < q.from) return InvalidArgument("to: {} is before from {}", to_text, from_text);
    if (q.to - q.from > 12 * 40) return InvalidArgument("to: at most 40 years from 'from'");
  }
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
  for (const auto& g : q.groups) {
    if (g != kOffentligForsoergelse && ctx.reference->GroupIndex(g) < 0) {
      return InvalidArgument("group: '{}' is not a benefit group",
                             g.size() > 40 ? g.substr(0, 40) : g);
    }
  }
  auto age = ParseAgeBand(p.Get("age", "16-66"));
  if (!age.ok()) return InvalidArgument("age: {}", age.status().message());
  q.age = *age;
  return q;
}

std::vector<ParamSpec> RegisterParams() {
  return {
      {"period", "month, quarter, halfyear or year", "month"},
      {"from", "first period: YYYY-MM, YYYY-Qn or YYYY (default: 24 months before the last)", ""},
      {"to", "last period (default: from, or the store's last month)", ""},
      {"area", "kommune, rar, region, land (comma list)", "kommune"},
      {"kommune", "municipality codes, comma separated (default: all)", ""},
      {"group", "benefit groups, comma separated, incl. offentlig_forsoergelse", ""},
      {"age", "age band MIN-MAX or 'all'", "16-66"},
  };
}

}  // namespace

Status AddRegisterMeasurements(MeasurementRegistry& registry) {
  Measurement ftp;
  ftp.id = "fuldtidspersoner";
  ftp.title = "Fuldtidspersoner pr. ydelsesgruppe";
  ftp.description = "full-time persons and persons per benefit group, area and period";
  ftp.source = "register";
  ftp.params = RegisterParams();
  ftp.level = [](const Params&) { return DataLevel::kAggregate; };
  ftp.compute = [](const MeasureContext& ctx, const Params& p) -> Result<Table> {
    RETURN_IF_ERROR(NeedStore(ctx));
    ASSIGN_OR_RETURN(FtpQuery q, FtpQueryFromParams(ctx, p));
    return Fuldtidspersoner(*ctx.store, *ctx.reference, q);
  };
  RETURN_IF_ERROR(registry.Add(std::move(ftp)));

  Measurement andel;
  andel.id = "andel";
  andel.title = "Andel af befolkning og arbejdsstyrke";
  andel.description = "full-time persons as shares of population and labour force";
  andel.source = "register";
  andel.needs_population = true;
  andel.params = RegisterParams();
  andel.level = [](const Params&) { return DataLevel::kAggregate; };
  andel.compute = [](const MeasureContext& ctx, const Params& p) -> Result<Table> {
    RETURN_IF_ERROR(NeedPopulation(ctx));
    ASSIGN_OR_RETURN(FtpQuery q, FtpQueryFromParams(ctx, p));
    return Andel(*ctx.store, *ctx.reference, *ctx.population, q);
  };
  RETURN_IF_ERROR(registry.Add(std::move(andel)));

  Measurement ledighed;
  ledighed.id = "ledighedsprocent";
  ledighed.title = "Bruttoledighedsprocent";
  ledighed.description = "gross unemployment rate approximated from the register";
  ledighed.source = "register";
  ledighed.needs_population = true;
  for (auto& spec : RegisterParams()) {
    if (spec.name != "group") ledighed.params.push_back(spec);
  }
  ledighed.level = [](const Params&) { return DataLevel::kAggregate; };
  ledighed.compute = [](const MeasureContext& ctx, const Params& p) -> Result<Table> {
    RETURN_IF_ERROR(NeedPopulation(ctx));
    ASSIGN_OR_RETURN(FtpQuery q, FtpQueryFromParams(ctx, p));
    return Ledighedsprocent(*ctx.store, *ctx.reference, *ctx.population, q);
  };
  RETURN_IF_ERROR(registry.Add(std::move(ledighed)));

  Measurement cmp;
  cmp.id = "sammenligning";
  cmp.title = "Nøgletal til udvalget";
  cmp.description =
      "a municipality's key figures beside its RAR area, region, the whole country "
      "and a year earlier, with the committee's sentences";
  cmp.source = "register";
  cmp.needs_population = true;
  cmp.params = {{"period", "month, quarter, halfyear or year", "month"},
                {"from", "first period (default: the store's last month)", ""},
                {"to", "last period (default: from)", ""},
                {"kommune", "the municipality code", "", true},
                {"figure", "key figures, comma separated (default: all)", ""}};
  cmp.level = [](const Params&) { return DataLevel::kAggregate; };
  cmp.compute = [](const MeasureContext& ctx, const Params& p) -> Result<Table> {
    RETURN_IF_ERROR(NeedPopulation(ctx));
    Params ftp_params;
    for (const char* name : {"period", "from", "to", "kommune"}) {
      if (p.Has(name)) ftp_params.Set(name, p.Get(name));
    }
    if (!p.Has("from")) {
      std::string last =
          FormatPeriod(PeriodOfMonth(PeriodKind::kMonth, LastStoreMonth(*ctx.store)));
      ftp_params.Set("from", last);
    }
    ASSIGN_OR_RETURN(FtpQuery q, FtpQueryFromParams(ctx, ftp_params));
    if (q.kommuner.size() != 1) return InvalidArgument("kommune: give exactly one code");
    ComparisonQuery cq;
    cq.kommune = q.kommuner[0];
    cq.period = q.period;
    cq.from = q.from;
    cq.to = q.to;
    cq.figures = SplitComma(p.Get("figure"));
    return Sammenligning(*ctx.store, *ctx.reference, *ctx.population, cq);
  };
  RETURN_IF_ERROR(registry.Add(std::move(cmp)));
  return Status::Ok();
}

}  // namespace fremdrift::catalog
