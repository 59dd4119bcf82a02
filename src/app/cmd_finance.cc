// `fremdrift finance import | grants | budgets`: grants (appropriations, payout rates, accounts)
// and budget lines in the case store (docs/formats/budget.md). An import stores every file given
// or nothing; errors name file, line and column. `grants` shows each grant with its payout status
// computed from the pool's measurement over the case events.
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <memory>

#include "app/app_util.h"
#include "eventstore/case_data.h"
#include "models/effort_model.h"
#include "finance/finance_store.h"
#include "models/grant_payout.h"
#include "common/file_util.h"
#include "table/table_format.h"
#include "common/data_dir.h"
#include "common/log.h"
#include "domain/period.h"
#include "finance/activity_budget.h"
#include "measure/fuldtidspersoner.h"
#include "registry/spell_store.h"
#include "table/danish_format.h"

namespace fremdrift {
namespace {

struct FinanceArgs {
  std::string db, user, kommune, as_of, format = "csv", models, grant, part = "oversigt";
  std::vector<std::string> files;
  std::string store, rates, out;
  int year = 0;
};

Result<int> KommuneOption(const std::string& text, const ReferenceData& ref) {
  if (text.empty()) return 0;
  int code = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), code);
  if (ec != std::errc() || p != text.data() + text.size() || ref.MunicipalityIndex(code) < 0) {
    return InvalidArgument("--kommune: '{}' is not a municipality code", text);
  }
  return code;
}

Result<cases::AsOf> AsOfOption(const std::string& text) {
  if (text.empty()) return cases::AsOf();
  ASSIGN_OR_RETURN(std::string t, cases::ParseAsOf(text));
  return cases::AsOf(t);
}

int RunImport(const AppContext& ctx, const FinanceArgs& a) {
  auto ref = LoadReference(ctx);
  if (!ref.ok()) return ReportError(ref.status());
  auto kommune = KommuneOption(a.kommune, *ref);
  if (!kommune.ok()) return ReportError(kommune.status());
  FinanceBatch batch;
  std::string sources;
  for (const auto& f : a.files) {
    auto text = ReadFileToString(f);
    if (!text.ok()) return ReportError(text.status());
    Status st = AddFinanceFile(batch, *text, f, *kommune);
    if (!st.ok()) return ReportError(st);
    sources += (sources.empty() ? "" : ", ") + f;
  }
  for (const auto& g : batch.grants) {
    if (ref->MunicipalityIndex(std::atoi(g.grant.municipality.c_str())) < 0) {
      return ReportError(InvalidArgument("{}: grant '{}': {} is not a municipality code",
                                         g.source.ToString(), g.grant.id, g.grant.municipality));
    }
  }
  for (const auto& b : batch.budgets) {
    if (ref->MunicipalityIndex(b.file.kommune) < 0) {
      return ReportError(InvalidArgument("{}: kommune {} is not a municipality code",
                                         b.source.ToString(), b.file.kommune));
    }
  }
  auto store = cases::FinanceStore::Open(a.db);
  if (!store.ok()) return ReportError(store.status());
  std::string user = a.user;
  if (user.empty()) {
    const char* u = std::getenv("USER");
    user = u != nullptr ? u : "unknown";
  }
  auto r = (*store)->Import(batch, {"finance: " + sources, user, ""});
  if (!r.ok()) return ReportError(r.status());
  if (!ctx.quiet) {
    std::fprintf(stderr,
                 "%s: %zu grants, %zu appropriations, %zu payout rates, %zu accounts, %zu budgets: "
                 "%lld rows added, %lld already stored\n",
                 sources.c_str(), batch.grants.size(), batch.appropriations.size(),
                 batch.payout_rates.size(), batch.accounts.size(), batch.budgets.size(),
                 static_cast<long long>(r->added), static_cast<long long>(r->skipped));
  }
  // Warnings that do not stop the import: appropriations that do not add up to the grant.
  auto grants = (*store)->Grants(0, std::nullopt);
  if (grants.ok()) {
    for (const auto& g : *grants) {
      for (const auto& p : CheckSplit(g.grant, cases::AppropriationYears(g))) {
        if (!g.appropriations.empty()) {
          std::fprintf(stderr, "fremdrift: warning: grant %s: %s\n", g.grant.id.c_str(), p.c_str());
        }
      }
    }
  }
  return kExitOk;
}

int RunGrants(const AppContext& ctx, const FinanceArgs& a) {
  auto format = ParseTableFormat(a.format);
  if (!format.ok()) return ReportError(format.status());
  auto ref = LoadReference(ctx);
  if (!ref.ok()) return ReportError(ref.status());
  auto kommune = KommuneOption(a.kommune, *ref);
  if (!kommune.ok()) return ReportError(kommune.status());
  auto as_of = AsOfOption(a.as_of);
  if (!as_of.ok()) return ReportError(as_of.status());
  auto store = cases::FinanceStore::Open(a.db);
  if (!store.ok()) return ReportError(store.status());
  auto grants = (*store)->Grants(*kommune, *as_of);
  if (!grants.ok()) return ReportError(grants.status());
  auto events = cases::EventStore::Open(a.db);
  if (!events.ok()) return ReportError(events.status());
  auto data = cases::CaseData::Load(**events, *as_of);
  if (!data.ok()) return ReportError(data.status());
  const std::string models = a.models.empty() ? cases::DefaultModelsDir() : a.models;
  std::vector<cases::GrantPayoutStatus> statuses;
  for (const auto& g : *grants) {
    if (!a.grant.empty() && g.grant.id != a.grant) continue;
    std::optional<cases::EffortModel> model;
    if (!g.grant.model.empty()) {
      auto m = cases::EffortModel::Load(g.grant.model, models);
      if (!m.ok()) return ReportError(m.status().WithContext("grant " + g.grant.id));
      model = std::move(m).value();
    }
    auto s = cases::ComputeGrantPayout(g, model ? &*model : nullptr, &*data, &*ref);
    if (!s.ok()) return ReportError(s.status());
    statuses.push_back(std::move(s).value());
  }
  if (!a.grant.empty() && statuses.empty()) {
    return ReportError(NotFound("grant '{}' is not stored", a.grant));
  }
  Table t;
  if (a.part == "oversigt") {
    t = cases::GrantsTable(statuses);
  } else if (statuses.size() != 1) {
    return ReportError(InvalidArgument("--del {} needs --grant ID", a.part));
  } else if (a.part == "trin") {
    t = cases::GrantTierTable(statuses[0]);
  } else if (a.part == "bevillinger") {
    t = cases::AppropriationsTable(statuses[0].grant);
  } else {
    return ReportError(InvalidArgument("--del: oversigt, trin or bevillinger"));
  }
  WriteTable(t, *format, std::cout);
  return kExitOk;
}

int RunBudgets(const AppContext& ctx, const FinanceArgs& a) {
  auto ref = LoadReference(ctx);
  if (!ref.ok()) return ReportError(ref.status());
  auto kommune = KommuneOption(a.kommune, *ref);
  if (!kommune.ok()) return ReportError(kommune.status());
  auto as_of = AsOfOption(a.as_of);
  if (!as_of.ok()) return ReportError(as_of.status());
  auto store = cases::FinanceStore::Open(a.db);
  if (!store.ok()) return ReportError(store.status());
  auto budgets = (*store)->Budgets(*kommune, *as_of);
  if (!budgets.ok()) return ReportError(budgets.status());
  auto format = ParseTableFormat(a.format);
  if (!format.ok()) return ReportError(format.status());
  Table t({{"kommune", ColumnType::kString, ColumnRole::kDimension, "", "Kommunekode"},
           {"aar", ColumnType::kString, ColumnRole::kDimension, "", "År"},
           {"udvalg", ColumnType::kString, ColumnRole::kDimension, "", "Udvalg"},
           {"maaneder", ColumnType::kString, ColumnRole::kDimension, "", "Måneder"}});
  t.title = "Budgetter i sagslageret";
  for (const auto& b : *budgets) {
    std::string months;
    for (const auto& m : b.months) months += (months.empty() ? "" : " ") + m;
    t.AddRow({fmt::format("{:03d}", b.kommune), std::to_string(b.year), b.committee, months});
  }
  WriteTable(t, *format, std::cout);
  return kExitOk;
}

// `finance aktivitetsbudget`: the activity-based budget follow-up of benefit expenses for one
// municipality, from the register's monthly full-time persons and the year's benefit rates
// (finance/activity_budget.h), written as a budget-lines file that `finance import` reads.
int RunActivityBudget(const AppContext& ctx, const FinanceArgs& a) {
  auto ref = LoadReference(ctx, a.store);
  if (!ref.ok()) return ReportError(ref.status());
  auto kommune = KommuneOption(a.kommune, *ref);
  if (!kommune.ok()) return ReportError(kommune.status());
  if (*kommune == 0) return ReportError(InvalidArgument("--kommune is required"));
  std::string rates_path = a.rates;
  if (rates_path.empty()) {
    auto data = FindDataDir();
    if (!data.ok()) return ReportError(data.status().WithContext("--rates"));
    rates_path = data->Path("data/reference/ydelsessatser.csv");
  }
  auto rates_text = ReadFileToString(rates_path);
  if (!rates_text.ok()) return ReportError(rates_text.status().WithContext("--rates"));
  auto rates = ParseBenefitRates(*rates_text, rates_path);
  if (!rates.ok()) return ReportError(rates.status());
  auto store = SpellStore::Open(a.store);
  if (!store.ok()) return ReportError(store.status().WithContext("--store"));

  // The last month the register covers completely.
  MonthIndex last = MonthOfWeek(store->last_week());
  if (WeeksOfMonths(last, last).last > store->last_week()) --last;
  const int year = a.year != 0 ? a.year : YearOfMonth(last);
  if (year > YearOfMonth(last)) {
    return ReportError(InvalidArgument("--year {}: the register ends in {}", year,
                                       FormatDanishPeriod(PeriodOfMonth(PeriodKind::kMonth, last))));
  }
  const int months = year == YearOfMonth(last) ? MonthOfYear(last) : 12;
  const MonthIndex from = MakeMonth(year - 1, 1);
  if (WeeksOfMonths(from, from).first < store->first_week()) {
    return ReportError(InvalidArgument(
        "--year {}: the register does not cover all of {}, which the original budget is made from",
        year, year - 1));
  }

  ActivityBudgetInput input;
  input.kommune = *kommune;
  input.municipality = ref->municipalities()[ref->MunicipalityIndex(*kommune)].name + " Kommune";
  input.year = year;
  FtpQuery q;
  q.from = from;
  q.to = MakeMonth(year, months);
  q.kommuner = {*kommune};
  q.age.all = true;  // expenses follow every recipient, whatever their age
  std::vector<const BenefitRate*> used;
  for (const auto& g : ref->groups()) {
    for (const auto& r : *rates) {
      if (r.group == g.id && r.year == year) used.push_back(&r);
    }
  }
  for (const auto& r : *rates) {
    if (ref->GroupIndex(r.group) < 0) {
      return ReportError(InvalidArgument("{}: '{}' is not a benefit group", rates_path, r.group));
    }
  }
  if (used.empty()) {
    return ReportError(InvalidArgument("{}: no benefit rate for {}", rates_path, year));
  }
  for (const auto* r : used) q.groups.push_back(r->group);
  auto cube = ComputeFtpCube(*store, *ref, q);
  if (!cube.ok()) return ReportError(cube.status());
  for (const auto* r : used) {
    ActivityLine line;
    line.group = r->group;
    line.label = ref->groups()[ref->GroupIndex(r->group)].name;
    line.rate_per_month = r->PerMonth();
    line.rate_note = fmt::format("{} kr. pr. {}, {}; kilde: {}",
                                 FormatDanishNumber(r->amount, r->amount == std::floor(r->amount) ? 0 : 2),
                                 r->unit == BenefitRate::Unit::kWeek ? "uge" : "md.", r->basis,
                                 r->source);
    const int g = cube->SeriesIndex(r->group);
    for (std::size_t p = 0; p < cube->periods.size(); ++p) {
      double ftp = 0;
      for (std::size_t area = 0; area < cube->area_ids.size() && g >= 0; ++area) {
        ftp += cube->Fuldtidspersoner(p, area, g);
      }
      (p < 12 ? line.previous_year : line.this_year).push_back(ftp);
    }
    input.lines.push_back(std::move(line));
  }
  auto csv = ActivityBudgetCsv(input);
  if (!csv.ok()) return ReportError(csv.status());
  if (a.out.empty() || a.out == "-") {
    std::cout << *csv;
  } else if (Status s = WriteStringToFile(a.out, *csv); !s.ok()) {
    return ReportError(s.WithContext("--out"));
  }
  LogInfo("finance aktivitetsbudget: {} {}, {} benefit groups with a rate, months 1-{}",
          input.municipality, year, input.lines.size(), months);
  return kExitOk;
}

CommandRegistrar reg([](AppContext& ctx) {
  CLI::App* finance = ctx.Command("finance");
  finance->require_subcommand(1);
  {
    auto a = std::make_shared<FinanceArgs>();
    auto* sub = finance->add_subcommand(
        "import",
        "import budget lines, grants, appropriations, payout rates and accounts (CSV; all files "
        "or nothing)");
    sub->add_option("--db", a->db, "case store: sqlite:PATH or postgresql://...")->required();
    sub->add_option("files", a->files, "CSV files (kind recognised from the header)")
        ->required()
        ->check(CLI::ExistingFile);
    sub->add_option("--kommune", a->kommune,
                    "municipality of budget files without '# kommune=CODE'");
    sub->add_option("--user", a->user, "who imports (default: $USER)");
    ctx.OnRun(sub, [&ctx, a] { return RunImport(ctx, *a); });
  }
  {
    auto a = std::make_shared<FinanceArgs>();
    auto* sub = finance->add_subcommand(
        "grants", "stored grants with appropriations and payout status (tier reached, amount due)");
    sub->add_option("--db", a->db, "case store: sqlite:PATH or postgresql://...")->required();
    sub->add_option("--kommune", a->kommune, "only this municipality");
    sub->add_option("--as-of", a->as_of, "as stored then (YYYY-MM-DD or time)");
    sub->add_option("--grant", a->grant, "one grant");
    sub->add_option("--del", a->part, "oversigt, trin (payout at each tier) or bevillinger")
        ->capture_default_str();
    sub->add_option("--format", a->format, "csv or json")->capture_default_str();
    sub->add_option("--models", a->models, "folder with the pools' model files (data/models)");
    ctx.OnRun(sub, [&ctx, a] { return RunGrants(ctx, *a); });
  }
  {
    auto a = std::make_shared<FinanceArgs>();
    auto* sub = finance->add_subcommand("budgets", "stored budgets and their months");
    sub->add_option("--db", a->db, "case store: sqlite:PATH or postgresql://...")->required();
    sub->add_option("--kommune", a->kommune, "only this municipality");
    sub->add_option("--as-of", a->as_of, "as stored then (YYYY-MM-DD or time)");
    sub->add_option("--format", a->format, "csv or json")->capture_default_str();
    ctx.OnRun(sub, [&ctx, a] { return RunBudgets(ctx, *a); });
  }
  {
    auto a = std::make_shared<FinanceArgs>();
    auto* sub = finance->add_subcommand(
        "aktivitetsbudget",
        "activity-based budget follow-up of benefit expenses: the register's full-time persons "
        "times the year's benefit rates, as a budget-lines file for 'finance import'");
    sub->add_option("--store", a->store, "the register store (fremdrift ingest --out)")->required();
    sub->add_option("--kommune", a->kommune, "municipality code")->required();
    sub->add_option("--year", a->year, "budget year (default: the year of the register's last "
                                       "complete month)");
    sub->add_option("--rates", a->rates,
                    "benefit rates (default: data/reference/ydelsessatser.csv)");
    sub->add_option("--out", a->out, "file to write (default: standard output)");
    ctx.OnRun(sub, [&ctx, a] { return RunActivityBudget(ctx, *a); });
  }
});

}  // namespace
}  // namespace fremdrift
