// Key-figure comparison (see sammenligning.h).
#include "measure/sammenligning.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>

#include "measure/andel.h"
#include "measure/danish_text.h"
#include "measure/period_grid.h"
#include "table/danish_format.h"
#include "table/vocabulary.h"

namespace fremdrift {

std::vector<KeyFigure> StandardKeyFigures() {
  const AgeBand all{16, 66, false}, young{16, 29, false};
  const auto share = FigureKind::kShareOfLabourForce;
  const auto count = FigureKind::kFullTimePersons;
  return {
      {"ledighedsprocent", "Ledighedsprocent", "bruttoledighedsprocent", "bruttoledig", all, share},
      {"unge_offentlig_forsoergelse", "Unge offentligt forsørgede i andel af arbejdsstyrken",
       "andel unge offentligt forsørgede", "offentlig_forsoergelse", young, share},
      {"kontant_uddannelse_integration",
       "Kontant-, uddannelseshjælp og integrationsydelse, andel "
       "af arbejdsstyrken",
       "andel af kontanthjælps-, uddannelseshjælps- og integrationsydelsesmodtagere i "
       "arbejdsstyrken",
       "kontant_uddannelse_integration", all, share},
      {"a_dagpenge", "Forsikrede ledige, andel af arbejdsstyrken",
       "andel af personer på a-dagpenge og midlertidig arbejdsmarkedsydelse", "a_dagpenge", all,
       share},
      {"sygedagpenge", "Sygedagpenge, andel af arbejdsstyrken",
       "andel af sygedagpengemodtagere i arbejdsstyrken", "sygedagpenge", all, share},
      {"jobafklaring", "Jobafklaringsforløb, andel af arbejdsstyrken",
       "andel af personer i jobafklaringsforløb i arbejdsstyrken", "jobafklaring", all, share},
      {"fleksjob", "Fleksjob, antal fuldtidspersoner", "fleksjob", "fleksjob", all, count},
      {"ressourceforloeb", "Ressourceforløb, antal fuldtidspersoner", "ressourceforløb",
       "ressourceforloeb", all, count},
      {"ledighedsydelse", "Ledighedsydelse, antal fuldtidspersoner", "ledighedsydelse",
       "ledighedsydelse", all, count},
      {"foertidspension", "Førtidspension, antal fuldtidspersoner", "førtidspension",
       "foertidspension", all, count},
  };
}

namespace {

std::string Pct(double v) { return FormatDanishPercent(v, 1); }

}  // namespace

Result<Table> Sammenligning(const SpellStore& store, const ReferenceData& ref,
                            const Population& pop, const ComparisonQuery& q) {
  const int k = ref.MunicipalityIndex(q.kommune);
  if (k < 0) return InvalidArgument("--kommune: {} is not a municipality code", q.kommune);
  if (q.to < q.from) return InvalidArgument("--to is before --from");
  std::vector<KeyFigure> figures;
  for (const auto& f : StandardKeyFigures()) {
    bool want = q.figures.empty();
    for (const auto& id : q.figures) want = want || id == f.id;
    if (want) figures.push_back(f);
  }
  for (const auto& id : q.figures) {
    bool known = false;
    for (const auto& f : figures) known = known || f.id == id;
    if (!known) return InvalidArgument("--figure: '{}' is not a key figure", id);
  }
  Areas areas(ref);
  const Municipality& muni = ref.municipalities()[k];
  const int rar_id = areas.Containing(AreaLevel::kRar, k);
  const int region_id = areas.Containing(AreaLevel::kRegion, k);
  const int land_id = areas.land_id();

  // One cube per age band over the periods and the same periods a year earlier.
  std::map<std::string, FtpCube> cubes;     // by age label
  std::map<std::string, FtpQuery> queries;  // theirs
  for (const auto& f : figures) {
    const std::string key = f.age.Label();
    if (cubes.count(key)) continue;
    FtpQuery fq;
    fq.period = q.period;
    fq.from = FirstMonth(PeriodOfMonth(q.period, q.from)) - 12;
    fq.to = q.to;
    fq.levels = {AreaLevel::kKommune, AreaLevel::kRar, AreaLevel::kRegion, AreaLevel::kLand};
    fq.kommuner = {q.kommune};
    fq.age = f.age;
    fq.afbrydelse = q.afbrydelse;
    fq.threads = q.threads;
    for (const auto& g : figures) {
      if (g.age.Label() == key) fq.groups.push_back(g.series);
    }
    std::sort(fq.groups.begin(), fq.groups.end());
    fq.groups.erase(std::unique(fq.groups.begin(), fq.groups.end()), fq.groups.end());
    ASSIGN_OR_RETURN(FtpCube cube, ComputeFtpCube(store, ref, fq));
    cubes.emplace(key, std::move(cube));
    queries.emplace(key, std::move(fq));
  }

  // The benchmark's top 10: one cube by municipality per age band, used when the store and the
  // population file hold every one of them.
  std::map<std::string, FtpCube> top10_cubes;  // by age label
  std::vector<int> top10_ids;                  // their municipality indexes
  std::string top10_note;
  if (!q.top10.empty()) {
    for (int code : q.top10) {
      const int index = ref.MunicipalityIndex(code);
      if (index < 0) return InvalidArgument("top10: {} is not a municipality code", code);
      top10_ids.push_back(index);
    }
    for (const auto& [label, fq] : queries) {
      FtpQuery tq = fq;
      tq.levels = {AreaLevel::kKommune};
      tq.kommuner = q.top10;
      ASSIGN_OR_RETURN(FtpCube cube, ComputeFtpCube(store, ref, tq));
      top10_cubes.emplace(label, std::move(cube));
    }
    // Every one of the ten must have someone on a benefit (any group) in the store.
    {
      FtpQuery any_q = queries.begin()->second;
      any_q.levels = {AreaLevel::kKommune};
      any_q.kommuner = q.top10;
      any_q.groups = {"offentlig_forsoergelse"};
      ASSIGN_OR_RETURN(FtpCube cube, ComputeFtpCube(store, ref, any_q));
      for (int id : top10_ids) {
        bool any = false;
        for (std::size_t i = 0; i < cube.area_ids.size(); ++i) {
          if (cube.area_ids[i] != id) continue;
          for (std::size_t pi = 0; pi < cube.periods.size() && !any; ++pi) {
            for (std::size_t g = 0; g < cube.series.size() && !any; ++g) {
              any = cube.Fuldtidspersoner(static_cast<int>(pi), static_cast<int>(i),
                                          static_cast<int>(g)) > 0;
            }
          }
        }
        if (!any && top10_note.empty()) {
          top10_note = fmt::format(
              "STAR's top 10 er ikke vist: registeret har ingen tal for {}, en af de ti.",
              ref.municipalities()[id].name);
        }
      }
    }
  }
  const bool with_top10 = !q.top10.empty() && top10_note.empty();

  std::vector<Column> columns = {
      {col::kPeriode, ColumnType::kString, ColumnRole::kDimension, "", "Periode"},
      {col::kKommune, ColumnType::kString, ColumnRole::kDimension, "", "Kommune"},
      {"noegletal", ColumnType::kString, ColumnRole::kDimension, "", "Nøgletal"},
      {"enhed", ColumnType::kString, ColumnRole::kDimension, "", "Enhed"},
      {"kommune_vaerdi", ColumnType::kNumber, ColumnRole::kValue, "", "Kommunen", 6},
      {"sammenligningsomraade", ColumnType::kString, ColumnRole::kDimension, "",
       "Sammenligningsområde"},
      {"omraade_vaerdi", ColumnType::kNumber, ColumnRole::kValue, "", "Området", 6},
      {"region_vaerdi", ColumnType::kNumber, ColumnRole::kValue, "", "Regionen", 6},
      {"land_vaerdi", ColumnType::kNumber, ColumnRole::kValue, "", "Hele landet", 6},
      {"aaret_foer", ColumnType::kNumber, ColumnRole::kValue, "", "Året før", 6},
      {"aendring", ColumnType::kNumber, ColumnRole::kValue, "", "Ændring", 6},
      {"niveau_land", ColumnType::kString, ColumnRole::kDimension, "", "I forhold til landet"},
      {"niveau_omraade", ColumnType::kString, ColumnRole::kDimension, "", "I forhold til området"},
      {"tekst", ColumnType::kString, ColumnRole::kDimension, "", "Tekst"},
      {"tal_tekst", ColumnType::kString, ColumnRole::kDimension, "", "Tal"},
      // The municipality's full-time persons behind its figure (a share's numerator): what the
      // discretion of small numbers holds a share to (table/suppression.h).
      {"kommune_fuldtidspersoner", ColumnType::kNumber, ColumnRole::kValue, "fuldtidspersoner",
       "Kommunens fuldtidspersoner", 6},
  };
  if (with_top10) {
    columns.insert(columns.begin() + 9, Column{"top10_vaerdi", ColumnType::kNumber,
                                               ColumnRole::kValue, "", "Top 10 (benchmark)", 6});
  }
  Table t(std::move(columns));
  t.title = fmt::format("Nøgletal for {} sammenlignet med området og hele landet", muni.name);
  std::set<std::pair<int, int>> substituted_years;  // (year asked for, year used)
  // An area the population file covers in part counts its covered municipalities only, on both
  // sides of the fraction (as `andel` does): their full-time persons come from a cube by
  // municipality of the same age band, made when first needed.
  std::map<std::string, FtpCube> kommune_cubes;        // by age label
  std::map<std::string, std::pair<int, int>> partial;  // area label -> (covered, municipalities)
  Status cube_error;

  const PreliminaryMonths preliminary = PreliminaryMonthsOf(store);
  for (const Period& period : PeriodsBetween(q.period, q.from, q.to)) {
    const Period before = PeriodOfMonth(q.period, FirstMonth(period) - 12);
    // The comparison area: the RAR until 2024, the region from 2025.
    const bool use_region = period.year >= 2025;
    const int cmp_id = use_region ? region_id : rar_id;
    for (const auto& f : figures) {
      const FtpCube& cube = cubes.at(f.age.Label());
      auto pindex = [&](const Period& p) -> int {
        for (size_t i = 0; i < cube.periods.size(); ++i) {
          if (cube.periods[i] == p) return static_cast<int>(i);
        }
        return -1;
      };
      auto apos = [&](int id) -> int {
        for (size_t i = 0; i < cube.area_ids.size(); ++i) {
          if (cube.area_ids[i] == id) return static_cast<int>(i);
        }
        return -1;
      };
      const int g = cube.SeriesIndex(f.series);
      auto value = [&](const Period& p, int area_id) -> std::optional<double> {
        int pi = pindex(p), ai = apos(area_id);
        if (pi < 0 || ai < 0) return std::nullopt;
        double ftp = cube.Fuldtidspersoner(pi, ai, g);
        if (f.kind == FigureKind::kFullTimePersons) return ftp;
        auto den = pop.For(areas, area_id, YearOfMonth(FirstMonth(p)), f.age);
        if (!den.ok() || den->arbejdsstyrke <= 0) return std::nullopt;
        if (den->substituted) {
          substituted_years.insert({YearOfMonth(FirstMonth(p)), den->year_used});
        }
        if (den->covered < den->municipalities) {
          partial[areas.Label(area_id)] = {den->covered, den->municipalities};
          auto it = kommune_cubes.find(f.age.Label());
          if (it == kommune_cubes.end()) {
            auto made = ComputeFtpCube(store, ref, ByKommune(queries.at(f.age.Label())));
            if (!made.ok()) {
              cube_error = made.status();
              return std::nullopt;
            }
            it = kommune_cubes.emplace(f.age.Label(), std::move(made).value()).first;
          }
          // Same periods and series as the area's cube.
          ftp = CoveredFuldtidspersoner(it->second, *den, pi, g);
        }
        return 100.0 * ftp / den->arbejdsstyrke;
      };
      auto vk = value(period, k);
      // The municipality's full-time persons in the period (the share's numerator).
      std::optional<double> ftp_k;
      {
        int pi = pindex(period), ai = apos(k);
        if (pi >= 0 && ai >= 0) ftp_k = cube.Fuldtidspersoner(pi, ai, g);
      }
      auto vcmp = value(period, cmp_id);
      auto vregion = value(period, region_id);
      auto vland = value(period, land_id);
      auto vbefore = value(before, k);
      // The top 10's share: their summed full-time persons over their summed labour force.
      std::optional<double> vtop;
      if (with_top10 && f.kind == FigureKind::kShareOfLabourForce) {
        const FtpCube& tc = top10_cubes.at(f.age.Label());
        const int pi = [&] {
          for (size_t i = 0; i < tc.periods.size(); ++i) {
            if (tc.periods[i] == period) return static_cast<int>(i);
          }
          return -1;
        }();
        const int tg = tc.SeriesIndex(f.series);
        double ftp = 0, force = 0;
        bool complete = pi >= 0 && tg >= 0;
        for (int id : top10_ids) {
          if (!complete) break;
          int ai = -1;
          for (size_t i = 0; i < tc.area_ids.size(); ++i) {
            if (tc.area_ids[i] == id) ai = static_cast<int>(i);
          }
          auto den = pop.For(areas, id, YearOfMonth(FirstMonth(period)), f.age);
          if (ai < 0 || !den.ok() || den->arbejdsstyrke <= 0) {
            complete = false;
            if (top10_note.empty()) {
              top10_note = fmt::format(
                  "STAR's top 10 er ikke vist for alle måneder: befolkningsfilen mangler {}.",
                  ref.municipalities()[id].name);
            }
            break;
          }
          ftp += tc.Fuldtidspersoner(pi, ai, tg);
          force += den->arbejdsstyrke;
        }
        if (complete) vtop = 100.0 * ftp / force;
      }
      if (!vk)
        return FailedPrecondition("no population figures for {} in {}", muni.name, period.year);
      auto cell = [](const std::optional<double>& v) { return v ? Cell(*v) : Cell(); };
      const std::string when = FormatDanishPeriod(period);
      const std::string& cmp_name = areas.Label(cmp_id);
      std::string text, numbers, level_land, level_cmp;
      if (f.kind == FigureKind::kShareOfLabourForce && vland && vcmp) {
        Level ll = CompareShares(*vk, *vland), lc = CompareShares(*vk, *vcmp);
        level_land = LevelWord(ll);
        level_cmp = LevelWord(lc);
        text = ll == Level::kOnLevel
                   ? fmt::format("{} har i {} en {} på niveau med landet som helhed", muni.name,
                                 when, f.phrase)
                   : fmt::format("{} har i {} en {} {} end landet som helhed", muni.name, when,
                                 level_land, f.phrase);
        text += lc == Level::kOnLevel ? fmt::format(" og på niveau med {}.", cmp_name)
                                      : fmt::format(" og en {} end {}.", level_cmp, cmp_name);
        numbers = fmt::format("{} {}: {} ({}). {} ({}). Hele landet ({})", f.label, when, muni.name,
                              Pct(*vk), cmp_name, Pct(*vcmp), Pct(*vland));
      } else if (f.kind == FigureKind::kFullTimePersons) {
        numbers = fmt::format("Antal fuldtidspersoner {}: {} ({})", when, f.phrase,
                              FormatDanishNumber(*vk, 0));
        if (vbefore) {
          const long diff = std::lround(*vk) - std::lround(*vbefore);
          const std::string same = std::string(DanishSamePeriodLastYear(q.period));
          text = diff == 0
                     ? fmt::format("Der var lige så mange fuldtidspersoner på {} i {} som {}.",
                                   f.phrase, when, same)
                 : std::abs(diff) == 1
                     ? fmt::format("Der var 1 fuldtidsperson {} på {} i {} end {}.",
                                   diff < 0 ? "færre" : "mere", f.phrase, when, same)
                     : fmt::format("Der var {} {} fuldtidspersoner på {} i {} end {}.",
                                   FormatDanishInteger(std::abs(diff)),
                                   diff < 0 ? "færre" : "flere", f.phrase, when, same);
        }
      }
      if (preliminary.Overlaps(period)) {
        text += (text.empty() ? "" : " ") + PreliminarySentence(when);
      }
      if (vtop) {
        numbers += fmt::format(". STAR's top 10 ({})", Pct(*vtop));
      }
      std::vector<Cell> row = {FormatPeriod(period), fmt::format("{:03d}", muni.code), f.id,
                               f.kind == FigureKind::kFullTimePersons ? "fuldtidspersoner" : "pct",
                               cell(vk), cmp_name, cell(vcmp), cell(vregion), cell(vland),
                               cell(vbefore), vbefore ? Cell(*vk - *vbefore) : Cell(), level_land,
                               level_cmp, text, numbers, cell(ftp_k)};
      if (with_top10) row.insert(row.begin() + 9, cell(vtop));
      t.AddRow(std::move(row));
    }
  }
  t.AddNote(
      "På niveau med: højst 0,1 procentpoint fra sammenligningen (beregnet på uafrundede tal).");
  t.AddNote(kLedighedsprocentNoteShort);
  t.AddNote(ForloebRuleNote(q.afbrydelse));
  if (auto note = PreliminaryNote(store, PeriodsBetween(q.period, q.from, q.to))) {
    t.AddNote(std::move(*note));
  }
  if (with_top10) {
    t.AddNote(fmt::format("Top 10: de ti kommuner med den bedste placering på STAR's "
                          "benchmarkrangliste ({}); deres samlede andel.",
                          q.top10_period));
  }
  if (!top10_note.empty()) t.AddNote(top10_note, NoteKind::kMissingData);
  RETURN_IF_ERROR(cube_error);
  for (const auto& [area, counts] : partial) {
    t.AddNote(PartialCoverageNote(area, counts.first, counts.second, "andelene"),
              NoteKind::kPartialCoverage);
  }
  for (const auto& [asked, used] : substituted_years) {
    t.AddNote(fmt::format("Befolkningsfilen har ikke {}; tallene for {} er brugt.", asked, used),
              NoteKind::kSubstitution);
  }
  return t;
}

}  // namespace fremdrift
