// Tests of the life model's flows: sygedagpenge mostly short, førtidspension absorbing until
// folkepension, ressourceforløb of 1-5 years, few under-40s on førtidspension, folkepension at the
// legal age, determinism.
#include "simulate/life.h"

#include <gtest/gtest.h>

#include "domain/period.h"
#include "simulate/rng.h"

namespace fremdrift::sim {
namespace {

class LifeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto p = ModelParams::LoadDefault();
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    params_ = std::move(p).value();
    for (int k = 0; k < kNumKnobs; ++k) knobs_.national().v[k] = params_.national_knobs[k];
    chooser_ = std::make_unique<KommuneChooser>(params_);
    ctx_ = {&params_, &knobs_, chooser_.get(),
            WeeksOfMonths(MakeMonth(2021, 12), MakeMonth(2021, 12)).last, &selected_};
  }
  // n persons born 1945-1995 in Herning.
  std::vector<PersonLife> Lives(int n, std::uint64_t seed = 1) {
    std::vector<PersonLife> out(n);
    for (int i = 0; i < n; ++i) {
      PersonSeed s;
      s.key = StreamKey(seed, {static_cast<std::uint64_t>(i)});
      s.birth_year = 1945 + i % 51;
      s.kommune = 657;
      s.kind = i % 10 == 0 ? PersonKind::kImmigrant : PersonKind::kNative;
      SimulateLife(s, ctx_, &out[i]);
    }
    return out;
  }
  // Maximal runs of weeks with a code in [lo, hi] (inclusive): {first, last, next code}.
  struct Run {
    WeekIndex first, last;
    int next_code;  // the code of the week after (0 = none), -1 at the end of the data
  };
  static std::vector<Run> Runs(const PersonLife& life, bool (*in)(int)) {
    std::vector<Run> out;
    for (std::size_t i = 0; i < life.segments.size(); ++i) {
      const Segment& s = life.segments[i];
      if (!in(s.code)) continue;
      if (!out.empty() && out.back().last + 1 == s.first && out.back().next_code == -2) {
        out.back().last = s.last;
      } else {
        out.push_back({s.first, s.last, -2});
      }
      const bool continues = i + 1 < life.segments.size() && in(life.segments[i + 1].code) &&
                             life.segments[i + 1].first == s.last + 1;
      if (!continues) {
        out.back().next_code = i + 1 < life.segments.size() ? life.segments[i + 1].code : -1;
      }
    }
    return out;
  }

  ModelParams params_;
  KnobTable knobs_;
  std::unique_ptr<KommuneChooser> chooser_;
  std::vector<int> selected_{657};
  LifeContext ctx_;
};

TEST_F(LifeTest, SegmentsAreContiguousAndDeterministic) {
  auto a = Lives(300), b = Lives(300), c = Lives(300, 2);
  int differ = 0;
  for (int i = 0; i < 300; ++i) {
    ASSERT_EQ(a[i].segments.size(), b[i].segments.size());
    for (std::size_t j = 0; j < a[i].segments.size(); ++j) {
      EXPECT_EQ(a[i].segments[j].first, b[i].segments[j].first);
      EXPECT_EQ(a[i].segments[j].code, b[i].segments[j].code);
      if (j > 0) EXPECT_EQ(a[i].segments[j].first, a[i].segments[j - 1].last + 1);
      EXPECT_LE(a[i].segments[j].first, a[i].segments[j].last);
    }
    if (!a[i].segments.empty()) EXPECT_EQ(a[i].segments.front().first, a[i].entry_week);
    differ += a[i].segments.size() != c[i].segments.size();
  }
  EXPECT_GT(differ, 100);  // another seed, other lives
}

TEST_F(LifeTest, SygedagpengeMostlyEndWithin26Weeks) {
  int ended = 0, short_ones = 0, long_ones = 0;
  for (const auto& life : Lives(4000)) {
    for (const Run& r : Runs(life, [](int c) { return c >= 890 && c <= 899; })) {
      if (r.next_code == -1) continue;  // still running
      ++ended;
      const int weeks = r.last - r.first + 1;
      short_ones += weeks <= 26;
      long_ones += weeks > 52;
    }
  }
  ASSERT_GT(ended, 2000);
  EXPECT_GT(static_cast<double>(short_ones) / ended, 0.75) << short_ones << "/" << ended;
  EXPECT_LT(static_cast<double>(short_ones) / ended, 0.97) << "some must be long";
  EXPECT_EQ(long_ones, 0) << "sygedagpenge are capped at 52 weeks";
}

TEST_F(LifeTest, FoertidspensionIsAbsorbingUntilFolkepension) {
  int checked = 0;
  for (const auto& life : Lives(4000)) {
    bool on_fp = false;
    for (const Segment& s : life.segments) {
      if (s.code == 783) on_fp = true;
      if (on_fp) {
        ASSERT_TRUE(s.code == 783 || s.code == 998 || s.code == 999) << "code " << s.code;
      }
      if (on_fp && s.code == 998) {
        // Reached folkepension exactly at the legal age.
        const DayNumber legal = AddMonths(life.birth, FolkepensionAgeMonths(life.birth));
        EXPECT_EQ(s.first, WeekOfDay(legal));
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 50);
}

TEST_F(LifeTest, RessourceforloebLastOneToFiveYears) {
  int ended = 0;
  for (const auto& life : Lives(6000)) {
    for (const Run& r : Runs(life, [](int c) { return c >= 810 && c <= 818; })) {
      if (r.next_code == -1 || r.next_code >= 997) continue;  // open, abroad, pension, death
      ++ended;
      const int weeks = r.last - r.first + 1;
      EXPECT_GE(weeks, 52);
      EXPECT_LE(weeks, 5 * 52 + 1);
    }
  }
  EXPECT_GT(ended, 30);
}

TEST_F(LifeTest, UnderFortiesRarelyGetFoertidspensionAfter2013) {
  int entries = 0, young = 0;
  const WeekIndex reform = WeekOfDay(DaysFromCivil(2013, 1, 1));
  for (const auto& life : Lives(8000)) {
    for (const Segment& s : life.segments) {
      if (s.code == 783 && s.spell_start && s.first >= reform) {
        ++entries;
        young += life.AgeOnDay(MondayOf(s.first)) < 40;
      }
    }
  }
  ASSERT_GT(entries, 40);
  EXPECT_LT(static_cast<double>(young) / entries, 0.08) << young << "/" << entries;
}

TEST_F(LifeTest, AgesMovesAndDeath) {
  int movers = 0, died = 0;
  for (const auto& life : Lives(3000)) {
    for (std::size_t y = 1; y < life.residence.size(); ++y) {
      movers += life.residence[y] != life.residence[y - 1];
    }
    if (!life.segments.empty() && life.segments.back().code == 999) {
      ++died;
      EXPECT_EQ(life.segments.back().first, life.death_week);
    }
    // Nobody is coded before the 16th birthday.
    if (!life.segments.empty()) {
      EXPECT_GE(life.AgeOnDay(SundayOf(life.segments.front().first)), 16);
    }
  }
  EXPECT_GT(movers, 300);
  EXPECT_GT(died, 20);
}

}  // namespace
}  // namespace fremdrift::sim

namespace fremdrift::sim {
namespace {

// Short returns to work inside benefit spells: 1-3 blank weeks between weeks of the same state,
// the spell going on after them (no new spell start), in a share of long spells near the
// parameters' guess; none when the share is 0.
TEST_F(LifeTest, ShortInterruptionsAreBlankWeeksInsideOneSpell) {
  auto lives = Lives(4000);
  int interruptions = 0, dagpenge = 0;
  for (const PersonLife& life : lives) {
    for (std::size_t j = 0; j < life.segments.size(); ++j) {
      const Segment& s = life.segments[j];
      if (!s.interruption) continue;
      ++interruptions;
      EXPECT_EQ(s.state, State::kEmployed);
      EXPECT_EQ(s.code, 0);
      EXPECT_GE(s.last - s.first + 1, 1);
      EXPECT_LE(s.last - s.first + 1, 3);
      ASSERT_GT(j, 0u);
      ASSERT_LT(j + 1, life.segments.size());
      const Segment& before = life.segments[j - 1];
      const Segment& after = life.segments[j + 1];
      EXPECT_EQ(before.state, after.state);
      EXPECT_GT(before.code, 0);
      EXPECT_GT(after.code, 0);
      EXPECT_FALSE(after.spell_start);
      dagpenge += before.state == State::kDagpenge;
    }
  }
  EXPECT_GT(interruptions, 50);
  EXPECT_GT(dagpenge, 10);

  for (auto& st : params_.states) st.interruption_share = 0;
  for (const PersonLife& life : Lives(1000)) {
    for (const Segment& s : life.segments) EXPECT_FALSE(s.interruption);
  }
}

}  // namespace
}  // namespace fremdrift::sim
