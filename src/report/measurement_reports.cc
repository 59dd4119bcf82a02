// Measurement report builders (see measurement_reports.h).
#include "report/measurement_reports.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report/danish_format.h"

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
  auto value_at = [&](const std::string& period, const std::string& area) {
    for (const auto& row : t.rows()) {
      if (CellToString(row[pc]) == period && CellToString(row[ac]) == area) {
        return CellToDouble(row[vc]);
      }
    }
    return std::nan("");
  };
  std::vector<std::string> areas;
  for (const auto& row : t.rows()) {
    std::string a = CellToString(row[ac]);
    if (std::find(areas.begin(), areas.end(), a) == areas.end()) areas.push_back(a);
  }
  std::string figures = fmt::format("{} {}:", s.sentence_label, PeriodWords(last));
  for (const auto& a : areas) {
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
  item.presentation.push_back(Heading{"Bemærkninger til nøgletallene"});
  Appendix appendix;
  appendix.title = "Nøgletal (regneark)";
  int figure = 0;
  for (const auto& s : in.sections) {
    item.presentation.push_back(Heading{s.heading});
    if (!s.comment.empty()) item.presentation.push_back(Paragraph{s.comment});
    ASSIGN_OR_RETURN(auto sentences, KeyFigureSentences(s, in.home_area));
    for (auto& line : sentences) item.presentation.push_back(Paragraph{line});
    ChartSpec spec{ChartKind::kLine, s.period_column, s.value_column, s.area_column,
                   s.sentence_label};
    ASSIGN_OR_RETURN(Chart chart, ChartFromTable(s.table, spec));
    for (auto& c : chart.categories) c = PeriodWords(c);
    item.presentation.push_back(
        ChartBlock{fmt::format("Figur {}: {} - {}", ++figure, s.heading, s.sentence_label), chart});
    Table sheet = s.table;
    if (sheet.title.empty()) sheet.title = s.heading;
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
  item.title = fmt::format("Status på projekt \"{}\"", in.grant.pool);
  item.case_number = in.meeting.case_number;
  item.decided_in = in.meeting.committee;
  item.summary.push_back(Paragraph{fmt::format(
      "Udvalget orienteres om status i projektet \"{}\", som {} har givet tilsagn om støtte til "
      "med {} i perioden {} til {}.",
      in.grant.pool, in.grant.funder, FormatDanishKroner(in.grant.amount),
      FormatDanishDate(in.grant.start), FormatDanishDate(in.grant.end))});
  ASSIGN_OR_RETURN(PayoutResult now, ComputePayout(in.grant.amount, in.rule, in.payout_indicator));
  item.presentation.push_back(Heading{"Udbetaling af tilskuddet"});
  if (now.best_month >= 0) {
    Period best{PeriodKind::kMonth, YearOfMonth(now.best_month), MonthOfYear(now.best_month)};
    item.presentation.push_back(Paragraph{fmt::format(
        "Den bedste måned indtil nu er {}, hvor {} af indsatsgruppen havde lønnede timer eller "
        "var i uddannelse.",
        FormatDanishPeriod(best), FormatDanishPercent(now.best_share_pct, 1))});
  }
  item.presentation.push_back(Paragraph{
      now.tier == 0
          ? fmt::format(
                "Projektet har endnu ikke nået det første mål ({} %). Med resultatet nu "
                "udbetales {}, og {} er på spil.",
                FormatDanishNumber(in.rule.tiers.empty() ? 0 : in.rule.tiers[0].min_share_pct, 0),
                FormatDanishKroner(now.total), FormatDanishKroner(now.forfeited))
          : fmt::format("Projektet har nået mål {}. Med resultatet nu udbetales {} i alt{}.",
                        now.tier, FormatDanishKroner(now.total),
                        now.forfeited > 0 ? fmt::format(", og {} er fortsat på spil",
                                                        FormatDanishKroner(now.forfeited))
                                          : "")});
  // The money at each tier.
  Column name{"trin", ColumnType::kString,       ColumnRole::kDimension,
              "",     "Resultat i bedste måned", -1};
  Column total{"udbetaling", ColumnType::kInteger,      ColumnRole::kValue,
               "kr.",        "Samlet udbetaling (kr.)", 0};
  Column lost{"mistet", ColumnType::kInteger, ColumnRole::kValue, "kr.", "Ikke udbetalt (kr.)", 0};
  Table tiers({name, total, lost});
  tiers.title = "Udbetaling efter opnået resultat";
  std::vector<std::pair<std::string, double>> cases = {
      {fmt::format(
           "Under {} %",
           FormatDanishNumber(in.rule.tiers.empty() ? 0 : in.rule.tiers[0].min_share_pct, 0)),
       -1}};
  for (const auto& t : in.rule.tiers) {
    cases.push_back(
        {fmt::format("Mindst {} %", FormatDanishNumber(t.min_share_pct, 0)), t.min_share_pct});
  }
  for (const auto& [label, share] : cases) {
    std::vector<MonthValue> probe;
    if (share >= 0) probe.push_back({0, share});
    ASSIGN_OR_RETURN(PayoutResult r, ComputePayout(in.grant.amount, in.rule, probe));
    tiers.AddRow({label, r.total, r.forfeited});
  }
  item.presentation.push_back(
      TableBlock{"Tabel 1: Udbetaling efter opnået resultat", tiers, {}, "", {}});
  if (!in.indicators.columns().empty()) {
    item.presentation.push_back(Heading{"Indikatorer lokalt og på landsplan"});
    item.presentation.push_back(
        TableBlock{"Tabel 2: " + in.indicators.title, in.indicators, {}, "", {}});
    int figure = 0;
    for (const auto& spec : in.charts) {
      ASSIGN_OR_RETURN(Chart chart, ChartFromTable(in.indicators, spec));
      for (auto& c : chart.categories) c = PeriodWords(c);
      item.presentation.push_back(
          ChartBlock{fmt::format("Figur {}: {}", ++figure, chart.title), chart});
    }
  }
  item.recommender = in.meeting.recommender;
  item.recommendations = {"at orienteringen tages til efterretning."};
  Appendix appendix{"Indikatorer og udbetaling (regneark)", {tiers}};
  if (!in.indicators.columns().empty()) appendix.tables.push_back(in.indicators);
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
  item.summary.push_back(Paragraph{
      fmt::format("Udvalget orienteres om kvartalsstatistikken på ressourceforløb til og med {}.",
                  in.period_text)});
  Appendix appendix{fmt::format("Kvartalsstatistikker på ressourceforløb, {}", in.period_text), {}};
  int n = 0;
  for (const auto& t : in.tables) {
    item.presentation.push_back(
        TableBlock{fmt::format("Tabel {}: {}", ++n, t.title), t, {}, "", {}});
    appendix.tables.push_back(t);
  }
  item.recommender = in.meeting.recommender;
  item.recommendations = {"at orienteringen tages til efterretning."};
  item.appendices.push_back(std::move(appendix));
  doc.items.push_back(std::move(item));
  return doc;
}

}  // namespace fremdrift
