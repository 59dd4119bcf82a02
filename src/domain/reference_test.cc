#include "domain/reference.h"

#include <gtest/gtest.h>

#include <cstdio>

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

// Every municipality has its CVR number (KOMBIT's roles are scoped by it), each one different.
TEST(ReferenceTest, EmbeddedMunicipalitiesHaveTheirCvrNumbers) {
  auto ref = ReferenceData::LoadEmbedded();
  ASSERT_TRUE(ref.ok()) << ref.status().ToString();
  for (const Municipality& m : ref->municipalities()) {
    EXPECT_EQ(m.cvr.size(), 8u) << m.name;
    EXPECT_EQ(ref->MunicipalityByCvr(m.cvr), m.code) << m.name;
  }
  EXPECT_EQ(ref->MunicipalityByCvr("29189919"), 657);  // Herning
  EXPECT_EQ(ref->MunicipalityByCvr("64502018"), 217);  // Helsingør
  EXPECT_EQ(ref->MunicipalityByCvr("12345678"), 0);
  EXPECT_EQ(ref->MunicipalityByCvr(""), 0);
}

TEST(ReferenceTest, TheCvrColumnIsOptional) {
  auto ref = ReferenceData::Parse(kGroups, kCodes, kKommuner, "t");
  ASSERT_TRUE(ref.ok()) << ref.status().ToString();
  EXPECT_EQ(ref->municipalities()[0].cvr, "");
  EXPECT_EQ(ref->MunicipalityByCvr("29189919"), 0);
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
        BadCase{kGroups, kCodes, "kode,navn,rar,region,cvr\n657,Herning,RAR V,Region M,29189918\n",
                "t/kommuner.csv, row 2, column 'cvr': '29189918' is not a CVR number (8 digits "
                "with a valid check digit)"},
        BadCase{kGroups, kCodes,
                "kode,navn,rar,region,cvr\n657,Herning,RAR V,Region M,29189919\n"
                "217,Helsingør,RAR N,Region H,29189919\n",
                "t/kommuner.csv, row 3, column 'cvr': '29189919' appears twice"},
        BadCase{std::string(kGroups) + "su,SU,0,3\n", kCodes, kKommuner,
                "t/ydelsesgrupper.csv, row 4, column 'ydelsesgruppe': 'su' appears twice"},
        BadCase{kGroups, "code,meaning\n", kKommuner,
                "t/dream-codes.csv: missing column 'ydelsesgruppe'"},
        BadCase{kGroups,
                "code,meaning,ydelsesgruppe,indsats,match,bruttoledig,gyldig_fra,gyldig_til\n"
                "111,D,a_dagpenge,,,1,2019-02-30,\n",
                kKommuner,
                "t/dream-codes.csv, row 2, column 'gyldig_fra': '2019-02-30' is not a date "
                "YYYY-MM-DD"},
        BadCase{kGroups,
                "code,meaning,ydelsesgruppe,indsats,match,bruttoledig,gyldig_fra,gyldig_til\n"
                "111,D,a_dagpenge,,,1,2020-01-01,2019-12-31\n",
                kKommuner,
                "t/dream-codes.csv, row 2, column 'gyldig_til': '2019-12-31' is before "
                "gyldig_fra"},
        BadCase{kGroups, std::string(kCodes) + "000,X,su,,,0\n", kKommuner,
                "t/dream-codes.csv, row 4, column 'code': '000' is reserved for kept unknown "
                "codes (group ukendt_kode)"},
        BadCase{std::string(kGroups) + "ukendt_kode,Ukendt,0,3\n",
                std::string(kCodes) + "123,X,ukendt_kode,,,0\n", kKommuner,
                "t/dream-codes.csv, row 4, column 'ydelsesgruppe': 'ukendt_kode' is kept for "
                "codes that are not in the list"}));

TEST(ReferenceTest, CodesWithoutValidityColumnsAreValidAlways) {
  auto ref = ReferenceData::Parse(kGroups, kCodes, kKommuner, "t");
  ASSERT_TRUE(ref.ok()) << ref.status().ToString();
  const BenefitCode& c = ref->codes()[ref->CodeIndex(111)];
  EXPECT_FALSE(c.dated());
  EXPECT_TRUE(c.ValidInWeek(*WeekFromIsoWeek(1991, 27)));
  EXPECT_TRUE(c.ValidInWeek(*WeekFromIsoWeek(2090, 1)));
  // No ukendt_kode group: no entry for kept unknown codes.
  EXPECT_EQ(ref->CodeIndex(kKeptUnknownCode), -1);
}

TEST(ReferenceTest, ValidityCoversEveryWeekWithADayInside) {
  const char codes[] =
      "code,meaning,ydelsesgruppe,indsats,match,bruttoledig,gyldig_fra,gyldig_til\n"
      "111,D,a_dagpenge,,,1,2020-01-01,\n"
      "651,SU,su,,,0,,2019-06-30\n";
  auto ref = ReferenceData::Parse(kGroups, codes, kKommuner, "t");
  ASSERT_TRUE(ref.ok()) << ref.status().ToString();
  const BenefitCode& d = ref->codes()[ref->CodeIndex(111)];
  // 2020-01-01 is the Wednesday of ISO week 2020-W01 (Monday 2019-12-30).
  EXPECT_FALSE(d.ValidInWeek(*WeekFromIsoWeek(2019, 52)));
  EXPECT_TRUE(d.ValidInWeek(*WeekFromIsoWeek(2020, 1)));
  EXPECT_TRUE(d.ValidInWeek(*WeekFromIsoWeek(2030, 1)));
  const BenefitCode& su = ref->codes()[ref->CodeIndex(651)];
  // 2019-06-30 is the Sunday of 2019-W26.
  EXPECT_TRUE(su.ValidInWeek(*WeekFromIsoWeek(2019, 26)));
  EXPECT_FALSE(su.ValidInWeek(*WeekFromIsoWeek(2019, 27)));
}

TEST(ReferenceTest, WithCodesReplacesTheListAndNamesItsFile) {
  auto ref = ReferenceData::Parse(std::string(kGroups) + "ukendt_kode,Ukendt,0,3\n", kCodes,
                                  kKommuner, "t");
  ASSERT_TRUE(ref.ok()) << ref.status().ToString();
  EXPECT_EQ(ref->codes_file(), "reference/dream-codes.csv");
  EXPECT_EQ(ref->groups()[ref->codes()[ref->CodeIndex(kKeptUnknownCode)].group].id,
            "ukendt_kode");
  auto other = ref->WithCodes("code,meaning,ydelsesgruppe,indsats,match,bruttoledig\n"
                              "652,SU,su,,,0\n",
                              "/tmp/koder.csv");
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  EXPECT_EQ(other->CodeIndex(111), -1);
  EXPECT_GE(other->CodeIndex(652), 0);
  EXPECT_GE(other->CodeIndex(kKeptUnknownCode), 0);
  EXPECT_EQ(other->codes_file(), "/tmp/koder.csv");
  auto bad = ref->WithCodes("code,meaning,ydelsesgruppe,indsats,match,bruttoledig\n"
                            "652,SU,nope,,,0\n",
                            "/tmp/koder.csv");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "/tmp/koder.csv, row 2, column 'ydelsesgruppe': 'nope' is not a known group");
}

TEST(ReferenceTest, EmbeddedHasTheGroupsOfNewerBenefits) {
  auto ref = ReferenceData::LoadEmbedded();
  ASSERT_TRUE(ref.ok()) << ref.status().ToString();
  // Introduced after the 2015/16 code list: groups without codes until a list gives them.
  for (const char* id : {"selvforsoergelses_hjemrejseydelse", "midlertidig_arbejdsmarkedsydelse",
                         "kontantydelse", "seniorpension", "tidlig_pension"}) {
    const int g = ref->GroupIndex(id);
    ASSERT_GE(g, 0) << id;
    EXPECT_TRUE(ref->groups()[g].offentlig_forsoergelse) << id;
  }
  const int u = ref->GroupIndex(kUnknownCodeGroup);
  ASSERT_GE(u, 0);
  EXPECT_FALSE(ref->groups()[u].offentlig_forsoergelse);
}

TEST(ReferenceTest, LoadTakesTheCodesFileGiven) {
  const std::string path = ::testing::TempDir() + "/reference_test_codes.csv";
  {
    FILE* f = std::fopen(path.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs("code,meaning,ydelsesgruppe,indsats,match,bruttoledig,gyldig_fra,gyldig_til\n"
               "123,Ny ydelse,seniorpension,,,0,2020-01-01,\n",
               f);
    std::fclose(f);
  }
  auto ref = ReferenceData::Load("", path);
  ASSERT_TRUE(ref.ok()) << ref.status().ToString();
  ASSERT_GE(ref->CodeIndex(123), 0);
  EXPECT_EQ(ref->groups()[ref->codes()[ref->CodeIndex(123)].group].id, "seniorpension");
  EXPECT_EQ(ref->CodeIndex(730), -1);
  EXPECT_EQ(ref->codes_origin(), path);
  auto missing = ReferenceData::Load("", path + ".missing");
  EXPECT_FALSE(missing.ok());
}

}  // namespace
}  // namespace fremdrift
