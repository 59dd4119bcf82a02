// Tests that case events tell a story consistent with the register: right municipality, weeks whose
// code fits, decisions before what they decide, FSM2 only for aktivitetsparate over 30, and
// conversations mostly but not always on time.
#include "simulate/case_events.h"

#include <gtest/gtest.h>

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
  PersonLife life;
  for (int i = 0; i < 12000; ++i) {
    PersonSeed seed;
    seed.key = StreamKey(5, {static_cast<std::uint64_t>(i)});
    seed.birth_year = 1952 + i % 50;
    seed.kommune = 657;
    SimulateLife(seed, ctx, &life);
    auto events = MakeCaseEvents(life, window.first, window.last, *p, seed.key);
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
        EXPECT_EQ("group=" + ref->groups()[bc.group].id, e.attributes);
        EXPECT_EQ(w, e.type == "benefit_start" ? s.first : s.last);
      }
      if (e.type == "offer_start") {
        EXPECT_NE(s.effort, Effort::kPassive);
      }
      if (e.type == "visitation" && attrs.at("project") == "fsm2") {
        EXPECT_TRUE(s.state == State::kKhAktivitetsparat || s.state == State::kIntegration);
        EXPECT_GE(life.AgeOnDay(e.date), 30);
        EXPECT_GE(e.date, DaysFromCivil(2019, 12, 1));
        EXPECT_LE(e.date, DaysFromCivil(2021, 12, 31));
      }
      if (e.type == "paid_hours" || e.type == "jobformidler_assigned") {
        EXPECT_TRUE(s.state == State::kKhAktivitetsparat || s.state == State::kIntegration);
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
        EXPECT_EQ(s.state, State::kRessourceforloeb);
        EXPECT_EQ(attrs.at("role"), "koordinerende");
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
  }
  for (const char* type :
       {"rehab_meeting", "decision", "caseworker_assigned", "plan", "mentor_start", "visitation",
        "jobformidler_assigned", "placement_start", "paid_hours", "offer_start", "conversation",
        "visitation_end", "citizen_leaves", "target_group_start", "target_group_end",
        "benefit_start", "benefit_end"}) {
    EXPECT_GT(counts[type], 0) << type;
  }
  EXPECT_EQ(counts["rehab_meeting"], counts["decision"]);
  ASSERT_GT(first_talks, 100);
  const double on_time = static_cast<double>(first_on_time) / first_talks;
  EXPECT_GT(on_time, 0.75);
  EXPECT_LT(on_time, 0.97);
}

}  // namespace
}  // namespace fremdrift::sim
