#include "domain/reference.h"

#include <gtest/gtest.h>

namespace fremdrift {
namespace {

const char kGroups[] =
    "ydelsesgruppe,navn,offentlig_forsoergelse,sort\na_dagpenge,A-dagpenge,1,1\nsu,SU,0,2\n";
const char kCodes[] =
    "code,meaning,ydelsesgruppe,indsats,match,bruttoledig\n111,Dagpenge,a_dagpenge,,,1\n"
    "651,SU,su,,,0\n";
const char kKommuner[] = "kode,navn,rar,region\n657,Herning,RAR Vestjylland,Region Midtjylland\n";

TEST(ReferenceTest, Embedded) {
  auto ref = ReferenceData::LoadEmbedded();
  ASSERT_TRUE(ref.ok()) << ref.status().ToString();
  EXPECT_EQ(ref->municipalities().size(), 98u);
  EXPECT_EQ(ref->rar_names().size(), 8u);
  EXPECT_EQ(ref->region_names().size(), 5u);
  int herning = ref->MunicipalityIndex(657);
  ASSERT_GE(herning, 0);
  EXPECT_EQ(ref->rar_names()[ref->municipalities()[herning].rar], "RAR Vestjylland");
  int c = ref->CodeIndex(730);
  ASSERT_GE(c, 0);
  EXPECT_EQ(ref->groups()[ref->codes()[c].group].id, "kontanthjaelp");
  EXPECT_EQ(ref->codes()[c].match, "aktivitetsparat");
}

TEST(ReferenceTest, Valid) {
  auto ref = ReferenceData::Parse(kGroups, kCodes, kKommuner, "t");
  ASSERT_TRUE(ref.ok()) << ref.status().ToString();
  EXPECT_EQ(ref->CodeIndex(999), -1);
}

struct BadCase {
  std::string groups, codes, kommuner, message;
};
class ReferenceBadTest : public ::testing::TestWithParam<BadCase> {};
TEST_P(ReferenceBadTest, ClearError) {
  auto c = GetParam();
  auto ref = ReferenceData::Parse(c.groups, c.codes, c.kommuner, "t");
  ASSERT_FALSE(ref.ok());
  EXPECT_EQ(ref.status().message(), c.message);
}
INSTANTIATE_TEST_SUITE_P(
    Cases, ReferenceBadTest,
    ::testing::Values(
        BadCase{kGroups, std::string(kCodes) + "730,KH,kontant,,,0\n", kKommuner,
                "t/dream-codes.csv, row 4, column 'ydelsesgruppe': 'kontant' is not a known "
                "group"},
        BadCase{kGroups, std::string(kCodes) + "111,again,a_dagpenge,,,1\n", kKommuner,
                "t/dream-codes.csv, row 4, column 'code': '111' appears twice"},
        BadCase{kGroups, kCodes, std::string(kKommuner) + "65,X,RAR A,Region B\n",
                "t/kommuner.csv, row 3, column 'kode': '65' is not a 3-digit municipality code"},
        BadCase{kGroups, kCodes, std::string(kKommuner) + "657,Y,RAR A,Region B\n",
                "t/kommuner.csv, row 3, column 'kode': '657' appears twice"},
        BadCase{std::string(kGroups) + "su,SU,0,3\n", kCodes, kKommuner,
                "t/ydelsesgrupper.csv, row 4, column 'ydelsesgruppe': 'su' appears twice"},
        BadCase{kGroups, "code,meaning\n", kKommuner,
                "t/dream-codes.csv: missing column 'ydelsesgruppe'"}));

}  // namespace
}  // namespace fremdrift
