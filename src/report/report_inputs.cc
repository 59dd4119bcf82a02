// Measurement Tables to document inputs (see report_inputs.h).
#include "report/report_inputs.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>

#include "report/table_pivot.h"
#include "table/danish_format.h"
#include "table/suppression.h"
#include "table/vocabulary.h"

namespace fremdrift {
namespace {

std::string PeriodWords(const std::string& text) {
  auto words = FormatDanishPeriodText(text);
  return words.ok() ? *words : text;
}

// How Herning Kommune's Beskæftigelsesudvalg (referat 24.4.2019, punkt 27) names each key
// figure's paragraph, and the line its chart shows.
struct FigureText {
  const char* id;
  const char* heading;
  const char* chart;
  const char* short_name;  // series name in a chart of several counts
  const char* section;     // figures sharing a section (counts of the same kind)
};
constexpr FigureText kFigureTexts[] = {
    {"ledighedsprocent", "Ledighed", "Ledighedsprocent", "", ""},
    {"unge_offentlig_forsoergelse", "Unge på offentlig forsørgelse",
     "Unge (16-29 år) offentligt forsørgede i andel af arbejdsstyrken", "", ""},
    {"kontant_uddannelse_integration", "Kontant-, uddannelseshjælp og integrationsydelse",
     "Andel af arbejdsstyrken", "", ""},
    {"a_dagpenge", "Forsikrede ledige", "Andel af arbejdsstyrken", "", ""},
    {"sygedagpenge", "Sygedagpenge", "Andel af arbejdsstyrken", "", ""},
    {"jobafklaring", "Jobafklaringsforløb", "Andel af arbejdsstyrken", "", ""},
    {"fleksjob", "Fleksjob, ledighedsydelse og ressourceforløb", "Antal fuldtidspersoner",
     "Fleksjob", "fleks"},
    {"ressourceforloeb", "Fleksjob, ledighedsydelse og ressourceforløb", "Antal fuldtidspersoner",
     "Ressourceforløb", "fleks"},
    {"ledighedsydelse", "Fleksjob, ledighedsydelse og ressourceforløb", "Antal fuldtidspersoner",
     "Ledighedsydelse", "fleks"},
    {"foertidspension", "Førtidspension", "Antal fuldtidspersoner", "Førtidspension", ""},
};

const FigureText* TextOf(const std::string& id) {
  for (const auto& f : kFigureTexts) {
    if (id == f.id) return &f;
  }
  return nullptr;
}

Table SeriesTable(const std::string& unit, int decimals, const std::string& label) {
  return Table({{"periode", ColumnType::kString, ColumnRole::kDimension, "", "Periode", -1},
                {"omraade", ColumnType::kString, ColumnRole::kDimension, "", "Område", -1},
                {"vaerdi", ColumnType::kNumber, ColumnRole::kValue, unit, label, decimals}});
}

std::string AgeSexLabel(const std::string& key) {
  static const std::map<std::string, std::string> labels = {
      {"alder\tunder_40", "Under 40 år"},
      {"alder\t40_og_over", "40 år og derover"},
      {"alder\tukendt", "Alder ukendt"},
      {"koen\tkvinde", "Kvinder"},
      {"koen\tmand", "Mænd"},
      {"koen\tukendt", "Køn ukendt"},
      {"i_alt\t", "I alt"}};
  auto it = labels.find(key);
  if (it != labels.end()) return it->second;
  std::string cat = key.substr(key.find('\t') + 1);
  if (!cat.empty()) cat[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(cat[0])));
  return cat;
}

}  // namespace

Result<KeyFiguresInput> KeyFiguresFromComparison(const Table& t, const std::string& municipality,
                                                 const MeetingInfo& meeting) {
  const int pc = t.ColumnIndex(col::kPeriode), fc = t.ColumnIndex("noegletal"),
            uc = t.ColumnIndex("enhed"), kc = t.ColumnIndex("kommune_vaerdi"),
            ac = t.ColumnIndex("sammenligningsomraade"), oc = t.ColumnIndex("omraade_vaerdi"),
            lc = t.ColumnIndex("land_vaerdi"), tc = t.ColumnIndex("tekst"),
            nc = t.ColumnIndex("tal_tekst");
  if (std::min({pc, fc, uc, kc, ac, oc, lc, tc, nc}) < 0) {
    return InvalidArgument(
        "noegletal: the comparison table lacks the columns of `measure "
        "sammenligning`");
  }
  if (t.rows().empty()) return InvalidArgument("noegletal: the comparison table has no rows");
  std::string last;
  for (const auto& row : t.rows()) last = std::max(last, CellToString(row[pc]));
  KeyFiguresInput in;
  in.meeting = meeting;
  in.home_area = municipality;
  in.period_text = PeriodWords(last);
  for (std::size_t i = 0; i < t.notes().size(); ++i) in.data_notes.push_back(ReaderNoteText(t, i));

  std::vector<std::string> order;  // section keys in order of first appearance
  std::map<std::string, KeyFigureSection> sections;
  for (const auto& row : t.rows()) {
    const std::string id = CellToString(row[fc]);
    const FigureText* text = TextOf(id);
    const bool pct = CellToString(row[uc]) == "pct";
    const std::string key = text != nullptr && *text->section ? text->section : id;
    auto [it, fresh] = sections.try_emplace(key);
    KeyFigureSection& s = it->second;
    if (fresh) {
      order.push_back(key);
      s.heading = text != nullptr ? text->heading : id;
      s.sentence_label = text != nullptr ? text->chart : id;
      s.chart_title = s.sentence_label + (pct ? " (%)" : "");
      s.table = pct ? SeriesTable("pct", 1, "Andel") : SeriesTable("fuldtidspersoner", 0, "Antal");
      s.period_column = "periode";
      s.area_column = "omraade";
      s.value_column = "vaerdi";
    }
    const std::string period = CellToString(row[pc]);
    if (pct) {
      s.table.AddRow({period, municipality, row[kc]});
      s.table.AddRow({period, CellToString(row[ac]), row[oc]});
      s.table.AddRow({period, std::string("Hele landet"), row[lc]});
    } else {
      s.table.AddRow(
          {period, text != nullptr && *text->short_name ? text->short_name : id, row[kc]});
    }
    if (period == last) {
      // A figure hidden as built on too few persons (table/suppression.h) is said in words.
      if (IsSuppressedMarker(row[kc]) || IsSuppressedMarker(row[nc])) {
        const std::string& mark = std::get<std::string>(IsSuppressedMarker(row[kc]) ? row[kc]
                                                                                    : row[nc]);
        s.sentences.push_back(fmt::format(
            "{} {}: tallet bygger på færre end {} personer og vises ikke.", s.sentence_label,
            PeriodWords(period), mark.substr(1)));
        continue;
      }
      for (int c : {tc, nc}) {
        std::string sentence = CellToString(row[c]);
        if (!sentence.empty()) s.sentences.push_back(sentence);
      }
    }
  }
  for (const auto& key : order) in.sections.push_back(std::move(sections[key]));
  return in;
}

std::map<std::string, std::string> ResourceCategoryNames(const ReferenceData& ref) {
  std::map<std::string, std::string> names = {{"selvforsoergelse", "Selvforsørgelse"},
                                              {"ikke_opgjort", "Ikke opgjort endnu"}};
  for (const auto& g : ref.groups()) names[g.id] = g.name;
  return names;
}

Result<ResourceCourseInput> ResourceCourseFromMeasure(
    const Table& measure, const std::string& area, const MeetingInfo& meeting,
    std::vector<std::string> quarters, const std::map<std::string, std::string>& names) {
  ASSIGN_OR_RETURN(Table data, FilterRows(measure, {{col::kOmraade, area}}));
  if (data.rows().empty()) {
    return InvalidArgument("ressourceforløb: no rows for '{}' in the quarterly statistics", area);
  }
  const int pc = data.ColumnIndex(col::kPeriode), mc = data.ColumnIndex("maal"),
            dc = data.ColumnIndex("dimension"), kc = data.ColumnIndex("kategori"),
            vc = data.ColumnIndex("antal");
  if (std::min({pc, mc, dc, kc, vc}) < 0) {
    return InvalidArgument(
        "ressourceforløb: the table lacks the columns of `measure "
        "ressourceforloeb`");
  }
  if (quarters.empty()) {
    std::set<std::string> quarter_set;
    for (const auto& row : data.rows()) quarter_set.insert(CellToString(row[pc]));
    quarters.assign(quarter_set.begin(), quarter_set.end());
  }
  ResourceCourseInput in;
  in.meeting = meeting;
  in.period_text = PeriodWords(quarters.back());
  for (std::size_t i = 0; i < measure.notes().size(); ++i) {
    in.notes.push_back(ReaderNoteText(measure, i));
  }

  // A long table of (key, period, antal) for the rows of `maal` in `dims`; keys "dim\tcat".
  auto part = [&](const std::string& maal, const std::set<std::string>& dims) {
    Table t({{"noegle", ColumnType::kString, ColumnRole::kDimension, "", "", -1},
             {"periode", ColumnType::kString, ColumnRole::kDimension, "", "", -1},
             data.columns()[vc]});
    for (const auto& row : data.rows()) {
      if (CellToString(row[mc]) != maal || !dims.count(CellToString(row[dc]))) continue;
      t.AddRow(
          {CellToString(row[dc]) + "\t" + CellToString(row[kc]), CellToString(row[pc]), row[vc]});
    }
    return t;
  };
  auto pivot = [&](const Table& t, const std::string& title, const std::string& row_label,
                   std::vector<std::string> row_order,
                   std::function<std::string(const std::string&)> row_text) -> Result<Table> {
    PivotSpec spec;
    spec.row_column = "noegle";
    spec.column_column = "periode";
    spec.value_column = data.columns()[vc].name;
    spec.row_label = row_label;
    spec.column_order = quarters;
    spec.column_label = PeriodWords;
    spec.row_order = std::move(row_order);
    spec.row_text = std::move(row_text);
    ASSIGN_OR_RETURN(Table out, PivotTable(t, spec));
    out.title = title;
    return out;
  };

  // Table 1: started, ended and ongoing per quarter.
  Table totals({{"noegle", ColumnType::kString, ColumnRole::kDimension, "", "", -1},
                {"periode", ColumnType::kString, ColumnRole::kDimension, "", "", -1},
                data.columns()[vc]});
  for (const auto& row : data.rows()) {
    if (CellToString(row[dc]) == "i_alt") {
      totals.AddRow({CellToString(row[mc]), CellToString(row[pc]), row[vc]});
    }
  }
  static const std::map<std::string, std::string> kMaal = {
      {"startede", "Påbegyndte forløb"},
      {"afsluttede", "Afsluttede forløb"},
      {"igangvaerende", "Igangværende forløb ved kvartalets udgang"}};
  ASSIGN_OR_RETURN(Table t1,
                   pivot(totals, "Påbegyndte, afsluttede og igangværende ressourceforløb", "Forløb",
                         {"startede", "afsluttede", "igangvaerende"}, [](const std::string& k) {
                           auto it = kMaal.find(k);
                           return it == kMaal.end() ? k : it->second;
                         }));
  in.tables.push_back(t1);
  const std::vector<std::string> age_sex = {"alder\tunder_40", "alder\t40_og_over", "koen\tkvinde",
                                            "koen\tmand"};
  const std::pair<const char*, const char*> by_age_sex[] = {
      {"startede", "Påbegyndte ressourceforløb efter alder og køn"},
      {"afsluttede", "Afsluttede ressourceforløb efter alder og køn"},
      {"igangvaerende", "Igangværende ressourceforløb efter alder og køn"}};
  for (const auto& [maal, title] : by_age_sex) {
    ASSIGN_OR_RETURN(
        Table t, pivot(part(maal, {"alder", "koen"}), title, "Alder og køn", age_sex, AgeSexLabel));
    in.tables.push_back(std::move(t));
  }
  const std::tuple<const char*, const char*, const char*, const char*> by_status[] = {
      {"startede", "forrige_ydelse", "Påbegyndte ressourceforløb efter forrige ydelse",
       "Forrige ydelse"},
      {"afsluttede", "afgangsaarsag", "Afsluttede ressourceforløb efter afgangsårsag",
       "Afgangsårsag"},
      {"afsluttede", "status_13_uger", "Status 13 uger efter afsluttet ressourceforløb",
       "Status efter 13 uger"},
      {"afsluttede", "status_26_uger", "Status 26 uger efter afsluttet ressourceforløb",
       "Status efter 26 uger"}};
  auto category = [&](const std::string& key) {
    auto it = names.find(key.substr(key.find('\t') + 1));
    return it != names.end() ? it->second : AgeSexLabel(key);
  };
  for (const auto& [maal, dim, title, label] : by_status) {
    ASSIGN_OR_RETURN(Table t, pivot(part(maal, {dim}), title, label, {}, category));
    in.tables.push_back(std::move(t));
  }
  // Figure: started and ended per quarter (bars); the ongoing (line).
  Chart flows;
  flows.kind = ChartKind::kBar;
  flows.title = "Påbegyndte og afsluttede ressourceforløb pr. kvartal";
  flows.y_unit = "forløb";
  flows.y_decimals = 0;
  Chart ongoing = flows;
  ongoing.kind = ChartKind::kLine;
  ongoing.title = "Igangværende ressourceforløb ved kvartalets udgang";
  for (const auto& q : quarters) {
    flows.categories.push_back(PeriodWords(q));
    ongoing.categories.push_back(PeriodWords(q));
  }
  for (const auto& row : t1.rows()) {
    ChartSeries s{CellToString(row[0]), {}};
    for (size_t i = 1; i < row.size(); ++i) s.values.push_back(CellToDouble(row[i]));
    (s.name == kMaal.at("igangvaerende") ? ongoing : flows).series.push_back(s);
  }
  in.charts = {flows, ongoing};
  data.title = fmt::format("Kvartalsstatistik for ressourceforløb, {} (data)", area);
  in.data = std::move(data);
  return in;
}

Result<Fsm2Input> Fsm2FromStatus(const cases::GrantPayoutStatus& s, const Table& indicators,
                                 const MeetingInfo& meeting) {
  Fsm2Input in;
  in.meeting = meeting;
  in.grant = s.grant.grant;
  in.rule = s.rule;
  for (const auto& m : s.months) {
    if (!std::isnan(m.share_pct)) in.payout_indicator.push_back({m.month, m.share_pct});
  }
  in.tier_table = cases::GrantTierTable(s);
  in.appropriations = cases::AppropriationsTable(s.grant);
  for (const auto& p : s.split_problems) {
    in.appropriation_notes.push_back(fmt::format("Kontrol: {}.", p));
  }
  // "Herning Kommune" -> "Herning" in column labels and legends.
  std::string local = meeting.municipality;
  if (local.size() > 8 && local.substr(local.size() - 8) == " Kommune") {
    local = local.substr(0, local.size() - 8);
  }
  // The payout indicator month by month, local and national.
  Table monthly(
      {{col::kPeriode, ColumnType::kString, ColumnRole::kDimension, "", "Måned", -1},
       {"taeller", ColumnType::kInteger, ColumnRole::kValue, "personer",
        "Med lønnede timer eller uddannelse", -1},
       {"naevner", ColumnType::kInteger, ColumnRole::kValue, "personer", "I indsatsgruppen", -1},
       {"andel", ColumnType::kNumber, ColumnRole::kValue, "pct", "Andel", 1},
       {"andel_landsplan", ColumnType::kNumber, ColumnRole::kValue, "pct", "Andel på landsplan",
        1}});
  monthly.title = fmt::format("Udbetalingsmålet pr. måned, {} og landsplan", local);
  Table chart_rows({{"periode", ColumnType::kString, ColumnRole::kDimension, "", "", -1},
                    {"omraade", ColumnType::kString, ColumnRole::kDimension, "", "", -1},
                    {"andel", ColumnType::kNumber, ColumnRole::kValue, "pct", "Andel", 1}});
  auto share = [](double v) { return std::isnan(v) ? Cell() : Cell(v); };
  for (const auto& m : s.months) {
    const std::string month =
        fmt::format("{:04d}-{:02d}", YearOfMonth(m.month), MonthOfYear(m.month));
    monthly.AddRow({PeriodWords(month), m.numerator, m.denominator, share(m.share_pct),
                    share(m.national_share_pct)});
    chart_rows.AddRow({month, local, share(m.share_pct)});
    chart_rows.AddRow({month, std::string("Landsplan"), share(m.national_share_pct)});
  }
  in.indicators = monthly;
  if (!s.months.empty()) {
    ChartSpec spec{ChartKind::kLine, "periode", "andel", "omraade",
                   "Andel af indsatsgruppen med lønnede timer eller uddannelse (%)"};
    ASSIGN_OR_RETURN(Chart chart, ChartFromTable(chart_rows, spec));
    for (auto& c : chart.categories) c = PeriodWords(c);
    in.prebuilt_charts.push_back(std::move(chart));
  }

  // The latest month's indicators, local beside national; and every indicator by month.
  const int mc = indicators.ColumnIndex(col::kPeriode), kc = indicators.ColumnIndex(col::kKommune),
            ic = indicators.ColumnIndex("indikator"), bc = indicators.ColumnIndex("beskrivelse"),
            tc = indicators.ColumnIndex("taeller"), nc = indicators.ColumnIndex("naevner"),
            ac = indicators.ColumnIndex("andel");
  if (std::min({mc, kc, ic, bc, tc, nc, ac}) < 0) {
    return InvalidArgument("fsm2: the indicator table lacks the columns of `measure fsm2`");
  }
  std::string last;
  for (const auto& row : indicators.rows()) last = std::max(last, CellToString(row[mc]));
  const std::string code = s.grant.grant.municipality;
  Table latest(
      {{"indikator", ColumnType::kString, ColumnRole::kDimension, "", "Indikator", -1},
       {"taeller", ColumnType::kInteger, ColumnRole::kValue, "personer", "Tæller", -1},
       {"naevner", ColumnType::kInteger, ColumnRole::kValue, "personer", "Nævner", -1},
       {"andel", ColumnType::kNumber, ColumnRole::kValue, "pct", local, 1},
       {"andel_landsplan", ColumnType::kNumber, ColumnRole::kValue, "pct", "Landsplan", 1}});
  latest.title = fmt::format("Indikatorerne i {}", PeriodWords(last));
  std::map<std::string, size_t> row_of;
  for (const auto& row : indicators.rows()) {
    if (CellToString(row[mc]) != last) continue;
    const std::string id = CellToString(row[ic]);
    auto [it, fresh] = row_of.try_emplace(id, latest.rows().size());
    if (fresh) {
      latest.AddRow(
          {fmt::format("{}. {}", id, CellToString(row[bc])), Cell(), Cell(), Cell(), Cell()});
    }
    auto& out = latest.mutable_rows()[it->second];
    if (CellToString(row[kc]) == code) {
      out[1] = row[tc];
      out[2] = row[nc];
      out[3] = row[ac];
    } else {
      out[4] = row[ac];
    }
  }
  in.latest = latest;
  in.period_text = PeriodWords(last);
  Table every = indicators;
  every.title = "Indikatorer pr. måned, lokalt og på landsplan";
  in.appendix_tables.push_back(every);
  for (std::size_t i = 0; i < indicators.notes().size(); ++i) {
    in.notes.push_back(ReaderNoteText(indicators, i));
  }
  return in;
}

}  // namespace fremdrift
