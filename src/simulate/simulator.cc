// Population plan, calibration loop and the streaming writer of `fremdrift simulate`.
#include "simulate/simulator.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <set>

#include "common/file_util.h"
#include "common/log.h"
#include "common/progress.h"
#include "common/thread_pool.h"
#include "simulate/case_events.h"
#include "simulate/level_counter.h"
#include "simulate/life.h"
#include "simulate/rng.h"

namespace fremdrift::sim {

namespace {

constexpr std::size_t kChunk = 1024;
constexpr int kCohortAges = 51;  // 16..66

struct PlanCell {
  int kommune, birth_year;
  PersonKind kind;
  std::uint64_t count = 0, first = 0;
};

class Plan {
 public:
  void Build(const std::vector<int>& kommuners, int first_by, int last_by, bool subset,
             const std::map<int, double>& per_cohort, const ModelParams& p) {
    cells_.clear();
    total_ = 0;
    // In-movers replace the residents who move out to municipalities outside the selection: as
    // many as the expected number of moves in a working life, times the share of moves that leave.
    double selected_pop = 0, all_pop = 0;
    for (int code = 1; code < 1000; ++code) all_pop += p.population_16_66[code];
    for (int k : kommuners) selected_pop += p.population_16_66[k];
    double moves = 0;
    for (int a = 17; a <= 66; ++a) moves += p.move_rate[ParamAgeBand(a)];
    const double in_mover_ratio = moves * (1 - selected_pop / all_pop);
    for (int k : kommuners) {
      const double base = per_cohort.at(k);
      for (int by = first_by; by <= last_by; ++by) {
        Add(k, by, PersonKind::kNative, base * (1 - p.immigrant_share));
        Add(k, by, PersonKind::kImmigrant, base * p.immigrant_share);
        if (subset) Add(k, by, PersonKind::kInMover, base * in_mover_ratio);
      }
    }
  }
  std::uint64_t total() const { return total_; }
  // The seed of the person with global index i.
  PersonSeed Seed(std::uint64_t i, std::uint64_t run_seed) const {
    auto it = std::upper_bound(cells_.begin(), cells_.end(), i,
                               [](std::uint64_t x, const PlanCell& c) { return x < c.first; });
    const PlanCell& c = *(it - 1);
    PersonSeed s;
    s.birth_year = c.birth_year;
    s.kommune = c.kommune;
    s.kind = c.kind;
    s.key = StreamKey(
        run_seed, {static_cast<std::uint64_t>(c.kommune), static_cast<std::uint64_t>(c.birth_year),
                   static_cast<std::uint64_t>(c.kind), i - c.first});
    return s;
  }

 private:
  void Add(int k, int by, PersonKind kind, double expected) {
    // Deterministic rounding of the fractional part by a hash of the cell.
    double whole = std::floor(expected);
    double frac = expected - whole;
    std::uint64_t n =
        static_cast<std::uint64_t>(whole) +
        (HashUniform(StreamKey(7, {static_cast<std::uint64_t>(k), static_cast<std::uint64_t>(by),
                                   static_cast<std::uint64_t>(kind)})) < frac);
    if (n == 0) return;
    cells_.push_back({k, by, kind, n, total_});
    total_ += n;
  }
  std::vector<PlanCell> cells_;
  std::uint64_t total_ = 0;
};

// Which knobs steer a figure: inflow knobs of the states that produce its codes, or a special one.
std::set<int> FigureFamilies(const Figure& f, const ModelParams& p) {
  if (f.kind == FigureKind::kForloebOver26) return {kKnobSygLong};
  if (f.kind == FigureKind::kPartialPct) return {kKnobDelvis};
  if (f.denominator_from_population && f.age_hi < 30) return {kKnobUnge};
  if (f.age_hi < 25) return {kKnobYoung};
  std::set<int> out;
  const DayNumber days[] = {DaysFromCivil(2010, 1, 1), DaysFromCivil(2020, 1, 1)};
  for (int s = 0; s < kNumModelStates; ++s) {
    if (s == static_cast<int>(State::kEmployed)) continue;
    bool hit = false;
    for (int e = 0; e < kNumEfforts && !hit; ++e) {
      for (bool priv : {false, true}) {
        for (DayNumber d : days) {
          for (int age : {20, 40}) {
            int code = CodeFor(p, static_cast<State>(s), static_cast<Effort>(e), priv, d, age);
            hit |= code > 0 && f.codes.test(code);
          }
        }
      }
    }
    if (s == static_cast<int>(State::kSygedagpenge) && f.codes.test(899)) hit = true;
    if (hit) out.insert(s);
  }
  return out;
}

struct Control {
  int profile;                    // index into profiles
  std::vector<std::size_t> figs;  // indexes into all figures
  std::set<int> knobs;
  int segment = -1;  // >= 0: steers this calendar step of its knobs instead of the anchor
};

// Runs `fn(chunk_index, first, last)` over chunks of the plan in parallel.
void ForChunks(ThreadPool& pool, std::uint64_t total,
               const std::function<void(std::size_t, std::uint64_t, std::uint64_t)>& fn) {
  const std::size_t chunks = static_cast<std::size_t>((total + kChunk - 1) / kChunk);
  pool.ParallelFor(chunks, [&](std::size_t c) {
    const std::uint64_t a = c * kChunk, b = std::min<std::uint64_t>(total, a + kChunk);
    fn(c, a, b);
  });
}

// Runs make(chunk, first, last) -> T over the plan's chunks in parallel, a batch of chunks at a
// time, and hands each result to merge() -> Status in chunk order, stopping at the first error.
// Memory stays bounded by one batch of results, whatever the population (one result per chunk
// held at once took 2 GB at national scale), and whatever merge() sums or writes does not depend
// on the number of threads.
template <typename T, typename Make, typename Merge>
Status ForChunksInOrder(ThreadPool& pool, std::uint64_t total, Make make, Merge merge) {
  const std::size_t chunks = static_cast<std::size_t>((total + kChunk - 1) / kChunk);
  const std::size_t batch = std::max<std::size_t>(4, pool.size() * 4);
  for (std::size_t b0 = 0; b0 < chunks; b0 += batch) {
    const std::size_t n = std::min(batch, chunks - b0);
    std::vector<T> outs(n);
    pool.ParallelFor(n, [&](std::size_t j) {
      const std::uint64_t a = (b0 + j) * kChunk, b = std::min<std::uint64_t>(total, a + kChunk);
      outs[j] = make(b0 + j, a, b);
    });
    for (std::size_t j = 0; j < n; ++j) {
      const std::uint64_t done = std::min<std::uint64_t>(total, (b0 + j + 1) * kChunk);
      RETURN_IF_ERROR(merge(outs[j], done));
    }
  }
  return Status::Ok();
}

// The register's monthly employment columns (branche_YYYY_MM, grad_YYYY_MM), as DREAM has them
// from 2008: the months written and, per simulated week, its month (Thursday rule) relative to
// the first; -1 before the first.
struct EmploymentColumns {
  MonthIndex first = 0, last = -1;
  std::vector<int> month_of_week;
  std::vector<int> weeks_in_month;
  EmploymentColumns(WeekRange weeks, MonthIndex from, MonthIndex to, int from_year) {
    first = std::max(from, MakeMonth(from_year, 1));
    last = to;
    if (last < first) return;
    month_of_week.assign(weeks.size(), -1);
    weeks_in_month.assign(last - first + 1, 0);
    for (WeekIndex w = weeks.first; w <= weeks.last; ++w) {
      const int m = MonthOfWeek(w) - first;
      if (m < 0 || m > last - first) continue;
      month_of_week[w - weeks.first] = m;
      ++weeks_in_month[m];
    }
  }
  int months() const { return last - first + 1; }
};

// An industry code (DB07, 6 digits) per person: a few common ones, fixed by the person's number.
std::string_view BrancheOf(std::uint64_t index) {
  static constexpr std::string_view kCodes[] = {"471100", "862100", "889900", "412000",
                                                "561010", "841100", "107100", "494100",
                                                "852010", "620100", "282900", "782000"};
  std::uint64_t h = (index + 1) * 0x9E3779B97F4A7C15ull;
  h ^= h >> 31;
  return kCodes[h % std::size(kCodes)];
}

// Herkomst (origin) in Statistics Denmark's words, fixed by the person's number: immigrants 42 %
// from western and 58 % from non-western countries; of the others 2.0 % descendants of non-western
// and 0.5 % of western immigrants (about the shares in Statistics Denmark's FOLK1C for 2019).
std::string_view HerkomstOf(const PersonLife& life, std::uint64_t index) {
  std::uint64_t h = (index + 7) * 0xD6E8FEB86659FD93ull;
  h ^= h >> 29;
  const int permille = static_cast<int>(h % 1000);
  if (life.kind == PersonKind::kImmigrant) {
    return permille < 420 ? "Indvandrere fra vestlige lande" : "Indvandrere fra ikke-vestlige lande";
  }
  if (permille < 20) return "Efterkommere fra ikke-vestlige lande";
  if (permille < 25) return "Efterkommere fra vestlige lande";
  return "Personer med dansk oprindelse";
}

void AppendRegisterRow(const PersonLife& life, std::uint64_t index, WeekRange weeks, int first_year,
                       int last_year, const EmploymentColumns& employment,
                       std::vector<std::int16_t>& codes, std::vector<int>& employed_weeks,
                       std::string* out, bool* written) {
  codes.assign(weeks.size(), 0);
  bool any = false;
  for (const Segment& s : life.segments) {
    if (s.code == 0 || s.last < weeks.first || s.first > weeks.last) continue;
    for (WeekIndex w = std::max(s.first, weeks.first); w <= std::min(s.last, weeks.last); ++w) {
      codes[w - weeks.first] = s.code;
    }
    any = true;
  }
  *written = any;
  if (!any) return;
  fmt::format_to(std::back_inserter(*out), "S{:09d};{:04d}-{:02d}-{:02d};{};{}", index + 1,
                 life.birth.year, life.birth.month, life.birth.day, life.female ? 'K' : 'M',
                 HerkomstOf(life, index));
  for (int y = first_year; y <= last_year; ++y) {
    int k = life.KommuneInYear(y);
    if (k > 0) {
      char buf[5] = {';', static_cast<char>('0' + k / 100), static_cast<char>('0' + k / 10 % 10),
                     static_cast<char>('0' + k % 10), 0};
      out->append(buf, 4);
    } else {
      out->push_back(';');
    }
  }
  for (std::int16_t c : codes) {
    out->push_back(';');
    if (c > 0) {
      out->push_back(static_cast<char>('0' + c / 100));
      out->push_back(static_cast<char>('0' + c / 10 % 10));
      out->push_back(static_cast<char>('0' + c % 10));
    }
  }
  // Employment: the share of a month's weeks spent employed (after leaving a benefit for a job,
  // and in short jobs between benefit spells) as grad, with the person's industry as branche.
  if (employment.months() > 0) {
    employed_weeks.assign(employment.months(), 0);
    for (const Segment& s : life.segments) {
      if (s.state != State::kEmployed || s.last < weeks.first || s.first > weeks.last) continue;
      for (WeekIndex w = std::max(s.first, weeks.first); w <= std::min(s.last, weeks.last); ++w) {
        const int m = employment.month_of_week[w - weeks.first];
        if (m >= 0) ++employed_weeks[m];
      }
    }
    const std::string_view branche = BrancheOf(index);
    for (int m = 0; m < employment.months(); ++m) {
      out->push_back(';');
      if (employed_weeks[m] > 0) out->append(branche);
    }
    for (int m = 0; m < employment.months(); ++m) {
      out->push_back(';');
      if (employed_weeks[m] > 0) {
        fmt::format_to(std::back_inserter(*out), "{:.2f}",
                       static_cast<double>(employed_weeks[m]) / employment.weeks_in_month[m]);
      }
    }
  }
  out->push_back('\n');
}

std::string RegisterHeader(WeekRange weeks, int first_year, int last_year,
                           const EmploymentColumns& employment) {
  std::string h = "lobenr;foedselsdato;koen;herkomst";
  for (int y = first_year; y <= last_year; ++y) h += fmt::format(";kom_{}", y);
  for (WeekIndex w = weeks.first; w <= weeks.last; ++w) {
    IsoWeek iw = IsoWeekOf(w);
    h += fmt::format(";y_{:02d}{:02d}", iw.year % 100, iw.week);
  }
  for (const char* family : {"branche", "grad"}) {
    for (MonthIndex m = employment.first; m <= employment.last; ++m) {
      h += fmt::format(";{}_{:04d}_{:02d}", family, YearOfMonth(m), MonthOfYear(m));
    }
  }
  h += "\n";
  return h;
}

}  // namespace

Result<Profile> NationalProfile(const ModelParams& params, const ReferenceData& ref, int kommune) {
  double lf_share = 79;
  std::string shares;
  for (const auto& [name, value] : params.national_levels) {
    if (name == "arbejdsstyrke_share") {
      lf_share = value;
    } else {
      shares += fmt::format("{} = {}\n", name, value);
    }
  }
  const double pop = params.population_16_66[kommune > 0 && kommune < 1000 ? kommune : 0];
  std::string text = fmt::format(
      "kommune = {}\nperiod = \"2019-02\"\ntolerance_pct = 3.0\n[estimate]\n"
      "befolkning_16_66 = {:.0f}\narbejdsstyrke_16_66 = {:.0f}\n"
      "[published.share_of_labour_force]\n{}",
      kommune, pop, pop * lf_share / 100, shares);
  return ParseProfile(text, "params.toml [national]", ref);
}

std::string NationalKnobsToml(const ModelParams& params, const KnobTable& knobs, int kommune) {
  std::string out = "[national_knobs]\n";
  const auto& anchors = knobs.anchors(kommune);
  for (int k = 0; k < kNumKnobs; ++k) {
    double v = anchors.empty() ? params.national_knobs[k] : anchors.front().knobs.v[k];
    if (std::abs(v - 1) < 1e-9) continue;
    std::string name = k < kNumModelStates ? std::string(StateName(static_cast<State>(k)))
                       : k == kKnobYoung   ? "young"
                       : k == kKnobSygLong ? "syg_long"
                       : k == kKnobDelvis  ? "delvis"
                                           : "unge";
    out += fmt::format("{} = {:.4f}\n", name, v);
  }
  return out;
}

std::string FormatFigureTable(const std::vector<FigureResult>& figures) {
  std::string out = fmt::format("{:<48} {:>8} {:>12} {:>12} {:>8}  {}\n", "figure", "month",
                                "target", "simulated", "diff%", "steered");
  for (const auto& f : figures) {
    double diff = f.target != 0 ? 100.0 * (f.simulated / f.target - 1) : 0;
    out += fmt::format("{:<48} {:04d}-{:02d} {:>12.2f} {:>12.2f} {:>+8.2f}  {}\n", f.key,
                       YearOfMonth(f.month), MonthOfYear(f.month), f.target, f.simulated, diff,
                       f.calibrated ? "yes" : "no");
  }
  return out;
}

Status Simulator::Run(const SimulateOptions& opt, SimulateSummary* summary) {
  const auto t0 = std::chrono::steady_clock::now();
  if (opt.to < opt.from) return InvalidArgument("--to lies before --from");
  if (opt.scale <= 0 || opt.scale > 10) return InvalidArgument("--scale must be in (0, 10]");
  // Municipalities.
  std::vector<int> kommuner;
  if (opt.all) {
    for (const auto& m : ref_.municipalities()) kommuner.push_back(m.code);
  } else {
    for (int k : opt.kommuner) {
      if (ref_.MunicipalityIndex(k) < 0) {
        return InvalidArgument("--kommuner: {} is not a municipality code in kommuner.csv", k);
      }
      if (params_.population_16_66[k] <= 0) {
        return InvalidArgument("--kommuner: no population size for {} in kommuner_befolkning.csv",
                               k);
      }
      kommuner.push_back(k);
    }
  }
  std::sort(kommuner.begin(), kommuner.end());
  kommuner.erase(std::unique(kommuner.begin(), kommuner.end()), kommuner.end());
  if (kommuner.empty()) return InvalidArgument("give --kommuner or --all");
  const bool subset = !opt.all && kommuner.size() < ref_.municipalities().size();
  // Profiles.
  for (int k = 0; k < kNumKnobs; ++k) knobs_.national().v[k] = params_.national_knobs[k];
  for (const auto& [rar, mult] : params_.rar_knobs) {
    const auto& names = ref_.rar_names();
    const auto it = std::find(names.begin(), names.end(), rar);
    if (it == names.end()) {
      return InvalidArgument("params: rar_knobs.\"{}\" is not a RAR area of kommuner.csv", rar);
    }
    Knobs local = knobs_.national();
    for (int k = 0; k < kNumKnobs; ++k) local.v[k] *= mult[k];
    for (const auto& m : ref_.municipalities()) {
      if (m.rar == it - names.begin()) knobs_.SetLocal(m.code, local);
    }
  }
  std::vector<Profile> profiles;
  std::vector<Result<Profile>> loaded;
  for (const auto& path : opt.profiles) loaded.push_back(LoadProfile(path, ref_));
  for (const auto& p : opt.extra_profiles) loaded.push_back(p);
  for (auto& lp : loaded) {
    if (!lp.ok()) return lp.status();
    Profile p = std::move(lp).value();
    const std::string& path = p.path;
    if (!std::binary_search(kommuner.begin(), kommuner.end(), p.kommune)) {
      return InvalidArgument("{}: kommune {} is not among the simulated municipalities", path,
                             p.kommune);
    }
    for (auto& f : p.figures) {
      if (f.month < opt.from || f.month > opt.to) {
        return InvalidArgument("{}: {} refers to {:04d}-{:02d}, outside --from/--to", path, f.key,
                               YearOfMonth(f.month), MonthOfYear(f.month));
      }
      // Counts scale with the population; shares use the scaled denominator.
      if (f.kind == FigureKind::kFtp || f.kind == FigureKind::kForloebOver26) f.target *= opt.scale;
      f.denominator *= opt.scale;
    }
    // A second profile of the same municipality and month (figures the reference profile lacks)
    // adds its figures to the first: one set of knobs, one population target.
    auto same = std::find_if(profiles.begin(), profiles.end(), [&](const Profile& q) {
      return q.kommune == p.kommune && q.month == p.month;
    });
    if (same == profiles.end()) {
      profiles.push_back(std::move(p));
      continue;
    }
    if (same->befolkning != p.befolkning || same->arbejdsstyrke != p.arbejdsstyrke) {
      return InvalidArgument("{}: [estimate] differs from {} for the same municipality and month",
                             path, same->path);
    }
    for (auto& f : p.figures) same->figures.push_back(std::move(f));
  }
  const WeekRange weeks = WeeksOfMonths(opt.from, opt.to);
  const int first_year = CivilFromDays(ThursdayOf(weeks.first)).year;
  const int last_year = CivilFromDays(ThursdayOf(weeks.last)).year;
  const int first_by = first_year - 66, last_by = last_year - 16;

  ThreadPool pool(opt.threads > 0 ? opt.threads : 0);
  KommuneChooser chooser(params_);
  LifeContext ctx{&params_, &knobs_, &chooser, weeks.last, &kommuner};

  // 1. Population size: scale each municipality's cohorts to its target 16-66 population.
  std::map<int, double> target_pop, ref_year, per_cohort;
  for (int k : kommuner) {
    target_pop[k] = params_.population_16_66[k] * opt.scale;
    ref_year[k] = std::clamp(2019, first_year, last_year);
    per_cohort[k] = target_pop[k] / kCohortAges;
  }
  for (const auto& p : profiles) {
    target_pop[p.kommune] = p.befolkning * opt.scale;
    ref_year[p.kommune] = YearOfMonth(p.month);
    per_cohort[p.kommune] = target_pop[p.kommune] / kCohortAges;
  }
  Plan plan;
  for (int round = 0; round < 2; ++round) {
    plan.Build(kommuner, first_by, last_by, subset, per_cohort, params_);
    PopulationTally total(kommuner, first_year, last_year);
    RETURN_IF_ERROR(ForChunksInOrder<std::unique_ptr<PopulationTally>>(
        pool, plan.total(),
        [&](std::size_t, std::uint64_t a, std::uint64_t b) {
          auto t = std::make_unique<PopulationTally>(kommuner, first_year, last_year);
          PersonLife life;
          for (std::uint64_t i = a; i < b; ++i) {
            SimulateLife(plan.Seed(i, opt.seed), ctx, &life, /*demography_only=*/true);
            t->Add(life, params_);
          }
          return t;
        },
        [&](const std::unique_ptr<PopulationTally>& t, std::uint64_t) {
          total.Merge(*t);
          return Status::Ok();
        }));
    for (int k : kommuner) {
      double have = total.Total(k, static_cast<int>(ref_year[k])).befolkning;
      if (have > 0) per_cohort[k] *= target_pop[k] / have;
    }
  }
  plan.Build(kommuner, first_by, last_by, subset, per_cohort, params_);
  summary->persons = plan.total();

  // 2. Calibration to the profiles.
  std::vector<Figure> figures;
  std::vector<int> figure_profile;
  for (std::size_t pi = 0; pi < profiles.size(); ++pi) {
    for (const auto& f : profiles[pi].figures) {
      figures.push_back(f);
      figure_profile.push_back(static_cast<int>(pi));
    }
    auto& anchors = knobs_.anchors(profiles[pi].kommune);
    const WeekRange pw = WeeksOfMonths(profiles[pi].month, profiles[pi].month);
    anchors.push_back({(pw.first + pw.last) / 2, knobs_.national()});
    std::sort(anchors.begin(), anchors.end(),
              [](const auto& a, const auto& b) { return a.week < b.week; });
  }
  auto anchor_of = [&](int pi) -> Knobs& {
    const WeekRange pw = WeeksOfMonths(profiles[pi].month, profiles[pi].month);
    for (auto& a : knobs_.anchors(profiles[pi].kommune)) {
      if (a.week == (pw.first + pw.last) / 2) return a.knobs;
    }
    return knobs_.national();
  };
  // Controls: each figure claims the knobs of its families not claimed by a smaller figure.
  std::vector<Control> controls;
  std::vector<bool> steered(figures.size(), false);
  {
    std::vector<std::size_t> order(figures.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::vector<std::set<int>> fam(figures.size());
    for (std::size_t i = 0; i < figures.size(); ++i) fam[i] = FigureFamilies(figures[i], params_);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return fam[a].size() < fam[b].size(); });
    std::map<std::pair<int, int>, bool> claimed;  // (profile, knob)
    for (std::size_t i : order) {
      const int pi = figure_profile[i];
      std::set<int> mine;
      for (int k : fam[i]) {
        if (!claimed[{pi, k}]) mine.insert(k);
      }
      // Same figure name in another month of the same profile: share its control.
      bool merged = false;
      for (auto& c : controls) {
        if (c.profile == pi && fam[c.figs.front()] == fam[i]) {
          c.figs.push_back(i);
          steered[i] = true;
          merged = true;
          break;
        }
      }
      if (merged || mine.empty()) continue;
      for (int k : mine) claimed[{pi, k}] = true;
      controls.push_back({pi, {i}, mine});
      steered[i] = true;
    }
  }
  // A control whose figures lie in several months steers calendar steps of its knobs instead of
  // the profile's anchor: one segment per month, ending with the month, so that each month's
  // figure has a knob of its own and the segments are lower-triangular (a month's figure depends
  // on its own segment and earlier ones). Long sygedagpenge forløb are decided by the spell's
  // start, so their segments end 26 weeks before the month's end.
  {
    std::vector<Control> split;
    for (const Control& c : controls) {
      std::map<MonthIndex, std::vector<std::size_t>> by_month;
      for (std::size_t i : c.figs) by_month[figures[i].month].push_back(i);
      if (by_month.size() < 2) {
        split.push_back(c);
        continue;
      }
      const Figure& f0 = figures[c.figs.front()];
      std::vector<WeekIndex> ends;  // last week of each month
      for (const auto& [month, figs] : by_month) ends.push_back(WeeksOfMonths(month, month).last);
      std::vector<WeekIndex> last;
      std::vector<int> segment_of_month;
      if (f0.kind == FigureKind::kForloebOver26 && ends[1] - 52 < ends[0] - 26) {
        // Forløb over 26 weeks at a month's end started 27-52 weeks before it. Consecutive
        // months share most of those starts; each steers the starts only it sees: the first
        // month the oldest (up to 52 weeks before the second month's end, spells that reach the
        // 52-week limit in between), each later month the newest; the shared starts (segment 1)
        // are steered by the first two months together.
        std::vector<std::size_t> both = by_month.begin()->second;
        both.insert(both.end(), std::next(by_month.begin())->second.begin(),
                    std::next(by_month.begin())->second.end());
        split.push_back({c.profile, both, c.knobs, 1});
        last = {ends[1] - 52, ends[0] - 26};
        segment_of_month = {0, 2};
        for (std::size_t i = 2; i < ends.size(); ++i) {
          last.push_back(ends[i - 1] - 26);
          segment_of_month.push_back(static_cast<int>(i) + 1);
        }
      } else {
        const int shift = f0.kind == FigureKind::kForloebOver26 ? 26 : 0;
        for (std::size_t i = 0; i + 1 < ends.size(); ++i) last.push_back(ends[i] - shift);
        for (std::size_t i = 0; i < ends.size(); ++i) {
          segment_of_month.push_back(static_cast<int>(i));
        }
      }
      for (int k : c.knobs) {
        auto& st = knobs_.steps(f0.kommune, k);
        st.last = last;
        st.value.assign(last.size() + 1, 1.0);
      }
      std::size_t m = 0;
      for (auto& [month, figs] : by_month) {
        split.push_back({c.profile, figs, c.knobs, segment_of_month[m++]});
      }
    }
    controls = std::move(split);
  }
  std::set<std::pair<int, int>> relevant_years;
  for (const auto& f : figures) relevant_years.insert({f.kommune, YearOfMonth(f.month)});
  for (const auto& p : profiles) relevant_years.insert({p.kommune, YearOfMonth(p.month)});
  // Only people living in a profiled municipality in a profiled year can count. Where people live
  // comes from their demography stream alone, which the knobs do not change, so they are found
  // once (per chunk) and only they are simulated in every round.
  const std::size_t chunk_count = (plan.total() + kChunk - 1) / kChunk;
  std::vector<std::vector<std::uint64_t>> relevant_persons;
  auto run_counts = [&](LevelCounter* counter, PopulationTally* pop) -> Status {
    const std::size_t chunks = chunk_count;
    if (relevant_persons.empty()) {
      relevant_persons.resize(chunks);
      ForChunks(pool, plan.total(), [&](std::size_t c, std::uint64_t a, std::uint64_t b) {
        PersonLife life;
        for (std::uint64_t i = a; i < b; ++i) {
          SimulateLife(plan.Seed(i, opt.seed), ctx, &life, /*demography_only=*/true);
          bool relevant = false;
          for (const auto& [k, y] : relevant_years) relevant |= life.KommuneInYear(y) == k;
          if (relevant) relevant_persons[c].push_back(i);
        }
      });
    }
    using Counts = std::pair<std::unique_ptr<LevelCounter>, std::unique_ptr<PopulationTally>>;
    return ForChunksInOrder<Counts>(
        pool, plan.total(),
        [&](std::size_t c, std::uint64_t, std::uint64_t) {
          Counts out{std::make_unique<LevelCounter>(ref_, figures),
                     std::make_unique<PopulationTally>(kommuner, first_year, last_year)};
          PersonLife life;
          for (std::uint64_t i : relevant_persons[c]) {
            SimulateLife(plan.Seed(i, opt.seed), ctx, &life);
            out.first->Add(life);
            out.second->Add(life, params_);
          }
          return out;
        },
        [&](const Counts& c, std::uint64_t) {
          counter->Merge(*c.first);
          pop->Merge(*c.second);
          return Status::Ok();
        });
  };
  // Shares of an age group's labour force (the young): the denominator is the simulated labour
  // force of those ages on 1 January, as population.csv has it.
  auto set_age_denominators = [&](const PopulationTally& pop) {
    for (auto& f : figures) {
      if (!f.denominator_from_population) continue;
      f.denominator = 0;
      for (int band = 0; band < PopulationTally::kBands; ++band) {
        const int lo = band == 0 ? 16 : 15 + 5 * band;
        const int hi = band == 0 ? 19 : band == PopulationTally::kBands - 1 ? 66 : lo + 4;
        if (lo >= f.age_lo && hi <= f.age_hi) {
          f.denominator += pop.cell(f.kommune, YearOfMonth(f.month), band).arbejdsstyrke;
        }
      }
    }
  };
  auto results_of = [&](const LevelCounter& lc) {
    std::vector<FigureResult> out;
    for (std::size_t i = 0; i < figures.size(); ++i) {
      const Profile& p = profiles[figure_profile[i]];
      out.push_back({p.path, figures[i].key, figures[i].kommune, figures[i].month,
                     figures[i].target, lc.Value(i), p.tolerance_pct, steered[i]});
    }
    return out;
  };
  if (!profiles.empty()) {
    KnobTable best = knobs_;
    double best_err = 1e300;
    std::vector<FigureResult> best_results;
    for (int iter = 0; iter < opt.max_iterations; ++iter) {
      LevelCounter lc(ref_, figures);
      PopulationTally pop(kommuner, first_year, last_year);
      RETURN_IF_ERROR(run_counts(&lc, &pop));
      set_age_denominators(pop);
      summary->calibration_iterations = iter + 1;
      // Worst relative error, in units of each profile's tolerance.
      double err = 0;
      for (std::size_t i = 0; i < figures.size(); ++i) {
        if (!steered[i]) continue;
        double rel = std::abs(lc.Value(i) / figures[i].target - 1) * 100;
        err = std::max(err, rel / profiles[figure_profile[i]].tolerance_pct);
      }
      for (const auto& p : profiles) {
        double lf = pop.Total(p.kommune, YearOfMonth(p.month)).arbejdsstyrke;
        double rel = std::abs(lf / (p.arbejdsstyrke * opt.scale) - 1) * 100;
        err = std::max(err, rel / p.tolerance_pct);
      }
      if (err < best_err) {
        best_err = err;
        best = knobs_;
        best_results = results_of(lc);
      }
      if (opt.progress) {
        LogInfo("kalibrering {}: største afvigelse {:.2f} × tolerance", iter + 1, err);
      }
      if (err <= 0.35 || iter + 1 == opt.max_iterations) break;
      // Update the knobs.
      for (const auto& c : controls) {
        double log_ratio = 0;
        for (std::size_t i : c.figs) {
          const Figure& f = figures[i];
          const FigureTally& t = lc.tally(i);
          double ratio;
          if (f.kind == FigureKind::kFtp || f.kind == FigureKind::kShareOfLabourForce) {
            const double target_total =
                f.kind == FigureKind::kFtp ? f.target : f.target * f.denominator / 100;
            double own = 0;
            for (int k : c.knobs) own += k < kNumStates ? t.by_state[k] : 0;
            if (c.knobs.count(kKnobYoung) || c.knobs.count(kKnobUnge)) own = t.total;
            const double need = target_total - (t.total - own);
            ratio = own > 0 ? std::max(need, 0.2 * own) / own : 2.0;
          } else {
            const double v = lc.Value(i);
            ratio = v > 0 ? f.target / v : 2.0;
          }
          log_ratio += std::log(std::clamp(ratio, 0.4, 2.5));
        }
        const double ratio = std::exp(log_ratio / c.figs.size());
        // Damped: the controls interact (a state feeds others); more so in later rounds, where
        // the remaining error is mostly sampling noise.
        const double damping = iter < 6 ? 0.75 : 0.5;
        for (int k : c.knobs) {
          double& v = c.segment >= 0 ? knobs_.steps(profiles[c.profile].kommune, k).value[c.segment]
                                     : anchor_of(c.profile).v[k];
          v = std::clamp(v * std::pow(ratio, damping), 0.02, 50.0);
        }
      }
      for (std::size_t pi = 0; pi < profiles.size(); ++pi) {
        const auto& p = profiles[pi];
        const auto cell = pop.Total(p.kommune, YearOfMonth(p.month));
        const double target_lf = p.arbejdsstyrke * opt.scale;
        if (cell.inactive <= 0) continue;
        const double need = cell.inactive + (cell.arbejdsstyrke - target_lf);
        Knobs& kn = anchor_of(static_cast<int>(pi));
        const int ki = static_cast<int>(State::kInactive);
        kn.v[ki] = std::clamp(kn.v[ki] * std::clamp(need / cell.inactive, 0.4, 2.5), 0.02, 50.0);
      }
      // People count where they live now but got there through lives elsewhere: when fitting the
      // national knobs, the knobs apply everywhere.
      if (opt.fit_national && !profiles.empty()) knobs_.national() = anchor_of(0);
    }
    knobs_ = best;
    summary->figures = best_results;
  }
  if (opt.out_dir.empty()) {
    summary->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return Status::Ok();
  }

  // 3. Output.
  std::error_code ec;
  std::filesystem::create_directories(opt.out_dir, ec);
  if (ec) return InvalidArgument("--out {}: {}", opt.out_dir, ec.message());
  const auto t_gen = std::chrono::steady_clock::now();
  AtomicFile reg(opt.out_dir + "/register.csv"), ev(opt.out_dir + "/events.csv");
  RETURN_IF_ERROR(reg.Open());
  const EmploymentColumns employment(weeks, opt.from, opt.to, params_.employment_columns_from);
  const std::string header = RegisterHeader(weeks, first_year, last_year, employment);
  RETURN_IF_ERROR(reg.Write(header.data(), header.size()));
  if (opt.write_events) {
    RETURN_IF_ERROR(ev.Open());
    RETURN_IF_ERROR(ev.Write(kEventsHeader, std::string_view(kEventsHeader).size()));
  }
  PopulationTally population(kommuner, first_year, last_year);
  LevelCounter final_counter(ref_, figures);
  struct ChunkOut {
    std::string reg, ev;
    std::uint64_t rows = 0, events = 0;
    std::unique_ptr<PopulationTally> pop;
    std::unique_ptr<LevelCounter> counter;
  };
  Progress progress("simulerer", plan.total(), "personer", opt.progress);
  RETURN_IF_ERROR(ForChunksInOrder<ChunkOut>(
      pool, plan.total(),
      [&](std::size_t, std::uint64_t a, std::uint64_t b) {
        ChunkOut o;
        o.pop = std::make_unique<PopulationTally>(kommuner, first_year, last_year);
        o.counter = std::make_unique<LevelCounter>(ref_, figures);
        PersonLife life;
        std::vector<std::int16_t> codes;
        std::vector<int> employed_weeks;
        for (std::uint64_t i = a; i < b; ++i) {
          const PersonSeed seed = plan.Seed(i, opt.seed);
          SimulateLife(seed, ctx, &life);
          o.pop->Add(life, params_);
          o.counter->Add(life);
          bool written = false;
          AppendRegisterRow(life, i, weeks, first_year, last_year, employment, codes,
                            employed_weeks, &o.reg, &written);
          if (!written) continue;
          ++o.rows;
          if (opt.write_events) {
            auto events = MakeCaseEvents(life, weeks.first, weeks.last, params_, seed.key);
            o.events += events.size();
            AppendEventRows(events, fmt::format("S{:09d}", i + 1), &o.ev);
          }
        }
        return o;
      },
      [&](const ChunkOut& o, std::uint64_t done) -> Status {
        RETURN_IF_ERROR(reg.Write(o.reg.data(), o.reg.size()));
        if (opt.write_events) RETURN_IF_ERROR(ev.Write(o.ev.data(), o.ev.size()));
        summary->register_rows += o.rows;
        summary->events += o.events;
        population.Merge(*o.pop);
        final_counter.Merge(*o.counter);
        progress.Update(done);
        return Status::Ok();
      }));
  progress.Finish();
  summary->register_bytes = reg.bytes_written();
  RETURN_IF_ERROR(reg.Commit());
  if (opt.write_events) RETURN_IF_ERROR(ev.Commit());
  RETURN_IF_ERROR(WriteStringToFile(opt.out_dir + "/population.csv", population.ToCsv()));
  if (!profiles.empty()) {
    set_age_denominators(population);
    summary->figures = results_of(final_counter);
    std::string cal = "profile;kommune;figure;month;target;simulated;tolerance_pct;steered\n";
    for (const auto& f : summary->figures) {
      cal += fmt::format("{};{:03d};{};{:04d}-{:02d};{:.4f};{:.4f};{};{}\n",
                         std::filesystem::path(f.profile).filename().string(), f.kommune, f.key,
                         YearOfMonth(f.month), MonthOfYear(f.month), f.target, f.simulated,
                         f.tolerance_pct, f.calibrated ? 1 : 0);
    }
    RETURN_IF_ERROR(WriteStringToFile(opt.out_dir + "/calibration.csv", cal));
  }
  const auto t1 = std::chrono::steady_clock::now();
  summary->generate_seconds = std::chrono::duration<double>(t1 - t_gen).count();
  summary->seconds = std::chrono::duration<double>(t1 - t0).count();
  return Status::Ok();
}

}  // namespace fremdrift::sim
