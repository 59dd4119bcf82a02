// `fremdrift finance import | grants | budgets`: grants (appropriations, payout rates, accounts)
// and budget lines in the case store (docs/formats/budget.md). An import stores every file given
// or nothing; errors name file, line and column. `grants` shows each grant with its payout status
// computed from the pool's measurement over the case events.
#include <charconv>
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

namespace fremdrift {
namespace {

struct FinanceArgs {
  std::string db, user, kommune, as_of, format = "csv", models, grant, part = "oversigt";
  std::vector<std::string> files;
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
});

}  // namespace
}  // namespace fremdrift
