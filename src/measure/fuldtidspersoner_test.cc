#include "measure/fuldtidspersoner.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>

#include "common/file_util.h"
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
