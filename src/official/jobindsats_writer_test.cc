// The response writer: what it writes reads back through the response parser as the same
// figures (areas, periods, groups, measures), and an absent figure is not published.
#include "official/jobindsats_writer.h"

#include <gtest/gtest.h>

#include <map>

#include "official/jobindsats_response.h"

namespace fremdrift::official {
namespace {

class WriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto ref = ReferenceData::LoadEmbedded();
    ASSERT_TRUE(ref.ok()) << ref.status().ToString();
    ref_ = std::move(ref).value();
  }
  std::map<std::string, double> Read(const std::string& text, std::string_view table) {
    auto t = FindJobindsatsTable(table);
    EXPECT_TRUE(t.ok());
    auto figures = ParseJobindsatsResponse(text, **t, "simuleret.json", ref_);
    EXPECT_TRUE(figures.ok()) << figures.status().ToString();
    std::map<std::string, double> out;
    if (!figures.ok()) return out;
    for (const OfficialFigure& f : *figures) {
      out[f.period + "|" + f.area + "|" + f.ydelsesgruppe + "|" + f.measure] = f.value;
    }
    return out;
  }
  ReferenceData ref_;
};

TEST_F(WriterTest, BenefitRowsReadBack) {
  std::vector<BenefitResponseRow> rows(2);
  rows[0] = {"Herning", "2021M03", 120, 85.54, 2.345, 1.5};
  rows[1] = {"Hele landet", "2021M03", 5000, 4100.0, std::nullopt, std::nullopt};
  auto figures = Read(BenefitResponseJson(rows), "Y07A02");
  EXPECT_EQ(figures.size(), 6u);  // 4 + 2: the absent shares are not published
  EXPECT_DOUBLE_EQ(figures["2021-03|657|sygedagpenge|personer"], 120);
  EXPECT_DOUBLE_EQ(figures["2021-03|657|sygedagpenge|fuldtidspersoner"], 85.5);  // 1 decimal
  EXPECT_DOUBLE_EQ(figures["2021-03|657|sygedagpenge|andel_arbejdsstyrke"], 2.35);
  EXPECT_DOUBLE_EQ(figures["2021-03|Hele landet|sygedagpenge|fuldtidspersoner"], 4100);
  EXPECT_EQ(figures.count("2021-03|Hele landet|sygedagpenge|andel_befolkning"), 0u);
}

TEST_F(WriterTest, BenchmarkRowsReadBackWithTheirDifference) {
  std::vector<BenchmarkResponseRow> rows = {
      {"Herning", "2021QMAT04", "Ydelsesgrupper i alt", 6000, 5880, 10.04, 9.81, 2},
      {"Helsingør", "2021QMAT04", "Ydelsesgrupper i alt", 5000, 5100, 11.0, 11.2, 3}};
  auto figures = Read(BenchmarkResponseJson(rows), "Y30R21");
  EXPECT_DOUBLE_EQ(figures["2021QMAT04|657|alle|forventet_antal"], 6000);
  EXPECT_DOUBLE_EQ(figures["2021QMAT04|657|alle|forskel_antal"], 120);
  EXPECT_DOUBLE_EQ(figures["2021QMAT04|657|alle|forventet_andel"], 10.0);
  EXPECT_NEAR(figures["2021QMAT04|657|alle|forskel_andel"], 0.2, 1e-9);
  EXPECT_DOUBLE_EQ(figures["2021QMAT04|217|alle|placering"], 3);
  EXPECT_DOUBLE_EQ(figures["2021QMAT04|217|alle|forskel_antal"], -100);
}

}  // namespace
}  // namespace fremdrift::official
