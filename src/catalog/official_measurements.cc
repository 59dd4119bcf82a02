// The measurements over official figures imported from jobindsats.dk (official/official_store.h):
// `afstemning`, fremdrift's own figure beside jobindsats' per period, municipality, benefit
// group and measure, with the difference and a flag beyond a tolerance; and `benchmark`, STAR's
// ranking of actual against expected full-time persons (Y30R21) around one municipality.
// `fremdrift measure afstemning --store S --db URL --kommune 657` ↔
// `/api/v1/measurements/afstemning?kommune=657`.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "catalog/case_source.h"
#include "catalog/catalog.h"
#include "catalog/simulated_publication.h"
#include "measure/andel.h"
#include "measure/fuldtidspersoner.h"
#include "measure/population.h"
#include "official/jobindsats_tables.h"
#include "official/official_store.h"

namespace fremdrift::catalog {
namespace {

using official::StoredFigure;

// Said of figures from `fremdrift import simulated-jobindsats`.
constexpr const char* kSimulatedNote =
    "Tallene fra jobindsats er her simulerede (en demo- eller prøveinstallation): de er beregnet "
    "fra registeret med små forskelle lagt til, ikke hentet fra jobindsats.dk.";

Status NeedDb(const MeasureContext& ctx) {
  if (!ctx.cases) return FailedPrecondition("no case store (--db)");
  return Status::Ok();
}

// "2021-01-15T10:00:00" → "2021-01-15".
std::string Day(const std::string& timestamp) { return timestamp.substr(0, 10); }

// The period kind of a period text as fremdrift writes it ("2020-12", "2020-Q4", "2020-H2",
// "2020"); nullopt for the benchmark's own periods.
std::optional<Period> AsPeriod(const std::string& text) {
  auto p = ParsePeriod(text);
  if (!p.ok()) return std::nullopt;
  return *p;
}

std::string DanishNumber(double v, int decimals) {
  std::string s = fmt::format("{:.{}f}", v, decimals);
  for (char& c : s) {
    if (c == '.') c = ',';
  }
  return s;
}

Result<double> Tolerance(const Params& p) {
  std::string text = p.Get("tolerance", "2");
  std::replace(text.begin(), text.end(), ',', '.');
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(v) || v < 0 ||
      v > 100) {
    return InvalidArgument("tolerance: '{}' is not a percentage between 0 and 100",
                           Shown(p.Get("tolerance")));
  }
  return v;
}

// Our figures for one period kind: (period, area, group) → measure → value.
using OurFigures = std::map<std::tuple<std::string, std::string, std::string>,
                            std::map<std::string, double>>;

Status AddOurs(const MeasureContext& ctx, PeriodKind kind, MonthIndex from, MonthIndex to,
               const std::vector<int>& kommuner, const std::vector<std::string>& groups,
               OurFigures& ours) {
  FtpQuery q;
  q.period = kind;
  q.from = from;
  q.to = to;
  q.levels = {AreaLevel::kKommune};
  q.kommuner = kommuner;
  q.groups = groups;
  ASSIGN_OR_RETURN(q.age, ParseAgeBand("16-66"));
  q.threads = ctx.threads;
  auto read = [&](const Table& t, std::initializer_list<const char*> measures) {
    const int pi = t.ColumnIndex("periode"), ai = t.ColumnIndex("omraade"),
              gi = t.ColumnIndex("ydelsesgruppe");
    for (const auto& row : t.rows()) {
      auto key = std::make_tuple(CellToString(row[pi]), CellToString(row[ai]),
                                 CellToString(row[gi]));
      for (const char* m : measures) {
        const int mi = t.ColumnIndex(m);
        if (mi < 0) continue;
        double v = CellToDouble(row[mi]);
        if (std::isfinite(v)) ours[key][m] = v;
      }
    }
  };
  ASSIGN_OR_RETURN(Table ftp, Fuldtidspersoner(*ctx.store, *ctx.reference, q));
  read(ftp, {"fuldtidspersoner", "personer"});
  if (ctx.population != nullptr) {
    ASSIGN_OR_RETURN(Table andel, Andel(*ctx.store, *ctx.reference, *ctx.population, q));
    read(andel, {"andel_arbejdsstyrke", "andel_befolkning"});
  }
  return Status::Ok();
}

Result<Table> RunAfstemning(const MeasureContext& ctx, const Params& p) {
  RETURN_IF_ERROR(NeedDb(ctx));
  if (!ctx.store) return FailedPrecondition("no register store (--store)");
  ASSIGN_OR_RETURN(double tolerance, Tolerance(p));
  ASSIGN_OR_RETURN(std::vector<int> kommuner, p.Kommuner("kommune"));
  std::vector<std::string> areas;
  for (int k : kommuner) {
    if (ctx.reference->MunicipalityIndex(k) < 0) {
      return InvalidArgument("kommune: {} is not a municipality code", k);
    }
    areas.push_back(std::to_string(k));
  }
  std::optional<MonthIndex> from, to;
  if (auto t = p.Get("from"); !t.empty()) {
    auto m = ParseMonthBound(t, false);
    if (!m.ok()) return InvalidArgument("from: {}", m.status().message());
    from = *m;
  }
  if (auto t = p.Get("to"); !t.empty()) {
    auto m = ParseMonthBound(t, true);
    if (!m.ok()) return InvalidArgument("to: {}", m.status().message());
    to = *m;
  }
  if (from && to && *to < *from) return InvalidArgument("to: before from");
  const std::vector<std::string> groups = SplitComma(p.Get("group"));
  official::FigureQuery fq;
  for (const auto& t : official::JobindsatsTables()) {
    if (t.kind == official::TableKind::kBenefit) fq.tables.emplace_back(t.id);
  }
  fq.areas = areas;
  fq.as_of = p.Get("as_of");
  ASSIGN_OR_RETURN(auto store, official::OfficialStore::Open(ctx.cases->url()));
  ASSIGN_OR_RETURN(std::vector<StoredFigure> stored, store->Figures(fq));
  const Areas area_index(*ctx.reference);
  // The official figures compared: a municipality's, the whole area (no breakdown), inside the
  // months asked for and in the groups asked for.
  std::vector<const StoredFigure*> chosen;
  std::map<PeriodKind, std::pair<MonthIndex, MonthIndex>> spans;
  std::set<int> chosen_kommuner;
  std::set<std::string> chosen_groups;
  for (const StoredFigure& s : stored) {
    const auto& f = s.figure;
    if (!f.breakdown.empty()) continue;
    auto area = area_index.Find(f.area);
    if (!area.ok() || area_index.LevelOf(*area) != AreaLevel::kKommune ||
        *area == area_index.unknown_id()) {
      continue;
    }
    if (!groups.empty() && std::find(groups.begin(), groups.end(), f.ydelsesgruppe) ==
                               groups.end()) {
      continue;
    }
    auto period = AsPeriod(f.period);
    if (!period) continue;
    const MonthIndex first = FirstMonth(*period), last = LastMonth(*period);
    if ((from && first < *from) || (to && last > *to)) continue;
    chosen.push_back(&s);
    auto [it, inserted] = spans.emplace(period->kind, std::make_pair(first, last));
    if (!inserted) {
      it->second.first = std::min(it->second.first, first);
      it->second.second = std::max(it->second.second, last);
    }
    chosen_kommuner.insert(ctx.reference->municipalities()[*area].code);
    chosen_groups.insert(f.ydelsesgruppe);
  }
  OurFigures ours;
  const std::vector<int> kommune_list(chosen_kommuner.begin(), chosen_kommuner.end());
  const std::vector<std::string> group_list(chosen_groups.begin(), chosen_groups.end());
  const MonthIndex store_last = MonthOfWeek(ctx.store->last_week());
  for (const auto& [kind, span] : spans) {
    RETURN_IF_ERROR(AddOurs(ctx, kind, span.first, std::min(span.second, store_last),
                            kommune_list, group_list, ours));
  }
  Table t({{"periode", ColumnType::kString, ColumnRole::kDimension, "", "Periode"},
           {"omraade", ColumnType::kString, ColumnRole::kDimension, "", "Område"},
           {"ydelsesgruppe", ColumnType::kString, ColumnRole::kDimension, "", "Ydelsesgruppe"},
           {"maal", ColumnType::kString, ColumnRole::kDimension, "", "Mål"},
           {"tabel", ColumnType::kString, ColumnRole::kDimension, "", "Jobindsats-tabel"},
           {"fremdrift_vaerdi", ColumnType::kNumber, ColumnRole::kValue, "", "fremdrift", 6},
           {"jobindsats_vaerdi", ColumnType::kNumber, ColumnRole::kValue, "", "Jobindsats", 6},
           {"forskel", ColumnType::kNumber, ColumnRole::kValue, "", "Forskel", 6},
           {"relativ_forskel", ColumnType::kNumber, ColumnRole::kValue, "pct",
            "Relativ forskel (pct.)", 6},
           {"afviger", ColumnType::kString, ColumnRole::kValue, "", "Uden for tolerancen"},
           {"offentliggjort", ColumnType::kString, ColumnRole::kDimension, "",
            "Importeret fra jobindsats"}});
  int flagged = 0, compared = 0, missing = 0;
  for (const StoredFigure* s : chosen) {
    const auto& f = s->figure;
    std::vector<Cell> row = {f.period, f.area, f.ydelsesgruppe, f.measure, f.table};
    auto it = ours.find({f.period, f.area, f.ydelsesgruppe});
    std::optional<double> our;
    if (it != ours.end()) {
      auto m = it->second.find(f.measure);
      if (m != it->second.end()) our = m->second;
    }
    if (!our) {
      ++missing;
      row.insert(row.end(), {Cell{}, f.value, Cell{}, Cell{}, std::string("ukendt"),
                             Day(s->imported_at)});
      t.AddRow(std::move(row));
      continue;
    }
    ++compared;
    const double diff = *our - f.value;
    Cell relative;
    bool off;
    if (f.value != 0) {
      const double rel = diff / f.value * 100;
      relative = rel;
      off = std::fabs(rel) > tolerance + 1e-9;
    } else {
      off = *our != 0;
    }
    if (off) ++flagged;
    row.insert(row.end(), {*our, f.value, diff, relative, std::string(off ? "ja" : "nej"),
                           Day(s->imported_at)});
    t.AddRow(std::move(row));
  }
  t.SortBy({"omraade", "ydelsesgruppe", "periode", "maal"});
  t.AddNote(fmt::format("{} af {} sammenligninger afviger mere end {} % (relativ forskel fra "
                        "jobindsats' tal).",
                        flagged, compared, DanishNumber(tolerance, tolerance == std::floor(tolerance) ? 0 : 1)));
  if (chosen.empty()) {
    t.AddNote("Der er ingen importerede tal fra jobindsats for det valgte (fremdrift import "
              "jobindsats).",
              NoteKind::kMissingData);
  }
  if (missing > 0) {
    t.AddNote(fmt::format("{} af jobindsats' tal har intet modstykke i registeret (perioden ligger "
                          "efter registerets sidste uge, eller andelen mangler en befolkningsfil).",
                          missing),
              NoteKind::kMissingData);
  }
  if (ctx.population == nullptr) {
    t.AddNote("Ingen befolkningsfil: andelene af arbejdsstyrken og befolkningen er ikke "
              "sammenlignet.",
              NoteKind::kMissingData);
  }
  t.AddNote(
      "Kendte årsager til forskelle: fremdrift tæller på ugedata fra DREAM, mens jobindsats for "
      "nogle ydelser bruger dags- eller månedsdata fra andre kilder; DREAM har kun én kode pr. "
      "person pr. uge, så når to ydelser falder i samme uge, overskriver den ene den anden; de "
      "seneste måneder er foreløbige, og sene registreringer kommer med hos de to på forskellige "
      "tidspunkter; andelene bygger på befolkningsfilen, som kan være fra et andet år eller en "
      "anden kilde end jobindsats' befolkningstal.");
  if (!p.Get("as_of").empty()) {
    t.AddNote(fmt::format("Jobindsats' tal som importeret til og med {}.", p.Get("as_of")));
  }
  if (std::any_of(chosen.begin(), chosen.end(), [](const StoredFigure* s) {
        return s->source.rfind(kSimulatedSourcePrefix, 0) == 0;
      })) {
    t.AddNote(kSimulatedNote);
  }
  return t;
}

// "2023QMAT04" → "de 12 måneder til og med 4. kvartal 2023".
std::string BenchmarkPeriodWords(const std::string& period) {
  if (period.size() == 10 && period.compare(4, 4, "QMAT") == 0) {
    return fmt::format("de 12 måneder til og med {}. kvartal {}", period.substr(9),
                       period.substr(0, 4));
  }
  return period;
}

// The benchmark's groups in words.
std::string BenchmarkGroupWords(const std::string& group) {
  if (group == "a_dagpenge") return "a-dagpenge mv.";
  if (group == "sygedagpenge") return "sygedagpenge mv.";
  if (group == "kontanthjaelp") return "kontanthjælp mv.";
  return group;
}

// One municipality's row of the benchmark.
struct BenchRow {
  std::string kommune, navn;
  std::map<std::string, double> v;
  int rank() const {
    auto it = v.find("placering");
    return it == v.end() ? 0 : static_cast<int>(std::lround(it->second));
  }
};

const char* const kBenchValues[] = {"faktisk_antal", "forventet_antal", "forskel_antal",
                                    "faktisk_andel", "forventet_andel", "forskel_andel"};

Result<Table> RunBenchmark(const MeasureContext& ctx, const Params& p) {
  RETURN_IF_ERROR(NeedDb(ctx));
  ASSIGN_OR_RETURN(std::vector<int> kommuner, p.Kommuner("kommune"));
  if (kommuner.size() != 1) return InvalidArgument("kommune: give exactly one code");
  const int kommune = kommuner[0];
  if (ctx.reference->MunicipalityIndex(kommune) < 0) {
    return InvalidArgument("kommune: {} is not a municipality code", kommune);
  }
  const std::string group = p.Get("group", "alle");
  official::FigureQuery fq;
  fq.tables = {"Y30R21"};
  fq.as_of = p.Get("as_of");
  ASSIGN_OR_RETURN(auto store, official::OfficialStore::Open(ctx.cases->url()));
  ASSIGN_OR_RETURN(std::vector<StoredFigure> stored, store->Figures(fq));
  std::string period = p.Get("period");
  // `to`: the latest benchmark whose 12 months end in or before that month (a document about a
  // month shows the benchmark published for it, not a later one).
  std::optional<MonthIndex> until;
  if (auto t = p.Get("to"); !t.empty()) {
    auto m = ParseMonthBound(t, true);
    if (!m.ok()) return InvalidArgument("to: {}", m.status().message());
    until = *m;
  }
  auto ends_by = [&](const std::string& bench) {
    if (!until) return true;
    if (bench.size() != 10 || bench.compare(4, 4, "QMAT") != 0) return false;
    const int year = std::atoi(bench.substr(0, 4).c_str()), quarter = bench[9] - '0';
    return MakeMonth(year, quarter * 3) <= *until;
  };
  if (period.empty()) {
    for (const StoredFigure& s : stored) {
      if (s.figure.ydelsesgruppe == group && s.figure.period > period && ends_by(s.figure.period)) {
        period = s.figure.period;
      }
    }
  } else if (period.find('-') != std::string::npos) {
    // fremdrift's spelling of a half year's end quarter: "2023-Q4" → "2023QMAT04".
    if (period.size() == 7 && period[4] == '-' && period[5] == 'Q') {
      period = period.substr(0, 4) + "QMAT0" + period.substr(6);
    }
  }
  const Areas areas(*ctx.reference);
  std::map<std::string, BenchRow> rows;
  std::string imported;
  bool simulated = false;
  for (const StoredFigure& s : stored) {
    const auto& f = s.figure;
    if (f.period != period || f.ydelsesgruppe != group || !f.breakdown.empty()) continue;
    auto id = areas.Find(f.area);
    if (!id.ok() || areas.LevelOf(*id) != AreaLevel::kKommune || *id == areas.unknown_id()) {
      continue;
    }
    BenchRow& r = rows[f.area];
    r.kommune = f.area;
    r.navn = ctx.reference->municipalities()[*id].name;
    r.v[f.measure] = f.value;
    imported = std::max(imported, Day(s.imported_at));
    simulated = simulated || s.source.rfind(kSimulatedSourcePrefix, 0) == 0;
  }
  for (auto& [k, r] : rows) {
    if (!r.v.count("forskel_antal") && r.v.count("forventet_antal") && r.v.count("faktisk_antal")) {
      r.v["forskel_antal"] = r.v["forventet_antal"] - r.v["faktisk_antal"];
    }
    if (!r.v.count("forskel_andel") && r.v.count("forventet_andel") && r.v.count("faktisk_andel")) {
      r.v["forskel_andel"] = r.v["forventet_andel"] - r.v["faktisk_andel"];
    }
  }
  std::vector<const BenchRow*> ranked;
  for (const auto& [k, r] : rows) {
    if (r.rank() > 0) ranked.push_back(&r);
  }
  // By rank; equal ranks alphabetically (as jobindsats breaks ties).
  std::sort(ranked.begin(), ranked.end(), [](const BenchRow* a, const BenchRow* b) {
    return a->rank() != b->rank() ? a->rank() < b->rank() : a->navn < b->navn;
  });
  Table t({{"periode", ColumnType::kString, ColumnRole::kDimension, "", "Periode"},
           {"ydelsesgruppe", ColumnType::kString, ColumnRole::kDimension, "", "Ydelsesgruppe"},
           {"rolle", ColumnType::kString, ColumnRole::kDimension, "", "Rolle"},
           {"placering", ColumnType::kInteger, ColumnRole::kValue, "", "Placering"},
           {"kommune", ColumnType::kString, ColumnRole::kDimension, "", "Kommunekode"},
           {"omraade", ColumnType::kString, ColumnRole::kDimension, "", "Kommune"},
           {"faktisk_antal", ColumnType::kNumber, ColumnRole::kValue, "personer",
            "Faktisk antal fuldtidspersoner", 6},
           {"forventet_antal", ColumnType::kNumber, ColumnRole::kValue, "personer",
            "Forventet antal fuldtidspersoner", 6},
           {"forskel_antal", ColumnType::kNumber, ColumnRole::kValue, "personer",
            "Forskel (forventet minus faktisk)", 6},
           {"faktisk_andel", ColumnType::kNumber, ColumnRole::kValue, "pct",
            "Faktisk andel (pct.)", 6},
           {"forventet_andel", ColumnType::kNumber, ColumnRole::kValue, "pct",
            "Forventet andel (pct.)", 6},
           {"forskel_andel", ColumnType::kNumber, ColumnRole::kValue, "pct. point",
            "Forskel (pct. point)", 6}});
  auto add = [&](const std::string& role, const BenchRow& r) {
    std::vector<Cell> row = {period, group, role, static_cast<std::int64_t>(r.rank()), r.kommune,
                             r.navn};
    for (const char* m : kBenchValues) {
      auto it = r.v.find(m);
      row.push_back(it == r.v.end() ? Cell{} : Cell{it->second});
    }
    t.AddRow(std::move(row));
  };
  const std::string code = std::to_string(kommune);
  auto own = std::find_if(ranked.begin(), ranked.end(),
                          [&](const BenchRow* r) { return r->kommune == code; });
  if (own == ranked.end()) {
    t.AddNote(period.empty() ? "Ingen benchmark importeret (jobindsats' tabel Y30R21: fremdrift "
                               "import jobindsats --table Y30R21)."
                             : fmt::format("Kommunen har ingen placering i den importerede "
                                           "benchmark for {}.",
                                           period),
              NoteKind::kMissingData);
    return t;
  }
  add("kommune", **own);
  if (own != ranked.begin()) add("over", **(own - 1));
  if (own + 1 != ranked.end()) add("under", **(own + 1));
  BenchRow top;
  top.navn = "Top 10 (gennemsnit)";
  std::map<std::string, int> counts;
  for (std::size_t i = 0; i < ranked.size() && i < 10; ++i) {
    add("top10", *ranked[i]);
    for (const char* m : kBenchValues) {
      auto it = ranked[i]->v.find(m);
      if (it == ranked[i]->v.end()) continue;
      top.v[m] += it->second;
      ++counts[m];
    }
  }
  for (auto& [m, v] : top.v) v /= counts[m];
  {
    std::vector<Cell> row = {period, group, std::string("top10_gennemsnit"), Cell{},
                             std::string(""), top.navn};
    for (const char* m : kBenchValues) {
      auto it = top.v.find(m);
      row.push_back(it == top.v.end() ? Cell{} : Cell{it->second});
    }
    t.AddRow(std::move(row));
  }
  const BenchRow& me = **own;
  const std::string period_words = BenchmarkPeriodWords(period);
  const double diff = me.v.count("forskel_antal") ? me.v.at("forskel_antal") : 0;
  t.AddNote(fmt::format(
      "{} er nr. {} af {} kommuner på STAR's benchmarkrangliste ({}, {}) med {} fuldtidspersoner "
      "{} end forventet ud fra kommunens rammevilkår.",
      me.navn, me.rank(), ranked.size(), period_words,
      group == "alle" ? "alle ydelser" : BenchmarkGroupWords(group),
      DanishNumber(std::fabs(diff), 0), diff >= 0 ? "færre" : "flere"));
  t.AddNote(fmt::format("Tal fra jobindsats' tabel Y30R21, importeret {}. Top 10 er gennemsnittet "
                        "af de ti bedst placerede kommuner; lige placeringer står i alfabetisk "
                        "orden.",
                        imported));
  if (simulated) t.AddNote(kSimulatedNote);
  return t;
}

}  // namespace

Result<BenchmarkTop> BenchmarkTop10(const MeasureContext& ctx) {
  BenchmarkTop top;
  if (ctx.cases == nullptr) return top;
  official::FigureQuery fq;
  fq.tables = {"Y30R21"};
  ASSIGN_OR_RETURN(auto store, official::OfficialStore::Open(ctx.cases->url()));
  ASSIGN_OR_RETURN(std::vector<StoredFigure> stored, store->Figures(fq));
  std::string period;
  for (const StoredFigure& s : stored) {
    if (s.figure.ydelsesgruppe == "alle" && s.figure.period > period) period = s.figure.period;
  }
  // (rank, name, code) of the latest period's ranked municipalities.
  std::vector<std::tuple<int, std::string, int>> ranked;
  const Areas areas(*ctx.reference);
  for (const StoredFigure& s : stored) {
    const auto& f = s.figure;
    if (f.period != period || f.ydelsesgruppe != "alle" || !f.breakdown.empty() ||
        f.measure != "placering") {
      continue;
    }
    auto id = areas.Find(f.area);
    if (!id.ok() || areas.LevelOf(*id) != AreaLevel::kKommune || *id == areas.unknown_id()) {
      continue;
    }
    const auto& m = ctx.reference->municipalities()[*id];
    ranked.emplace_back(static_cast<int>(std::lround(f.value)), m.name, m.code);
  }
  std::sort(ranked.begin(), ranked.end());
  for (std::size_t i = 0; i < ranked.size() && i < 10; ++i) {
    top.kommuner.push_back(std::get<2>(ranked[i]));
  }
  top.period_words = BenchmarkPeriodWords(period);
  return top;
}

Status AddOfficialMeasurements(MeasurementRegistry& registry) {
  const Input db = {"db", true, "case store with the imported jobindsats figures: sqlite:PATH or "
                                "postgresql://..."};
  const ParamSpec as_of = {"as_of",
                           "jobindsats' figures as imported up to this day (YYYY-MM-DD) or time: "
                           "as published then",
                           "",
                           false,
                           ParamType::kDate,
                           {}};
  {
    Measurement m;
    m.id = "afstemning";
    m.title = "Afstemning med jobindsats";
    m.beskrivelse =
        "fremdrifts egne tal ved siden af jobindsats' officielle tal pr. periode, kommune, "
        "ydelsesgruppe og mål, med forskel, relativ forskel og markering uden for tolerancen";
    m.description =
        "fremdrift's own figures beside jobindsats' official ones per period, municipality, "
        "benefit group and measure, with the difference, the relative difference and a flag "
        "beyond the tolerance";
    m.source = "official";
    m.inputs = {{"store", true, "spell store written by `fremdrift ingest`"},
                {"population", false,
                 "population file for the shares (default: the one `fremdrift ingest "
                 "--population` kept beside the store)"},
                db};
    std::vector<std::string> groups;
    for (const auto& t : official::JobindsatsTables()) {
      if (t.kind == official::TableKind::kBenefit) groups.emplace_back(t.ydelsesgruppe);
    }
    m.params = {
        {"kommune",
         "municipality codes, comma separated (default: every municipality with imported "
         "figures)",
         "",
         false,
         ParamType::kCodes,
         {}},
        {"from", "first month (default: the first imported)", "", false, ParamType::kPeriod, {}},
        {"to", "last month (default: the last imported)", "", false, ParamType::kPeriod, {}},
        {"group", "benefit groups, comma separated (default: all imported)", "", false,
         ParamType::kList, groups},
        {"tolerance", "relative difference in percent beyond which a row is flagged", "2", false,
         ParamType::kText, {}},
        as_of};
    m.level = [](const Params&) { return DataLevel::kAggregate; };
    m.compute = &RunAfstemning;
    RETURN_IF_ERROR(registry.Add(std::move(m)));
  }
  Measurement m;
  m.id = "benchmark";
  m.title = "Benchmark";
  m.beskrivelse =
      "STAR's benchmark: faktisk mod forventet antal og andel fuldtidspersoner på offentlig "
      "forsørgelse, kommunens placering, kommunerne lige over og under og landets top 10";
  m.description =
      "STAR's benchmark (jobindsats Y30R21): actual against expected full-time persons and "
      "share, the municipality's rank, the municipalities just above and below, and the "
      "country's top 10";
  m.source = "official";
  m.inputs = {db};
  std::vector<std::string> groups;
  for (std::string_view g : official::BenchmarkGroupIds()) groups.emplace_back(g);
  m.params = {{"kommune", "the municipality code", "", true, ParamType::kCodes, {}},
              {"period",
               "the benchmark's period, e.g. 2023QMAT04 (the 12 months up to the end of "
               "quarter 4) or 2023-Q4 (default: the latest imported)",
               "",
               false,
               ParamType::kText,
               {}},
              {"group", "alle, a_dagpenge, sygedagpenge or kontanthjaelp", "alle", false,
               ParamType::kChoice, groups},
              {"to",
               "without --period: the latest benchmark whose 12 months end in or before this "
               "month (YYYY-MM)",
               "",
               false,
               ParamType::kPeriod,
               {}},
              as_of};
  m.level = [](const Params&) { return DataLevel::kAggregate; };
  m.compute = &RunBenchmark;
  return registry.Add(std::move(m));
}

}  // namespace fremdrift::catalog
