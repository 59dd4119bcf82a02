#include "measure/breakdown.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <map>

#include "common/file_util.h"
#include "measure/forloeb.h"
#include "registry/ingest.h"

namespace fremdrift {
namespace {

TEST(StandardAgeBands, CutToTheQueryBand) {
  std::vector<std::string> labels;
  for (const auto& b : StandardAgeBands({16, 66, false})) labels.push_back(b.Label());
  EXPECT_EQ(labels, (std::vector<std::string>{"16-19", "20-24", "25-29", "30-34", "35-39", "40-44",
                                              "45-49", "50-54", "55-59", "60-64", "65-66"}));
  labels.clear();
  for (const auto& b : StandardAgeBands({18, 30, false})) labels.push_back(b.Label());
  EXPECT_EQ(labels, (std::vector<std::string>{"18-19", "20-24", "25-29", "30-30"}));
  labels.clear();
  for (const auto& b : StandardAgeBands({10, 70, false})) labels.push_back(b.Label());
  EXPECT_EQ(labels.front(), "10-15");
  EXPECT_EQ(labels.back(), "67-70");
}

class BreakdownTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ref_ = std::make_unique<ReferenceData>(*ReferenceData::LoadEmbedded());
    dir_ = ::testing::TempDir() + "/bd_" + std::to_string(getpid()) + "_" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    ASSERT_EQ(std::system(("rm -rf " + dir_ + " && mkdir -p " + dir_).c_str()), 0);
    // Four persons in Herning, January 2019 (weeks 1-5; week 1's Thursday is 3 January):
    // a man of 30 with 4 weeks of jobparat kontanthjælp (130), a woman of 45 with 2 weeks of
    // 130 and 2 of aktivitetsparat (730), a person of unknown sex with 5 weeks of a-dagpenge,
    // a woman of 62 with 5 weeks of 730.
    std::string csv = "lobenr;foedselsdato;koen;kom;y_1901;y_1902;y_1903;y_1904;y_1905\n";
    csv += "a;1988-06-01;M;657;130;130;130;130;\n";
    csv += "b;1973-06-01;K;657;130;130;730;730;\n";
    csv += "c;1980-06-01;;657;111;111;111;111;111\n";
    csv += "d;1956-06-01;K;657;730;730;730;730;730\n";
    EXPECT_TRUE(WriteStringToFile(dir_ + "/r.csv", csv).ok());
    IngestOptions o;
    o.register_path = dir_ + "/r.csv";
    o.store_path = dir_ + "/s.store";
    auto r = IngestRegister(*ref_, o);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    store_ = std::make_unique<SpellStore>(std::move(*SpellStore::Open(o.store_path)));
    q_.from = q_.to = 2019 * 12;  // January 2019
    q_.groups = {"kontanthjaelp", "a_dagpenge"};
    q_.threads = 1;
  }
  void TearDown() override { [[maybe_unused]] int rc = std::system(("rm -rf " + dir_).c_str()); }

  // fuldtidspersoner by (dimension, kategori, ydelsesgruppe).
  std::map<std::string, double> Ftp(const std::vector<std::string>& by) {
    auto t = WithBreakdowns(*store_, q_, by, [&](const FtpQuery& q) {
      return Fuldtidspersoner(*store_, *ref_, q);
    });
    EXPECT_TRUE(t.ok()) << t.status().ToString();
    std::map<std::string, double> out;
    if (!t.ok()) return out;
    const int d = t->ColumnIndex("dimension"), k = t->ColumnIndex("kategori"),
              g = t->ColumnIndex("ydelsesgruppe"), f = t->ColumnIndex("fuldtidspersoner");
    for (const auto& row : t->rows()) {
      out[std::get<std::string>(row[d]) + "/" + std::get<std::string>(row[k]) + "/" +
          std::get<std::string>(row[g])] = CellToDouble(row[f]);
    }
    return out;
  }

  std::unique_ptr<ReferenceData> ref_;
  std::string dir_;
  std::unique_ptr<SpellStore> store_;
  FtpQuery q_;
};

TEST_F(BreakdownTest, EachBreakdownSumsToTheTotal) {
  auto f = Ftp({"koen", "alder", "visitation", "herkomst"});
  // January 2019 has 5 weeks (Thursdays 3, 10, 17, 24, 31).
  EXPECT_DOUBLE_EQ(f["i_alt/i_alt/kontanthjaelp"], (4 + 4 + 5) / 5.0);
  EXPECT_DOUBLE_EQ(f["koen/mand/kontanthjaelp"], 4 / 5.0);
  EXPECT_DOUBLE_EQ(f["koen/kvinde/kontanthjaelp"], 9 / 5.0);
  EXPECT_DOUBLE_EQ(f["koen/ukendt/a_dagpenge"], 1.0);
  EXPECT_EQ(f.count("koen/ukendt/kontanthjaelp"), 0u);
  EXPECT_DOUBLE_EQ(f["alder/30-34/kontanthjaelp"], 4 / 5.0);
  EXPECT_DOUBLE_EQ(f["alder/45-49/kontanthjaelp"], 4 / 5.0);
  EXPECT_DOUBLE_EQ(f["alder/60-64/kontanthjaelp"], 5 / 5.0);
  EXPECT_DOUBLE_EQ(f["visitation/jobparat/kontanthjaelp"], 6 / 5.0);
  EXPECT_DOUBLE_EQ(f["visitation/aktivitetsparat/kontanthjaelp"], 7 / 5.0);
  EXPECT_DOUBLE_EQ(f["visitation/uden/a_dagpenge"], 1.0);
  EXPECT_DOUBLE_EQ(f["herkomst/ukendt/kontanthjaelp"], f["i_alt/i_alt/kontanthjaelp"]);
  // Every breakdown sums to its total, group by group.
  for (const char* g : {"kontanthjaelp", "a_dagpenge"}) {
    std::map<std::string, double> sum;
    for (const auto& [key, v] : f) {
      auto dim = key.substr(0, key.find('/'));
      if (key.size() > std::string(g).size() && key.ends_with(std::string("/") + g)) sum[dim] += v;
    }
    for (const auto& [dim, v] : sum) EXPECT_NEAR(v, sum["i_alt"], 1e-12) << dim << " " << g;
  }
}

TEST_F(BreakdownTest, RefusesUnknownNamesAndAlderWithoutBand) {
  auto bad = PlanBreakdowns(*store_, q_, {"bopael"});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("'bopael' is not a breakdown"), std::string::npos);
  FtpQuery all = q_;
  all.age.all = true;
  EXPECT_FALSE(PlanBreakdowns(*store_, all, {"alder"}).ok());
}

TEST_F(BreakdownTest, ForloebBySex) {
  auto t = WithBreakdowns(*store_, q_, {"koen"},
                          [&](const FtpQuery& q) { return ForloebTable(*store_, *ref_, q); });
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->columns()[3].name, "dimension");
  EXPECT_EQ(t->columns()[4].name, "kategori");
  // Visitation is a breakdown of weeks, not of forløb.
  auto v = WithBreakdowns(*store_, q_, {"visitation"},
                          [&](const FtpQuery& q) { return ForloebTable(*store_, *ref_, q); });
  EXPECT_FALSE(v.ok());
}

TEST_F(BreakdownTest, HerkomstAndKeptColumnsFromTheStore) {
  // The same persons with a herkomst and a civilstand column, civilstand kept at ingest.
  std::string csv =
      "lobenr;foedselsdato;koen;kom;herkomst;civilstand;y_1901;y_1902;y_1903;y_1904;y_1905\n";
  csv += "a;1988-06-01;M;657;Personer med dansk oprindelse;gift;130;130;130;130;\n";
  csv += "b;1973-06-01;K;657;Indvandrere fra ikke-vestlige lande;;130;130;730;730;\n";
  csv += "c;1980-06-01;;657;Efterkommere fra vestlige lande;ugift;111;111;111;111;111\n";
  csv += "d;1956-06-01;K;657;;gift;730;730;730;730;730\n";
  ASSERT_TRUE(WriteStringToFile(dir_ + "/h.csv", csv).ok());
  IngestOptions o;
  o.register_path = dir_ + "/h.csv";
  o.store_path = dir_ + "/h.store";
  o.keep_columns = {"civilstand"};
  ASSERT_TRUE(IngestRegister(*ref_, o).ok());
  store_ = std::make_unique<SpellStore>(std::move(*SpellStore::Open(o.store_path)));
  auto f = Ftp({"herkomst", "civilstand"});
  EXPECT_DOUBLE_EQ(f["herkomst/dansk_oprindelse/kontanthjaelp"], 4 / 5.0);
  EXPECT_DOUBLE_EQ(f["herkomst/ikke_vestlig/kontanthjaelp"], 4 / 5.0);
  EXPECT_DOUBLE_EQ(f["herkomst/ukendt/kontanthjaelp"], 5 / 5.0);
  EXPECT_DOUBLE_EQ(f["herkomst/vestlig/a_dagpenge"], 1.0);
  EXPECT_DOUBLE_EQ(f["herkomst/dansk_oprindelse/kontanthjaelp"] +
                       f["herkomst/ikke_vestlig/kontanthjaelp"] +
                       f["herkomst/ukendt/kontanthjaelp"] + f["herkomst/vestlig/kontanthjaelp"],
                   f["i_alt/i_alt/kontanthjaelp"]);
  EXPECT_DOUBLE_EQ(f["civilstand/gift/kontanthjaelp"], 9 / 5.0);
  EXPECT_DOUBLE_EQ(f["civilstand/ukendt/kontanthjaelp"], 4 / 5.0);
  EXPECT_DOUBLE_EQ(f["civilstand/ugift/a_dagpenge"], 1.0);
  // A column that was not kept is no breakdown.
  EXPECT_FALSE(WithBreakdowns(*store_, q_, {"note"}, [&](const FtpQuery& q) {
                 return Fuldtidspersoner(*store_, *ref_, q);
               }).ok());
}

}  // namespace
}  // namespace fremdrift
