// `fremdrift report <kind>`: committee documents as PDF, XLSX (the appendix tables), CSV (the
// data) or HTML. budgetopfoelgning from a budget-line CSV or the budget stored in the case store;
// noegletal from the spell store (`measure sammenligning`); ressourceforloeb from the spell store
// (`measure ressourceforloeb`); fsm2 from the case store (the stored grant, `measure fsm2`).
#include <charconv>
#include <cstdio>
#include <iostream>
#include <memory>

#include "app/app_util.h"
#include "app/command.h"
#include "eventstore/case_data.h"
#include "models/effort_model.h"
#include "finance/finance_store.h"
#include "models/grant_payout.h"
#include "models/pool_measure.h"
#include "common/file_util.h"
#include "finance/budget_followup.h"
#include "measure/forloeb.h"
#include "measure/population.h"
#include "measure/sammenligning.h"
#include "report/budget_report.h"
#include "table/danish_format.h"
#include "table/suppression.h"
#include "report/document_html.h"
#include "report/pdf_document.h"
#include "report/report_inputs.h"
#include "report/table_csv.h"
#include "report/table_xlsx.h"
#if FREMDRIFT_CATALOG_OFFICIAL
#include "catalog/case_source.h"
#include "catalog/catalog.h"
#endif

namespace fremdrift {
namespace {

// Options every report shares.
struct ReportArgs {
  std::string format = "pdf";
  std::string out;
  std::string meeting_date;
  std::string case_number;
  int item = 0;
  std::string recommender;
  std::string committee = "Beskæftigelsesudvalget";
  // Inputs (each kind uses some).
  std::string budget, db, as_of, store, population, kommune, period, year, grant, models;
  int months = 13;
  // Counts under this many persons are not shown (table/suppression.h).
  int min_persons = kDefaultMinPersons;
};

void AddOutputOptions(CLI::App* sub, ReportArgs& a) {
  sub->add_option("--format", a.format, "pdf, xlsx, csv or html")
      ->check(CLI::IsMember({"pdf", "xlsx", "csv", "html"}))
      ->capture_default_str();
  sub->add_option("--out", a.out, "output file (default: stdout; required for xlsx)");
  sub->add_option("--meeting-date", a.meeting_date, "meeting date YYYY-MM-DD");
  sub->add_option("--case-number", a.case_number, "sagsnummer, e.g. 00.00.00-P19-1719-10");
  sub->add_option("--item", a.item, "agenda item number (Punkt N)");
  sub->add_option("--recommender", a.recommender,
                  "who recommends (indstiller), e.g. \"Direktøren for Social, Sundhed og "
                  "Beskæftigelse indstiller\"");
  sub->add_option("--min-persons", a.min_persons,
                  "counts under this many persons are shown as \"<5\", with the cells that "
                  "would reveal them (docs/measurements.md, small numbers); 0: exact figures")
      ->check(CLI::Range(0, 1000))
      ->capture_default_str();
}

Status WriteText(const std::string& out, const std::string& text) {
  if (out.empty() || out == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return Status::Ok();
  }
  AtomicFile file(out);
  RETURN_IF_ERROR(file.Open());
  RETURN_IF_ERROR(file.Write(text.data(), text.size()));
  return file.Commit();
}

// An Excel sheet name from a table title: numbered, so names cut at 31 characters stay unique
// (the writer replaces []:*?/\).
std::string SheetName(const std::string& title, int n) {
  std::string name = title.empty() ? fmt::format("Tabel {}", n) : fmt::format("{} {}", n, title);
  // Cut at 31 characters, not inside a UTF-8 sequence.
  std::size_t chars = 0, i = 0;
  while (i < name.size() && chars < 31) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    i += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    ++chars;
  }
  return name.substr(0, i);
}

// Writes the document: pdf and html render it; xlsx writes the appendix tables, one sheet each
// (`sheets` when given); csv writes `data`. Every table leaves with its small counts not shown
// (--min-persons; `ref` gives the groups' and areas' hierarchy, may be null).
Status Emit(CommitteeDocument doc, const ReportArgs& a, Table data, const ReferenceData* ref,
            std::vector<XlsxSheet> sheets = {}) {
  SuppressDocument(doc, a.min_persons, ref);
  if (a.min_persons > 1) {
    data = SuppressForPublication(data, StandardSuppressionSpec(data, a.min_persons, ref),
                                  SuppressedCell::kMarked);
    for (XlsxSheet& sheet : sheets) {
      Table& t = sheet.block.table;
      Table shown = SuppressForPublication(t, StandardSuppressionSpec(t, a.min_persons, ref),
                                           SuppressedCell::kMarked);
      t = std::move(shown);
    }
  }
  if (a.format == "pdf") {
    if (a.out.empty() || a.out == "-") {
      ASSIGN_OR_RETURN(std::string pdf, RenderDocumentPdf(doc));
      return WriteText("", pdf);
    }
    return WriteDocumentPdf(doc, a.out);
  }
  if (a.format == "html") return WriteText(a.out, RenderDocumentHtml(doc));
  if (a.format == "csv") return WriteText(a.out, RenderTableCsv(data));
  if (a.out.empty() || a.out == "-") return InvalidArgument("--format xlsx needs --out FILE");
  if (sheets.empty()) {
    int n = 0;
    for (const auto& item : doc.items) {
      for (const auto& appendix : item.appendices) {
        for (const auto& t : appendix.tables) {
          ++n;
          sheets.push_back({SheetName(t.title, n), TableBlock{t.title, t, {}, "", {}}});
        }
      }
    }
  }
  XlsxOptions xo;
  xo.title = doc.items.empty() ? "" : doc.items[0].title;
  xo.author = doc.municipality.empty() ? "fremdrift" : doc.municipality;
  if (doc.meeting_date.year > 0) {
    xo.created = static_cast<std::time_t>(DaysFromCivil(doc.meeting_date)) * 86400;
  }
  return WriteXlsx(a.out, sheets, xo);
}

Result<int> ParseKommune(const std::string& text, const ReferenceData& ref) {
  int code = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), code);
  if (text.empty() || ec != std::errc() || p != text.data() + text.size() ||
      ref.MunicipalityIndex(code) < 0) {
    return InvalidArgument("--kommune: '{}' is not a municipality code", text);
  }
  return code;
}

// What the register reports read first: the reference data, --kommune and a --period of `kind`.
struct RegisterReportArgs {
  ReferenceData ref;
  int kommune = 0;
  Period period;
};

Result<RegisterReportArgs> ReadRegisterReportArgs(const AppContext& ctx, const ReportArgs& a,
                                                  PeriodKind kind, const char* what) {
  RegisterReportArgs out;
  ASSIGN_OR_RETURN(out.ref, LoadReference(ctx, a.store));
  ASSIGN_OR_RETURN(out.kommune, ParseKommune(a.kommune, out.ref));
  auto period = ParsePeriod(a.period);
  if (!period.ok() || period->kind != kind) {
    return InvalidArgument("--period: '{}' is not {}", a.period, what);
  }
  out.period = *period;
  return out;
}

std::string KommuneName(const ReferenceData& ref, int code) {
  return ref.municipalities()[ref.MunicipalityIndex(code)].name;
}

// The meeting: --meeting-date, else the last day of the month after `last_month`.
Result<MeetingInfo> Meeting(const ReportArgs& a, const std::string& municipality,
                            MonthIndex last_month) {
  MeetingInfo m;
  m.municipality = municipality;
  m.committee = a.committee;
  m.case_number = a.case_number;
  m.recommender = a.recommender.empty() ? "Administrationen indstiller," : a.recommender;
  if (!a.meeting_date.empty()) {
    auto d = ParseIsoDate(a.meeting_date);
    if (!d.ok()) return d.status().WithContext("--meeting-date");
    m.meeting_date = *d;
  } else {
    MonthIndex next = last_month + 1;
    m.meeting_date = {YearOfMonth(next), MonthOfYear(next),
                      DaysInMonth(YearOfMonth(next), MonthOfYear(next))};
  }
  return m;
}

// Exit code for options no report can use (0 = fine).
int CheckOutput(const ReportArgs& a) {
  if (a.format == "xlsx" && (a.out.empty() || a.out == "-")) {
    std::fprintf(stderr, "fremdrift: --format xlsx needs --out FILE\n");
    return kExitUsage;
  }
  return 0;
}

void Number(CommitteeDocument& doc, const ReportArgs& a) {
  if (!doc.items.empty()) doc.items[0].number = a.item;
}

// --- budgetopfoelgning -------------------------------------------------------------------------
int RunBudget(const AppContext& ctx, const ReportArgs& a) {
  if (int rc = CheckOutput(a)) return rc;
  Result<BudgetFile> file = InvalidArgument("give --budget FILE or --db URL --kommune CODE");
  std::string where = a.budget;
  if (!a.budget.empty()) {
    file = LoadBudgetCsv(a.budget);
  } else if (!a.db.empty()) {
    auto ref = LoadReference(ctx);
    if (!ref.ok()) return ReportError(ref.status());
    auto code = ParseKommune(a.kommune, *ref);
    if (!code.ok()) return ReportError(code.status());
    auto store = cases::FinanceStore::Open(a.db);
    if (!store.ok()) return ReportError(store.status());
    cases::AsOf as_of;
    if (!a.as_of.empty()) {
      auto parsed = cases::ParseAsOf(a.as_of);
      if (!parsed.ok()) return ReportError(parsed.status());
      as_of = *parsed;
    }
    int year = 0;
    std::string month = a.period;
    if (!a.year.empty()) {
      year = std::atoi(a.year.c_str());
    } else if (month.size() >= 4) {
      year = std::atoi(month.substr(0, 4).c_str());
    } else {
      auto budgets = (*store)->Budgets(*code, as_of);
      if (!budgets.ok()) return ReportError(budgets.status());
      if (budgets->empty()) {
        return ReportError(NotFound("no budget stored for municipality {}", *code));
      }
      year = budgets->back().year;
    }
    file = (*store)->Budget(*code, year, month, as_of);
    where = a.db;
  } else {
    return ReportError(file.status());
  }
  if (!file.ok()) return ReportError(file.status());
  auto followup = ComputeBudgetFollowUp(*file);
  if (!followup.ok()) return ReportError(followup.status().WithContext(where));
  for (const auto& problem : followup->inconsistencies) {
    std::fprintf(stderr, "fremdrift: warning: %s: %s\n", where.c_str(), problem.c_str());
  }
  BudgetReportOptions options;
  options.case_number = a.case_number;
  options.item_number = a.item;
  options.recommender = a.recommender.empty() ? "Administrationen indstiller," : a.recommender;
  if (!a.meeting_date.empty()) {
    auto d = ParseIsoDate(a.meeting_date);
    if (!d.ok()) return ReportError(d.status().WithContext("--meeting-date"));
    options.meeting_date = *d;
  }
  CommitteeDocument doc = BuildBudgetFollowUpDocument(*followup, options);
  Status st = Emit(doc, a, BudgetFollowUpTable(*followup, 1000), nullptr,
                   {{"Forventet regnskab", BudgetFollowUpTableBlock(*followup)}});
  if (!st.ok()) return ReportError(st);
  return kExitOk;
}

// --- noegletal ---------------------------------------------------------------------------------
int RunKeyFigures(const AppContext& ctx, const ReportArgs& a) {
  if (int rc = CheckOutput(a)) return rc;
  auto in = ReadRegisterReportArgs(ctx, a, PeriodKind::kMonth, "a month (YYYY-MM)");
  if (!in.ok()) return ReportError(in.status());
  const ReferenceData* ref = &in->ref;
  const int* code = &in->kommune;
  const Period* period = &in->period;
  if (a.months < 2 || a.months > 61) return ReportError(InvalidArgument("--months: 2 to 61"));
  const std::string pop_path =
      a.population.empty() ? PopulationPathForStore(a.store) : a.population;
  auto pop = Population::Load(pop_path, *ref);
  if (!pop.ok()) return ReportError(pop.status().WithContext("--population"));
  auto store = SpellStore::Open(a.store);
  if (!store.ok()) return ReportError(store.status());
  ComparisonQuery q;
  q.kommune = *code;
  q.period = PeriodKind::kMonth;
  q.to = FirstMonth(*period);
  q.from = q.to - (a.months - 1);
  auto comparison = Sammenligning(*store, *ref, *pop, q);
  if (!comparison.ok()) return ReportError(comparison.status());
  // A figure built on fewer than --min-persons persons (a share's numerator too) is hidden before
  // the document is written: its sentence says so, its chart has a gap (table/suppression.h).
  if (a.min_persons > 1) {
    *comparison = SuppressForPublication(
        *comparison, StandardSuppressionSpec(*comparison, a.min_persons, ref),
        SuppressedCell::kMarked);
  }
  const std::string name = KommuneName(*ref, *code);
  auto meeting = Meeting(a, name + " Kommune", q.to);
  if (!meeting.ok()) return ReportError(meeting.status());
  auto input = KeyFiguresFromComparison(*comparison, name, *meeting);
  if (!input.ok()) return ReportError(input.status());
  input->min_persons = a.min_persons;
#if FREMDRIFT_CATALOG_OFFICIAL
  // With the case store: STAR's benchmark and the reconciliation with jobindsats for the months
  // shown, from the figures imported there (`fremdrift import jobindsats`).
  if (!a.db.empty()) {
    auto cases = catalog::CaseSource::Open(a.db, "");
    if (!cases.ok()) return ReportError(cases.status().WithContext("--db"));
    catalog::MeasurementRegistry registry;
    if (Status s = catalog::AddOfficialMeasurements(registry); !s.ok()) return ReportError(s);
    catalog::MeasureContext mc;
    mc.reference = ref;
    mc.store = &*store;
    mc.population = &*pop;
    mc.cases = cases->get();
    const std::string k = std::to_string(*code);
    auto bench = catalog::Compute(
        *registry.Find("benchmark"), mc,
        catalog::Params({{"kommune", k},
                         {"to", FormatPeriod(PeriodOfMonth(PeriodKind::kMonth, q.to))}}));
    if (!bench.ok()) return ReportError(bench.status().WithContext("benchmark"));
    input->benchmark = std::move(bench).value();
    auto rec = catalog::Compute(
        *registry.Find("afstemning"), mc,
        catalog::Params({{"kommune", k},
                         {"from", FormatPeriod(PeriodOfMonth(PeriodKind::kMonth, q.from))},
                         {"to", FormatPeriod(PeriodOfMonth(PeriodKind::kMonth, q.to))}}));
    if (!rec.ok()) return ReportError(rec.status().WithContext("afstemning"));
    input->reconciliation = std::move(rec).value();
  }
#endif
  auto doc = BuildKeyFiguresDocument(*input);
  if (!doc.ok()) return ReportError(doc.status());
  Number(*doc, a);
  Status st = Emit(*doc, a, *comparison, ref);
  if (!st.ok()) return ReportError(st);
  return kExitOk;
}

// --- ressourceforloeb ----------------------------------------------------------------------------
int RunResourceCourses(const AppContext& ctx, const ReportArgs& a) {
  if (int rc = CheckOutput(a)) return rc;
  auto in = ReadRegisterReportArgs(ctx, a, PeriodKind::kQuarter, "a quarter (YYYY-Qn)");
  if (!in.ok()) return ReportError(in.status());
  const ReferenceData* ref = &in->ref;
  const int* code = &in->kommune;
  const Period* period = &in->period;
  auto store = SpellStore::Open(a.store);
  if (!store.ok()) return ReportError(store.status());
  FtpQuery q;
  q.period = PeriodKind::kQuarter;
  q.from = MakeMonth(period->year - 1, 1);  // the previous year's final figures and this year's
  q.to = LastMonth(*period);
  q.levels = {AreaLevel::kKommune};
  q.kommuner = {*code};
  auto age = ParseAgeBand("16-66");
  if (!age.ok()) return ReportError(age.status());
  q.age = *age;
  auto table = RessourceforloebTable(*store, *ref, q);
  if (!table.ok()) return ReportError(table.status());
  const std::string name = KommuneName(*ref, *code);
  auto meeting = Meeting(a, name + " Kommune", q.to);
  if (!meeting.ok()) return ReportError(meeting.status());
  std::vector<std::string> quarters;
  for (MonthIndex m = q.from; m <= q.to; m += 3) {
    quarters.push_back(FormatPeriod(PeriodOfMonth(PeriodKind::kQuarter, m)));
  }
  // The small counts are marked before the quarterly tables are pivoted from the measurement, whose
  // rows know which categories add up to which total.
  if (a.min_persons > 1) {
    *table = SuppressForPublication(*table, StandardSuppressionSpec(*table, a.min_persons, ref),
                                    SuppressedCell::kMarked);
  }
  auto input = ResourceCourseFromMeasure(*table, fmt::format("{:03d}", *code), *meeting, quarters,
                                         ResourceCategoryNames(*ref));
  if (!input.ok()) return ReportError(input.status());
  auto doc = BuildResourceCourseDocument(*input);
  if (!doc.ok()) return ReportError(doc.status());
  Number(*doc, a);
  Status st = Emit(*doc, a, input->data, ref);
  if (!st.ok()) return ReportError(st);
  return kExitOk;
}

// --- fsm2 --------------------------------------------------------------------------------------
int RunFsm2(const AppContext& ctx, const ReportArgs& a) {
  if (int rc = CheckOutput(a)) return rc;
  auto ref = LoadReference(ctx);
  if (!ref.ok()) return ReportError(ref.status());
  auto code = ParseKommune(a.kommune, *ref);
  if (!code.ok()) return ReportError(code.status());
  cases::AsOf as_of;
  if (!a.as_of.empty()) {
    auto parsed = cases::ParseAsOf(a.as_of);
    if (!parsed.ok()) return ReportError(parsed.status());
    as_of = *parsed;
  }
  auto model =
      cases::EffortModel::Load("fsm2", a.models.empty() ? cases::DefaultModelsDir() : a.models);
  if (!model.ok()) return ReportError(model.status());
  auto finance = cases::FinanceStore::Open(a.db);
  if (!finance.ok()) return ReportError(finance.status());
  auto grants = (*finance)->Grants(*code, as_of);
  if (!grants.ok()) return ReportError(grants.status());
  const cases::StoredGrant* grant = nullptr;
  for (const auto& g : *grants) {
    if (a.grant.empty() ? g.grant.model == model->id : g.grant.id == a.grant) grant = &g;
  }
  if (grant == nullptr) {
    return ReportError(NotFound(
        "no {} grant stored for municipality {}{}: import it with `fremdrift finance import "
        "--db URL FILE` (docs/formats/budget.md)",
        a.grant.empty() ? "FSM2" : "'" + a.grant + "'", *code,
        as_of ? " as of " + *as_of : std::string()));
  }
  auto events = cases::EventStore::Open(a.db);
  if (!events.ok()) return ReportError(events.status());
  auto data = cases::CaseData::Load(**events, as_of);
  if (!data.ok()) return ReportError(data.status());
  MonthIndex to = -1;
  if (!a.period.empty()) {
    auto m = ParseMonthBound(a.period, true);
    if (!m.ok()) return ReportError(InvalidArgument("--period: {}", m.status().message()));
    to = *m;
  }
  auto status = cases::ComputeGrantPayout(*grant, &*model, &*data, &*ref, to);
  if (!status.ok()) return ReportError(status.status());
  if (status->months.empty()) {
    return ReportError(FailedPrecondition(
        "no months of the project period {} - {} are measured up to --period/--as-of",
        FormatIsoDate(grant->grant.start), FormatIsoDate(grant->grant.end)));
  }
  cases::PoolQuery q;
  q.reference = &*ref;
  q.kommuner = {*code};
  q.from = status->months.front().month;
  q.to = status->months.back().month;
  auto indicators = cases::PoolIndicators(*model, *data, q);
  if (!indicators.ok()) return ReportError(indicators.status());
  const std::string name = KommuneName(*ref, *code);
  auto meeting = Meeting(a, name + " Kommune", q.to);
  if (!meeting.ok()) return ReportError(meeting.status());
  meeting->municipality = name + " Kommune";
  auto input = Fsm2FromStatus(*status, *indicators, *meeting);
  if (!input.ok()) return ReportError(input.status());
  input->min_persons = a.min_persons;
  auto doc = BuildFsm2Document(*input);
  if (!doc.ok()) return ReportError(doc.status());
  Number(*doc, a);
  Status st = Emit(*doc, a, *indicators, &*ref);
  if (!st.ok()) return ReportError(st);
  return kExitOk;
}

CommandRegistrar reg([](AppContext& ctx) {
  CLI::App* report = ctx.Command("report");
  report->require_subcommand(1);

  {
    auto* sub = report->add_subcommand(
        "budgetopfoelgning",
        "budget follow-up (forventet regnskab) from budget lines, as table 1 of Helsingør "
        "Kommune's Social- og Beskæftigelsesudvalg, 6.11.2019");
    auto a = std::make_shared<ReportArgs>();
    a->committee = "";
    auto* budget =
        sub->add_option("--budget", a->budget, "budget-line CSV (docs/formats/budget.md)")
            ->check(CLI::ExistingFile);
    auto* db = sub->add_option("--db", a->db,
                               "case store with imported budget lines (instead of --budget)");
    budget->excludes(db);
    sub->add_option("--kommune", a->kommune, "municipality code (with --db)");
    sub->add_option("--period", a->period,
                    "month followed up, YYYY-MM (with --db; default: the latest stored)");
    sub->add_option("--year", a->year, "budget year (with --db; default: from --period)");
    sub->add_option("--as-of", a->as_of, "the budget as stored then (with --db)");
    AddOutputOptions(sub, *a);
    ctx.OnRun(sub, [&ctx, a] { return RunBudget(ctx, *a); });
  }
  {
    auto* sub = report->add_subcommand(
        "noegletal",
        "Nøgletal på beskæftigelsesområdet (as Herning Kommune's Beskæftigelsesudvalg, e.g. "
        "24.4.2019) from the spell store");
    auto a = std::make_shared<ReportArgs>();
    sub->add_option("--store", a->store, "spell store written by `fremdrift ingest`")->required();
    sub->add_option("--population", a->population,
                    "population file (default: the one kept beside the store)");
    sub->add_option("--kommune", a->kommune, "municipality code")->required();
    sub->add_option("--period", a->period, "the month reported on, YYYY-MM")->required();
    sub->add_option("--months", a->months, "months shown in charts and appendix (default 13)");
    sub->add_option("--db", a->db,
                    "case store with figures imported from jobindsats.dk: adds STAR's benchmark "
                    "and the reconciliation (without it the document says no benchmark is "
                    "imported)");
    sub->add_option("--committee", a->committee, "committee")->capture_default_str();
    AddOutputOptions(sub, *a);
    ctx.OnRun(sub, [&ctx, a] { return RunKeyFigures(ctx, *a); });
  }
  {
    auto* sub = report->add_subcommand(
        "ressourceforloeb",
        "Kvartalsstatistikker på ressourceforløb (as Herning Kommune's Beskæftigelsesudvalg, "
        "24.4.2019) from the spell store");
    auto a = std::make_shared<ReportArgs>();
    sub->add_option("--store", a->store, "spell store written by `fremdrift ingest`")->required();
    sub->add_option("--kommune", a->kommune, "municipality code")->required();
    sub->add_option("--period", a->period,
                    "the last quarter, YYYY-Qn (shown from the 1st quarter of the year before)")
        ->required();
    sub->add_option("--committee", a->committee, "committee")->capture_default_str();
    AddOutputOptions(sub, *a);
    ctx.OnRun(sub, [&ctx, a] { return RunResourceCourses(ctx, *a); });
  }
  {
    auto* sub = report->add_subcommand(
        "fsm2",
        "status of Flere skal med 2: indicators local and national, payout tier and money at "
        "stake, from the case store and the stored grant");
    auto a = std::make_shared<ReportArgs>();
    sub->add_option("--db", a->db, "case store: sqlite:PATH or postgresql://...")->required();
    sub->add_option("--kommune", a->kommune, "municipality code")->required();
    sub->add_option("--period", a->period,
                    "the status month, YYYY-MM (default: the latest measured)");
    sub->add_option("--as-of", a->as_of, "as the store stood then (YYYY-MM-DD or time)");
    sub->add_option("--grant", a->grant, "grant id (default: the municipality's FSM2 grant)");
    sub->add_option("--models", a->models, "folder with the pools' model files (data/models)");
    sub->add_option("--committee", a->committee, "committee")->capture_default_str();
    AddOutputOptions(sub, *a);
    ctx.OnRun(sub, [&ctx, a] { return RunFsm2(ctx, *a); });
  }
});

}  // namespace
}  // namespace fremdrift
