// Case events derived from simulated register spells.
#include "simulate/case_events.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>

#include "domain/period.h"
#include "domain/reference.h"
#include "simulate/rng.h"

namespace fremdrift::sim {

namespace {

struct Spell {
  State state;
  WeekIndex first, last;
  int seg_begin, seg_end;  // [begin, end) into segments
};

std::vector<Spell> Spells(const PersonLife& life) {
  std::vector<Spell> out;
  for (int i = 0; i < static_cast<int>(life.segments.size()); ++i) {
    const Segment& s = life.segments[i];
    // A short return to work belongs to the spell around it (the case goes on).
    if (s.interruption && !out.empty()) {
      out.back().last = s.last;
      out.back().seg_end = i + 1;
      continue;
    }
    if (out.empty() || s.spell_start || out.back().state != s.state) {
      out.push_back({s.state, s.first, s.last, i, i + 1});
    } else {
      out.back().last = s.last;
      out.back().seg_end = i + 1;
    }
  }
  return out;
}

// The benefit group of a DREAM code when it is one that rettidighed measures (benefit_start /
// benefit_end events), else empty.
std::string_view RettidighedGroup(int code) {
  static const ReferenceData* ref = [] {
    auto r = ReferenceData::LoadEmbedded();
    return r.ok() ? new ReferenceData(std::move(r).value()) : nullptr;
  }();
  if (ref == nullptr || code <= 0) return {};
  const int i = ref->CodeIndex(code);
  if (i < 0) return {};
  const std::string& g = ref->groups()[ref->codes()[i].group].id;
  for (std::string_view want : {"kontanthjaelp", "uddannelseshjaelp", "jobafklaring",
                                "ressourceforloeb", "ledighedsydelse"}) {
    if (g == want) return want;
  }
  return {};
}

// The 13 exemption marks of STAR's FSM2 guidance (data/models/fsm2.toml, [[exemption_marks]]),
// weighted by how often a jobcenter might record them (guesses: no source gives the frequencies),
// and a reason outside the list ("andet"), which subtracts nobody from the FSM2 denominators.
struct ExemptionReason {
  const char* reason;
  double weight;
};
constexpr ExemptionReason kExemptionReasons[] = {
    {"sygdom", 30},
    {"barsel", 8},
    {"barsel_inden_6_uger", 2},
    {"paa_vej_job", 8},
    {"paa_vej_pension", 3},
    {"paa_vej_efterloen_fleksydelse", 1},
    {"opfoelgning_uden_personlig_kontakt", 6},
    {"broekpension", 1},
    {"arbejdsfordeling_op_til_6_uger", 1},
    {"arbejdsfordeling_over_6_uger", 1},
    {"vejrlig_materialemangel", 1},
    {"dom_anbringelse_forvaring_behandling", 2},
    {"saerlige_oevrige", 6},
    {"andet", 30},
};

const char* DrawExemptionReason(double u) {
  double total = 0;
  for (const auto& r : kExemptionReasons) total += r.weight;
  double acc = 0;
  for (const auto& r : kExemptionReasons) {
    acc += r.weight / total;
    if (u < acc) return r.reason;
  }
  return kExemptionReasons[std::size(kExemptionReasons) - 1].reason;
}

// The reason a spell ended, in the events' words: the FSM2 leave reasons (moved, died,
// folkepension), the outcomes indicator 7 counts (job, uddannelse, fleksjob), else the next state.
std::string_view EndReason(const Spell* next) {
  if (next == nullptr) return "other";
  switch (next->state) {
    case State::kEmployed:
      return "job";
    case State::kEducation:
      return "uddannelse";
    case State::kDead:
      return "died";
    case State::kFolkepension:
      return "folkepension";
    case State::kAbroad:
      return "moved";
    default:
      return StateName(next->state);
  }
}

const char* EffortOfferKind(Effort e) {
  switch (e) {
    case Effort::kGuidance:
      return "vejledning_opkvalificering";
    case Effort::kPlacement:
      return "virksomhedspraktik";
    case Effort::kWageSubsidy:
      return "loentilskud";
    default:
      return "";
  }
}

// The attributes of a caseworker assignment: id K<kommune>-<nn> and a synthetic name drawn from
// common Danish first names and surnames (the same id always has the same name).
std::string CaseworkerAttributes(int kommune, int number) {
  static constexpr const char* kFirst[] = {"Anne", "Mette", "Lars", "Jens", "Hanne", "Peter",
                                           "Susanne", "Morten", "Louise", "Søren", "Camilla",
                                           "Henrik", "Maria", "Thomas", "Pia", "Rasmus", "Lene"};
  static constexpr const char* kLast[] = {"Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen",
                                          "Christensen", "Larsen", "Sørensen", "Rasmussen",
                                          "Jørgensen", "Petersen", "Madsen", "Kristensen"};
  const auto k = static_cast<unsigned>(kommune), n = static_cast<unsigned>(number);
  return fmt::format("caseworker=K{:03d}-{:02d}|name={} {}", kommune, number,
                     kFirst[(k * 7U + n * 3U) % std::size(kFirst)],
                     kLast[(k * 5U + n * 11U) % std::size(kLast)]);
}

class Teller {
 public:
  Teller(const PersonLife& life, WeekIndex first, WeekIndex last, const ModelParams& p,
         std::uint64_t key)
      : life_(life),
        p_(p),
        rng_(StreamKey(key, {3})),
        extra_(StreamKey(key, {4})),
        more_(StreamKey(key, {5})),
        worker_(StreamKey(key, {6})),
        lo_(MondayOf(first)),
        hi_(SundayOf(last)) {}

  std::vector<CaseEvent> Run();

 private:
  // Adds an event if its date lies within the window and the person lives in a municipality then.
  // The recording delay is drawn from `rng` (default: the main stream).
  void Add(DayNumber date, std::string type, std::string attributes = "", Rng* rng = nullptr) {
    if (date < lo_ || date > hi_) return;
    const int kommune = life_.KommuneOfWeek(WeekOfDay(date));
    if (kommune <= 0) return;
    events_.push_back(
        {date, kommune, std::move(type), std::move(attributes), (rng ? *rng : rng_).Int(0, 3)});
  }
  bool OnTime() { return rng_.Uniform() < p_.on_time_share; }
  // A caseworker of the municipality on `date`: id K<kommune>-<nn> and a synthetic name.
  std::string Caseworker(DayNumber date) {
    return CaseworkerAttributes(life_.KommuneOfWeek(WeekOfDay(date)),
                                rng_.Int(1, p_.caseworkers_per_municipality));
  }
  // A job broker of the municipality on `date`: the id only.
  std::string JobBroker(DayNumber date) {
    return fmt::format("K{:03d}-{:02d}", life_.KommuneOfWeek(WeekOfDay(date)),
                       rng_.Int(1, p_.caseworkers_per_municipality));
  }
  void Offers(const Spell& sp, DayNumber from, DayNumber to, bool placements);
  void Rehab(const Spell& sp, const Spell* prev);
  void Ressourceforloeb(const Spell& sp);
  void Kontanthjaelp(const Spell& sp);
  void Fsm2(const Spell& sp, const Spell* next);
  // FSM2 (drawn from their own stream): exemptions with their reasons, a move to another
  // municipality during the target group (left in the old one, target group and visitation in the
  // new one), and the paid hours of a job taken after the benefit, while it lasts in the project.
  void Fsm2Exemption(const Spell& sp, DayNumber from, DayNumber to);
  void Fsm2Moves(const Spell& sp, DayNumber from, DayNumber visit, DayNumber to, int group);
  void Fsm2Job(const Spell& job);
  // Rettidighed (drawn from their own stream, so the events above stay as they were): the
  // benefit groups of the spell's weeks, contact conversations on jobafklaring and
  // ledighedsydelse, offers in the first months on kontant- and uddannelseshjælp.
  void Benefits(const Spell& sp);
  void Contact(const Spell& sp);
  void EarlyOffers(const Spell& sp, DayNumber until);

  const PersonLife& life_;
  const ModelParams& p_;
  Rng rng_;
  Rng extra_;
  Rng more_;
  Rng worker_;  // the caseworker of an ordinary case (its own stream: the others stay as they were)
  DayNumber lo_, hi_;
  std::vector<CaseEvent> events_;
  bool seen_fleksjob_ = false;  // back in fleksjob later: the earlier visitation stands
  bool fsm2_member_ = false;    // in FSM2's target group at some time (the jobcenter knows them)
};

void Teller::Offers(const Spell& sp, DayNumber from, DayNumber to, bool placements) {
  for (int i = sp.seg_begin; i < sp.seg_end; ++i) {
    const Segment& s = life_.segments[i];
    if (s.effort == Effort::kPassive || s.code == 899) continue;
    const DayNumber a = MondayOf(s.first), b = SundayOf(s.last);
    if (a < from || a > to) continue;
    const bool company = s.effort == Effort::kPlacement || s.effort == Effort::kWageSubsidy;
    if (placements && company) {
      const std::string firm =
          fmt::format("V{:03d}{:03d}", life_.KommuneOfWeek(s.first), rng_.Int(1, 400));
      Add(a - rng_.Int(3, 14) < MondayOf(sp.first) ? MondayOf(sp.first) : a - rng_.Int(3, 14),
          "company_contact", "company=" + firm);
      Add(a, "placement_start", fmt::format("kind={}|company={}", EffortOfferKind(s.effort), firm));
      Add(b, "placement_end", fmt::format("kind={}|company={}", EffortOfferKind(s.effort), firm));
    } else {
      Add(a, "offer_start", fmt::format("kind={}", EffortOfferKind(s.effort)));
      Add(b, "offer_end", fmt::format("kind={}", EffortOfferKind(s.effort)));
    }
  }
}

void Teller::Benefits(const Spell& sp) {
  const WeekIndex sim_last = life_.segments.back().last;
  std::string_view group;
  WeekIndex run_first = 0, run_last = 0;
  auto close = [&] {
    if (group.empty()) return;
    std::string attrs = fmt::format("group={}", group);
    if (group == "kontanthjaelp" || group == "uddannelseshjaelp") {
      // The citizen's first contact with the jobcenter (LAB § 31's starting point for these
      // groups): a few days before the first week paid.
      const CivilDate fc = CivilFromDays(MondayOf(run_first) - extra_.Int(0, 10));
      attrs += fmt::format("|first_contact={:04d}-{:02d}-{:02d}", fc.year, fc.month, fc.day);
    }
    Add(MondayOf(run_first), "benefit_start", attrs, &extra_);
    if (run_last < sim_last) {
      Add(SundayOf(run_last), "benefit_end", fmt::format("group={}", group), &extra_);
    }
  };
  for (int i = sp.seg_begin; i < sp.seg_end; ++i) {
    const Segment& s = life_.segments[i];
    if (s.interruption) continue;  // a short return to work: the benefit case goes on
    const std::string_view g = RettidighedGroup(s.code);
    if (g != group) {
      close();
      group = g;
      run_first = s.first;
    }
    run_last = s.last;
  }
  close();
}

void Teller::Contact(const Spell& sp) {
  const DayNumber start = MondayOf(sp.first), end = SundayOf(sp.last);
  const bool on_time = extra_.Uniform() < p_.on_time_share;
  for (DayNumber d = start + (on_time ? extra_.Int(3, 30) : extra_.Int(40, 80)); d <= end;
       d += 7 * (extra_.Uniform() < p_.on_time_share ? extra_.Int(4, 7) : extra_.Int(9, 14))) {
    Add(d, "conversation", "kind=opfoelgning", &extra_);
  }
}

void Teller::EarlyOffers(const Spell& sp, DayNumber until) {
  const DayNumber start = MondayOf(sp.first);
  for (int i = sp.seg_begin; i < sp.seg_end; ++i) {
    const Segment& s = life_.segments[i];
    if (s.effort == Effort::kPassive || s.code == 899) continue;
    const DayNumber a = MondayOf(s.first), b = SundayOf(s.last);
    if (a > until || a > start + 200) break;
    Add(a, "offer_start", fmt::format("kind={}", EffortOfferKind(s.effort)), &extra_);
    Add(b, "offer_end", fmt::format("kind={}", EffortOfferKind(s.effort)), &extra_);
  }
}

void Teller::Rehab(const Spell& sp, const Spell* prev) {
  const DayNumber start = MondayOf(sp.first);
  if (start < p_.rehab_team_from) return;
  const DayNumber meeting = start - 7 * rng_.Int(2, 8) - rng_.Int(0, 4);
  const DayNumber decision = std::min(start - 1, meeting + rng_.Int(0, 7));
  if (meeting < lo_) return;  // the whole story must be inside the data
  // Never inside an earlier spell of the same state (a decision precedes the state it decides).
  for (DayNumber d : {meeting, decision}) {
    const int seg = life_.SegmentAt(WeekOfDay(d));
    if (seg < 0 || life_.segments[seg].state == sp.state) return;
  }
  Add(meeting, "rehab_meeting");
  std::string attrs;
  if (sp.state == State::kRessourceforloeb) {
    attrs = fmt::format("kind=ressourceforloeb|years={}",
                        std::clamp((sp.last - sp.first + 1 + 26) / 52, 1, 5));
  } else {
    attrs = sp.state == State::kFleksjob ? "kind=fleksjob" : "kind=foertidspension";
  }
  Add(decision, "decision", attrs);
}

void Teller::Ressourceforloeb(const Spell& sp) {
  const DayNumber start = MondayOf(sp.first), end = SundayOf(sp.last);
  Add(start, "caseworker_assigned",
      fmt::format("{}|role=koordinerende", Caseworker(start)));
  // In a municipality that ran the Håndholdt pool, a ressourceforløb during its period is visited
  // to the project (from the later of the two starts) and leaves it when either ends.
  const DayNumber pool_from = std::max(start, p_.haandholdt_from);
  const DayNumber pool_to = std::min(end, p_.haandholdt_to);
  const int kommune = life_.KommuneOfWeek(WeekOfDay(pool_from));
  if (pool_from < pool_to && std::find(p_.haandholdt_kommuner.begin(), p_.haandholdt_kommuner.end(),
                                       kommune) != p_.haandholdt_kommuner.end()) {
    Add(pool_from, "visitation", "project=haandholdt");
    if (pool_from > start) {
      Add(pool_from, "caseworker_assigned",
          fmt::format("{}|role=koordinerende", Caseworker(pool_from)));
    }
    Add(pool_to, "visitation_end",
        fmt::format("project=haandholdt|reason={}",
                    pool_to < end ? "projekt_slut" : "forloeb_slut"));
  }
  const DayNumber first_talk = start + (OnTime() ? rng_.Int(0, 13) : rng_.Int(15, 40));
  if (first_talk <= end) Add(first_talk, "conversation", "kind=foerste");
  const DayNumber plan = start + (OnTime() ? rng_.Int(3, 30) : rng_.Int(32, 70));
  if (plan <= end) {
    const bool job = rng_.Uniform() < 0.8;
    Add(plan, "plan",
        fmt::format("goal={}|domains={}|job_directed={}",
                    job ? "job_10_timer" : "afklaring_helbred",
                    job ? "beskaeftigelse,sundhed" : "sundhed,social", job ? 1 : 0));
  }
  for (DayNumber d = first_talk + 7 * rng_.Int(4, 8); d <= end; d += 7 * rng_.Int(4, 9)) {
    Add(d, "conversation", "kind=opfoelgning");
  }
  if (rng_.Uniform() < p_.mentor_share) {
    const DayNumber m0 = start + 7 * rng_.Int(4, 20);
    const DayNumber m1 = std::min(end, m0 + 7 * rng_.Int(12, 52));
    if (m0 < m1) {
      Add(m0, "mentor_start");
      Add(m1, "mentor_end");
    }
  }
  Offers(sp, start, end, false);
}

void Teller::Kontanthjaelp(const Spell& sp) {
  const DayNumber start = MondayOf(sp.first), end = SundayOf(sp.last);
  const DayNumber first_talk = start + (OnTime() ? rng_.Int(0, 6) : rng_.Int(8, 25));
  if (first_talk <= end) Add(first_talk, "conversation", "kind=foerste");
  for (DayNumber d = first_talk + 7 * rng_.Int(4, 8); d <= end;
       d += 7 * (OnTime() ? rng_.Int(4, 8) : rng_.Int(10, 16))) {
    Add(d, "conversation", "kind=jobsamtale");
  }
}

void Teller::Fsm2(const Spell& sp, const Spell* next) {
  static const DayNumber kStart = DaysFromCivil(2019, 12, 1), kEnd = DaysFromCivil(2021, 12, 31);
  const DayNumber start = MondayOf(sp.first), end = SundayOf(sp.last);
  if (end < kStart || start > kEnd) return;
  // The gross target group: everyone on the benefit over the minimum age while the project runs.
  const DayNumber in_group = std::max(start, kStart);
  const bool member = life_.AgeOnDay(in_group) >= p_.fsm2_min_age;
  if (member) {
    fsm2_member_ = true;
    Add(in_group, "target_group_start", "project=fsm2");
    if (end < kEnd) {
      Add(end, "target_group_end", fmt::format("project=fsm2|reason={}", EndReason(next)));
    }
    if (next != nullptr && next->state == State::kEmployed) Fsm2Job(*next);
  }
  // Visited when the spell starts within the project, or in the first months for those already
  // on the benefit; the visit is on a Monday of a week in the spell.
  DayNumber visit =
      start >= kStart ? start + 7 * rng_.Int(0, 2) : MondayOf(WeekOfDay(kStart + rng_.Int(0, 70)));
  if (visit < kStart) visit += 7;
  if (visit > end || visit > kEnd) return;
  if (life_.AgeOnDay(visit) < p_.fsm2_min_age) return;
  const int seg = life_.SegmentAt(WeekOfDay(visit));
  if (seg < 0 || life_.segments[seg].state != sp.state) return;
  const bool towards_rehab =
      next && (next->state == State::kRessourceforloeb || next->state == State::kFleksjob ||
               next->state == State::kFoertidspension || next->state == State::kJobafklaring);
  const int group = towards_rehab || rng_.Uniform() < p_.fsm2_group2_share ? 2 : 1;
  Add(visit, "visitation", fmt::format("project=fsm2|group={}", group));
  const DayNumber stop = std::min(end, kEnd);
  Fsm2Exemption(sp, visit, stop);
  Fsm2Moves(sp, in_group, visit, stop, group);
  if (group == 1) {
    if (rng_.Uniform() < p_.fsm2_jobformidler_share) {
      const DayNumber d = visit + rng_.Int(0, 28);
      if (d <= stop) {
        Add(d, "jobformidler_assigned", fmt::format("jobformidler={}", JobBroker(d)));
      }
    }
    if (visit + 21 <= stop) Add(visit + rng_.Int(0, 21), "cv_registered");
    if (visit + 35 <= stop) Add(visit + rng_.Int(7, 35), "job_goal_set", "goal=eget_jobmaal");
    Offers(sp, visit, stop, true);
    // Paid hours: reported on the Thursday of the person's last spell week in the month.
    for (MonthIndex m = MonthOfWeek(WeekOfDay(visit)); m <= MonthOfWeek(WeekOfDay(stop)); ++m) {
      const WeekRange wr = WeeksOfMonths(m, m);
      const WeekIndex w = std::min(wr.last, sp.last);
      if (w < wr.first || w < WeekOfDay(visit) || ThursdayOf(w) > stop) continue;
      if (rng_.Uniform() < p_.fsm2_paid_hours_monthly) {
        Add(ThursdayOf(w), "paid_hours",
            fmt::format("month={:04d}-{:02d}|hours={}", YearOfMonth(m), MonthOfYear(m),
                        rng_.Int(2, 60)));
      }
    }
  } else {
    const DayNumber d = visit + rng_.Int(7, 42);
    if (d <= stop) Add(d, "conversation", "kind=rehab_forberedelse");
    Offers(sp, visit, stop, false);
  }
  if (end <= kEnd) {
    Add(end, "visitation_end", fmt::format("project=fsm2|reason={}", EndReason(next)));
  }
}

void Teller::Fsm2Exemption(const Spell& sp, DayNumber from, DayNumber to) {
  if (more_.Uniform() >= p_.fsm2_exemption_share || to - from < 28) return;
  const DayNumber start = from + more_.Int(7, to - from);
  // Ends within the spell (or the project): an exemption from the benefit's obligations.
  const DayNumber stop = std::min(to, start + 7 * more_.Int(3, 26));
  const char* reason = DrawExemptionReason(more_.Uniform());
  const int seg = life_.SegmentAt(WeekOfDay(start));
  if (seg < 0 || life_.segments[seg].state != sp.state) return;
  Add(start, "exemption_start", fmt::format("reason={}", reason), &more_);
  Add(stop, "exemption_end", fmt::format("reason={}", reason), &more_);
}

void Teller::Fsm2Moves(const Spell& sp, DayNumber from, DayNumber visit, DayNumber to, int group) {
  // Residence changes at New Year (by the Thursday rule): the first week of another municipality.
  // A move before the spell's visitation needs no second one (that visitation is the new
  // municipality's).
  for (WeekIndex w = WeekOfDay(from) + 1; w <= WeekOfDay(to); ++w) {
    const int before = life_.KommuneOfWeek(w - 1), after = life_.KommuneOfWeek(w);
    if (before == after || before <= 0 || after <= 0) continue;
    const int seg = life_.SegmentAt(w);
    if (seg < 0 || life_.segments[seg].state != sp.state) return;
    Add(SundayOf(w - 1), "citizen_leaves", "reason=moved", &more_);
    Add(MondayOf(w), "target_group_start", "project=fsm2", &more_);
    if (MondayOf(w) <= visit) continue;
    const DayNumber again = MondayOf(w) + 7 * more_.Int(0, 2);
    if (again <= to) Add(again, "visitation", fmt::format("project=fsm2|group={}", group), &more_);
  }
}

void Teller::Fsm2Job(const Spell& job) {
  static const DayNumber kStart = DaysFromCivil(2019, 12, 1), kEnd = DaysFromCivil(2021, 12, 31);
  const DayNumber start = std::max(MondayOf(job.first), kStart);
  const DayNumber end = std::min(SundayOf(job.last), kEnd);
  if (end < start) return;
  const int kommune = life_.KommuneOfWeek(WeekOfDay(start));
  const int hours_per_week = more_.Int(8, 37);  // part-time to full-time, the same all along
  for (MonthIndex m = MonthOfWeek(WeekOfDay(start)); m <= MonthOfWeek(WeekOfDay(end)); ++m) {
    const WeekRange wr = WeeksOfMonths(m, m);
    const WeekIndex w0 = std::max(wr.first, WeekOfDay(start)), w1 = std::min(wr.last, job.last);
    if (w1 < w0) break;
    if (life_.KommuneOfWeek(w1) != kommune) {
      // Moved: the old municipality records the leaving; the new one has no FSM2 case for them.
      for (WeekIndex w = w0; w <= w1; ++w) {
        if (life_.KommuneOfWeek(w) != kommune) {
          Add(SundayOf(w - 1), "citizen_leaves", "reason=moved", &more_);
          break;
        }
      }
      break;
    }
    // Reported (from eIndkomst) on the Thursday of the month's last working week.
    Add(ThursdayOf(w1), "paid_hours",
        fmt::format("month={:04d}-{:02d}|hours={}", YearOfMonth(m), MonthOfYear(m),
                    hours_per_week * (w1 - w0 + 1)),
        &more_);
  }
}

std::vector<CaseEvent> Teller::Run() {
  const std::vector<Spell> spells = Spells(life_);
  for (std::size_t i = 0; i < spells.size(); ++i) {
    const Spell& sp = spells[i];
    const bool earlier_fleksjob = seen_fleksjob_;
    if (sp.state == State::kFleksjob || sp.state == State::kLedighedsydelse) seen_fleksjob_ = true;
    if (SundayOf(sp.last) < lo_ || MondayOf(sp.first) > hi_) continue;
    const Spell* prev = i > 0 ? &spells[i - 1] : nullptr;
    const Spell* next = i + 1 < spells.size() ? &spells[i + 1] : nullptr;
    const bool starts_inside = MondayOf(sp.first) >= lo_;
    if (starts_inside) {
      switch (sp.state) {
        case State::kKhJobparat:
          Benefits(sp);
          EarlyOffers(sp, SundayOf(sp.last));
          break;
        case State::kKhAktivitetsparat:  // later offers come with FSM2 (from December 2019)
          Benefits(sp);
          EarlyOffers(sp, DaysFromCivil(2019, 11, 30));
          break;
        case State::kRessourceforloeb:
          Benefits(sp);
          break;
        case State::kJobafklaring:
        case State::kLedighedsydelse:
          Benefits(sp);
          Contact(sp);
          break;
        default:
          break;
      }
    }
    switch (sp.state) {
      case State::kRessourceforloeb:
        if (starts_inside) {
          Rehab(sp, prev);
          Ressourceforloeb(sp);
        }
        break;
      case State::kFleksjob:
        if (starts_inside && !earlier_fleksjob) Rehab(sp, prev);
        break;
      case State::kFoertidspension:
        if (starts_inside) Rehab(sp, prev);
        break;
      case State::kKhJobparat:
        if (starts_inside) Kontanthjaelp(sp);
        break;
      case State::kKhAktivitetsparat:
        if (starts_inside) Kontanthjaelp(sp);
        Fsm2(sp, next);
        break;
      case State::kIntegration:
        Fsm2(sp, next);
        break;
      case State::kFolkepension:
      case State::kDead:
        // Known to the jobcenter: leaving a benefit, or in FSM2's target group at some time (it
        // follows them after they leave benefit).
        if (starts_inside && prev && prev->state != State::kAbroad &&
            (fsm2_member_ ||
             (prev->state != State::kEmployed && prev->state != State::kInactive))) {
          Add(MondayOf(sp.first), "citizen_leaves",
              sp.state == State::kDead ? "reason=died" : "reason=folkepension");
        }
        break;
      default:
        break;
    }
  }
  std::stable_sort(events_.begin(), events_.end(),
                   [](const CaseEvent& a, const CaseEvent& b) { return a.date < b.date; });
  // A case opens with a visitation (docs/formats/events.md): a citizen whose first event needing
  // one comes before any visitation is visited (project=jobcenter: an ordinary jobcenter case
  // outside the pools, not an effort in another administration) on that event's day.
  auto needs_visitation = [](const std::string& type) {
    return type != "visitation" && type != "target_group_start" && type != "target_group_end" &&
           type != "exemption_start" && type != "exemption_end" && type != "citizen_leaves" &&
           type != "benefit_start" && type != "benefit_end";
  };
  for (std::size_t i = 0; i < events_.size(); ++i) {
    if (events_[i].type == "visitation") break;
    if (needs_visitation(events_[i].type)) {
      CaseEvent v = events_[i];
      v.type = "visitation";
      v.attributes = "project=jobcenter";
      events_.insert(events_.begin() + static_cast<std::ptrdiff_t>(i), std::move(v));
      break;
    }
  }
  // Every case has a caseworker: a citizen whose events assign none gets one of the municipality
  // on the day of the first visitation (a citizen without a visitation has no case to assign).
  const bool has_caseworker =
      std::any_of(events_.begin(), events_.end(),
                  [](const CaseEvent& e) { return e.type == "caseworker_assigned"; });
  auto visited = std::find_if(events_.begin(), events_.end(),
                              [](const CaseEvent& e) { return e.type == "visitation"; });
  if (!has_caseworker && visited != events_.end()) {
    CaseEvent c = *visited;
    c.type = "caseworker_assigned";
    c.attributes = CaseworkerAttributes(c.kommune, worker_.Int(1, p_.caseworkers_per_municipality));
    events_.insert(visited + 1, std::move(c));
  }
  return std::move(events_);
}

}  // namespace

std::vector<CaseEvent> MakeCaseEvents(const PersonLife& life, WeekIndex first, WeekIndex last,
                                      const ModelParams& params, std::uint64_t key) {
  return Teller(life, first, last, params, key).Run();
}

void AppendEventRows(const std::vector<CaseEvent>& events, const std::string& lobenr,
                     std::string* out) {
  int n = 0;
  for (const CaseEvent& e : events) {
    ++n;
    const CivilDate d = CivilFromDays(e.date), r = CivilFromDays(e.date + e.delay_days);
    fmt::format_to(std::back_inserter(*out),
                   "{}-{:04d};{};{:03d};{:04d}-{:02d}-{:02d};{};{};sim-K{:03d};"
                   "{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:00;\n",
                   lobenr, n, lobenr, e.kommune, d.year, d.month, d.day, e.type, e.attributes,
                   e.kommune, r.year, r.month, r.day, 8 + (n * 7) % 9, (n * 13) % 60);
  }
}

}  // namespace fremdrift::sim
