// Tests that case events tell a story consistent with the register: right municipality, weeks whose
// code fits, decisions before what they decide, FSM2 only for aktivitetsparate over 30 and only in
// the project's period, every FSM2 spell visited as docs/simulation.md promises, FSM2 visitations
// in every quarter of the project, exemptions with and without STAR's 13 marks, paid hours after a
// job taken from the benefit, no invented visit to another administration, and conversations
// mostly but not always on time.
#include "simulate/case_events.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <map>

#include "domain/period.h"
#include "domain/reference.h"
#include "simulate/rng.h"

namespace fremdrift::sim {
namespace {

std::map<std::string, std::string> Attrs(const std::string& text) {
  std::map<std::string, std::string> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t bar = text.find('|', pos);
    if (bar == std::string::npos) bar = text.size();
    std::string kv = text.substr(pos, bar - pos);
    std::size_t eq = kv.find('=');
    out[kv.substr(0, eq)] = eq == std::string::npos ? "" : kv.substr(eq + 1);
    pos = bar + 1;
  }
  return out;
}

// FSM2 runs from 1 December 2019 to 31 December 2021 (data/models/fsm2.toml, docs/simulation.md).
const DayNumber kFsm2Start = DaysFromCivil(2019, 12, 1), kFsm2End = DaysFromCivil(2021, 12, 31);

struct LifeSpell {
  State state;
  WeekIndex first, last;
};
// A person's spells: runs of segments of one state, a new one at each spell start; a short
// return to work (an interruption) belongs to the spell around it.
std::vector<LifeSpell> SpellsOf(const PersonLife& life) {
  std::vector<LifeSpell> out;
  for (const Segment& s : life.segments) {
    if (s.interruption && !out.empty()) {
      out.back().last = s.last;
      continue;
    }
    if (out.empty() || s.spell_start || out.back().state != s.state) {
      out.push_back({s.state, s.first, s.last});
    } else {
      out.back().last = s.last;
    }
  }
  return out;
}

// "2019-Q4" ... for the FSM2 period's quarters.
std::string QuarterOf(DayNumber d) {
  const CivilDate c = CivilFromDays(d);
  return fmt::format("{}-Q{}", c.year, (c.month - 1) / 3 + 1);
}

// Visitations an FSM2 spell must have, by docs/simulation.md: aktivitetsparat kontant-/
// uddannelseshjælp and integrationsydelse recipients aged 30+ are visited at their spell start
// (within its first 3 weeks) when it starts inside the project, or within the project's first 10
// weeks when they were on the benefit already. Returns the window the
// one visitation must fall in, or {1, 0} when the spell is too short, too young or outside.
std::pair<DayNumber, DayNumber> Fsm2VisitWindow(const PersonLife& life, const LifeSpell& sp) {
  if (sp.state != State::kKhAktivitetsparat && sp.state != State::kIntegration) return {1, 0};
  const DayNumber start = MondayOf(sp.first), end = std::min(SundayOf(sp.last), kFsm2End);
  std::pair<DayNumber, DayNumber> window =
      start >= kFsm2Start ? std::pair{start, start + 20} : std::pair{kFsm2Start, kFsm2Start + 70};
  if (window.second > end || life.AgeOnDay(window.first) < 30) return {1, 0};
  return window;
}

TEST(CaseEventsTest, EventsFitTheRegister) {
  auto p = ModelParams::LoadDefault();
  auto ref = ReferenceData::LoadEmbedded();
  ASSERT_TRUE(p.ok() && ref.ok());
  KnobTable knobs;
  for (int k = 0; k < kNumKnobs; ++k) knobs.national().v[k] = p->national_knobs[k];
  KommuneChooser chooser(*p);
  std::vector<int> selected{657};
  const WeekRange window = WeeksOfMonths(MakeMonth(2018, 1), MakeMonth(2021, 12));
  LifeContext ctx{&*p, &knobs, &chooser, window.last, &selected};
  std::map<std::string, int> counts;
  int first_talks = 0, first_on_time = 0;
  // Visitations per project; FSM2 visitations and target-group starts per quarter.
  std::map<std::string, int> visitations, fsm2_visits_by_quarter, fsm2_groups_by_quarter;
  int fsm2_spells = 0, fsm2_spells_visited = 0, paid_hours_in_job = 0, first_contacts = 0;
  std::map<std::string, int> exemption_reasons, leave_reasons;
  PersonLife life;
  for (int i = 0; i < 12000; ++i) {
    PersonSeed seed;
    seed.key = StreamKey(5, {static_cast<std::uint64_t>(i)});
    seed.birth_year = 1952 + i % 50;
    seed.kommune = 657;
    SimulateLife(seed, ctx, &life);
    auto events = MakeCaseEvents(life, window.first, window.last, *p, seed.key);
    // Every case (a citizen with a visitation) has a caseworker.
    const auto has = [&](const char* type) {
      return std::any_of(events.begin(), events.end(),
                         [&](const CaseEvent& e) { return e.type == type; });
    };
    EXPECT_EQ(has("visitation"), has("caseworker_assigned")) << "person " << i;
    DayNumber prev_date = INT32_MIN;
    for (const CaseEvent& e : events) {
      ++counts[e.type];
      SCOPED_TRACE(e.type + " " + e.attributes + " person " + std::to_string(i));
      ASSERT_GE(e.date, MondayOf(window.first));
      ASSERT_LE(e.date, SundayOf(window.last));
      ASSERT_GE(e.date, prev_date) << "sorted by date";
      prev_date = e.date;
      const WeekIndex w = WeekOfDay(e.date);
      EXPECT_EQ(e.kommune, life.KommuneOfWeek(w));
      const int seg = life.SegmentAt(w);
      ASSERT_GE(seg, 0);
      const Segment& s = life.segments[seg];
      const auto attrs = Attrs(e.attributes);
      if (e.type == "placement_start" || e.type == "placement_end") {
        EXPECT_TRUE(s.effort == Effort::kPlacement || s.effort == Effort::kWageSubsidy);
        EXPECT_EQ(attrs.at("kind"),
                  s.effort == Effort::kPlacement ? "virksomhedspraktik" : "loentilskud");
        const auto& bc = ref->codes()[ref->CodeIndex(s.code)];
        EXPECT_NE(bc.indsats.find(attrs.at("kind") == "loentilskud" ? "loentilskud"
                                                                    : "virksomhedspraktik"),
                  std::string::npos);
      }
      if (e.type == "benefit_start" || e.type == "benefit_end") {
        // The group of the week's code: benefit_start in the run's first week, _end in its last.
        const auto& bc = ref->codes()[ref->CodeIndex(s.code)];
        EXPECT_EQ(ref->groups()[bc.group].id, attrs.at("group")) << e.attributes;
        EXPECT_EQ(w, e.type == "benefit_start" ? s.first : s.last);
      }
      if (e.type == "offer_start") {
        EXPECT_NE(s.effort, Effort::kPassive);
      }
      if (e.type == "visitation") ++visitations[attrs.at("project")];
      if (e.type == "visitation" && attrs.at("project") == "fsm2") {
        ++fsm2_visits_by_quarter[QuarterOf(e.date)];
        EXPECT_TRUE(s.state == State::kKhAktivitetsparat || s.state == State::kIntegration);
        EXPECT_GE(life.AgeOnDay(e.date), 30);
        EXPECT_GE(e.date, DaysFromCivil(2019, 12, 1));
        EXPECT_LE(e.date, DaysFromCivil(2021, 12, 31));
      }
      if (e.type == "target_group_start" && attrs.at("project") == "fsm2") {
        EXPECT_GE(e.date, kFsm2Start);
        EXPECT_LE(e.date, kFsm2End);
        ++fsm2_groups_by_quarter[QuarterOf(e.date)];
      }
      if (e.type == "jobformidler_assigned" || e.type == "exemption_start") {
        EXPECT_TRUE(s.state == State::kKhAktivitetsparat || s.state == State::kIntegration);
      }
      if (e.type == "paid_hours") {
        // In the FSM2 spell, or in the job that followed it (employed after the benefit).
        EXPECT_TRUE(s.state == State::kKhAktivitetsparat || s.state == State::kIntegration ||
                    s.state == State::kEmployed);
        EXPECT_GT(std::stod(attrs.at("hours")), 0);
        if (s.state == State::kEmployed) {
          ++paid_hours_in_job;
          int k = seg;
          while (k > 0 && life.segments[k - 1].state == State::kEmployed) --k;
          ASSERT_GT(k, 0);
          const State before = life.segments[k - 1].state;
          EXPECT_TRUE(before == State::kKhAktivitetsparat || before == State::kIntegration);
        }
      }
      if (e.type == "exemption_start") ++exemption_reasons[attrs.at("reason")];
      if (e.type == "benefit_start" &&
          (attrs.at("group") == "kontanthjaelp" || attrs.at("group") == "uddannelseshjaelp")) {
        // The first contact comes 0-10 days before the first week paid.
        auto fc = ParseIsoDate(attrs.at("first_contact"));
        ASSERT_TRUE(fc.ok()) << attrs.at("first_contact");
        EXPECT_LE(DaysFromCivil(*fc), e.date);
        EXPECT_GE(DaysFromCivil(*fc), e.date - 10);
        ++first_contacts;
      }
      if (e.type == "target_group_end" || e.type == "citizen_leaves") {
        ++leave_reasons[e.type + ":" + attrs.at("reason")];
        EXPECT_NE(attrs.at("reason"), "dead");  // the events' word is "died"
      }
      if (e.type == "decision") {
        // The decided state starts within 10 weeks after the decision.
        State decided = attrs.at("kind") == "ressourceforloeb" ? State::kRessourceforloeb
                        : attrs.at("kind") == "fleksjob"       ? State::kFleksjob
                                                               : State::kFoertidspension;
        EXPECT_NE(s.state, decided) << "decision before the state it decides";
        bool starts = false;
        for (int k = seg + 1; k < static_cast<int>(life.segments.size()); ++k) {
          if (life.segments[k].first > w + 10) break;
          starts |= life.segments[k].state == decided && life.segments[k].spell_start;
        }
        EXPECT_TRUE(starts);
        if (decided == State::kRessourceforloeb) {
          int years = std::stoi(attrs.at("years"));
          EXPECT_GE(years, 1);
          EXPECT_LE(years, 5);
        }
      }
      if (e.type == "caseworker_assigned") {
        // The coordinating caseworker of a ressourceforløb, or the caseworker of a case without
        // one (no role); both named.
        if (attrs.count("role")) {
          EXPECT_EQ(s.state, State::kRessourceforloeb);
          EXPECT_EQ(attrs.at("role"), "koordinerende");
        }
        EXPECT_FALSE(attrs.at("name").empty());
        EXPECT_EQ(attrs.at("caseworker").substr(0, 4), fmt::format("K{:03d}", e.kommune));
      }
      if (e.type == "conversation" && attrs.at("kind") == "foerste" &&
          (s.state == State::kKhJobparat || s.state == State::kKhAktivitetsparat)) {
        // Find the spell start.
        int k = seg;
        while (k > 0 && !life.segments[k].spell_start) --k;
        ++first_talks;
        first_on_time += e.date - MondayOf(life.segments[k].first) <= 7;
      }
    }
    // Every FSM2 spell has exactly one project=fsm2 visitation in its window per municipality.
    for (const LifeSpell& sp : SpellsOf(life)) {
      const auto [from, to] = Fsm2VisitWindow(life, sp);
      if (from > to) continue;
      ++fsm2_spells;
      // One per municipality: a citizen who moves is visited again by the new municipality.
      std::map<int, int> visits_by_kommune;
      for (const CaseEvent& e : events) {
        if (e.type == "visitation" && e.attributes.starts_with("project=fsm2|") && e.date >= from &&
            e.date <= to) {
          ++visits_by_kommune[e.kommune];
        }
      }
      bool one_each = !visits_by_kommune.empty();
      for (const auto& [kommune, n] : visits_by_kommune) one_each = one_each && n == 1;
      EXPECT_TRUE(one_each) << "person " << i << ", spell from week " << sp.first;
      fsm2_spells_visited += one_each;
    }
  }
  for (const char* type :
       {"rehab_meeting", "decision", "caseworker_assigned", "plan", "mentor_start", "visitation",
        "jobformidler_assigned", "placement_start", "paid_hours", "offer_start", "conversation",
        "visitation_end", "citizen_leaves", "target_group_start", "target_group_end",
        "benefit_start", "benefit_end", "exemption_start", "exemption_end"}) {
    EXPECT_GT(counts[type], 0) << type;
  }
  // Per project: FSM2 visits everyone the docs promise (enough of them to mean something), and
  // cases outside the pools open with project=jobcenter, never as a visit to another
  // administration (project=other counts in FSM2's indicator 1).
  EXPECT_GE(fsm2_spells, 300);
  EXPECT_EQ(fsm2_spells_visited, fsm2_spells);
  EXPECT_GE(visitations["fsm2"], fsm2_spells);
  EXPECT_GT(visitations["jobcenter"], 0);
  EXPECT_EQ(visitations["other"], 0);
  // Exemptions: mostly one of STAR's 13 marks, some with another reason ("andet").
  EXPECT_GT(exemption_reasons["andet"], 0);
  EXPECT_GT(exemption_reasons["sygdom"], exemption_reasons["andet"] / 4);
  EXPECT_GE(exemption_reasons.size(), 6u);
  // Jobs taken from the benefit report paid hours; leaving reasons in the events' words.
  EXPECT_GT(paid_hours_in_job, 100);
  EXPECT_GT(first_contacts, 100);
  EXPECT_GT(leave_reasons["target_group_end:job"], 0);
  EXPECT_GT(leave_reasons["citizen_leaves:died"] + leave_reasons["citizen_leaves:folkepension"], 0);
  // Per period: FSM2 visitations and target-group starts in every quarter of the project
  // (December 2019 alone in 2019-Q4), none outside it (checked per event above).
  for (const char* q : {"2019-Q4", "2020-Q1", "2020-Q2", "2020-Q3", "2020-Q4", "2021-Q1",
                        "2021-Q2", "2021-Q3", "2021-Q4"}) {
    EXPECT_GE(fsm2_visits_by_quarter[q], 10) << q;
    EXPECT_GE(fsm2_groups_by_quarter[q], 10) << q;
  }
  EXPECT_EQ(fsm2_visits_by_quarter.size(), 9u);
  std::cout << "[ fsm2     ] " << fsm2_spells << " FSM2 spells; visitations by project:";
  for (const auto& [project, n] : visitations) std::cout << " " << project << "=" << n;
  std::cout << "; exemptions:";
  for (const auto& [reason, n] : exemption_reasons) std::cout << " " << reason << "=" << n;
  std::cout << "; leaving:";
  for (const auto& [reason, n] : leave_reasons) std::cout << " " << reason << "=" << n;
  std::cout << "; paid hours in a job after the benefit: " << paid_hours_in_job;
  std::cout << "; FSM2 visitations by quarter:";
  for (const auto& [q, n] : fsm2_visits_by_quarter) std::cout << " " << q << "=" << n;
  std::cout << "\n";
  EXPECT_EQ(counts["rehab_meeting"], counts["decision"]);
  ASSERT_GT(first_talks, 100);
  const double on_time = static_cast<double>(first_on_time) / first_talks;
  EXPECT_GT(on_time, 0.75);
  EXPECT_LT(on_time, 0.97);
}

// Håndholdt indsats i ressourceforløb (data/models/haandholdt.toml, 2018-01 to 2019-12) counts
// citizens with a project=haandholdt visitation. The simulator does not write any yet (nor does
// docs/simulation.md promise them), so the pool shows no figures on simulated data. Disabled
// until the simulator writes them: then every half-year of the pool must have some.
TEST(CaseEventsTest, HaandholdtVisitationsDuringItsPool) {
  auto p = ModelParams::LoadDefault();
  ASSERT_TRUE(p.ok());
  KnobTable knobs;
  for (int k = 0; k < kNumKnobs; ++k) knobs.national().v[k] = p->national_knobs[k];
  KommuneChooser chooser(*p);
  std::vector<int> selected{573};  // Varde (its application for Håndholdt ressourceforløb)
  const WeekRange window = WeeksOfMonths(MakeMonth(2017, 1), MakeMonth(2020, 12));
  LifeContext ctx{&*p, &knobs, &chooser, window.last, &selected};
  std::map<std::string, int> by_half;
  PersonLife life;
  for (int i = 0; i < 48000; ++i) {  // about 10 ressourceforløb starts a half-year
    PersonSeed seed;
    seed.key = StreamKey(6, {static_cast<std::uint64_t>(i)});
    seed.birth_year = 1952 + i % 50;
    seed.kommune = 573;
    SimulateLife(seed, ctx, &life);
    for (const CaseEvent& e : MakeCaseEvents(life, window.first, window.last, *p, seed.key)) {
      if (e.type != "visitation" || !e.attributes.starts_with("project=haandholdt")) continue;
      const CivilDate c = CivilFromDays(e.date);
      EXPECT_GE(c.year, 2018);
      EXPECT_LE(c.year, 2019);
      ++by_half[fmt::format("{}-H{}", c.year, c.month <= 6 ? 1 : 2)];
    }
  }
  for (const char* half : {"2018-H1", "2018-H2", "2019-H1", "2019-H2"}) {
    EXPECT_GT(by_half[half], 0) << half << " (2018-H1 " << by_half["2018-H1"] << ", 2018-H2 "
                                << by_half["2018-H2"] << ", 2019-H1 " << by_half["2019-H1"] << ")";
  }
}

}  // namespace
}  // namespace fremdrift::sim
