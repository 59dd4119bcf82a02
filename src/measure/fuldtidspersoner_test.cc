#include "measure/fuldtidspersoner.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <set>

#include "common/file_util.h"
#include "measure/forloeb.h"
#include "registry/ingest.h"

namespace fremdrift {
namespace {

// Builds a store from register text and measures it; most rule cases are data-driven
// (tests/cases/); these check the API and the parallel scan.
class FtpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ref_ = std::make_unique<ReferenceData>(*ReferenceData::LoadEmbedded());
    dir_ = ::testing::TempDir() + "/ftp_" + std::to_string(getpid()) + "_" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    ASSERT_EQ(std::system(("rm -rf " + dir_ + " && mkdir -p " + dir_).c_str()), 0);
  }
  void TearDown() override { [[maybe_unused]] int rc = std::system(("rm -rf " + dir_).c_str()); }
  SpellStore Store(const std::string& csv) {
    EXPECT_TRUE(WriteStringToFile(dir_ + "/r.csv", csv).ok());
    IngestOptions o;
    o.register_path = dir_ + "/r.csv";
    o.store_path = dir_ + "/s.store";
    auto r = IngestRegister(*ref_, o);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return std::move(*SpellStore::Open(o.store_path));
  }
  std::unique_ptr<ReferenceData> ref_;
  std::string dir_;
};

TEST_F(FtpTest, HalfYearOfDagpengeCountsHalf) {
  // 26 weeks of a-dagpenge in 2019 (52 weeks) → 0.5 full-time persons for the year.
  std::string header = "lobenr;foedselsdato;kom";
  std::string row = "A;1980-06-01;657";
  for (int w = 1; w <= 52; ++w) {
    header += fmt::format(";y_19{:02d}", w);
    row += w <= 26 ? ";111" : ";";
  }
  SpellStore st = Store(header + "\n" + row + "\n");
  FtpQuery q;
  q.period = PeriodKind::kYear;
  q.from = MakeMonth(2019, 1);
  q.to = MakeMonth(2019, 12);
  q.levels = {AreaLevel::kLand};
  auto cube = ComputeFtpCube(st, *ref_, q);
  ASSERT_TRUE(cube.ok()) << cube.status().ToString();
  int g = cube->SeriesIndex("a_dagpenge");
  EXPECT_DOUBLE_EQ(cube->Fuldtidspersoner(0, 0, g), 0.5);
  EXPECT_EQ(cube->persons[cube->Index(0, 0, g)], 1);
  EXPECT_DOUBLE_EQ(cube->Fuldtidspersoner(0, 0, cube->SeriesIndex("offentlig_forsoergelse")), 0.5);
}

TEST_F(FtpTest, ParallelScanEqualsSerial) {
  std::string csv = "lobenr;foedselsdato;kom;y_1905;y_1906;y_1907;y_1908;y_1909\n";
  const char* codes[] = {"730", "111", "890", "783", ""};
  const char* kom[] = {"657", "217", "573", ""};
  for (int i = 0; i < 5000; ++i) {
    csv += fmt::format("P{};{}-03-04;{}", i, 1950 + i % 60, kom[i % 4]);
    for (int w = 0; w < 5; ++w) csv += std::string(";") + codes[(i * 7 + w * (i % 3)) % 5];
    csv += "\n";
  }
  SpellStore st = Store(csv);
  FtpQuery q;
  q.from = q.to = MakeMonth(2019, 2);
  q.levels = {AreaLevel::kKommune, AreaLevel::kRar, AreaLevel::kLand};
  q.threads = 1;
  auto one = Fuldtidspersoner(st, *ref_, q);
  q.threads = 2;
  auto two = Fuldtidspersoner(st, *ref_, q);
  ASSERT_TRUE(one.ok() && two.ok());
  ASSERT_EQ(one->rows().size(), two->rows().size());
  EXPECT_GT(one->rows().size(), 10u);
  for (size_t r = 0; r < one->rows().size(); ++r) EXPECT_EQ(one->rows()[r], two->rows()[r]);
}

// A query for one municipality (and its RAR area and region) scans only the persons of the
// municipalities feeding those areas (KommuneIndex); the figures must equal those of a full scan,
// moves between municipalities included. The forløb measurements share the person set.
TEST_F(FtpTest, OneMunicipalityEqualsFullScan) {
  const int kom[] = {657, 661, 665, 671, 756, 760, 766, 217, 219, 223, 101, 147, 151, 153, 155,
                     157, 159, 161, 163, 165, 167, 169, 173, 175, 183, 185, 187, 190, 201, 210};
  std::string csv = "lobenr;foedselsdato;kom_2018;kom_2019";
  for (int w = 45; w <= 52; ++w) csv += fmt::format(";y_18{:02d}", w);
  for (int w = 1; w <= 20; ++w) csv += fmt::format(";y_19{:02d}", w);
  csv += "\n";
  const char* codes[] = {"730", "111", "890", "783", "", "", "215", "130"};
  for (int i = 0; i < 6000; ++i) {
    csv += fmt::format("P{};{}-0{}-1{};{};{}", i, 1940 + i % 70, 1 + i % 9, i % 10, kom[i % 30],
                       kom[(i / 7) % 30]);
    for (int w = 0; w < 28; ++w) csv += std::string(";") + codes[(i * 5 + (w / (1 + i % 6))) % 8];
    csv += "\n";
  }
  SpellStore st = Store(csv);
  FtpQuery all;
  all.from = MakeMonth(2018, 11);
  all.to = MakeMonth(2019, 5);
  all.levels = {AreaLevel::kKommune, AreaLevel::kRar, AreaLevel::kRegion};
  FtpQuery one = all;
  one.kommuner = {657};
  auto check = [&](const Result<Table>& a, const Result<Table>& o) {
    ASSERT_TRUE(a.ok() && o.ok()) << a.status().ToString() << o.status().ToString();
    std::set<std::string> areas;
    for (const auto& r : o->rows()) areas.insert(std::get<std::string>(r[1]));
    EXPECT_EQ(areas.size(), 3u);  // Herning, RAR Vestjylland, Region Midtjylland
    std::vector<std::vector<Cell>> expected;
    for (const auto& r : a->rows()) {
      if (areas.count(std::get<std::string>(r[1]))) expected.push_back(r);
    }
    EXPECT_GT(expected.size(), 20u);
    EXPECT_EQ(o->rows(), expected);
  };
  check(Fuldtidspersoner(st, *ref_, all), Fuldtidspersoner(st, *ref_, one));
  all.age.all = one.age.all = true;
  check(ForloebTable(st, *ref_, all), ForloebTable(st, *ref_, one));
}

// With the store's memo enabled (the server), monthly cubes are cut out of a whole-store cube;
// every query must give what a scan gives: any levels, municipalities, groups, age bands and
// month ranges, also reaching outside the register.
TEST_F(FtpTest, StoreCubeSliceEqualsScan) {
  std::string csv = "lobenr;foedselsdato;kom_2018;kom_2019";
  for (int w = 45; w <= 52; ++w) csv += fmt::format(";y_18{:02d}", w);
  for (int w = 1; w <= 20; ++w) csv += fmt::format(";y_19{:02d}", w);
  csv += "\n";
  const char* codes[] = {"730", "111", "890", "783", "", "145", "215", "130"};
  const int kom[] = {657, 661, 217, 101, 0};
  for (int i = 0; i < 3000; ++i) {
    csv += fmt::format("P{};{}-0{}-1{};{};{}", i, 1950 + i % 60, 1 + i % 9, i % 10,
                       kom[i % 5] ? std::to_string(kom[i % 5]) : "", kom[(i / 3) % 4]);
    for (int w = 0; w < 28; ++w) csv += std::string(";") + codes[(i * 3 + (w / (1 + i % 5))) % 8];
    csv += "\n";
  }
  SpellStore scan_store = Store(csv);
  auto memo_store = SpellStore::Open(dir_ + "/s.store");
  ASSERT_TRUE(memo_store.ok());
  memo_store->EnableMemo();
  std::vector<FtpQuery> queries(5);
  queries[0].from = MakeMonth(2018, 11);
  queries[0].to = MakeMonth(2019, 5);
  queries[1] = queries[0];
  queries[1].levels = {AreaLevel::kKommune, AreaLevel::kRar, AreaLevel::kRegion, AreaLevel::kLand};
  queries[1].kommuner = {657};
  queries[2] = queries[1];
  queries[2].age = *ParseAgeBand("16-29");
  queries[2].groups = {"kontanthjaelp", "offentlig_forsoergelse", "bruttoledig"};
  queries[3] = queries[1];
  queries[3].from = MakeMonth(2017, 6);  // before the register
  queries[3].to = MakeMonth(2019, 9);    // after it
  queries[3].age.all = true;
  queries[4] = queries[0];
  queries[4].levels = {AreaLevel::kLand, AreaLevel::kRegion};
  for (const FtpQuery& q : queries) {
    auto scanned = Fuldtidspersoner(scan_store, *ref_, q);
    auto sliced = Fuldtidspersoner(*memo_store, *ref_, q);
    ASSERT_TRUE(scanned.ok() && sliced.ok());
    EXPECT_GT(scanned->rows().size(), 10u);
    EXPECT_EQ(sliced->rows(), scanned->rows());
    EXPECT_EQ(sliced->notes(), scanned->notes());
  }
}

TEST_F(FtpTest, BadQueries) {
  SpellStore st = Store("lobenr;kom;y_1901\nA;657;730\n");
  FtpQuery q;
  q.from = q.to = MakeMonth(2019, 1);
  q.groups = {"kontant"};
  EXPECT_EQ(Fuldtidspersoner(st, *ref_, q).status().message(),
            "--group: 'kontant' is not a benefit group");
  q.groups = {};
  q.kommuner = {999};
  EXPECT_EQ(Fuldtidspersoner(st, *ref_, q).status().message(),
            "--kommune: 999 is not a municipality code");
  EXPECT_FALSE(ParseAgeBand("66-16").ok());
  EXPECT_EQ(ParseAgeBand("16-29")->max, 29);
  EXPECT_TRUE(ParseAgeBand("all")->all);
}

}  // namespace
}  // namespace fremdrift

namespace fremdrift {
namespace {

// Every benefit group that counts as offentlig forsørgelse has a place in the status priority
// (none falls to the unranked "other" groups), and the places follow STAR's order.
TEST(StatusPriority, RanksEveryPublicBenefitGroupInStarsOrder) {
  auto ref = ReferenceData::LoadEmbedded();
  ASSERT_TRUE(ref.ok());
  const int other = StatusPriority("barsel");
  for (const auto& g : ref->groups()) {
    if (g.offentlig_forsoergelse) EXPECT_LT(StatusPriority(g.id), other) << g.id;
  }
  const char* order[] = {"a_dagpenge",        "midlertidig_arbejdsmarkedsydelse",
                         "kontantydelse",     "kontanthjaelp",
                         "integrationsydelse", "uddannelseshjaelp",
                         "revalidering",      "ressourceforloeb",
                         "jobafklaring",      "sygedagpenge",
                         "fleksjob",          "ledighedsydelse",
                         "foertidspension",   "efterloen",
                         "su"};
  for (std::size_t i = 1; i < std::size(order); ++i) {
    EXPECT_LT(StatusPriority(order[i - 1]), StatusPriority(order[i])) << order[i];
  }
  EXPECT_EQ(StatusPriority("selvforsoergelses_hjemrejseydelse"), StatusPriority("integrationsydelse"));
  EXPECT_EQ(StatusPriority("seniorpension"), StatusPriority("foertidspension"));
  EXPECT_EQ(StatusPriority("tidlig_pension"), StatusPriority("efterloen"));
}

}  // namespace
}  // namespace fremdrift
