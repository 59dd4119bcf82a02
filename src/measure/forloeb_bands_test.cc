// Known answers, worked out by hand on a tiny register, for the forloeb table of
// docs/measurements.md: ongoing forløb by duration band (0-4, 5-8, 9-13, 14-26, 27-39, 40-52
// weeks, 1-2, 2-3, over 3 years), "over 26 weeks", started and ended counts, the average duration
// of the ended, where each is counted when the person moves, open forløb at the register's end,
// durations counted from the register's first week, and the notes. The band arithmetic is checked
// under the older break rule (--afbrydelse 1: any week without the group ends a forløb), where
// the W28 ends below are ended; the default break rule has its own data-driven cases
// (tests/cases/forloeb_gap_*) and unit tests (forloeb_scan_test.cc).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>

#include "common/file_util.h"
#include "measure/forloeb.h"
#include "measure/known_register_testutil.h"
#include "registry/ingest.h"

namespace fremdrift {
namespace {

using known::Register;
using known::WeeksBetween;
using known::Wk;

const char* const kBandColumns[] = {
    "varighed_0_4_uger",   "varighed_5_8_uger",   "varighed_9_13_uger",
    "varighed_14_26_uger", "varighed_27_39_uger", "varighed_40_52_uger",
    "varighed_1_2_aar",    "varighed_2_3_aar",    "varighed_over_3_aar"};

struct Expected {
  std::int64_t igangvaerende, startede, afsluttede, over_26;
  double average_ended;  // NaN: no ended forløb (empty cell)
  std::vector<std::int64_t> bands;
};

// The register holds 2016-W01 to 2019-W30 (2016-2018 have 52 ISO weeks each). Everybody is born
// in 1980 and lives in Herning (657), except the mover M, who lives in Holstebro (661) in 2018.
// All forløb are sygedagpenge (890). June 2019 = weeks 23-26 (Thursdays 6, 13, 20, 27 June), July
// 2019 = weeks 27-30, August 2019 = weeks 31-35, October 2018 = weeks 40-43.
//
// Ongoing forløb, by their duration at 2019-W26 (first week to W26 inclusive), first week by hand:
//   d4: 2019-W23   d5: W22   d7: W20 (open: runs to W30, the register's last week)
//   d9: W18   d11: W16   d13: W14   d14: W13   d15: W12   d20: W07   d26: W01
//   d39: 2018-W40 (M, the mover)   d40: 2018-W39   d52: 2018-W27   d53: 2018-W26
//   d80: 2017-W51   d104: 2017-W27   d105: 2017-W26   d157: 2016-W26
//   d182: 2016-W01, the register's first week (earlier weeks are unknown: counted from there).
// All but d7 end at 2019-W28 (blank W29-W30, so ended in July).
// Ended in June: E1 W10-W24 (15 weeks, then blank), E2 W20-W25 (6 weeks, then kontanthjælp 730
// W26-W28, another group, which ends it; kontanthjælp is not selected).
class ForloebBands : public ::testing::Test {
 protected:
  void SetUp() override {
    ref_ = std::make_unique<ReferenceData>(*ReferenceData::LoadEmbedded());
    dir_ = ::testing::TempDir() + "/forloeb_bands_" + std::to_string(getpid()) + "_" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    ASSERT_EQ(std::system(("rm -rf " + dir_ + " && mkdir -p " + dir_).c_str()), 0);
    Register reg(WeeksBetween({2016, 1}, {2019, 30}));
    const Wk end{2019, 28};
    const std::pair<int, Wk> ongoing[] = {
        {4, {2019, 23}},  {5, {2019, 22}},  {9, {2019, 18}},   {11, {2019, 16}},
        {13, {2019, 14}}, {14, {2019, 13}}, {15, {2019, 12}},  {20, {2019, 7}},
        {26, {2019, 1}},  {40, {2018, 39}}, {52, {2018, 27}},  {53, {2018, 26}},
        {80, {2017, 51}}, {104, {2017, 27}}, {105, {2017, 26}}, {157, {2016, 26}},
        {182, {2016, 1}}};
    for (const auto& [dur, first] : ongoing) {
      reg.Code(reg.Add("d" + std::to_string(dur), "657"), first, end, "890");
    }
    const int mover = reg.Add("M", "657");
    reg.Kom(mover, 2018, "661");
    reg.Code(mover, {2018, 40}, end, "890");
    reg.Code(reg.Add("d7", "657"), {2019, 20}, {2019, 30}, "890");
    reg.Code(reg.Add("E1", "657"), {2019, 10}, {2019, 24}, "890");
    const int e2 = reg.Add("E2", "657");
    reg.Code(e2, {2019, 20}, {2019, 25}, "890");
    reg.Code(e2, {2019, 26}, {2019, 28}, "730");

    ASSERT_TRUE(WriteStringToFile(dir_ + "/r.csv", reg.Csv()).ok());
    IngestOptions o;
    o.register_path = dir_ + "/r.csv";
    o.store_path = dir_ + "/s.store";
    auto r = IngestRegister(*ref_, o);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    auto st = SpellStore::Open(o.store_path);
    ASSERT_TRUE(st.ok()) << st.status().ToString();
    store_ = std::make_unique<SpellStore>(std::move(*st));
  }
  void TearDown() override { [[maybe_unused]] int rc = std::system(("rm -rf " + dir_).c_str()); }

  Result<Table> Measure(MonthIndex from, MonthIndex to) {
    FtpQuery q;
    q.from = from;
    q.to = to;
    q.levels = {AreaLevel::kKommune};
    q.groups = {"sygedagpenge"};
    q.afbrydelse = 1;
    return ForloebTable(*store_, *ref_, q);
  }

  void ExpectRow(const Table& t, const std::string& period, const std::string& area,
                 const Expected& e) {
    SCOPED_TRACE(period + " " + area);
    const std::vector<Cell>* row = nullptr;
    for (const auto& r : t.rows()) {
      if (CellToString(r[t.ColumnIndex("periode")]) == period &&
          CellToString(r[t.ColumnIndex("omraade")]) == area) {
        ASSERT_EQ(row, nullptr) << "two rows";
        row = &r;
      }
    }
    ASSERT_NE(row, nullptr) << "no row";
    auto num = [&](const char* col) { return CellToDouble((*row)[t.ColumnIndex(col)]); };
    EXPECT_EQ(CellToString((*row)[t.ColumnIndex("ydelsesgruppe")]), "sygedagpenge");
    EXPECT_EQ(num("igangvaerende"), e.igangvaerende);
    EXPECT_EQ(num("startede"), e.startede);
    EXPECT_EQ(num("afsluttede"), e.afsluttede);
    EXPECT_EQ(num("igangvaerende_over_26_uger"), e.over_26);
    if (std::isnan(e.average_ended)) {
      EXPECT_TRUE(std::isnan(num("gennemsnitlig_varighed_afsluttede")));
    } else {
      EXPECT_DOUBLE_EQ(num("gennemsnitlig_varighed_afsluttede"), e.average_ended);
    }
    std::vector<std::int64_t> bands;
    for (const char* col : kBandColumns) bands.push_back(static_cast<std::int64_t>(num(col)));
    EXPECT_EQ(bands, e.bands);
  }

  std::unique_ptr<ReferenceData> ref_;
  std::unique_ptr<SpellStore> store_;
  std::string dir_;
};

// June 2019, ongoing at W26: 19 forløb, the mover's counted in Herning (where it lives that week).
//   0-4: d4 | 5-8: d5, d7 | 9-13: d9, d11, d13 | 14-26: d14, d15, d20, d26 | 27-39: d39 (M) |
//   40-52: d40, d52 | 1-2 years: d53, d80, d104 | 2-3 years: d105 | over 3 years: d157, d182
//   → 1, 2, 3, 4, 1, 2, 3, 1, 2. Over 26 weeks: 1 + 2 + 3 + 1 + 2 = 9.
//   Started (first week in W23-W26): d4 only. Ended: E1 (15) and E2 (6), average 10.5.
// July 2019, ongoing at W30: only d7 (open), 11 weeks (W20-W30) → 9-13; it has not ended.
//   Ended at W28: the other 18, each 2 weeks longer than at W26: sum of durations at W26 =
//   4+5+9+11+13+14+15+20+26+39+40+52+53+80+104+105+157+182 = 929, + 2 × 18 = 965;
//   average 965/18 = 53.6111... The mover ends in Herning.
TEST_F(ForloebBands, JuneAndJuly2019) {
  auto t = Measure(MakeMonth(2019, 6), MakeMonth(2019, 7));
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->rows().size(), 2u);  // no Holstebro row: nothing of M's is counted there in 2019
  ExpectRow(*t, "2019-06", "657", {19, 1, 2, 9, 10.5, {1, 2, 3, 4, 1, 2, 3, 1, 2}});
  ExpectRow(*t, "2019-07", "657", {1, 0, 18, 0, 965.0 / 18, {0, 0, 1, 0, 0, 0, 0, 0, 0}});
  // Both months lie inside the register: the general note and the break rule's (kind rule);
  // July is the register's latest month (W30, Thursday 25 July, ends it): preliminary.
  ASSERT_EQ(t->notes().size(), 3u);
  EXPECT_EQ(t->note(2).kind, NoteKind::kPreliminary);
  EXPECT_EQ(t->notes()[2],
            "Foreløbige tal: juli 2019 er registerets seneste måned; sene registreringer hæver "
            "typisk tallene, når registeret opdateres næste gang.");
  EXPECT_EQ(t->notes()[0].rfind("Et forløb er uger med samme ydelsesgruppe", 0), 0u);
  EXPECT_EQ(t->note(1), ForloebRuleNote(1));
  EXPECT_EQ(t->note_kinds()[1], NoteKind::kRule);
  EXPECT_NE(t->notes()[1].find("første uge uden ydelsen"), std::string::npos);
}

// October 2018, ongoing at W43 (35 weeks before 2019-W26): the forløb of duration ≥ 36 at W26.
//   Herning: d40, d52, d53, d80, d104, d105, d157, d182 with 5, 17, 18, 45, 69, 70, 122, 147
//   weeks → 5-8: 1, 14-26: 2, 40-52: 1, 1-2 years: 2, 2-3 years: 2; over 26 weeks: 5.
//   Holstebro: M, started in W40 (counted where it started), 4 weeks → 0-4.
TEST_F(ForloebBands, October2018WithTheMoverInHolstebro) {
  auto t = Measure(MakeMonth(2018, 10), MakeMonth(2018, 10));
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->rows().size(), 2u);
  ExpectRow(*t, "2018-10", "657", {8, 0, 0, 5, NAN, {0, 1, 0, 2, 0, 1, 2, 2, 0}});
  ExpectRow(*t, "2018-10", "661", {1, 1, 0, 0, NAN, {1, 0, 0, 0, 0, 0, 0, 0, 0}});
}

// August 2019 (W31-W35) lies after the register's last week: the table says so.
TEST_F(ForloebBands, PeriodAfterTheRegisterIsNoted) {
  auto t = Measure(MakeMonth(2019, 6), MakeMonth(2019, 8));
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(t->notes().size(), 4u);
  EXPECT_EQ(t->notes()[2],
            "Registeret dækker 2016-W01 til 2019-W30; perioder uden for det er ufuldstændige.");
  EXPECT_EQ(t->note(3).kind, NoteKind::kPreliminary);
  ExpectRow(*t, "2019-06", "657", {19, 1, 2, 9, 10.5, {1, 2, 3, 4, 1, 2, 3, 1, 2}});
}

}  // namespace
}  // namespace fremdrift
