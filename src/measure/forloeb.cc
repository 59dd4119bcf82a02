// Forløb measurements (see forloeb.h).
#include "measure/forloeb.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <numeric>
#include <thread>
#include <tuple>
#include <unordered_map>

#include "common/thread_pool.h"
#include "measure/age_filter.h"
#include "measure/forloeb_scan.h"
#include "measure/period_grid.h"
#include "measure/person_set.h"
#include "table/vocabulary.h"

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
  std::vector<std::uint8_t> group_selected;  // bytes, not vector<bool>: read per spell and forløb
  std::vector<std::uint8_t> code_selected;   // per 3-digit code: its group is selected
  std::vector<int> code_group_selected;  // code_group, -1 for a code of a group not selected
  AgeFilter age;
  PersonSet persons;
};

Result<Scan> Prepare(const SpellStore& st, const ReferenceData& ref, const FtpQuery& q) {
  Scan s{st, ref, q, {}, {}, CodeGroups(ref), {}, {}, {}, {}, {}};
  ASSIGN_OR_RETURN(s.grid, PeriodGrid::Build(st, q.period, q.from, q.to));
  ASSIGN_OR_RETURN(s.areas, AreaSelection::Build(ref, q.levels, q.kommuner));
  s.group_selected.assign(ref.groups().size(), q.groups.empty() ? 1 : 0);
  for (const auto& g : q.groups) {
    int gi = ref.GroupIndex(g);
    if (gi < 0) return InvalidArgument("--group: '{}' is not a benefit group", g);
    s.group_selected[gi] = 1;
  }
  s.code_selected.assign(s.code_group.size(), 0);
  s.code_group_selected = s.code_group;
  for (std::size_t c = 0; c < s.code_group.size(); ++c) {
    s.code_selected[c] = s.code_group[c] >= 0 && s.group_selected[s.code_group[c]];
    if (!s.code_selected[c]) s.code_group_selected[c] = -1;
  }
  s.age = AgeFilter::Build(st, s.grid, q.age.min, q.age.max, q.age.all);
  if (q.subset.visitation != Visitation::kAny) {
    return InvalidArgument("by: visitation breaks down full-time persons and shares only");
  }
  s.persons = PersonSet::For(st, s.areas, q.subset);
  return s;
}

// Whether the person is in the age band for forløb f in period p (the forløb rule).
bool InBand(const Scan& s, std::int32_t birth_day, const Forloeb& f, int p, int* age_out) {
  if (!age_out) return s.age.InBand(birth_day, p, f.last, f.open);
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

// Runs fn(person, forløb list, state) over all persons on all cores, one state per thread made
// by make(), and merges the states with merge(into, from). `selected_only`: the lists hold only
// forløb of the selected groups (for counts that look at nothing else; a forløb's previous group
// is then unknown).
template <typename State, typename Make, typename Fn, typename Merge>
State ParallelPersons(const Scan& s, Make make, Fn fn, Merge merge, bool selected_only = false) {
  const std::uint64_t n = s.persons.size();
  const std::size_t threads = std::max<std::size_t>(
      1, std::min<std::size_t>(s.q.threads ? s.q.threads : ThreadPool::DefaultThreads(),
                               n / 1000 + 1));
  std::vector<State> partial;
  for (std::size_t t = 0; t < threads; ++t) partial.push_back(make());
  {
    std::vector<std::jthread> workers;
    for (std::size_t t = 0; t < threads; ++t) {
      workers.emplace_back([&, t] {
        std::vector<Forloeb> list;
        ForloebScratch scratch;
        const std::uint16_t* code = s.st.spell_code();
        for (std::uint64_t k = n * t / threads; k < n * (t + 1) / threads; ++k) {
          const std::uint64_t i = s.persons[k];
          // Only persons with a week in a selected group have forløb to count.
          std::uint64_t sp = s.st.spell_begin(i);
          const std::uint64_t se = s.st.spell_end(i);
          while (sp < se && !s.code_selected[code[sp]]) ++sp;
          if (sp == se) continue;
          // With only the selected groups' forløb, the spells before the first selected one
          // hold none: the extraction starts there.
          PersonForloeb(s.st, selected_only ? s.code_group_selected : s.code_group, i,
                        s.q.afbrydelse, scratch, list, selected_only ? sp : s.st.spell_begin(i));
          if (!list.empty()) fn(i, list, partial[t]);
        }
      });
    }
  }
  for (std::size_t t = 1; t < threads; ++t) merge(partial[0], partial[t]);
  return std::move(partial[0]);
}

template <typename Fn>
Counts ScanAll(const Scan& s, Fn fn) {
  return ParallelPersons<Counts>(
      s, [] { return Counts(); }, fn,
      [](Counts& into, const Counts& from) {
        for (const auto& [k, v] : from) into[k] += v;
      });
}

// Calls add(period, area position) for each area the municipality code feeds, if in the grid.
template <typename Fn>
void ForAreas(const Scan& s, std::uint16_t kommune, Fn add) {
  for (int a : s.areas.kommune_areas[kommune]) add(a);
}

// The municipality of forløb f at week w (f ongoing at w): that of its latest week with the group
// at or before w, so a week in a gap counts where the person last had the benefit. `sp` is a
// cursor over the person's spells from f.spell_first; weeks asked only grow, so it only advances.
std::uint16_t KommuneAt(const Scan& s, const Forloeb& f, int w, std::uint64_t& sp,
                        std::uint16_t& kom) {
  const SpellStore& st = s.st;
  while (sp <= f.spell_last && st.spell_start()[sp] <= w) {
    if (s.code_group[st.spell_code()[sp]] == f.group) kom = st.spell_kommune()[sp];
    ++sp;
  }
  return kom;
}

// The periods (first, last) whose last week f is ongoing at may lie in; (-1, -1) when none.
std::pair<int, int> OngoingPeriods(const Scan& s, const Forloeb& f) {
  const int from = s.grid.PeriodOf(std::max(f.first, s.grid.first_rel));
  const int to = s.grid.PeriodOf(std::min(f.open ? s.grid.last_rel : f.last, s.grid.last_rel));
  if (from < 0 || to < 0) return {-1, -1};
  return {from, to};
}

std::string DurationColumn(int band) {
  static const char* kCols[] = {
      "varighed_0_4_uger",   "varighed_5_8_uger",   "varighed_9_13_uger",
      "varighed_14_26_uger", "varighed_27_39_uger", "varighed_40_52_uger",
      "varighed_1_2_aar",    "varighed_2_3_aar",    "varighed_over_3_aar"};
  return kCols[band];
}

// The selected groups as dense slots (slot[group] = -1 when not selected) and the output order
// of areas and slots: by the area's label and the group's id, as text.
struct DenseLayout {
  std::vector<int> slot, slot_group;
  std::vector<std::size_t> area_order, group_order;
};
DenseLayout MakeDenseLayout(const Scan& s, const ReferenceData& ref, const Areas& areas) {
  DenseLayout d;
  d.slot.assign(ref.groups().size(), -1);
  for (std::size_t g = 0; g < ref.groups().size(); ++g) {
    if (s.group_selected[g]) {
      d.slot[g] = static_cast<int>(d.slot_group.size());
      d.slot_group.push_back(static_cast<int>(g));
    }
  }
  d.area_order.resize(s.areas.area_ids.size());
  d.group_order.resize(d.slot_group.size());
  std::iota(d.area_order.begin(), d.area_order.end(), 0);
  std::iota(d.group_order.begin(), d.group_order.end(), 0);
  std::sort(d.area_order.begin(), d.area_order.end(), [&](std::size_t x, std::size_t y) {
    return areas.Label(s.areas.area_ids[x]) < areas.Label(s.areas.area_ids[y]);
  });
  std::sort(d.group_order.begin(), d.group_order.end(), [&](std::size_t x, std::size_t y) {
    return ref.groups()[d.slot_group[x]].id < ref.groups()[d.slot_group[y]].id;
  });
  return d;
}

}  // namespace

Result<Table> ForloebTable(const SpellStore& st, const ReferenceData& ref, const FtpQuery& q) {
  ASSIGN_OR_RETURN(Scan s, Prepare(st, ref, q));
  // Dense counts: [period][area][group][metric].
  enum Metric {
    kOngoing,
    kStarted,
    kEnded,
    kOver26,
    kDurationSum,
    kWeeksWithSum,
    kBand0,
    kMetrics = kBand0 + 9
  };
  // Only the selected groups get cells.
  const Areas areas(ref);
  const DenseLayout layout = MakeDenseLayout(s, ref, areas);
  const std::vector<int>& slot = layout.slot;
  const std::vector<int>& slot_group = layout.slot_group;
  const std::size_t areas_n = s.areas.area_ids.size(), groups_n = slot_group.size();
  const std::size_t cells = s.grid.periods.size() * areas_n * groups_n * kMetrics;
  auto at = [&](std::size_t p, std::size_t a, std::size_t g, int m) {
    return ((p * areas_n + a) * groups_n + g) * kMetrics + m;
  };
  // The scan counts per municipality (dense slots of the codes with a selected area); the areas'
  // cells are their municipalities' sums, added after the scan: each forløb counts in one
  // municipality, so a quarter of the additions per forløb.
  std::vector<int> kslot(s.areas.kommune_areas.size(), -1);
  std::vector<std::size_t> kcode;
  for (std::size_t k = 0; k < s.areas.kommune_areas.size(); ++k) {
    if (s.areas.kommune_areas[k].empty()) continue;
    kslot[k] = static_cast<int>(kcode.size());
    kcode.push_back(k);
  }
  // The scan's counts are laid out municipality, group, metric, period: a forløb's consecutive
  // periods are neighbouring cells (the period-major layout of the output made each ongoing
  // month a cache miss). Counts and week sums fit 32 bits: a cell holds one municipality's month.
  const std::size_t kn = kcode.size(), periods_n = s.grid.periods.size();
  const std::size_t kcells = periods_n * kn * groups_n * kMetrics;
  auto kat = [&](std::size_t p, int ks, std::size_t g, int m) {
    return ((static_cast<std::size_t>(ks) * groups_n + g) * kMetrics + m) * periods_n + p;
  };
  auto in_kommune = [&](std::uint16_t kommune, auto add) {
    if (const int ks = kslot[kommune]; ks >= 0) add(ks);
  };
  using KCounts = std::vector<std::uint32_t>;
  KCounts kcounts = ParallelPersons<KCounts>(
      s, [&] { return KCounts(kcells, 0); },
      [&](std::uint64_t i, const std::vector<Forloeb>& list, KCounts& c) {
        const std::int32_t bd = st.birth_day(i);
        for (const Forloeb& f : list) {
          if (!s.group_selected[f.group]) continue;
          // Started and ended in their periods.
          const int ps = s.grid.PeriodOf(f.first);
          if (ps >= 0 && InBand(s, bd, f, ps, nullptr)) {
            in_kommune(f.kommune_first,
                       [&](int k) { c[kat(ps, k, slot[f.group], kStarted)] += 1; });
          }
          const int pe = f.open ? -1 : s.grid.PeriodOf(f.last);
          if (pe >= 0 && InBand(s, bd, f, pe, nullptr)) {
            in_kommune(f.kommune_last, [&](int k) {
              c[kat(pe, k, slot[f.group], kEnded)] += 1;
              c[kat(pe, k, slot[f.group], kDurationSum)] += f.duration();
              c[kat(pe, k, slot[f.group], kWeeksWithSum)] += f.weeks_with;
            });
          }
          // Ongoing at each period's last week; the duration so far runs to that week.
          const auto [from, to] = OngoingPeriods(s, f);
          if (from < 0) continue;
          std::uint64_t sp = f.spell_first;
          std::uint16_t kom = f.kommune_first;
          for (int p = from; p <= to; ++p) {
            const int w = s.grid.period_last_rel[p];
            if (!f.OngoingAt(w) || !InBand(s, bd, f, p, nullptr)) continue;
            const int dur = w - f.first + 1;
            in_kommune(KommuneAt(s, f, w, sp, kom), [&](int k) {
              c[kat(p, k, slot[f.group], kOngoing)] += 1;
              c[kat(p, k, slot[f.group], kBand0 + DurationBand(dur))] += 1;
              if (dur > 26) c[kat(p, k, slot[f.group], kOver26)] += 1;
            });
          }
        }
      },
      [](KCounts& into, const KCounts& from) {
        for (std::size_t k = 0; k < into.size(); ++k) into[k] += from[k];
      },
      /*selected_only=*/true);
  std::vector<double> counts(cells, 0.0);
  for (std::size_t p = 0; p < periods_n; ++p) {
    for (std::size_t k = 0; k < kn; ++k) {
      for (std::size_t g = 0; g < groups_n; ++g) {
        const int ks = static_cast<int>(k);
        if (kcounts[kat(p, ks, g, kOngoing)] == 0 && kcounts[kat(p, ks, g, kStarted)] == 0 &&
            kcounts[kat(p, ks, g, kEnded)] == 0) {
          continue;
        }
        for (int a : s.areas.kommune_areas[kcode[k]]) {
          double* to = &counts[at(p, static_cast<std::size_t>(a), g, 0)];
          for (int x = 0; x < kMetrics; ++x) to[x] += kcounts[kat(p, ks, g, x)];
        }
      }
    }
  }

  std::vector<Column> cols = {
      {col::kPeriode, ColumnType::kString, ColumnRole::kDimension, "", "Periode"},
      {col::kOmraade, ColumnType::kString, ColumnRole::kDimension, "", "Område"},
      {col::kYdelsesgruppe, ColumnType::kString, ColumnRole::kDimension, "", "Ydelsesgruppe"},
      {"igangvaerende", ColumnType::kInteger, ColumnRole::kValue, "forløb",
       "Igangværende ved periodens slutning"},
      {"startede", ColumnType::kInteger, ColumnRole::kValue, "forløb", "Startede"},
      {"afsluttede", ColumnType::kInteger, ColumnRole::kValue, "forløb", "Afsluttede"},
      {"igangvaerende_over_26_uger", ColumnType::kInteger, ColumnRole::kValue, "forløb",
       "Igangværende over 26 uger"},
      {"gennemsnitlig_varighed_afsluttede", ColumnType::kNumber, ColumnRole::kValue, "uger",
       "Gns. varighed af afsluttede (uger)", 2},
      {"gennemsnitlige_uger_med_ydelse_afsluttede", ColumnType::kNumber, ColumnRole::kValue, "uger",
       "Gns. uger med ydelse i afsluttede", 2},
  };
  for (int b = 0; b < 9; ++b) {
    cols.push_back({DurationColumn(b), ColumnType::kInteger, ColumnRole::kValue, "forløb",
                    "Igangværende " + DurationBandNames()[b]});
  }
  Table t(cols);
  t.title = "Forløb pr. ydelsesgruppe";
  // Rows come out sorted by period, area and group as text (periods are in order already).
  const std::vector<std::size_t>& area_order = layout.area_order;
  const std::vector<std::size_t>& group_order = layout.group_order;
  for (std::size_t p = 0; p < s.grid.periods.size(); ++p) {
    for (std::size_t a : area_order) {
      for (std::size_t g : group_order) {
        const double* m = &counts[at(p, a, g, 0)];
        if (m[kOngoing] == 0 && m[kStarted] == 0 && m[kEnded] == 0) continue;
        std::vector<Cell> row = {FormatPeriod(s.grid.periods[p]),
                                 areas.Label(s.areas.area_ids[a]),
                                 ref.groups()[slot_group[g]].id,
                                 static_cast<std::int64_t>(m[kOngoing]),
                                 static_cast<std::int64_t>(m[kStarted]),
                                 static_cast<std::int64_t>(m[kEnded]),
                                 static_cast<std::int64_t>(m[kOver26]),
                                 m[kEnded] > 0 ? Cell(m[kDurationSum] / m[kEnded]) : Cell(),
                                 m[kEnded] > 0 ? Cell(m[kWeeksWithSum] / m[kEnded]) : Cell()};
        for (int b = 0; b < 9; ++b) row.push_back(static_cast<std::int64_t>(m[kBand0 + b]));
        t.AddRow(std::move(row));
      }
    }
  }
  t.AddNote(
      "Et forløb er uger med samme ydelsesgruppe uden en afbrydelse, der afslutter det; det "
      "deles ikke ved flytning. Varighed regnes fra første til sidste uge med ydelsen, korte "
      "pauser medregnet; uger med ydelse tæller kun ugerne med ydelsen. Igangværende tælles i "
      "periodens sidste uge i den kommune, personen sidst havde ydelsen i; startede i "
      "startugens kommune og afsluttede i slutugens. Et forløb, der begyndte før registrets "
      "første uge, regnes fra den uge.");
  t.AddNote(ForloebRuleNote(q.afbrydelse));
  if (s.grid.ExceedsStore(st)) t.AddNote(IncompletePeriodNote(st), NoteKind::kPreliminary);
  if (auto note = PreliminaryNote(st, s.grid.periods)) t.AddNote(std::move(*note));
  return t;
}

Result<Table> AfgangTable(const SpellStore& st, const ReferenceData& ref, const FtpQuery& q) {
  ASSIGN_OR_RETURN(Scan s, Prepare(st, ref, q));
  static const std::pair<const char*, int> kMeasures[] = {
      {"afsluttede", 0},      {"afgangsaarsag", 0},   {"status_4_uger", 4},
      {"status_13_uger", 13}, {"status_26_uger", 26}, {"status_52_uger", 52}};
  // Counts keyed by (period, area, group, measure, status - kLowestStatus) packed into one integer
  // (status is a group index, kBeskaeftigelse, kSelvforsoergelse or kNotYetKnown).
  using PackedCounts = std::unordered_map<std::uint64_t, double>;
  auto pack = [](std::uint64_t p, std::uint64_t a, std::uint64_t g, std::uint64_t m, int status) {
    return ((((p << 10 | a) << 8 | g) << 3 | m) << 8) |
           static_cast<std::uint64_t>(status - kLowestStatus);
  };
  PackedCounts counts = ParallelPersons<PackedCounts>(
      s, [] { return PackedCounts(); },
      [&](std::uint64_t i, const std::vector<Forloeb>& list, PackedCounts& c) {
        const std::int32_t bd = st.birth_day(i);
        for (const Forloeb& f : list) {
          if (!s.group_selected[f.group] || f.open) continue;
          const int pe = s.grid.PeriodOf(f.last);
          if (pe < 0 || !InBand(s, bd, f, pe, nullptr)) continue;
          int status[6] = {0, EndReason(st, s.code_group, i, f)};
          for (int m = 2; m < 6; ++m) {
            status[m] = StatusAtWeek(st, s.code_group, i, f.last + kMeasures[m].second);
          }
          ForAreas(s, f.kommune_last, [&](int a) {
            for (int m = 0; m < 6; ++m) c[pack(pe, a, f.group, m, status[m])] += 1;
          });
        }
      },
      [](PackedCounts& into, const PackedCounts& from) {
        for (const auto& [k, v] : from) into[k] += v;
      });
  Table t({
      {col::kPeriode, ColumnType::kString, ColumnRole::kDimension, "", "Periode"},
      {col::kOmraade, ColumnType::kString, ColumnRole::kDimension, "", "Område"},
      {col::kYdelsesgruppe, ColumnType::kString, ColumnRole::kDimension, "", "Ydelsesgruppe"},
      {"maal", ColumnType::kString, ColumnRole::kDimension, "", "Mål"},
      {"status", ColumnType::kString, ColumnRole::kDimension, "", "Status"},
      {"antal", ColumnType::kInteger, ColumnRole::kValue, "forløb", "Antal"},
      {"andel", ColumnType::kNumber, ColumnRole::kValue, "pct", "Andel", 2},
  });
  t.title = "Afgang fra forløb: afgangsårsag og status efter afslutning";
  Areas areas(ref);
  // Rows sorted by period, then area, group, measure and status as text: rank each part once and
  // sort the packed keys by ranks.
  auto text_ranks = [](std::size_t n, auto name) {
    std::vector<std::uint64_t> order(n), rank(n);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](auto x, auto y) { return name(x) < name(y); });
    for (std::size_t r = 0; r < n; ++r) rank[order[r]] = r;
    return rank;
  };
  const auto area_rank = text_ranks(
      s.areas.area_ids.size(), [&](std::size_t a) { return areas.Label(s.areas.area_ids[a]); });
  const auto group_rank =
      text_ranks(ref.groups().size(), [&](std::size_t g) { return ref.groups()[g].id; });
  const auto measure_rank =
      text_ranks(6, [&](std::size_t m) { return std::string(kMeasures[m].first); });
  const auto status_rank = text_ranks(ref.groups().size() - kLowestStatus, [&](std::size_t x) {
    return StatusName(ref, static_cast<int>(x) + kLowestStatus);
  });
  std::vector<std::pair<std::uint64_t, std::uint64_t>> keys;  // (sort key, packed key)
  keys.reserve(counts.size());
  for (const auto& [k, v] : counts) {
    const std::uint64_t st_ = k & 0xff, m = k >> 8 & 7, g = k >> 11 & 0xff, a = k >> 19 & 0x3ff,
                        p = k >> 29;
    if (m == 0) continue;
    keys.emplace_back(pack(p, area_rank[a], group_rank[g], measure_rank[m],
                           static_cast<int>(status_rank[st_]) + kLowestStatus),
                      k);
  }
  std::sort(keys.begin(), keys.end());
  t.mutable_rows().reserve(keys.size());
  for (const auto& [order, k] : keys) {
    const double v = counts.at(k);
    const int status = static_cast<int>(k & 0xff) + kLowestStatus;
    const std::uint64_t m = k >> 8 & 7, g = k >> 11 & 0xff, a = k >> 19 & 0x3ff, p = k >> 29;
    const double ended = counts.at(pack(p, a, g, 0, 0));
    t.AddRow({FormatPeriod(s.grid.periods[p]), areas.Label(s.areas.area_ids[a]), ref.groups()[g].id,
              std::string(kMeasures[m].first), StatusName(ref, status),
              static_cast<std::int64_t>(v), 100.0 * v / ended});
  }
  t.AddNote(
      "Afgangsårsag: ydelsesgruppen i den første uge med ydelse inden for 4 uger efter "
      "forløbet (udvandret, folkepension og død er grupper); er de 4 uger tomme, "
      "beskaeftigelse hvis måneden for den første af dem er en måned med beskæftigelse, ellers "
      "selvforsoergelse. Status k uger efter: gruppen i uge slut+k, for en tom uge "
      "beskaeftigelse eller selvforsoergelse på samme måde. ikke_opgjort: ugerne ligger efter "
      "registrets sidste uge.");
  t.AddNote(ForloebRuleNote(q.afbrydelse));
  t.AddNote(EmploymentNote(st));
  if (auto note = PreliminaryNote(st, s.grid.periods)) t.AddNote(std::move(*note));
  return t;
}

Result<Table> BeskaeftigelseTable(const SpellStore& st, const ReferenceData& ref,
                                  const FtpQuery& q) {
  ASSIGN_OR_RETURN(Scan s, Prepare(st, ref, q));
  static const std::pair<const char*, int> kAfter[] = {{"efter_1_maaned", 4},
                                                       {"efter_3_maaneder", 13},
                                                       {"efter_6_maaneder", 26},
                                                       {"efter_12_maaneder", 52}};
  constexpr int kK = 4;
  // Dense counts: [period][area][group slot] → ended, then per k: known, employed.
  const Areas areas(ref);
  const DenseLayout layout = MakeDenseLayout(s, ref, areas);
  const std::vector<int>& slot = layout.slot;
  const std::vector<int>& slot_group = layout.slot_group;
  constexpr int kCell = 1 + 2 * kK;
  const std::size_t areas_n = s.areas.area_ids.size(), groups_n = slot_group.size();
  const std::size_t cells = s.grid.periods.size() * areas_n * groups_n * kCell;
  auto at = [&](std::size_t p, std::size_t a, std::size_t g) {
    return ((p * areas_n + a) * groups_n + g) * kCell;
  };
  const EmploymentCoverage& cover = st.employment();
  const int span = st.last_week() - st.first_week();
  std::vector<double> counts = ParallelPersons<std::vector<double>>(
      s, [&] { return std::vector<double>(cells, 0.0); },
      [&](std::uint64_t i, const std::vector<Forloeb>& list, std::vector<double>& c) {
        const std::int32_t bd = st.birth_day(i);
        for (const Forloeb& f : list) {
          if (!s.group_selected[f.group] || f.open) continue;
          const int pe = s.grid.PeriodOf(f.last);
          if (pe < 0 || !InBand(s, bd, f, pe, nullptr)) continue;
          bool known[kK], employed[kK];
          for (int k = 0; k < kK; ++k) {
            const int w = f.last + kAfter[k].second;
            known[k] = w <= span && cover.Covers(MonthOfWeek(st.first_week() + w));
            employed[k] = known[k] && StatusAtWeek(st, s.code_group, i, w) == kBeskaeftigelse;
          }
          ForAreas(s, f.kommune_last, [&](int a) {
            double* m = &c[at(pe, a, slot[f.group])];
            m[0] += 1;
            for (int k = 0; k < kK; ++k) {
              m[1 + 2 * k] += known[k];
              m[2 + 2 * k] += employed[k];
            }
          });
        }
      },
      [](std::vector<double>& into, const std::vector<double>& from) {
        for (std::size_t k = 0; k < into.size(); ++k) into[k] += from[k];
      });
  Table t({
      {col::kPeriode, ColumnType::kString, ColumnRole::kDimension, "", "Periode"},
      {col::kOmraade, ColumnType::kString, ColumnRole::kDimension, "", "Område"},
      {col::kYdelsesgruppe, ColumnType::kString, ColumnRole::kDimension, "", "Ydelsesgruppe"},
      {"maal", ColumnType::kString, ColumnRole::kDimension, "", "Tid efter afslutning"},
      {"afsluttede", ColumnType::kInteger, ColumnRole::kValue, "forløb", "Afsluttede forløb"},
      {col::kNaevner, ColumnType::kInteger, ColumnRole::kValue, "forløb", "Opgjorte forløb"},
      {"antal", ColumnType::kInteger, ColumnRole::kValue, "forløb", "I beskæftigelse"},
      {col::kAndel, ColumnType::kNumber, ColumnRole::kValue, "pct", "Andel i beskæftigelse", 2},
  });
  t.title = "Fra ydelse til beskæftigelse";
  const std::vector<std::size_t>& area_order = layout.area_order;
  const std::vector<std::size_t>& group_order = layout.group_order;
  for (std::size_t p = 0; p < s.grid.periods.size(); ++p) {
    for (std::size_t a : area_order) {
      for (std::size_t g : group_order) {
        const double* m = &counts[at(p, a, g)];
        if (m[0] == 0) continue;
        for (int k = 0; k < kK; ++k) {
          const double known = m[1 + 2 * k], employed = m[2 + 2 * k];
          auto count = [&](double v) {
            return cover.present() ? Cell(static_cast<std::int64_t>(v)) : Cell();
          };
          t.AddRow({FormatPeriod(s.grid.periods[p]), areas.Label(s.areas.area_ids[a]),
                    ref.groups()[slot_group[g]].id, std::string(kAfter[k].first),
                    static_cast<std::int64_t>(m[0]), count(known), count(employed),
                    known > 0 ? Cell(100.0 * employed / known) : Cell()});
        }
      }
    }
  }
  t.AddNote(
      "Fra ydelse til beskæftigelse: af forløbene, der sluttede i perioden, dem der 1, 3, 6 og "
      "12 måneder efter (uge 4, 13, 26 og 52 efter forløbets sidste uge, som jobindsats' 30, 92, "
      "182 og 365 dage) er i beskæftigelse: ugen har ingen ydelse, og måneden er en måned med "
      "beskæftigelse. En ydelse i ugen går forud for beskæftigelse (STARs statusrækkefølge). "
      "Nævneren er de forløb, hvor ugen ligger i registeret og i en måned, som "
      "beskæftigelseskolonnerne dækker; ellers er andelen tom.");
  t.AddNote(EmploymentNote(st));
  t.AddNote(ForloebRuleNote(q.afbrydelse));
  if (auto note = PreliminaryNote(st, s.grid.periods)) t.AddNote(std::move(*note));
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
             {"status_13_uger", StatusName(ref, StatusAtWeek(st, s.code_group, i, f.last + 13))},
             {"status_26_uger", StatusName(ref, StatusAtWeek(st, s.code_group, i, f.last + 26))}});
      }
      const auto [from, to] = OngoingPeriods(s, f);
      if (from < 0) continue;
      std::uint64_t sp = f.spell_first;
      std::uint16_t kom = f.kommune_first;
      for (int p = from; p <= to; ++p) {
        const int w = s.grid.period_last_rel[p];
        if (!f.OngoingAt(w) || !InBand(s, bd, f, p, &age)) continue;
        add(p, KommuneAt(s, f, w, sp, kom), "igangvaerende", age, {});
      }
    }
  });
  Table t({
      {col::kPeriode, ColumnType::kString, ColumnRole::kDimension, "", "Periode"},
      {col::kOmraade, ColumnType::kString, ColumnRole::kDimension, "", "Område"},
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
  t.SortBy({col::kPeriode, col::kOmraade, "maal", "dimension", "kategori"});
  t.AddNote(
      "Alder (under 40 / 40 og over) ved forløbets slutning, hvis det slutter i perioden, "
      "ellers ved periodens slutning. Forrige ydelse: gruppen i den sidste uge med ydelse før "
      "forløbet. Status 13 og 26 uger efter slutningen.");
  t.AddNote(ForloebRuleNote(q.afbrydelse));
  t.AddNote(EmploymentNote(st));
  if (auto note = PreliminaryNote(st, s.grid.periods)) t.AddNote(std::move(*note));
  return t;
}

}  // namespace fremdrift
