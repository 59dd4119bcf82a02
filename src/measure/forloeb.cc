// Forløb measurements (see forloeb.h).
#include "measure/forloeb.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <thread>
#include <tuple>

#include "common/thread_pool.h"
#include "measure/forloeb_scan.h"
#include "measure/period_grid.h"

namespace fremdrift {

namespace {

// Counts keyed by (period, area position, group, measure, category), summed over threads.
using Key = std::tuple<int, int, int, std::string, std::string>;
using Counts = std::map<Key, double>;

struct Scan {
  const SpellStore& st;
  const ReferenceData& ref;
  const FtpQuery& q;
  PeriodGrid grid;
  AreaSelection areas;
  std::vector<int> code_group;
  std::vector<bool> group_selected;
};

Result<Scan> Prepare(const SpellStore& st, const ReferenceData& ref, const FtpQuery& q) {
  Scan s{st, ref, q, {}, {}, CodeGroups(ref), {}};
  ASSIGN_OR_RETURN(s.grid, PeriodGrid::Build(st, q.period, q.from, q.to));
  ASSIGN_OR_RETURN(s.areas, AreaSelection::Build(ref, q.levels, q.kommuner));
  s.group_selected.assign(ref.groups().size(), q.groups.empty());
  for (const auto& g : q.groups) {
    int gi = ref.GroupIndex(g);
    if (gi < 0) return InvalidArgument("--group: '{}' is not a benefit group", g);
    s.group_selected[gi] = true;
  }
  return s;
}

// Whether the person is in the age band for forløb f in period p (the forløb rule).
bool InBand(const Scan& s, std::int32_t birth_day, const Forloeb& f, int p, int* age_out) {
  if (birth_day == kUnknownBirth) {
    if (age_out) *age_out = -1;
    return s.q.age.all;
  }
  const int p_last = s.grid.period_last_rel[p];
  CivilDate on = (!f.open && f.last <= p_last) ? CivilFromDays(SundayOf(s.st.first_week() + f.last))
                                               : s.grid.period_end[p];
  const int age = AgeOn(CivilFromDays(birth_day), on);
  if (age_out) *age_out = age;
  return s.q.age.all || (age >= s.q.age.min && age <= s.q.age.max);
}

// Runs fn(person, forløb list, counts) over all persons on all cores and merges the counts.
template <typename Fn>
Counts ScanAll(const Scan& s, Fn fn) {
  const std::size_t threads = std::max<std::size_t>(
      1, std::min<std::size_t>(s.q.threads ? s.q.threads : ThreadPool::DefaultThreads(),
                               s.st.person_count() / 1000 + 1));
  std::vector<Counts> partial(threads);
  {
    std::vector<std::jthread> workers;
    const std::uint64_t n = s.st.person_count();
    for (std::size_t t = 0; t < threads; ++t) {
      workers.emplace_back([&, t] {
        std::vector<Forloeb> list;
        for (std::uint64_t i = n * t / threads; i < n * (t + 1) / threads; ++i) {
          PersonForloeb(s.st, s.code_group, i, list);
          if (!list.empty()) fn(i, list, partial[t]);
        }
      });
    }
  }
  Counts all;
  for (auto& c : partial) {
    for (auto& [k, v] : c) all[k] += v;
  }
  return all;
}

// Calls add(period, area position) for each area the municipality code feeds, if in the grid.
template <typename Fn>
void ForAreas(const Scan& s, std::uint16_t kommune, Fn add) {
  for (int a : s.areas.kommune_areas[kommune]) add(a);
}

std::string DurationColumn(int band) {
  static const char* kCols[] = {
      "varighed_0_4_uger",   "varighed_5_8_uger",   "varighed_9_13_uger",
      "varighed_14_26_uger", "varighed_27_39_uger", "varighed_40_52_uger",
      "varighed_1_2_aar",    "varighed_2_3_aar",    "varighed_over_3_aar"};
  return kCols[band];
}

}  // namespace

Result<Table> ForloebTable(const SpellStore& st, const ReferenceData& ref, const FtpQuery& q) {
  ASSIGN_OR_RETURN(Scan s, Prepare(st, ref, q));
  Counts counts = ScanAll(s, [&](std::uint64_t i, const std::vector<Forloeb>& list, Counts& c) {
    const std::int32_t bd = st.birth_day(i);
    for (const Forloeb& f : list) {
      if (!s.group_selected[f.group]) continue;
      // Started and ended in their periods.
      const int ps = s.grid.PeriodOf(f.first);
      if (ps >= 0 && InBand(s, bd, f, ps, nullptr)) {
        ForAreas(s, f.kommune_first, [&](int a) { c[{ps, a, f.group, "startede", ""}] += 1; });
      }
      const int pe = f.open ? -1 : s.grid.PeriodOf(f.last);
      if (pe >= 0 && InBand(s, bd, f, pe, nullptr)) {
        ForAreas(s, f.kommune_last, [&](int a) {
          c[{pe, a, f.group, "afsluttede", ""}] += 1;
          c[{pe, a, f.group, "varighed_sum", ""}] += f.duration();
        });
      }
      // Ongoing at each period's last week.
      const int from = s.grid.PeriodOf(std::max(f.first, s.grid.first_rel));
      const int to = s.grid.PeriodOf(std::min(f.last, s.grid.last_rel));
      if (from < 0 || to < 0) continue;
      for (int p = from; p <= to; ++p) {
        const int w = s.grid.period_last_rel[p];
        if (w < f.first || w > f.last || !InBand(s, bd, f, p, nullptr)) continue;
        const int dur = w - f.first + 1;
        // The municipality of that week.
        std::uint16_t kom = f.kommune_last;
        for (std::uint64_t sp = f.spell_first; sp <= f.spell_last; ++sp) {
          if (st.spell_start()[sp] <= w && st.spell_last()[sp] >= w) kom = st.spell_kommune()[sp];
        }
        ForAreas(s, kom, [&](int a) {
          c[{p, a, f.group, "igangvaerende", ""}] += 1;
          c[{p, a, f.group, DurationColumn(DurationBand(dur)), ""}] += 1;
          if (dur > 26) c[{p, a, f.group, "igangvaerende_over_26_uger", ""}] += 1;
        });
      }
    }
  });

  std::vector<Column> cols = {
      {"period", ColumnType::kString, ColumnRole::kDimension, "", "Periode"},
      {"area", ColumnType::kString, ColumnRole::kDimension, "", "Område"},
      {"ydelsesgruppe", ColumnType::kString, ColumnRole::kDimension, "", "Ydelsesgruppe"},
      {"igangvaerende", ColumnType::kInteger, ColumnRole::kValue, "forløb",
       "Igangværende ved periodens slutning"},
      {"startede", ColumnType::kInteger, ColumnRole::kValue, "forløb", "Startede"},
      {"afsluttede", ColumnType::kInteger, ColumnRole::kValue, "forløb", "Afsluttede"},
      {"igangvaerende_over_26_uger", ColumnType::kInteger, ColumnRole::kValue, "forløb",
       "Igangværende over 26 uger"},
      {"gennemsnitlig_varighed_afsluttede", ColumnType::kNumber, ColumnRole::kValue, "uger",
       "Gns. varighed af afsluttede (uger)", 2},
  };
  for (int b = 0; b < 9; ++b) {
    cols.push_back({DurationColumn(b), ColumnType::kInteger, ColumnRole::kValue, "forløb",
                    "Igangværende " + DurationBandNames()[b]});
  }
  Table t(cols);
  t.title = "Forløb pr. ydelsesgruppe";
  Areas areas(ref);
  std::map<std::tuple<int, int, int>, std::map<std::string, double>> rows;
  for (const auto& [k, v] : counts) {
    rows[{std::get<0>(k), std::get<1>(k), std::get<2>(k)}][std::get<3>(k)] += v;
  }
  for (const auto& [k, m] : rows) {
    auto get = [&](const std::string& name) {
      auto it = m.find(name);
      return it == m.end() ? 0.0 : it->second;
    };
    std::vector<Cell> row = {
        FormatPeriod(s.grid.periods[std::get<0>(k)]),
        areas.Label(s.areas.area_ids[std::get<1>(k)]),
        ref.groups()[std::get<2>(k)].id,
        static_cast<std::int64_t>(get("igangvaerende")),
        static_cast<std::int64_t>(get("startede")),
        static_cast<std::int64_t>(get("afsluttede")),
        static_cast<std::int64_t>(get("igangvaerende_over_26_uger")),
        get("afsluttede") > 0 ? Cell(get("varighed_sum") / get("afsluttede")) : Cell()};
    for (int b = 0; b < 9; ++b) row.push_back(static_cast<std::int64_t>(get(DurationColumn(b))));
    t.AddRow(std::move(row));
  }
  t.SortBy({"period", "area", "ydelsesgruppe"});
  t.AddNote(
      "Et forløb er en ubrudt række uger med samme ydelsesgruppe; det deles ikke ved "
      "flytning. Igangværende tælles i periodens sidste uge i den kommune, personen boede i "
      "da; startede i startugens kommune og afsluttede i slutugens. Et forløb, der når "
      "registrets sidste uge, er ikke afsluttet. Varighed regnes fra registrets første uge.");
  if (s.grid.ExceedsStore(st)) t.AddNote(IncompletePeriodNote(st));
  return t;
}

Result<Table> AfgangTable(const SpellStore& st, const ReferenceData& ref, const FtpQuery& q) {
  ASSIGN_OR_RETURN(Scan s, Prepare(st, ref, q));
  static const std::pair<const char*, int> kMeasures[] = {
      {"status_4_uger", 4}, {"status_13_uger", 13}, {"status_26_uger", 26}, {"status_52_uger", 52}};
  Counts counts = ScanAll(s, [&](std::uint64_t i, const std::vector<Forloeb>& list, Counts& c) {
    const std::int32_t bd = st.birth_day(i);
    for (const Forloeb& f : list) {
      if (!s.group_selected[f.group] || f.open) continue;
      const int pe = s.grid.PeriodOf(f.last);
      if (pe < 0 || !InBand(s, bd, f, pe, nullptr)) continue;
      const std::string reason = StatusName(ref, EndReason(st, s.code_group, i, f));
      std::string status[4];
      for (int m = 0; m < 4; ++m) {
        status[m] = StatusName(ref, GroupAtWeek(st, s.code_group, i, f.last + kMeasures[m].second));
      }
      ForAreas(s, f.kommune_last, [&](int a) {
        c[{pe, a, f.group, "afsluttede", ""}] += 1;
        c[{pe, a, f.group, "afgangsaarsag", reason}] += 1;
        for (int m = 0; m < 4; ++m) c[{pe, a, f.group, kMeasures[m].first, status[m]}] += 1;
      });
    }
  });
  Table t({
      {"period", ColumnType::kString, ColumnRole::kDimension, "", "Periode"},
      {"area", ColumnType::kString, ColumnRole::kDimension, "", "Område"},
      {"ydelsesgruppe", ColumnType::kString, ColumnRole::kDimension, "", "Ydelsesgruppe"},
      {"maal", ColumnType::kString, ColumnRole::kDimension, "", "Mål"},
      {"status", ColumnType::kString, ColumnRole::kDimension, "", "Status"},
      {"antal", ColumnType::kInteger, ColumnRole::kValue, "forløb", "Antal"},
      {"andel", ColumnType::kNumber, ColumnRole::kValue, "pct", "Andel", 2},
  });
  t.title = "Afgang fra forløb: afgangsårsag og status efter afslutning";
  Areas areas(ref);
  for (const auto& [k, v] : counts) {
    const auto& [p, a, g, measure, status] = k;
    if (measure == "afsluttede") continue;
    const double ended = counts.at({p, a, g, "afsluttede", ""});
    t.AddRow({FormatPeriod(s.grid.periods[p]), areas.Label(s.areas.area_ids[a]), ref.groups()[g].id,
              measure, status, static_cast<std::int64_t>(v), 100.0 * v / ended});
  }
  t.SortBy({"period", "area", "ydelsesgruppe", "maal", "status"});
  t.AddNote(
      "Afgangsårsag: ydelsesgruppen i den første uge med ydelse inden for 4 uger efter "
      "forløbet (udvandret, folkepension og død er grupper); selvforsoergelse hvis de 4 uger er "
      "tomme. Status k uger efter: gruppen i uge slut+k. ikke_opgjort: ugerne ligger efter "
      "registrets sidste uge.");
  return t;
}

Result<Table> RessourceforloebTable(const SpellStore& st, const ReferenceData& ref,
                                    const FtpQuery& q0) {
  FtpQuery q = q0;
  q.groups = {"ressourceforloeb"};
  ASSIGN_OR_RETURN(Scan s, Prepare(st, ref, q));
  const int rf = ref.GroupIndex("ressourceforloeb");
  if (rf < 0) return FailedPrecondition("reference data has no group ressourceforloeb");
  auto sex_name = [](Sex sx) {
    return sx == Sex::kMan ? "mand" : sx == Sex::kWoman ? "kvinde" : "ukendt";
  };
  Counts counts = ScanAll(s, [&](std::uint64_t i, const std::vector<Forloeb>& list, Counts& c) {
    const std::int32_t bd = st.birth_day(i);
    const std::string sex = sex_name(st.sex(i));
    for (const Forloeb& f : list) {
      if (f.group != rf) continue;
      auto add = [&](int p, std::uint16_t kom, const char* measure, int age,
                     const std::vector<std::pair<std::string, std::string>>& extra) {
        const std::string age_band = age < 0 ? "ukendt" : age < 40 ? "under_40" : "40_og_over";
        ForAreas(s, kom, [&](int a) {
          c[{p, a, rf, measure, "i_alt\t"}] += 1;
          c[{p, a, rf, measure, "alder\t" + age_band}] += 1;
          c[{p, a, rf, measure, "koen\t" + sex}] += 1;
          for (const auto& [dim, cat] : extra) c[{p, a, rf, measure, dim + "\t" + cat}] += 1;
        });
      };
      int age = 0;
      const int ps = s.grid.PeriodOf(f.first);
      if (ps >= 0 && InBand(s, bd, f, ps, &age)) {
        add(ps, f.kommune_first, "startede", age,
            {{"forrige_ydelse", StatusName(ref, f.previous_group)}});
      }
      const int pe = f.open ? -1 : s.grid.PeriodOf(f.last);
      if (pe >= 0 && InBand(s, bd, f, pe, &age)) {
        add(pe, f.kommune_last, "afsluttede", age,
            {{"afgangsaarsag", StatusName(ref, EndReason(st, s.code_group, i, f))},
             {"status_13_uger", StatusName(ref, GroupAtWeek(st, s.code_group, i, f.last + 13))},
             {"status_26_uger", StatusName(ref, GroupAtWeek(st, s.code_group, i, f.last + 26))}});
      }
      const int from = s.grid.PeriodOf(std::max(f.first, s.grid.first_rel));
      const int to = s.grid.PeriodOf(std::min(f.last, s.grid.last_rel));
      if (from < 0 || to < 0) continue;
      for (int p = from; p <= to; ++p) {
        const int w = s.grid.period_last_rel[p];
        if (w < f.first || w > f.last || !InBand(s, bd, f, p, &age)) continue;
        std::uint16_t kom = f.kommune_last;
        for (std::uint64_t sp = f.spell_first; sp <= f.spell_last; ++sp) {
          if (st.spell_start()[sp] <= w && st.spell_last()[sp] >= w) kom = st.spell_kommune()[sp];
        }
        add(p, kom, "igangvaerende", age, {});
      }
    }
  });
  Table t({
      {"period", ColumnType::kString, ColumnRole::kDimension, "", "Periode"},
      {"area", ColumnType::kString, ColumnRole::kDimension, "", "Område"},
      {"maal", ColumnType::kString, ColumnRole::kDimension, "", "Mål"},
      {"dimension", ColumnType::kString, ColumnRole::kDimension, "", "Baggrund"},
      {"kategori", ColumnType::kString, ColumnRole::kDimension, "", "Kategori"},
      {"antal", ColumnType::kInteger, ColumnRole::kValue, "forløb", "Antal"},
  });
  t.title = "Kvartalsstatistik for ressourceforløb";
  Areas areas(ref);
  for (const auto& [k, v] : counts) {
    const auto& [p, a, g, measure, dimcat] = k;
    const auto tab = dimcat.find('\t');
    t.AddRow({FormatPeriod(s.grid.periods[p]), areas.Label(s.areas.area_ids[a]), measure,
              dimcat.substr(0, tab), dimcat.substr(tab + 1), static_cast<std::int64_t>(v)});
  }
  t.SortBy({"period", "area", "maal", "dimension", "kategori"});
  t.AddNote(
      "Alder (under 40 / 40 og over) ved forløbets slutning, hvis det slutter i perioden, "
      "ellers ved periodens slutning. Forrige ydelse: gruppen i den sidste uge med ydelse før "
      "forløbet. Status 13 og 26 uger efter slutningen.");
  return t;
}

}  // namespace fremdrift
