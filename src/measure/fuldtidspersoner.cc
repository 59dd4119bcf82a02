// Full-time persons (see fuldtidspersoner.h).
#include "measure/fuldtidspersoner.h"

#include <algorithm>
#include <charconv>
#include <numeric>
#include <thread>

#include "common/thread_pool.h"
#include "measure/age_filter.h"
#include "measure/period_grid.h"
#include "measure/person_set.h"
#include "table/vocabulary.h"

namespace fremdrift {

std::string AgeBand::Label() const {
  return all ? std::string("alle") : fmt::format("{}-{}", min, max);
}

Result<AgeBand> ParseAgeBand(std::string_view t) {
  AgeBand b;
  if (t == "all" || t == "alle") {
    b.all = true;
    return b;
  }
  auto dash = t.find('-');
  auto num = [](std::string_view s, int& v) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return !s.empty() && ec == std::errc() && p == s.data() + s.size();
  };
  if (dash == std::string_view::npos || !num(t.substr(0, dash), b.min) ||
      !num(t.substr(dash + 1), b.max) || b.min < 0 || b.max > 130 || b.min > b.max) {
    return InvalidArgument("age band '{}' is not MIN-MAX (e.g. 16-66) or 'all'", t);
  }
  return b;
}

std::vector<Series> AllSeries(const ReferenceData& ref) {
  std::vector<Series> all;
  for (size_t g = 0; g < ref.groups().size(); ++g) {
    Series s{ref.groups()[g].id, ref.groups()[g].name, std::vector<bool>(1000, false)};
    for (const auto& c : ref.codes()) s.codes[c.code] = c.group == static_cast<int>(g);
    all.push_back(std::move(s));
  }
  Series off{std::string(kOffentligForsoergelse), "Offentlig forsørgelse",
             std::vector<bool>(1000, false)};
  Series brutto{std::string(kBruttoledig), "Bruttoledige", std::vector<bool>(1000, false)};
  Series kui{std::string(kKontantUddannelseIntegration),
             "Kontanthjælp, uddannelseshjælp og integrationsydelse",
             std::vector<bool>(1000, false)};
  for (const auto& c : ref.codes()) {
    const std::string& g = ref.groups()[c.group].id;
    off.codes[c.code] = ref.groups()[c.group].offentlig_forsoergelse;
    brutto.codes[c.code] = c.bruttoledig;
    kui.codes[c.code] =
        g == "kontanthjaelp" || g == "uddannelseshjaelp" || g == "integrationsydelse";
  }
  all.push_back(std::move(off));
  all.push_back(std::move(brutto));
  all.push_back(std::move(kui));
  return all;
}

Result<std::vector<Series>> SelectSeries(const ReferenceData& ref,
                                         const std::vector<std::string>& ids) {
  std::vector<Series> all = AllSeries(ref);
  std::vector<Series> out;
  if (ids.empty()) {
    for (auto& s : all) {
      if (ref.GroupIndex(s.id) >= 0 || s.id == kOffentligForsoergelse) out.push_back(s);
    }
    return out;
  }
  for (const auto& id : ids) {
    auto it = std::find_if(all.begin(), all.end(), [&](const Series& s) { return s.id == id; });
    if (it == all.end()) return InvalidArgument("--group: '{}' is not a benefit group", id);
    out.push_back(*it);
  }
  return out;
}

int StatusPriority(std::string_view g) {
  // STAR's order (docs/measurements.md "Status priority"). The benefits introduced after 2016 take
  // the place of the one they replaced or resemble: midlertidig arbejdsmarkedsydelse is STAR's
  // "arbejdsmarkedsydelse", selvforsørgelses- og hjemrejseydelse replaced integrationsydelse, and
  // seniorpension (granted on førtidspension's terms) ranks with førtidspension and tidlig pension
  // (an early retirement) with efterløn; neither is in STAR's list.
  static const std::pair<std::string_view, int> kRanks[] = {
      {"a_dagpenge", 0},
      {"midlertidig_arbejdsmarkedsydelse", 1},
      {"kontantydelse", 2},
      {"kontanthjaelp", 3},
      {"integrationsydelse", 4},
      {"selvforsoergelses_hjemrejseydelse", 4},
      {"uddannelseshjaelp", 5},
      {"revalidering", 6},
      {"forrevalidering", 6},
      {"ressourceforloeb", 7},
      {"jobafklaring", 8},
      {"sygedagpenge", 9},
      {"fleksjob", 10},
      {"ledighedsydelse", 11},
      {"foertidspension", 12},
      {"seniorpension", 12},
      {"efterloen", 13},
      {"tidlig_pension", 13},
      {"overgangsydelse", 13},
      {"su", 14}};
  for (const auto& [id, rank] : kRanks) {
    if (id == g) return rank;
  }
  return 15;
}

std::string IncompletePeriodNote(const SpellStore& st) {
  return fmt::format("Registeret dækker {} til {}; perioder uden for det er ufuldstændige.",
                     FormatIsoWeek(st.first_week()), FormatIsoWeek(st.last_week()));
}

Visitation VisitationOfMatch(std::string_view match) {
  if (match == "jobparat") return Visitation::kJobparat;
  if (match == "aktivitetsparat") return Visitation::kAktivitetsparat;
  return Visitation::kUden;
}

int FtpCube::SeriesIndex(std::string_view id) const {
  for (size_t i = 0; i < series.size(); ++i) {
    if (series[i] == id) return static_cast<int>(i);
  }
  return -1;
}

namespace {

struct Plan {
  PeriodGrid grid;
  AreaSelection areas;
  std::vector<int> code_group;                // per 3-digit code: its benefit group
  std::size_t group_total = 0;                // benefit groups in the reference data
  std::vector<std::vector<int>> code_series;  // per 3-digit code: the series it counts in
  std::vector<int> series_rank;  // status priority of a group series; -1 for the totals
  AgeFilter age;
  PersonSet persons;
};

void ScanPersons(const SpellStore& st, const Plan& plan, const FtpQuery& q, const FtpCube& shape,
                 std::uint64_t begin, std::uint64_t end, std::vector<double>& sums,
                 std::vector<std::int64_t>& persons) {
  std::vector<std::size_t> keys;
  std::vector<int> forloeb_end;
  // Per group: the next spell of it in the backward pass below, or -1.
  std::vector<std::int64_t> next_of_group(plan.group_total, -1);
  // Without --overlap-free a person counts once per cell: `seen[cell]` holds the last person
  // (plus one) counted there, so no per-person sort is needed.
  std::vector<std::uint32_t> seen(q.overlap_free ? 0 : sums.size(), 0);
  for (std::uint64_t k = begin; k < end; ++k) {
    const std::uint64_t i = plan.persons[k];
    const std::uint64_t sb = st.spell_begin(i), se = st.spell_end(i);
    if (sb == se) continue;
    const std::int32_t bd = st.birth_day(i);
    if (!q.age.all && bd == kUnknownBirth) continue;
    const auto stamp = static_cast<std::uint32_t>(i + 1);
    const std::uint16_t* start = st.spell_start();
    const std::uint16_t* last = st.spell_last();
    const std::uint16_t* code = st.spell_code();
    const std::uint16_t* kom = st.spell_kommune();
    // Last week of each spell's forløb: a spell continues into the next spell of its group when
    // the gap between them is shorter than the break rule's `afbrydelse` weeks.
    forloeb_end.resize(se - sb);
    const PeriodGrid& grid = plan.grid;
    for (std::uint64_t s = sb; s < se; ++s) next_of_group[plan.code_group[code[s]]] = -1;
    for (std::uint64_t s = se; s-- > sb;) {
      const std::uint64_t k = s - sb;
      const int g = plan.code_group[code[s]];
      const std::int64_t n = next_of_group[g];
      forloeb_end[k] =
          n >= 0 && start[n] - last[s] - 1 < q.afbrydelse ? forloeb_end[n - sb] : last[s];
      next_of_group[g] = static_cast<std::int64_t>(s);
    }
    keys.clear();
    for (std::uint64_t s = sb; s < se; ++s) {
      if (last[s] < grid.first_rel || start[s] > grid.last_rel) continue;
      const auto& series = plan.code_series[code[s]];
      if (series.empty()) continue;
      const auto& areas = plan.areas.kommune_areas[kom[s]];
      if (areas.empty()) continue;
      const int fe = forloeb_end[s - sb];
      // Not ended: fewer than `afbrydelse` weeks of data follow its last week.
      const bool fe_open = grid.span - fe < q.afbrydelse;
      int w = std::max<int>(start[s], grid.first_rel);
      const int w_end = std::min<int>(last[s], grid.last_rel);
      while (w <= w_end) {
        const int p = grid.PeriodOf(w);
        const int p_last = grid.period_last_rel[p];
        const int upto = std::min(w_end, p_last);
        const int n = upto - w + 1;
        if (plan.age.InBand(bd, p, fe, fe_open)) {
          for (int a : areas) {
            for (int g : series) {
              const std::size_t idx = shape.Index(p, a, g);
              sums[idx] += n;
              if (q.overlap_free) {
                keys.push_back(idx);
              } else if (seen[idx] != stamp) {
                seen[idx] = stamp;
                persons[idx]++;
              }
            }
          }
        }
        w = upto + 1;
      }
    }
    if (keys.empty()) continue;
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    // Per (period, area) block of cells: the group with the best rank, and every total.
    const std::size_t g_count = shape.group_count;
    for (std::size_t b = 0; b < keys.size();) {
      std::size_t e = b;
      while (e < keys.size() && keys[e] / g_count == keys[b] / g_count) ++e;
      std::size_t best = keys.size();
      for (std::size_t k = b; k < e; ++k) {
        const int rank = plan.series_rank[keys[k] % g_count];
        if (rank < 0) {
          persons[keys[k]]++;
        } else if (best == keys.size() || rank < plan.series_rank[keys[best] % g_count]) {
          best = k;
        }
      }
      if (best != keys.size()) persons[keys[best]]++;
      b = e;
    }
  }
}

}  // namespace

// Every cell of the query's cube by one scan over the persons who can feed its areas.
Result<FtpCube> ScanFtpCube(const SpellStore& st, const ReferenceData& ref, const FtpQuery& q);

namespace {

// The key of a whole-store cube in the store's memo: the reference data and the age band.
std::string StoreCubeKey(const ReferenceData& ref, const AgeBand& age, int afbrydelse) {
  return fmt::format("ftp_cube/{}/{}/{}", static_cast<const void*>(&ref),
                     age.all ? "alle" : age.Label(), afbrydelse);
}

std::shared_ptr<const FtpCube> StoreCube(const SpellStore& st, const ReferenceData& ref,
                                         const AgeBand& age, int afbrydelse, std::size_t threads) {
  auto v = st.Memo(StoreCubeKey(ref, age, afbrydelse), [&]() -> std::shared_ptr<const void> {
    FtpQuery full;
    full.from = MonthOfWeek(st.first_week());
    full.to = MonthOfWeek(st.last_week());
    full.levels = {AreaLevel::kKommune, AreaLevel::kRar, AreaLevel::kRegion, AreaLevel::kLand};
    full.age = age;
    full.afbrydelse = afbrydelse;
    full.threads = threads;
    for (const auto& series : AllSeries(ref)) full.groups.push_back(series.id);
    auto cube = ScanFtpCube(st, ref, full);
    if (!cube.ok()) return nullptr;
    return std::make_shared<const FtpCube>(std::move(*cube));
  });
  return std::static_pointer_cast<const FtpCube>(v);
}

// The query's cube cut out of the whole-store cube: the same cells a scan would give, since
// months, areas and series are independent cells of the monthly cube (months outside the store
// have no weeks in it and stay zero).
Result<FtpCube> SliceFtpCube(const SpellStore& st, const ReferenceData& ref, const FtpQuery& q,
                             const FtpCube& full) {
  ASSIGN_OR_RETURN(PeriodGrid grid, PeriodGrid::Build(st, q.period, q.from, q.to));
  ASSIGN_OR_RETURN(AreaSelection areas, AreaSelection::Build(ref, q.levels, q.kommuner));
  ASSIGN_OR_RETURN(std::vector<Series> series, SelectSeries(ref, q.groups));
  FtpCube cube;
  cube.periods = grid.periods;
  cube.weeks = grid.weeks;
  cube.area_ids = areas.area_ids;
  cube.group_count = static_cast<int>(series.size());
  for (const auto& s : series) cube.series.push_back(s.id);
  const std::size_t cells = cube.periods.size() * cube.area_ids.size() * cube.group_count;
  cube.person_weeks.assign(cells, 0.0);
  cube.persons.assign(cells, 0);
  std::vector<int> area_pos, series_pos;
  for (int id : cube.area_ids) {
    auto it = std::find(full.area_ids.begin(), full.area_ids.end(), id);
    area_pos.push_back(it == full.area_ids.end() ? -1
                                                 : static_cast<int>(it - full.area_ids.begin()));
  }
  for (const auto& id : cube.series) series_pos.push_back(full.SeriesIndex(id));
  const MonthIndex full_first = full.periods.empty() ? 0 : FirstMonth(full.periods.front());
  for (std::size_t p = 0; p < cube.periods.size(); ++p) {
    const std::int64_t fp = FirstMonth(cube.periods[p]) - full_first;
    if (fp < 0 || fp >= static_cast<std::int64_t>(full.periods.size())) continue;
    for (std::size_t a = 0; a < cube.area_ids.size(); ++a) {
      if (area_pos[a] < 0) continue;
      for (int g = 0; g < cube.group_count; ++g) {
        if (series_pos[g] < 0) continue;
        const std::size_t from = full.Index(fp, area_pos[a], series_pos[g]);
        cube.person_weeks[cube.Index(p, a, g)] = full.person_weeks[from];
        cube.persons[cube.Index(p, a, g)] = full.persons[from];
      }
    }
  }
  return cube;
}

}  // namespace

Result<FtpCube> ComputeFtpCube(const SpellStore& st, const ReferenceData& ref, const FtpQuery& q) {
  // A process that enabled the store's memo (the server) answers monthly questions from the
  // whole-store cube of the age band, made on first use. Only at the default forløb break rule:
  // another rule is a scan (cheap for the few municipalities a request names), so requests cannot
  // fill the memo with a cube per rule.
  // A part of a breakdown scans too (the memo holds whole age bands of everyone).
  if (st.memo_enabled() && q.period == PeriodKind::kMonth && !q.overlap_free &&
      q.afbrydelse == kDefaultAfbrydelse && !q.subset.any()) {
    if (auto full = StoreCube(st, ref, q.age, q.afbrydelse, q.threads)) {
      return SliceFtpCube(st, ref, q, *full);
    }
  }
  return ScanFtpCube(st, ref, q);
}

void PrepareStoreCubes(const SpellStore& st, const ReferenceData& ref,
                       const std::vector<AgeBand>& ages) {
  for (const AgeBand& age : ages) StoreCube(st, ref, age, kDefaultAfbrydelse, 0);
}

Result<FtpCube> ScanFtpCube(const SpellStore& st, const ReferenceData& ref, const FtpQuery& q) {
  FtpCube cube;
  Plan plan;
  ASSIGN_OR_RETURN(plan.grid, PeriodGrid::Build(st, q.period, q.from, q.to));
  ASSIGN_OR_RETURN(plan.areas, AreaSelection::Build(ref, q.levels, q.kommuner));
  cube.periods = plan.grid.periods;
  cube.weeks = plan.grid.weeks;
  cube.area_ids = plan.areas.area_ids;
  plan.age = AgeFilter::Build(st, plan.grid, q.age.min, q.age.max, q.age.all);
  plan.persons = PersonSet::For(st, plan.areas, q.subset);

  // Series.
  ASSIGN_OR_RETURN(std::vector<Series> series, SelectSeries(ref, q.groups));
  cube.group_count = static_cast<int>(series.size());
  plan.code_group.assign(1000, 0);
  plan.group_total = std::max<std::size_t>(1, ref.groups().size());
  plan.code_series.assign(1000, {});
  for (const auto& c : ref.codes()) {
    plan.code_group[c.code] = c.group;
    // A part of the visitation breakdown counts the weeks of its category's codes only (the
    // forløb, and so the age rule, still join the group's weeks of every category).
    if (q.subset.visitation != Visitation::kAny && VisitationOfMatch(c.match) != q.subset.visitation) {
      continue;
    }
    for (size_t i = 0; i < series.size(); ++i) {
      if (series[i].codes[c.code]) plan.code_series[c.code].push_back(static_cast<int>(i));
    }
  }
  for (const auto& s : series) {
    cube.series.push_back(s.id);
    plan.series_rank.push_back(ref.GroupIndex(s.id) >= 0 ? StatusPriority(s.id) : -1);
  }

  const std::size_t cells = cube.periods.size() * cube.area_ids.size() * cube.group_count;
  cube.person_weeks.assign(cells, 0.0);
  cube.persons.assign(cells, 0);
  if (plan.grid.empty() || cells == 0) return cube;

  // Scan: one partial cube per worker, merged at the end.
  const std::uint64_t n = plan.persons.size();
  const std::size_t threads = std::max<std::size_t>(
      1, std::min<std::size_t>(q.threads ? q.threads : ThreadPool::DefaultThreads(), n / 1000 + 1));
  if (threads == 1) {
    ScanPersons(st, plan, q, cube, 0, n, cube.person_weeks, cube.persons);
    return cube;
  }
  std::vector<std::vector<double>> sums(threads, std::vector<double>(cells, 0.0));
  std::vector<std::vector<std::int64_t>> counts(threads, std::vector<std::int64_t>(cells, 0));
  {
    std::vector<std::jthread> workers;
    for (std::size_t t = 0; t < threads; ++t) {
      workers.emplace_back([&, t] {
        ScanPersons(st, plan, q, cube, n * t / threads, n * (t + 1) / threads, sums[t], counts[t]);
      });
    }
  }
  for (std::size_t t = 0; t < threads; ++t) {
    for (std::size_t c = 0; c < cells; ++c) {
      cube.person_weeks[c] += sums[t][c];
      cube.persons[c] += counts[t][c];
    }
  }
  return cube;
}

Result<Table> Fuldtidspersoner(const SpellStore& st, const ReferenceData& ref, const FtpQuery& q) {
  ASSIGN_OR_RETURN(FtpCube cube, ComputeFtpCube(st, ref, q));
  Areas areas(ref);
  Table t({
      {col::kPeriode, ColumnType::kString, ColumnRole::kDimension, "", "Periode"},
      {col::kOmraade, ColumnType::kString, ColumnRole::kDimension, "", "Område"},
      {col::kYdelsesgruppe, ColumnType::kString, ColumnRole::kDimension, "", "Ydelsesgruppe"},
      {"fuldtidspersoner", ColumnType::kNumber, ColumnRole::kValue, "fuldtidspersoner",
       "Fuldtidspersoner", 6},
      {"personer", ColumnType::kInteger, ColumnRole::kValue, "personer", "Personer"},
  });
  t.title = "Fuldtidspersoner pr. ydelsesgruppe";
  // Rows come out sorted by period, area and group as text (periods are already in order), so
  // the table needs no sort.
  std::vector<std::size_t> area_order(cube.area_ids.size()), series_order(cube.group_count);
  std::iota(area_order.begin(), area_order.end(), 0);
  std::iota(series_order.begin(), series_order.end(), 0);
  std::sort(area_order.begin(), area_order.end(), [&](std::size_t x, std::size_t y) {
    return areas.Label(cube.area_ids[x]) < areas.Label(cube.area_ids[y]);
  });
  std::sort(series_order.begin(), series_order.end(),
            [&](std::size_t x, std::size_t y) { return cube.series[x] < cube.series[y]; });
  t.mutable_rows().reserve(cube.persons.size() / 4);
  for (size_t p = 0; p < cube.periods.size(); ++p) {
    const std::string period = FormatPeriod(cube.periods[p]);
    for (std::size_t a : area_order) {
      const std::string& area = areas.Label(cube.area_ids[a]);
      for (std::size_t g : series_order) {
        std::size_t idx = cube.Index(p, a, g);
        if (cube.persons[idx] == 0 && cube.person_weeks[idx] == 0) continue;
        t.AddRow({period, area, cube.series[g], cube.Fuldtidspersoner(p, a, g), cube.persons[idx]});
      }
    }
  }
  if (q.overlap_free) {
    t.AddNote(
        "Overlapsfri opgørelse: hver person tælles i én ydelsesgruppe pr. periode og område, "
        "den første efter STARs statusprioritering.");
  }
  t.AddNote(fmt::format(
      "Aldersgruppe {} år; en uge hører til den periode, der rummer dens torsdag.", q.age.Label()));
  // The age is taken at the end of the forløb: the break rule decides where that is.
  if (!q.age.all) t.AddNote(ForloebRuleNote(q.afbrydelse));
  if (!cube.periods.empty()) {
    WeekRange all = WeeksOfMonths(FirstMonth(cube.periods.front()), LastMonth(cube.periods.back()));
    if (all.first < st.first_week() || all.last > st.last_week()) {
      t.AddNote(IncompletePeriodNote(st), NoteKind::kPreliminary);
    }
  }
  if (auto note = PreliminaryNote(st, cube.periods)) t.AddNote(std::move(*note));
  return t;
}

}  // namespace fremdrift
