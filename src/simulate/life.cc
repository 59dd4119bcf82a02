// The life of one synthetic person: demography first (own stream), then the semi-Markov walk.
#include "simulate/life.h"

#include <algorithm>
#include <cmath>

#include "simulate/rng.h"

namespace fremdrift::sim {

namespace {

constexpr int S(State s) { return static_cast<int>(s); }

// States whose weeks count as offentlig forsørgelse (not education/SU, barsel or self-support).
constexpr bool IsOffentligForsoergelse(State s) {
  return S(s) >= S(State::kDagpenge) && S(s) <= S(State::kEfterloen);
}
constexpr int kForever = 1 << 28;

bool IsKhState(State s) { return s == State::kKhJobparat || s == State::kKhAktivitetsparat; }

int Pick5(int passive, int guidance, int placement_priv, int placement_off, int wage_priv,
          int wage_off, Effort e, bool priv) {
  switch (e) {
    case Effort::kPassive:
      return passive;
    case Effort::kGuidance:
      return guidance;
    case Effort::kPlacement:
      return priv ? placement_priv : placement_off;
    case Effort::kWageSubsidy:
      return priv ? wage_priv : wage_off;
  }
  return passive;
}

class LifeBuilder {
 public:
  LifeBuilder(const PersonSeed& seed, const LifeContext& ctx, PersonLife* life)
      : seed_(seed), ctx_(ctx), p_(*ctx.params), life_(life) {}

  void Demography();
  void States();

 private:
  int AgeAtWeek(WeekIndex w) const { return life_->AgeOnDay(MondayOf(w)); }
  int SampleDuration(State s, int age, State prev, double u_comp, double u_dur, int kommune,
                     WeekIndex w) const;
  State ChooseNext(State s, int age, WeekIndex w, double u) const;
  void EmitSpell(WeekIndex first, WeekIndex last, State s, std::uint64_t effort_seed, int kommune);
  // Replaces weeks [first, last] of the spell whose segments begin at `from_segment` by a short
  // return to work (an interruption segment); the spell goes on after it.
  void Interrupt(std::size_t from_segment, WeekIndex first, WeekIndex last);
  void Emit(WeekIndex first, WeekIndex last, State s, Effort e, bool priv, bool spell_start);
  void EmitCoded(WeekIndex first, WeekIndex last, State s, Effort e, int code, bool spell_start);

  const PersonSeed& seed_;
  const LifeContext& ctx_;
  const ModelParams& p_;
  PersonLife* life_;
  WeekIndex pension_week_ = kForever, efterloen_week_ = kForever, end_week_ = 0;
  bool efterloen_eligible_ = false;
};

void LifeBuilder::Demography() {
  Rng rng(StreamKey(seed_.key, {1}));
  PersonLife& L = *life_;
  const int days_in_year = IsLeapYear(seed_.birth_year) ? 366 : 365;
  L.birth_day = DaysFromCivil(seed_.birth_year, 1, 1) + rng.Int(0, days_in_year - 1);
  L.birth = CivilFromDays(L.birth_day);
  L.female = rng.Bernoulli(p_.female_share);
  L.kind = seed_.kind;
  // Death: Gompertz by inversion of the survival function.
  double u = rng.Uniform();
  double death_age = std::log1p(-p_.mortality_b * std::log1p(-u) / p_.mortality_a) / p_.mortality_b;
  DayNumber death_day = L.birth_day + static_cast<DayNumber>(death_age * 365.2425);
  int entry_age = 16;
  if (seed_.kind == PersonKind::kImmigrant) {
    entry_age = rng.Int(p_.immigrant_min_age, p_.immigrant_max_age);
  }
  DayNumber entry_day = AddMonths(L.birth, entry_age * 12) + (entry_age > 16 ? rng.Int(0, 364) : 0);
  L.entry_week = WeekOfDay(entry_day);
  if (death_day <= entry_day)
    death_day = entry_day + 7 * 52 * 50;  // dies before entry: redraw-free
  L.death_week = WeekOfDay(death_day);
  pension_week_ = WeekOfDay(AddMonths(L.birth, FolkepensionAgeMonths(L.birth)));
  efterloen_week_ = WeekOfDay(AddMonths(L.birth, EfterloenAgeMonths(L.birth)));
  efterloen_eligible_ = rng.Bernoulli(L.birth.year < 1954 ? p_.efterloen_share_before_1954
                                                          : p_.efterloen_share_later);
  const double u_moves = rng.Uniform();  // keeps later draws aligned
  (void)u_moves;

  // Residence by calendar year from the entry year to the last simulated year.
  end_week_ = std::min(ctx_.last_week, L.death_week - 1);
  const int first_year = CivilFromDays(MondayOf(L.entry_week)).year;
  const int last_year = CivilFromDays(ThursdayOf(ctx_.last_week)).year;
  L.first_year = first_year;
  L.residence.assign(std::max(0, last_year - first_year + 1), 0);
  int kommune = seed_.kommune;
  int move_in_year = -1;
  if (seed_.kind == PersonKind::kInMover) {
    // Starts outside the selected municipalities and moves in at a uniformly drawn year.
    for (int tries = 0; tries < 50; ++tries) {
      int k = ctx_.chooser->Choose(rng.Uniform(), seed_.kommune);
      bool inside = ctx_.selected && std::find(ctx_.selected->begin(), ctx_.selected->end(), k) !=
                                         ctx_.selected->end();
      if (!inside) {
        kommune = k;
        break;
      }
    }
    // The age of moving in follows the age profile of moving (so that moves in balance moves
    // out at every age).
    double total = 0;
    for (int a = 17; a <= 66; ++a) total += p_.move_rate[ParamAgeBand(a)];
    double target = rng.Uniform() * total, acc = 0;
    int age = 66;
    for (int a = 17; a <= 66; ++a) {
      acc += p_.move_rate[ParamAgeBand(a)];
      if (target < acc) {
        age = a;
        break;
      }
    }
    move_in_year = seed_.birth_year + age;
  }
  WeekIndex abroad_until = -1;
  for (int y = first_year; y <= last_year; ++y) {
    const int age = y - seed_.birth_year;
    const int band = ParamAgeBand(std::max(16, age));
    const double u_move = rng.Uniform(), u_dest = rng.Uniform(), u_emig = rng.Uniform();
    const double u_stay = rng.Uniform(), u_ret = rng.Uniform();
    if (y > first_year) {
      if (y == move_in_year) {
        kommune = seed_.kommune;
      } else if (u_move < p_.move_rate[band]) {
        kommune = ctx_.chooser->Choose(u_dest, kommune);
      }
    }
    const WeekIndex year_week = WeekOfDay(DaysFromCivil(y, 1, 1));
    if (y > first_year && year_week >= abroad_until && u_emig < p_.emigration_rate[band] &&
        age < 67) {
      int years = 1 + static_cast<int>(-p_.abroad_mean_years * std::log1p(-u_stay));
      WeekIndex back =
          u_ret < p_.abroad_return_share ? WeekOfDay(DaysFromCivil(y + years, 1, 1)) : kForever;
      L.abroad.emplace_back(year_week, back == kForever ? kForever : back - 1);
      abroad_until = back;
    }
    L.residence[y - first_year] = static_cast<std::int16_t>(kommune);
  }
}

int LifeBuilder::SampleDuration(State s, int age, State prev, double u_comp, double u_dur,
                                int kommune, WeekIndex w) const {
  const StateParams& sp = p_.states[S(s)];
  if (sp.absorbing) return kForever;
  if (s == State::kRessourceforloeb) {
    double acc = 0, total = 0;
    for (double x : p_.ressourceforloeb_years) total += x;
    for (int y = 0; y < 5; ++y) {
      acc += p_.ressourceforloeb_years[y] / total;
      if (u_comp < acc || y == 4) return 52 * (y + 1);
    }
  }
  // Mixture component; long sygedagpenge components are scaled by the syg_long knob.
  double syg_long = s == State::kSygedagpenge ? ctx_.knobs->Value(kommune, w, kKnobSygLong) : 1;
  double total = 0;
  for (std::size_t i = 0; i < sp.weights.size(); ++i) {
    total += sp.weights[i] * (sp.means[i] > 26 ? syg_long : 1);
  }
  double target = u_comp * total, acc = 0;
  std::size_t comp = sp.weights.size() - 1;
  for (std::size_t i = 0; i < sp.weights.size(); ++i) {
    acc += sp.weights[i] * (sp.means[i] > 26 ? syg_long : 1);
    if (target < acc) {
      comp = i;
      break;
    }
  }
  double mean = sp.means[comp] * sp.duration_age[ParamAgeBand(age)];
  if (S(prev) < kNumModelStates && sp.duration_prev[S(prev)] > 0) mean *= sp.duration_prev[S(prev)];
  int d = static_cast<int>(std::ceil(-mean * std::log1p(-u_dur)));
  d = std::max(d, sp.min_weeks);
  if (sp.max_weeks > 0) d = std::min(d, sp.max_weeks);
  return d;
}

State LifeBuilder::ChooseNext(State s, int age, WeekIndex w, double u) const {
  const StateParams& sp = p_.states[S(s)];
  const DayNumber day = MondayOf(w);
  const int kommune = life_->KommuneOfWeek(w);
  const int band = ParamAgeBand(age);
  std::array<double, kNumModelStates> weight{};
  double total = 0;
  for (int t = 0; t < kNumModelStates; ++t) {
    double x = sp.next[t];
    if (x <= 0 || t == S(State::kEfterloen)) continue;
    const StateParams& tp = p_.states[t];
    if (age < tp.entry_min_age || age > tp.entry_max_age) continue;
    x *= sp.next_age[t][band];
    if (life_->female && sp.next_female[t] > 0) x *= sp.next_female[t];
    x *= ctx_.knobs->Value(kommune, w, t);
    if (age < 25 && (t == S(State::kDagpenge) || t == S(State::kKhJobparat) ||
                     t == S(State::kKhAktivitetsparat))) {
      x *= ctx_.knobs->Value(kommune, w, kKnobYoung);
    }
    if (age < 30 && IsOffentligForsoergelse(static_cast<State>(t))) {
      x *= ctx_.knobs->Value(kommune, w, kKnobUnge);
    }
    int target = t;
    if (t == S(State::kFoertidspension) && age < 40 && day >= p_.foertidspension_reform) {
      x *= p_.foertidspension_under40_factor_after;
    }
    if (day < tp.available_from && tp.fallback >= 0) target = tp.fallback;
    weight[target] += x;
    total += x;
  }
  if (total <= 0) return State::kEmployed;
  double target = u * total, acc = 0;
  int last = 0;
  for (int t = 0; t < kNumModelStates; ++t) {
    if (weight[t] <= 0) continue;
    acc += weight[t];
    last = t;
    if (target < acc) return static_cast<State>(t);
  }
  return static_cast<State>(last);
}

void LifeBuilder::EmitCoded(WeekIndex first, WeekIndex last, State s, Effort e, int code,
                            bool spell_start) {
  auto& segs = life_->segments;
  if (!segs.empty() && !spell_start && segs.back().code == code && segs.back().state == s &&
      segs.back().effort == e && segs.back().last + 1 == first) {
    segs.back().last = last;
    return;
  }
  segs.push_back(Segment{first, last, static_cast<std::int16_t>(code), s, e, spell_start});
}

void LifeBuilder::Emit(WeekIndex first, WeekIndex last, State s, Effort e, bool priv,
                       bool spell_start) {
  if (first > last) return;
  // Split where the code regime changes inside the piece (uddannelseshjælp at 30 / from 2014,
  // integrationsydelse codes, SU from 18).
  WeekIndex splits[3];
  int n = 0;
  if (IsKhState(s)) {
    splits[n++] = WeekOfDay(p_.uddannelseshjaelp_from);
    splits[n++] = WeekOfDay(AddMonths(life_->birth, 30 * 12));
  } else if (s == State::kIntegration) {
    splits[n++] = WeekOfDay(p_.integrationsydelse_from);
  } else if (s == State::kEducation) {
    splits[n++] = WeekOfDay(AddMonths(life_->birth, 18 * 12));
  }
  std::sort(splits, splits + n);
  WeekIndex pos = first;
  bool start = spell_start;
  for (int i = 0; i <= n && pos <= last; ++i) {
    WeekIndex end = i < n ? std::min(last, splits[i] - 1) : last;
    if (end < pos) continue;
    int code = CodeFor(p_, s, e, priv, MondayOf(pos), AgeAtWeek(pos));
    EmitCoded(pos, end, s, e, code, start);
    start = false;
    pos = end + 1;
  }
}

void LifeBuilder::EmitSpell(WeekIndex first, WeekIndex last, State s, std::uint64_t effort_seed,
                            int kommune) {
  const StateParams& sp = p_.states[S(s)];
  const std::size_t first_segment = life_->segments.size();
  Rng rng(effort_seed);
  WeekIndex partial_from = kForever;
  if (s == State::kSygedagpenge && last - first + 1 >= 4) {
    double u = rng.Uniform(), f = 0.3 + 0.4 * rng.Uniform();
    const WeekIndex from = first + static_cast<int>(std::ceil((last - first + 1) * f));
    // The knob of the week the partial phase would begin (calendar steps follow the months).
    double share = p_.delvis_rask_share * ctx_.knobs->Value(kommune, from, kKnobDelvis);
    if (u < share) partial_from = from;
  }
  const WeekIndex effort_last = std::min(last, partial_from - 1);
  bool start = true;
  if (sp.effort.share > 0 && rng.Uniform() < sp.effort.share) {
    WeekIndex pos = first;
    auto passive = [&](double mean) {
      int len = static_cast<int>(std::lround(rng.Exponential(mean)));
      WeekIndex end = std::min(effort_last, pos + len - 1);
      if (end >= pos) {
        Emit(pos, end, s, Effort::kPassive, false, start);
        start = false;
        pos = end + 1;
      }
    };
    passive(sp.effort.first_after_weeks);
    const auto& kw = sp.effort.kind_weights;
    const double kw_total = kw[0] + kw[1] + kw[2];
    while (pos <= effort_last && kw_total > 0) {
      double u = rng.Uniform() * kw_total;
      int kind = u < kw[0] ? 0 : u < kw[0] + kw[1] ? 1 : 2;
      bool priv = rng.Uniform() < sp.effort.private_share;
      int len =
          std::max(1, static_cast<int>(std::lround(rng.Exponential(sp.effort.mean_weeks[kind]))));
      WeekIndex end = std::min(effort_last, pos + len - 1);
      Emit(pos, end, s, static_cast<Effort>(kind + 1), priv, start);
      start = false;
      pos = end + 1;
      passive(sp.effort.gap_weeks);
    }
  } else {
    Emit(first, effort_last, s, Effort::kPassive, false, true);
    start = false;
  }
  if (partial_from <= last) {
    EmitCoded(partial_from, last, s, Effort::kPassive, 899, start);
  }
  // A short return to work inside the spell, drawn from its own stream so that the spell's other
  // draws stay as they were.
  if (sp.interruption_share > 0 && last - first + 1 >= 10) {
    Rng irng(effort_seed ^ 0x5bd1e9955bd1e995ull);
    if (irng.Uniform() < sp.interruption_share) {
      const int len = 1 + static_cast<int>(irng.Uniform() * sp.interruption_max_weeks);
      // At least 3 weeks of the benefit before and 2 after.
      const WeekIndex lo = first + 3, hi = last - 1 - len;
      if (hi >= lo) {
        const WeekIndex at = lo + static_cast<WeekIndex>(irng.Uniform() * (hi - lo + 1));
        Interrupt(first_segment, at, at + len - 1);
      }
    }
  }
}

void LifeBuilder::Interrupt(std::size_t from_segment, WeekIndex first, WeekIndex last) {
  auto& segs = life_->segments;
  std::vector<Segment> out(segs.begin() + static_cast<std::ptrdiff_t>(from_segment), segs.end());
  segs.resize(from_segment);
  for (const Segment& seg : out) {
    if (seg.last < first || seg.first > last) {
      segs.push_back(seg);
      if (seg.first > last && segs.size() >= 2 && segs[segs.size() - 2].interruption) {
        segs.back().spell_start = false;
      }
      continue;
    }
    if (seg.first < first) {
      Segment before = seg;
      before.last = first - 1;
      segs.push_back(before);
    }
    if (segs.empty() || !segs.back().interruption) {
      Segment work;
      work.first = first;
      work.last = last;
      work.code = 0;
      work.state = State::kEmployed;
      work.effort = Effort::kPassive;
      work.interruption = true;
      segs.push_back(work);
    }
    if (seg.last > last) {
      Segment after = seg;
      after.first = last + 1;
      after.spell_start = false;
      segs.push_back(after);
    }
  }
}

void LifeBuilder::States() {
  PersonLife& L = *life_;
  Rng rng(StreamKey(seed_.key, {2}));
  auto pick_initial = [&](double u, bool arrival) {
    if (arrival && seed_.kind == PersonKind::kImmigrant && u < p_.immigrant_integration_share) {
      return State::kIntegration;
    }
    double total = 0;
    for (double x : p_.initial) total += x;
    double acc = 0, target = (arrival ? rng.Uniform() : u) * total;
    for (int t = 0; t < kNumModelStates; ++t) {
      acc += p_.initial[t];
      if (target < acc) return static_cast<State>(t);
    }
    return State::kEmployed;
  };
  State s = pick_initial(rng.Uniform(), true);
  State prev = State::kInactive;
  State forced = State::kDead;  // none
  std::size_t abroad_i = 0;
  WeekIndex t = L.entry_week;
  while (t <= end_week_) {
    if (t >= pension_week_) {
      EmitCoded(t, end_week_, State::kFolkepension, Effort::kPassive, 998, true);
      t = end_week_ + 1;
      break;
    }
    // People on førtidspension or efterløn stay (their stays abroad are not simulated).
    const bool absorbed = p_.states[S(s)].absorbing;
    while (abroad_i < L.abroad.size() && L.abroad[abroad_i].second < t) ++abroad_i;
    if (!absorbed && abroad_i < L.abroad.size() && L.abroad[abroad_i].first <= t) {
      WeekIndex back = L.abroad[abroad_i].second;
      WeekIndex end = std::min({back, end_week_, pension_week_ - 1});
      EmitCoded(t, end, State::kAbroad, Effort::kPassive, 997, true);
      t = end + 1;
      prev = State::kAbroad;
      s = rng.Uniform() < 0.7 ? State::kEmployed : State::kInactive;
      continue;
    }
    const double u_next = rng.Uniform(), u_comp = rng.Uniform(), u_dur = rng.Uniform();
    const double u_aux = rng.Uniform();
    const std::uint64_t effort_seed = rng.Next();
    const int age = AgeAtWeek(t);
    const int kommune = L.KommuneOfWeek(t);
    int d = SampleDuration(s, age, prev, u_comp, u_dur, kommune, t);
    forced = State::kDead;
    if (s == State::kSygedagpenge && MondayOf(t) >= p_.syg_reform_from && d > p_.syg_reform_weeks &&
        u_aux < p_.syg_reform_to_jobafklaring *
                    ctx_.knobs->Value(kommune, t, S(State::kJobafklaring))) {
      d = p_.syg_reform_weeks;
      forced = State::kJobafklaring;
    }
    WeekIndex stop = d >= kForever ? kForever : t + d;
    WeekIndex brk = std::min(pension_week_, end_week_ + 1);
    if (!absorbed && abroad_i < L.abroad.size()) brk = std::min(brk, L.abroad[abroad_i].first);
    const bool efterloen_break = efterloen_eligible_ && efterloen_week_ > t &&
                                 (s == State::kEmployed || s == State::kDagpenge);
    if (efterloen_break) brk = std::min(brk, efterloen_week_);
    bool truncated = false;
    if (stop > brk) {
      stop = brk;
      truncated = true;
    }
    EmitSpell(t, stop - 1, s, effort_seed, kommune);
    t = stop;
    if (truncated) {
      if (efterloen_break && t == efterloen_week_ && t < pension_week_ && t <= end_week_) {
        prev = s;
        s = State::kEfterloen;
      }
      continue;
    }
    prev = s;
    s = forced != State::kDead ? forced : ChooseNext(s, AgeAtWeek(t), t, u_next);
    if (MondayOf(t) < p_.states[S(s)].available_from && p_.states[S(s)].fallback >= 0) {
      s = static_cast<State>(p_.states[S(s)].fallback);
    }
  }
  if (L.death_week <= ctx_.last_week) {
    EmitCoded(L.death_week, L.death_week, State::kDead, Effort::kPassive, 999, true);
  }
}

}  // namespace

int PersonLife::KommuneOfWeek(WeekIndex w) const {
  return KommuneInYear(CivilFromDays(ThursdayOf(w)).year);
}

int PersonLife::SegmentAt(WeekIndex w) const {
  auto it = std::upper_bound(segments.begin(), segments.end(), w,
                             [](WeekIndex x, const Segment& s) { return x < s.first; });
  if (it == segments.begin()) return -1;
  --it;
  return w <= it->last ? static_cast<int>(it - segments.begin()) : -1;
}

KommuneChooser::KommuneChooser(const ModelParams& params) {
  double acc = 0;
  for (int code = 1; code < 1000; ++code) {
    if (params.population_16_66[code] <= 0) continue;
    acc += params.population_16_66[code];
    codes_.push_back(code);
    cumulative_.push_back(acc);
  }
}

int KommuneChooser::Choose(double u, int except) const {
  if (codes_.empty()) return except;
  for (int attempt = 0; attempt < 8; ++attempt) {
    double target = u * cumulative_.back();
    auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), target);
    std::size_t i = std::min<std::size_t>(it - cumulative_.begin(), codes_.size() - 1);
    if (codes_[i] != except) return codes_[i];
    u = HashUniform(static_cast<std::uint64_t>(u * 1e15) + attempt);
  }
  return codes_[0] != except ? codes_[0] : codes_.back();
}

int CodeFor(const ModelParams& p, State s, Effort e, bool priv, DayNumber day, int age) {
  const bool uh = age < 30 && day >= p.uddannelseshjaelp_from;
  switch (s) {
    case State::kEmployed:
    case State::kInactive:
      return 0;
    case State::kEducation:
      return age >= 18 ? 651 : 0;
    case State::kDagpenge:
      return Pick5(111, 213, 217, 218, 215, 216, e, priv);
    case State::kKhJobparat:
      return uh ? Pick5(140, 143, 147, 148, 145, 146, e, priv)
                : Pick5(130, 133, 137, 138, 135, 136, e, priv);
    case State::kKhAktivitetsparat:
      return uh ? Pick5(720, 723, 727, 728, 725, 726, e, priv)
                : Pick5(730, 733, 737, 738, 735, 736, e, priv);
    case State::kIntegration:
      return day >= p.integrationsydelse_from ? Pick5(700, 703, 707, 708, 705, 706, e, priv)
                                              : Pick5(710, 713, 717, 718, 715, 716, e, priv);
    case State::kSygedagpenge:
      return Pick5(890, 893, 897, 898, 895, 896, e, priv);
    case State::kJobafklaring:
      return 785;
    case State::kRessourceforloeb:
      return Pick5(810, 813, 817, 818, 815, 816, e, priv);
    case State::kRevalidering:
      return Pick5(760, 763, 767, 768, 765, 766, e, priv);
    case State::kFleksjob:
      return 771;
    case State::kLedighedsydelse:
      return Pick5(740, 743, 747, 748, 745, 746, e, priv);
    case State::kFoertidspension:
      return 783;
    case State::kEfterloen:
      return 621;
    case State::kBarsel:
      return 881;
    case State::kFolkepension:
      return 998;
    case State::kAbroad:
      return 997;
    case State::kDead:
      return 999;
  }
  return 0;
}

void SimulateLife(const PersonSeed& seed, const LifeContext& ctx, PersonLife* life,
                  bool demography_only) {
  life->residence.clear();
  life->abroad.clear();
  life->segments.clear();
  life->death_week = INT32_MAX;
  LifeBuilder b(seed, ctx, life);
  b.Demography();
  if (!demography_only) b.States();
}

}  // namespace fremdrift::sim
