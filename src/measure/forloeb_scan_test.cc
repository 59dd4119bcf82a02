#include "measure/forloeb_scan.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>

#include "common/file_util.h"
#include "measure/known_register_testutil.h"
#include "registry/ingest.h"

namespace fremdrift {
namespace {

TEST(ForloebScanTest, DurationBandBoundaries) {
  const std::pair<int, int> cases[] = {{1, 0},  {4, 0},   {5, 1},   {8, 1},   {9, 2},  {13, 2},
                                       {14, 3}, {26, 3},  {27, 4},  {39, 4},  {40, 5}, {52, 5},
                                       {53, 6}, {104, 6}, {105, 7}, {156, 7}, {157, 8}};
  for (auto [weeks, band] : cases) EXPECT_EQ(DurationBand(weeks), band) << weeks;
  EXPECT_EQ(DurationBandNames().size(), 9u);
}

TEST(ForloebScanTest, ForloebSpanMovesAndGroups) {
  auto ref = ReferenceData::LoadEmbedded();
  std::string dir = ::testing::TempDir() + "/fscan_" + std::to_string(getpid());
  ASSERT_EQ(std::system(("mkdir -p " + dir).c_str()), 0);
  // 730 and 733 are both kontanthjælp: one forløb across the code change and the move.
  ASSERT_TRUE(
      WriteStringToFile(dir + "/r.csv",
                        "lobenr;kom_2019;kom_2020;y_1951;y_1952;y_2001;y_2002;y_2003;y_2004\n"
                        "A;657;661;730;733;733;;890;\n")
          .ok());
  IngestOptions o;
  o.register_path = dir + "/r.csv";
  o.store_path = dir + "/s.store";
  ASSERT_TRUE(IngestRegister(*ref, o).ok());
  auto st = SpellStore::Open(o.store_path);
  ASSERT_TRUE(st.ok());
  auto groups = CodeGroups(*ref);
  std::vector<Forloeb> list;
  ForloebScratch scratch;
  PersonForloeb(*st, groups, 0, 1, scratch, list);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].first, 0);
  EXPECT_EQ(list[0].last, 2);
  EXPECT_EQ(list[0].kommune_first, 657);
  EXPECT_EQ(list[0].kommune_last, 661);
  EXPECT_FALSE(list[0].open);
  EXPECT_EQ(list[1].previous_group, ref->GroupIndex("kontanthjaelp"));
  EXPECT_EQ(EndReason(*st, groups, 0, list[0]), ref->GroupIndex("sygedagpenge"));
  EXPECT_EQ(GroupAtWeek(*st, groups, 0, 3), kSelvforsoergelse);
  EXPECT_EQ(GroupAtWeek(*st, groups, 0, 6), kNotYetKnown);
  // The sygedagpenge forløb's 4 following weeks run past the register: no end reason yet.
  EXPECT_EQ(EndReason(*st, groups, 0, list[1]), kNotYetKnown);
  EXPECT_EQ(StatusName(*ref, kSelvforsoergelse), "selvforsoergelse");
  ASSERT_EQ(std::system(("rm -rf " + dir).c_str()), 0);
}

// The break rule on one register, by hand. 2019-W01..W40 (relative weeks 0..39), sygedagpenge
// (890) unless said:
//   A: W01-W05, blank W06-W08 (3 weeks), W09-W10, blank W11-W14 (4 weeks), W15-W16.
//   B: W01-W10, kontanthjælp (730) W11-W12, W13-W20: the 2-week kontanthjælp gap does not end it.
//   C: W30-W36, blank W37-W38, W39: ends 1 week before the data's end (W40).
// afbrydelse 4: A has W01-W10 (10 weeks, 7 with the benefit) and W15-W16; B one sygedagpenge
// forløb W01-W20 (20 weeks, 18 with it) beside its kontanthjælp forløb W11-W12, which starts
// after sygedagpenge (previous group); C W30-W39, open (1 week of data after it).
// afbrydelse 1: A has 3 forløb, B three (W01-W10, kontanthjælp, W13-W20), C two, both ended (one
// week of data follows W39, and one is enough under this rule).
class ForloebBreakRule : public ::testing::Test {
 protected:
  void SetUp() override {
    ref_ = std::make_unique<ReferenceData>(*ReferenceData::LoadEmbedded());
    dir_ = ::testing::TempDir() + "/fbreak_" + std::to_string(getpid());
    ASSERT_EQ(std::system(("rm -rf " + dir_ + " && mkdir -p " + dir_).c_str()), 0);
    known::Register reg(known::WeeksBetween({2019, 1}, {2019, 40}));
    const int a = reg.Add("A", "657");
    reg.Code(a, {2019, 1}, {2019, 5}, "890");
    reg.Code(a, {2019, 9}, {2019, 10}, "890");
    reg.Code(a, {2019, 15}, {2019, 16}, "890");
    const int b = reg.Add("B", "657");
    reg.Code(b, {2019, 1}, {2019, 10}, "890");
    reg.Code(b, {2019, 11}, {2019, 12}, "730");
    reg.Code(b, {2019, 13}, {2019, 20}, "890");
    const int c = reg.Add("C", "657");
    reg.Code(c, {2019, 30}, {2019, 36}, "890");
    reg.Code(c, {2019, 39}, {2019, 39}, "890");
    ASSERT_TRUE(WriteStringToFile(dir_ + "/r.csv", reg.Csv()).ok());
    IngestOptions o;
    o.register_path = dir_ + "/r.csv";
    o.store_path = dir_ + "/s.store";
    ASSERT_TRUE(IngestRegister(*ref_, o).ok());
    auto st = SpellStore::Open(o.store_path);
    ASSERT_TRUE(st.ok());
    store_ = std::make_unique<SpellStore>(std::move(*st));
    groups_ = CodeGroups(*ref_);
  }
  void TearDown() override { [[maybe_unused]] int rc = std::system(("rm -rf " + dir_).c_str()); }

  // The person's forløb as "group first-last/weeks_with[open]" (relative weeks).
  std::vector<std::string> Of(std::uint64_t person, int afbrydelse) {
    PersonForloeb(*store_, groups_, person, afbrydelse, scratch_, list_);
    std::vector<std::string> out;
    for (const Forloeb& f : list_) {
      out.push_back(fmt::format("{} {}-{}/{}{}", ref_->groups()[f.group].id, f.first, f.last,
                                f.weeks_with, f.open ? " open" : ""));
    }
    return out;
  }

  std::unique_ptr<ReferenceData> ref_;
  std::unique_ptr<SpellStore> store_;
  std::vector<int> groups_;
  ForloebScratch scratch_;  // kept across persons, as the scans keep it
  std::vector<Forloeb> list_;
  std::string dir_;
};

TEST_F(ForloebBreakRule, FourWeeksEndAForloebShorterGapsDoNot) {
  using V = std::vector<std::string>;
  EXPECT_EQ(Of(0, 4), (V{"sygedagpenge 0-9/7", "sygedagpenge 14-15/2"}));
  EXPECT_EQ(Of(1, 4), (V{"sygedagpenge 0-19/18", "kontanthjaelp 10-11/2"}));
  EXPECT_EQ(list_[1].previous_group, ref_->GroupIndex("sygedagpenge"));
  EXPECT_EQ(list_[0].duration(), 20);
  EXPECT_EQ(Of(2, 4), (V{"sygedagpenge 29-38/8 open"}));
  // Open: ongoing after its last week, in the data's last week.
  EXPECT_TRUE(list_[0].OngoingAt(39));
  EXPECT_FALSE(list_[0].OngoingAt(28));
}

TEST_F(ForloebBreakRule, OneWeekIsTheOlderRule) {
  using V = std::vector<std::string>;
  EXPECT_EQ(Of(0, 1), (V{"sygedagpenge 0-4/5", "sygedagpenge 8-9/2", "sygedagpenge 14-15/2"}));
  EXPECT_EQ(Of(1, 1), (V{"sygedagpenge 0-9/10", "kontanthjaelp 10-11/2", "sygedagpenge 12-19/8"}));
  EXPECT_EQ(Of(2, 1), (V{"sygedagpenge 29-35/7", "sygedagpenge 38-38/1"}));
  EXPECT_FALSE(list_[1].OngoingAt(39));
  EXPECT_TRUE(list_[1].OngoingAt(38));
}

TEST_F(ForloebBreakRule, RuleNoteNamesTheRuleAndItsSource) {
  EXPECT_EQ(ForloebRuleNote(4).kind, NoteKind::kRule);
  EXPECT_NE(ForloebRuleNote(4).text.find("4 uger"), std::string::npos);
  EXPECT_NE(ForloebRuleNote(4).text.find("fra 2018, for a-dagpenge fra august 2019"),
            std::string::npos);
  EXPECT_NE(ForloebRuleNote(1).text.find("--afbrydelse 1"), std::string::npos);
  EXPECT_NE(ForloebRuleNote(6).text.find("mindst 6 uger"), std::string::npos);
}

}  // namespace
}  // namespace fremdrift
