// Measurement report builders (see measurement_reports.h).
#include "report/measurement_reports.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "report/table_pivot.h"
#include "table/danish_format.h"

namespace fremdrift {
namespace {

// "2019-02" -> "februar 2019"; text that is not a period is kept.
std::string PeriodWords(const std::string& text) {
  auto words = FormatDanishPeriodText(text);
  return words.ok() ? *words : text;
}

CommitteeDocument NewDocument(const MeetingInfo& m) {
  CommitteeDocument doc;
  doc.municipality = m.municipality;
  doc.committee = m.committee;
  doc.meeting_date = m.meeting_date;
  return doc;
}

std::string Value(double v, const Column& col) {
  int decimals = col.decimals >= 0 ? col.decimals : (col.unit == "pct" ? 1 : 0);
  return col.unit == "pct" ? FormatDanishPercent(v, decimals) : FormatDanishNumber(v, decimals);
}

// "færre end 5 personer" for a cell not shown ("<5"), else empty.
std::string SuppressedWords(const Cell& cell) {
  if (!IsSuppressedMarker(cell)) return "";
  return fmt::format("færre end {} personer", std::get<std::string>(cell).substr(1));
}

// Marks the small counts of `t` and what would reveal them; true when any cell was marked.
bool SuppressMarked(Table& t, int min_persons, const ReferenceData* ref) {
  SuppressionResult s = SuppressSmallNumbers(t, StandardSuppressionSpec(t, min_persons, ref));
  if (!s.any()) return false;
  const std::string mark = SuppressedText(min_persons);
  for (std::size_t r = 0; r < s.suppressed.size(); ++r) {
    for (std::size_t c = 0; c < s.suppressed[r].size(); ++c) {
      if (s.suppressed[r][c]) t.mutable_rows()[r][c] = mark;
    }
  }
  return true;
}

bool HasNote(const Table& t, const std::string& text) {
  return std::find(t.notes().begin(), t.notes().end(), text) != t.notes().end();
}

}  // namespace

Result<std::vector<std::string>> KeyFigureSentences(const KeyFigureSection& s,
                                                    const std::string& home_area) {
  const Table& t = s.table;
  int pc = t.ColumnIndex(s.period_column), ac = t.ColumnIndex(s.area_column),
      vc = t.ColumnIndex(s.value_column);
  if (pc < 0 || ac < 0 || vc < 0) {
    return InvalidArgument("key figures '{}': the table needs columns {}, {} and {}", s.heading,
                           s.period_column, s.area_column, s.value_column);
  }
  if (t.rows().empty()) return InvalidArgument("key figures '{}': no rows", s.heading);
  const Column& col = t.columns()[vc];
  std::string last;
  for (const auto& row : t.rows()) last = std::max(last, CellToString(row[pc]));
  auto cell_at = [&](const std::string& period, const std::string& area) {
    for (const auto& row : t.rows()) {
      if (CellToString(row[pc]) == period && CellToString(row[ac]) == area) return row[vc];
    }
    return Cell();
  };
  // A value not shown ("<5") is NaN here: it is named in words and compared with nothing.
  auto value_at = [&](const std::string& period, const std::string& area) {
    return CellToDouble(cell_at(period, area));
  };
  std::vector<std::string> areas;
  for (const auto& row : t.rows()) {
    std::string a = CellToString(row[ac]);
    if (std::find(areas.begin(), areas.end(), a) == areas.end()) areas.push_back(a);
  }
  std::string figures = fmt::format("{} {}:", s.sentence_label, PeriodWords(last));
  for (const auto& a : areas) {
    const std::string hidden = SuppressedWords(cell_at(last, a));
    if (!hidden.empty()) {
      figures += fmt::format(" {} ({}).", a, hidden);
      continue;
    }
    double v = value_at(last, a);
    if (std::isnan(v)) continue;
    figures += fmt::format(" {} ({}).", a, Value(v, col));
  }
  figures.pop_back();  // the committee sentences end without the last period
  std::vector<std::string> out = {figures};

  double home = value_at(last, home_area);
  if (std::isnan(home)) return out;
  double tolerance = col.unit == "pct" ? 0.1 : 0.0;
  auto compare = [&](double other) {
    if (std::fabs(home - other) <= tolerance + 1e-9) return "på niveau med";
    return home < other ? "lavere end" : "højere end";
  };
  std::vector<std::string> parts;
  for (const auto& a : areas) {
    if (a == home_area) continue;
    double v = value_at(last, a);
    if (!std::isnan(v)) parts.push_back(fmt::format("{} {}", compare(v), a));
  }
  // The same period a year earlier, when the period text is a month or quarter.
  auto p = ParsePeriod(last);
  if (p.ok()) {
    Period earlier = *p;
    earlier.year -= 1;
    double v = value_at(FormatPeriod(earlier), home_area);
    if (!std::isnan(v)) {
      parts.push_back(fmt::format("{} samme periode året før ({})", compare(v), Value(v, col)));
    }
  }
  if (!parts.empty()) {
    std::string sentence = fmt::format("{} lå i {} ", home_area, PeriodWords(last));
    for (size_t i = 0; i < parts.size(); ++i) {
      if (i) sentence += i + 1 == parts.size() ? " og " : ", ";
      sentence += parts[i];
    }
    out.push_back(sentence + ".");
  }
  return out;
}

// The benchmark section of the key-figure document (KeyFiguresInput::benchmark).
static void AddBenchmarkSection(AgendaItem& item, const std::optional<Table>& benchmark) {
  item.presentation.push_back(Heading{"Benchmark"});
  const Table* t = benchmark ? &*benchmark : nullptr;
  const int role = t != nullptr ? t->ColumnIndex("rolle") : -1;
  bool own = false;
  if (role >= 0) {
    for (const auto& row : t->rows()) own = own || CellToString(row[role]) == "kommune";
  }
  if (!own) {
    std::string why = "Ingen benchmark importeret: STAR's benchmark af det faktiske mod det "
                      "forventede antal fuldtidspersoner på offentlig forsørgelse (jobindsats' "
                      "tabel Y30R21) hentes med fremdrift import jobindsats --table Y30R21.";
    if (t != nullptr && !t->notes().empty() && t->notes().front().rfind("Ingen benchmark", 0) != 0) {
      why = t->notes().front();
    }
    item.presentation.push_back(Paragraph{why});
    return;
  }
  const auto& notes = t->notes();
  item.presentation.push_back(Paragraph{
      "STAR's benchmark sammenligner kommunens faktiske antal fuldtidspersoner på offentlig "
      "forsørgelse med det antal, der kunne forventes ud fra kommunens rammevilkår. En positiv "
      "forskel betyder færre på offentlig forsørgelse end forventet; placering 1 er bedst."});
  if (!notes.empty()) item.presentation.push_back(Paragraph{notes.front()});
  // The municipality, its neighbours on the list and the top 10's average.
  static const std::map<std::string, std::string> kRoles = {
      {"kommune", "Kommunen"}, {"over", "Lige over"}, {"under", "Lige under"},
      {"top10_gennemsnit", "Top 10, gennemsnit"}};
  std::vector<Column> columns = {{"rolle", ColumnType::kString, ColumnRole::kDimension, "", "Rolle"}};
  std::vector<int> keep;
  for (const char* name : {"placering", "omraade", "faktisk_antal", "forventet_antal",
                           "forskel_antal", "faktisk_andel", "forventet_andel", "forskel_andel"}) {
    const int c = t->ColumnIndex(name);
    if (c < 0) continue;
    keep.push_back(c);
    Column col = t->columns()[c];
    if (col.type == ColumnType::kNumber) col.decimals = col.unit == "personer" ? 0 : 1;
    columns.push_back(std::move(col));
  }
  Table shown(columns);
  shown.title = "Benchmark";
  for (const auto& row : t->rows()) {
    auto it = kRoles.find(CellToString(row[role]));
    if (it == kRoles.end()) continue;
    std::vector<Cell> out = {it->second};
    for (int c : keep) out.push_back(row[c]);
    shown.AddRow(std::move(out));
  }
  TableBlock block{"Tabel: Faktisk og forventet antal og andel fuldtidspersoner på offentlig "
                   "forsørgelse",
                   std::move(shown), {}, "", {}};
  for (std::size_t i = 1; i < notes.size(); ++i) block.footnotes.push_back(notes[i]);
  item.presentation.push_back(std::move(block));
}

Result<CommitteeDocument> BuildKeyFiguresDocument(const KeyFiguresInput& in) {
  CommitteeDocument doc = NewDocument(in.meeting);
  AgendaItem item;
  item.kind = "Orientering";
  item.title = "Nøgletal på beskæftigelsesområdet";
  item.case_number = in.meeting.case_number;
  item.decided_in = in.meeting.committee;
  item.summary.push_back(Paragraph{
      "Udviklingen i nøgletallene på beskæftigelsesområdet følges løbende, og behovet for "
      "korrigerende handlinger i forhold til opfyldelse af de politiske målsætninger drøftes."});
  item.presentation.push_back(Heading{"Generelle bemærkninger til nøgletallene"});
  item.presentation.push_back(Paragraph{fmt::format(
      "Nøgletallene viser udviklingen i {}{} sammenlignet med det regionale "
      "arbejdsmarkedsråd (RAR) og hele landet. Tallene for de seneste 13 måneder er vedlagt som "
      "bilag (regneark).",
      in.home_area, in.period_text.empty() ? "" : " til og med " + in.period_text)});
  for (const auto& note : in.data_notes) item.presentation.push_back(Paragraph{note});
  item.presentation.push_back(Heading{"Bemærkninger til nøgletallene"});
  Appendix appendix;
  appendix.title = "Nøgletal (regneark)";
  int figure = 0;
  for (KeyFigureSection s : in.sections) {
    item.presentation.push_back(Paragraph{s.heading + ":", true});
    if (!s.comment.empty()) item.presentation.push_back(Paragraph{s.comment});
    // Counts of full-time persons under the threshold are not shown: fewer than 5 full-time
    // persons may be fewer than 5 persons. The sentences are then made from what is shown.
    const int vc = s.table.ColumnIndex(s.value_column);
    if (in.min_persons > 1 && vc >= 0 && s.table.columns()[vc].unit == "fuldtidspersoner" &&
        SuppressMarked(s.table, in.min_persons, nullptr)) {
      s.sentences.clear();
      s.table.AddNote(SuppressionNote(in.min_persons));
    }
    std::vector<std::string> sentences = s.sentences;
    if (sentences.empty()) {
      ASSIGN_OR_RETURN(sentences, KeyFigureSentences(s, in.home_area));
    }
    for (auto& line : sentences) item.presentation.push_back(Paragraph{line});
    const std::string chart_title = s.chart_title.empty() ? s.sentence_label : s.chart_title;
    ChartSpec spec{ChartKind::kLine, s.period_column, s.value_column, s.area_column, chart_title};
    ASSIGN_OR_RETURN(Chart chart, ChartFromTable(s.table, spec));
    for (auto& c : chart.categories) c = PeriodWords(c);
    item.presentation.push_back(
        ChartBlock{fmt::format("Figur {}: {}", ++figure, s.heading), chart});
    // The appendix sheet: one row per period, one column per area.
    PivotSpec pivot;
    pivot.row_column = s.period_column;
    pivot.column_column = s.area_column;
    pivot.value_column = s.value_column;
    pivot.row_label = "Periode";
    pivot.row_text = PeriodWords;
    pivot.fill_zero = false;
    ASSIGN_OR_RETURN(Table sheet, PivotTable(s.table, pivot));
    sheet.title = s.heading;
    appendix.tables.push_back(std::move(sheet));
  }
  AddBenchmarkSection(item, in.benchmark);
  if (in.reconciliation && !in.reconciliation->rows().empty()) {
    item.presentation.push_back(Heading{"Afstemning med jobindsats"});
    const auto& notes = in.reconciliation->notes();
    item.presentation.push_back(Paragraph{fmt::format(
        "fremdrifts tal er holdt op mod jobindsats' officielle tal for de samme måneder{}{}",
        notes.empty() ? "." : ": ", notes.empty() ? "" : notes.front())});
    item.presentation.push_back(Paragraph{
        "Tallene er vedlagt i regnearket (Afstemning med jobindsats). En forskel på op til et par "
        "procent er normal: fremdrift tæller på ugedata, jobindsats for nogle ydelser på dags- "
        "eller månedsdata, og de seneste måneder er foreløbige."});
    for (std::size_t i = 1; i < notes.size(); ++i) {
      if (notes[i].find("simulerede") != std::string::npos) {
        item.presentation.push_back(Paragraph{notes[i]});
      }
    }
    Table sheet = *in.reconciliation;
    sheet.title = "Afstemning med jobindsats";
    appendix.tables.push_back(std::move(sheet));
  }
  item.recommender = in.meeting.recommender;
  item.recommendations = {"at orienteringen tages til efterretning."};
  item.appendices.push_back(std::move(appendix));
  doc.items.push_back(std::move(item));
  return doc;
}

Result<CommitteeDocument> BuildFsm2Document(const Fsm2Input& in) {
  RETURN_IF_ERROR(ValidatePayoutRule(in.rule));
  CommitteeDocument doc = NewDocument(in.meeting);
  AgendaItem item;
  item.kind = "Orientering";
  item.title = fmt::format("Status på projekt \"{}\"{}", in.grant.pool,
                           in.period_text.empty() ? "" : " - " + in.period_text);
  item.case_number = in.meeting.case_number;
  item.decided_in = in.meeting.committee;
  item.summary.push_back(Paragraph{fmt::format(
      "Udvalget orienteres om status i projektet \"{}\", som {} har givet tilsagn om støtte til "
      "med {} i perioden {} til {}.",
      in.grant.pool, in.grant.funder, FormatDanishKroner(in.grant.amount),
      FormatDanishDate(in.grant.start), FormatDanishDate(in.grant.end))});
  ASSIGN_OR_RETURN(PayoutResult now, ComputePayout(in.grant.amount, in.rule, in.payout_indicator));
  const double first_tier = in.rule.tiers.empty() ? 0 : in.rule.tiers[0].min_share_pct;
  item.presentation.push_back(Heading{"Udbetaling af tilskuddet"});
  item.presentation.push_back(Paragraph{fmt::format(
      "Tilskuddet udbetales i to rater: {} af tilskuddet mod et delregnskab og resten mod "
      "slutregnskabet efter det resultat, projektet har opnået i sin bedste måned: andelen af "
      "indsatsgruppen med lønnede timer eller SU-berettiget uddannelse.",
      FormatDanishPercent(100.0 * in.rule.interim_fraction, 0))});
  // The months whose numerator is under the threshold (by the month's words, as the indicator
  // table shows them): their shares are not told or drawn.
  std::set<std::string> small_months;
  if (in.min_persons > 1) {
    const int pc = in.indicators.ColumnIndex("periode"), tc = in.indicators.ColumnIndex("taeller");
    if (pc >= 0 && tc >= 0) {
      for (const auto& row : in.indicators.rows()) {
        const double v = CellToDouble(row[tc]);
        if (IsSuppressedMarker(row[tc]) || (v > 0 && v < in.min_persons)) {
          small_months.insert(PeriodWords(CellToString(row[pc])));
        }
      }
    }
  }
  if (now.best_month >= 0) {
    Period best{PeriodKind::kMonth, YearOfMonth(now.best_month), MonthOfYear(now.best_month)};
    item.presentation.push_back(Paragraph{
        small_months.count(FormatDanishPeriod(best))
            ? fmt::format("Den bedste måned indtil nu er {}, hvor {} i indsatsgruppen havde "
                          "lønnede timer eller var i uddannelse.",
                          FormatDanishPeriod(best), FewerThanText(in.min_persons))
            : fmt::format("Den bedste måned indtil nu er {}, hvor {} af indsatsgruppen havde "
                          "lønnede timer eller var i uddannelse.",
                          FormatDanishPeriod(best), FormatDanishPercent(now.best_share_pct, 1))});
  } else {
    item.presentation.push_back(
        Paragraph{"Der er endnu ingen måneder med borgere i indsatsgruppen at måle på."});
  }
  item.presentation.push_back(Paragraph{
      now.tier == 0
          ? fmt::format("Projektet har endnu ikke nået det første mål ({}). Med resultatet nu "
                        "udbetales {}, og {} er på spil.",
                        FormatDanishPercent(first_tier, 0), FormatDanishKroner(now.total),
                        FormatDanishKroner(now.forfeited))
          : fmt::format("Projektet har nået mål {} ({}). Med resultatet nu udbetales {} i alt{}.",
                        now.tier, FormatDanishPercent(in.rule.tiers[now.tier - 1].min_share_pct, 0),
                        FormatDanishKroner(now.total),
                        now.forfeited > 0 ? fmt::format(", og {} er fortsat på spil",
                                                        FormatDanishKroner(now.forfeited))
                                          : "")});
  Table tiers = in.tier_table;
  if (tiers.columns().empty()) {
    // The money at each tier, from the rule.
    Column name{"trin", ColumnType::kString,       ColumnRole::kDimension,
                "",     "Resultat i bedste måned", -1};
    Column total{"i_alt", ColumnType::kInteger,      ColumnRole::kValue,
                 "kr.",   "Samlet udbetaling (kr.)", 0};
    Column lost{"ikke_udbetalt", ColumnType::kInteger,  ColumnRole::kValue,
                "kr.",           "Ikke udbetalt (kr.)", 0};
    tiers = Table({name, total, lost});
    tiers.title = "Udbetaling efter opnået resultat";
    std::vector<std::pair<std::string, double>> cases = {
        {"Under " + FormatDanishPercent(first_tier, 0), -1}};
    for (const auto& t : in.rule.tiers) {
      cases.push_back({"Mindst " + FormatDanishPercent(t.min_share_pct, 0), t.min_share_pct});
    }
    for (const auto& [label, share] : cases) {
      std::vector<MonthValue> probe;
      if (share >= 0) probe.push_back({0, share});
      ASSIGN_OR_RETURN(PayoutResult r, ComputePayout(in.grant.amount, in.rule, probe));
      tiers.AddRow({label, r.total, r.forfeited});
    }
  }
  int table_no = 0;
  item.presentation.push_back(TableBlock{
      fmt::format("Tabel {}: Udbetaling efter opnået resultat", ++table_no), tiers, {}, "", {}});
  if (!in.appropriations.rows().empty()) {
    item.presentation.push_back(Heading{"Bevillinger"});
    item.presentation.push_back(Paragraph{fmt::format(
        "Der er meddelt en indtægts- og tilsvarende udgiftsbevilling på i alt {} under {}.",
        FormatDanishKroner(in.grant.amount), in.grant.service_area)});
    item.presentation.push_back(
        TableBlock{fmt::format("Tabel {}: Indtægts- og udgiftsbevillinger", ++table_no),
                   in.appropriations,
                   {},
                   "",
                   in.appropriation_notes});
  }
  if (!in.indicators.columns().empty()) {
    item.presentation.push_back(Heading{"Indikatorer lokalt og på landsplan"});
    if (!in.latest.rows().empty()) {
      item.presentation.push_back(TableBlock{
          fmt::format("Tabel {}: {}", ++table_no, in.latest.title), in.latest, {}, "", {}});
    }
    item.presentation.push_back(TableBlock{
        fmt::format("Tabel {}: {}", ++table_no, in.indicators.title), in.indicators, {}, "", {}});
    int figure = 0;
    for (const auto& spec : in.charts) {
      ASSIGN_OR_RETURN(Chart chart, ChartFromTable(in.indicators, spec));
      for (auto& c : chart.categories) c = PeriodWords(c);
      item.presentation.push_back(
          ChartBlock{fmt::format("Figur {}: {}", ++figure, chart.title), chart});
    }
    for (Chart chart : in.prebuilt_charts) {
      // The local series is not drawn in a month whose numerator is not shown.
      for (auto& series : chart.series) {
        if (series.name == "Landsplan") continue;
        for (std::size_t i = 0; i < series.values.size() && i < chart.categories.size(); ++i) {
          if (small_months.count(chart.categories[i])) series.values[i] = std::nan("");
        }
      }
      item.presentation.push_back(
          ChartBlock{fmt::format("Figur {}: {}", ++figure, chart.title), chart});
    }
  }
  if (!in.notes.empty()) item.presentation.push_back(Heading{"Datagrundlag"});
  for (const auto& note : in.notes) item.presentation.push_back(Paragraph{note});
  item.recommender = in.meeting.recommender;
  item.recommendations = {"at orienteringen tages til efterretning."};
  Appendix appendix{"Indikatorer og udbetaling (regneark)", {tiers}};
  if (!in.appropriations.rows().empty()) appendix.tables.push_back(in.appropriations);
  if (!in.latest.rows().empty()) appendix.tables.push_back(in.latest);
  if (!in.indicators.columns().empty()) appendix.tables.push_back(in.indicators);
  for (const auto& t : in.appendix_tables) appendix.tables.push_back(t);
  item.appendices.push_back(std::move(appendix));
  doc.items.push_back(std::move(item));
  return doc;
}

Result<CommitteeDocument> BuildResourceCourseDocument(const ResourceCourseInput& in) {
  if (in.tables.empty()) return InvalidArgument("ressourceforløb: no tables");
  CommitteeDocument doc = NewDocument(in.meeting);
  AgendaItem item;
  item.kind = "Orientering";
  item.title = "Viden om ressourceforløb";
  item.case_number = in.meeting.case_number;
  item.decided_in = in.meeting.committee;
  item.summary.push_back(Paragraph{fmt::format(
      "Udvalget har besluttet, at der skal udarbejdes kvartalsvise statistikker over påbegyndte "
      "og afsluttede ressourceforløb. Med dette punkt orienteres udvalget om kvartalsstatistikken "
      "til og med {}.",
      in.period_text)});
  item.presentation.push_back(Paragraph{
      "Statistikkerne belyser de tilgængelige baggrundsvariable for borgere, der påbegynder og "
      "afslutter ressourceforløb: alder, køn og forrige ydelse, afgangsårsag og status 13 og 26 "
      "uger efter forløbets afslutning. Tabellerne er vedlagt som bilag (regneark)."});
  for (const auto& note : in.notes) item.presentation.push_back(Paragraph{note});
  Appendix appendix{fmt::format("Kvartalsstatistikker på ressourceforløb, {}", in.period_text), {}};
  int n = 0, figure = 0;
  for (const auto& t : in.tables) {
    item.presentation.push_back(
        TableBlock{fmt::format("Tabel {}: {}", ++n, t.title), t, {}, "", {}});
    appendix.tables.push_back(t);
    if (n == 1) {
      for (const auto& c : in.charts) {
        item.presentation.push_back(ChartBlock{fmt::format("Figur {}: {}", ++figure, c.title), c});
      }
    }
  }
  if (!in.data.columns().empty()) appendix.tables.push_back(in.data);
  item.recommender = in.meeting.recommender;
  item.recommendations = {"at orienteringen tages til efterretning."};
  item.appendices.push_back(std::move(appendix));
  doc.items.push_back(std::move(item));
  return doc;
}

void SuppressDocument(CommitteeDocument& doc, int min_persons, const ReferenceData* ref) {
  if (min_persons <= 1) return;
  const std::string note = SuppressionNote(min_persons);
  auto blocks = [&](std::vector<Block>& list) {
    for (Block& b : list) {
      auto* tb = std::get_if<TableBlock>(&b);
      if (tb == nullptr) continue;
      const bool marked = SuppressMarked(tb->table, min_persons, ref);
      if (marked && !HasNote(tb->table, note) &&
          std::find(tb->footnotes.begin(), tb->footnotes.end(), note) == tb->footnotes.end()) {
        tb->footnotes.push_back(note);
      }
    }
  };
  for (AgendaItem& item : doc.items) {
    blocks(item.summary);
    blocks(item.presentation);
    for (Section& section : item.sections) blocks(section.blocks);
    for (Appendix& appendix : item.appendices) {
      for (Table& t : appendix.tables) {
        if (SuppressMarked(t, min_persons, ref) && !HasNote(t, note)) t.AddNote(note);
      }
    }
  }
}

}  // namespace fremdrift
