#include "registry/row_parser.h"

#include <gtest/gtest.h>

#include "common/csv.h"

namespace fremdrift {
namespace {

class RowParserTest : public ::testing::Test {
 protected:
  void SetUp() override { ref_ = std::make_unique<ReferenceData>(*ReferenceData::LoadEmbedded()); }
  void Header(std::string_view line) {
    std::vector<std::string_view> f;
    header_ = std::string(line);
    ASSERT_TRUE(SplitCsvLine(header_, ';', f, scratch_).empty());
    auto L = ParseRegisterHeader(f, "r.csv");
    ASSERT_TRUE(L.ok()) << L.status().ToString();
    layout_ = *L;
  }
  bool Row(std::string_view line, UnknownCodes unknown = UnknownCodes::kError) {
    row_ = std::string(line);
    std::vector<std::string_view> f;
    EXPECT_TRUE(SplitCsvLine(row_, ';', f, scratch_).empty());
    RowParser p(layout_, *ref_, pseudo_, unknown);
    return p.Parse(f, 2, batch_, stats_, error_);
  }
  std::unique_ptr<ReferenceData> ref_;
  Pseudonymizer pseudo_{"test key"};
  RegisterLayout layout_;
  std::string header_, row_, scratch_;
  PersonBatch batch_;
  RowStats stats_;
  RowError error_;
};

TEST_F(RowParserTest, SpellsAndResidence) {
  // Weeks 2019-W51 .. 2020-W02; residence changes with the calendar year of each Thursday.
  Header("cpr;kom_2019;kom_2020;y_1951;y_1952;y_2001;y_2002;y_2003");
  ASSERT_TRUE(Row("0101901234;657;661;730;730;730;;890")) << error_.Format("r.csv");
  ASSERT_EQ(batch_.size(), 1u);
  EXPECT_EQ(CivilFromDays(batch_.birth_days[0]), (CivilDate{1990, 1, 1}));
  EXPECT_EQ(batch_.sexes[0], static_cast<int>(Sex::kWoman));
  // 730 in 2019 (657) and in 2020-W01 (661): split at the residence change.
  ASSERT_EQ(batch_.spell_start.size(), 3u);
  EXPECT_EQ(batch_.spell_start[0], 0);
  EXPECT_EQ(batch_.spell_end[0], 1);
  EXPECT_EQ(batch_.spell_kommune[0], 657);
  EXPECT_EQ(batch_.spell_start[1], 2);
  EXPECT_EQ(batch_.spell_kommune[1], 661);
  EXPECT_EQ(batch_.spell_code[2], 890);
  ASSERT_EQ(batch_.residence_start.size(), 2u);
  EXPECT_EQ(batch_.residence_kommune[1], 661);
  EXPECT_EQ(batch_.residence_start[1], 2);
}

TEST_F(RowParserTest, EmploymentMonthsFromGradAndBranche) {
  // Employment columns January-May 2019: grad for January-March, branche for all five. A month is
  // employment when grad > 0, or (April, May: no grad column) when branche is not blank.
  Header(
      "id;kom;y_1901;branche_2019_01;branche_2019_02;branche_2019_03;branche_2019_04;"
      "branche_2019_05;grad_2019_01;grad_2019_02;grad_2019_03");
  ASSERT_TRUE(layout_.has_employment());
  EXPECT_EQ(layout_.FirstEmploymentMonth(), MakeMonth(2019, 1));
  EXPECT_EQ(layout_.LastEmploymentMonth(), MakeMonth(2019, 5));
  // January 0,5 (employed), February 0 with a branche (grad decides: not), March blank, April
  // branche (employed), May branche (employed): runs January and April-May.
  ASSERT_TRUE(Row("A;657;111;471100;471100;;862100;862100;0,5;0;")) << error_.Format("r.csv");
  ASSERT_EQ(batch_.employment_start.size(), 2u);
  EXPECT_EQ(batch_.employment_start[0], 0);
  EXPECT_EQ(batch_.employment_last[0], 0);
  EXPECT_EQ(batch_.employment_start[1], 3);
  EXPECT_EQ(batch_.employment_last[1], 4);
  EXPECT_EQ(batch_.employment_ends[0], 2u);
  EXPECT_EQ(stats_.employment_months, 3u);
  // A grad that is not a number is a row error naming the column; the batch is unchanged.
  EXPECT_FALSE(Row("B;657;111;;;;;;x;;"));
  EXPECT_EQ(error_.column, "grad_2019_01");
  EXPECT_EQ(batch_.size(), 1u);
  EXPECT_EQ(batch_.employment_start.size(), 2u);
}

TEST(GradTest, ShowsEmployment) {
  bool valid = false;
  EXPECT_TRUE(GradShowsEmployment("0.25", valid));
  EXPECT_TRUE(valid);
  EXPECT_TRUE(GradShowsEmployment(" 37 ", valid));
  EXPECT_FALSE(GradShowsEmployment("0,00", valid));
  EXPECT_TRUE(valid);
  EXPECT_FALSE(GradShowsEmployment("", valid));
  EXPECT_TRUE(valid);
  EXPECT_FALSE(GradShowsEmployment("-1", valid));
  EXPECT_FALSE(valid);
  EXPECT_FALSE(GradShowsEmployment("1.2.3", valid));
  EXPECT_FALSE(valid);
  EXPECT_FALSE(GradShowsEmployment(".", valid));
  EXPECT_FALSE(valid);
}

TEST_F(RowParserTest, BirthDateOverridesCprAndOpaqueIds) {
  Header("lobenr;foedselsdato;koen;kom;y_1901");
  ASSERT_TRUE(Row("S0001;1970-05-06;K;657;111"));
  EXPECT_EQ(CivilFromDays(batch_.birth_days[0]), (CivilDate{1970, 5, 6}));
  EXPECT_EQ(batch_.sexes[0], static_cast<int>(Sex::kWoman));
  ASSERT_TRUE(Row("S0002;;1;;111"));
  EXPECT_EQ(batch_.birth_days[1], kUnknownBirth);
  EXPECT_EQ(batch_.spell_kommune[1], kUnknownKommune);
  EXPECT_EQ(stats_.unknown_kommune_weeks, 1u);
  EXPECT_EQ(stats_.persons_without_birth, 1u);
}

struct BadRow {
  std::string header, row, message;
};
class RowParserBadTest : public RowParserTest, public ::testing::WithParamInterface<BadRow> {};
TEST_P(RowParserBadTest, NamesRowColumnValue) {
  Header(GetParam().header);
  EXPECT_FALSE(Row(GetParam().row));
  EXPECT_EQ(error_.Format("r.csv"), GetParam().message);
  EXPECT_EQ(batch_.size(), 0u);
  EXPECT_EQ(error_.Format("r.csv").find("3102901234"), std::string::npos);
}
INSTANTIATE_TEST_SUITE_P(
    Cases, RowParserBadTest,
    ::testing::Values(
        BadRow{"cpr;kom;y_1901", "0101901234;657", "r.csv, row 2: 2 fields, the header has 3"},
        BadRow{"cpr;kom;y_1901", "0101901234;657;100",
               "r.csv, row 2, column 'y_1901': '100' is not a benefit code in "
               "reference/dream-codes.csv"},
        BadRow{"cpr;kom;y_1901", "3102901234;657;730",
               "r.csv, row 2, column 'cpr': '******-****' is not a valid CPR number (birth "
               "date)"},
        BadRow{"cpr;kom;y_1901", "0101901234;999;730",
               "r.csv, row 2, column 'kom': '999' is not a municipality code in "
               "reference/kommuner.csv"},
        BadRow{"lobenr;koen;kom;y_1901", "A1;X;657;730",
               "r.csv, row 2, column 'koen': 'X' is not M, K, 1 or 2"},
        BadRow{"lobenr;foedselsdato;kom;y_1901", "A1;1970-02-30;657;730",
               "r.csv, row 2, column 'foedselsdato': '1970-02-30' is not a date YYYY-MM-DD"},
        BadRow{"lobenr;kom;y_1901", ";657;730",
               "r.csv, row 2, column 'lobenr': '' is empty: every row needs a person id"},
        BadRow{"lobenr;kom;y_1901", "A1;657;7300",
               "r.csv, row 2, column 'y_1901': '7300' is not a benefit code in "
               "reference/dream-codes.csv"}));

TEST_F(RowParserTest, UnknownCodeIsAnErrorByDefault) {
  Header("cpr;kom;y_1901;y_1902");
  ASSERT_FALSE(Row("0101901004;657;730;100"));
  EXPECT_EQ(error_.Format("r.csv"),
            "r.csv, row 2, column 'y_1902': '100' is not a benefit code in "
            "reference/dream-codes.csv");
  EXPECT_EQ(batch_.size(), 0u);
  // "000" is no DREAM code, though kept unknown codes are stored under it.
  ASSERT_FALSE(Row("0101901004;657;730;000"));
  EXPECT_EQ(error_.value, "000");
}

TEST_F(RowParserTest, UnknownCodeKeptInUkendtKode) {
  Header("cpr;kom;y_1901;y_1902;y_1903;y_1904");
  ASSERT_TRUE(Row("0101901004;657;100;100;730;000", UnknownCodes::kKeep))
      << error_.Format("r.csv");
  // W01-W02 kept (100), W03 730, W04 kept (000): three spells.
  ASSERT_EQ(batch_.spell_code.size(), 3u);
  EXPECT_EQ(batch_.spell_code[0], kKeptUnknownCode);
  EXPECT_EQ(batch_.spell_end[0], 1);
  EXPECT_EQ(batch_.spell_code[1], 730);
  EXPECT_EQ(batch_.spell_code[2], kKeptUnknownCode);
  const int g = ref_->GroupIndex(kUnknownCodeGroup);
  EXPECT_EQ(stats_.weeks_by_group[g], 3u);
  ASSERT_EQ(stats_.unknown_code_weeks.size(), 1000u);
  EXPECT_EQ(stats_.unknown_code_weeks[100], 2u);
  EXPECT_EQ(stats_.unknown_code_weeks[0], 1u);
  // A value that is no 3-digit code stays an error.
  EXPECT_FALSE(Row("0101901004;657;12x;;;", UnknownCodes::kKeep));
  // Taking the person back takes back its unknown-code weeks too.
  stats_.Remove(batch_, 0, *ref_);
  EXPECT_EQ(stats_.unknown_code_weeks[100], 0u);
  EXPECT_EQ(stats_.weeks_by_group[g], 0u);
}

TEST_F(RowParserTest, CodeOutsideItsValidity) {
  auto dated = ref_->WithCodes(
      "code,meaning,ydelsesgruppe,indsats,match,bruttoledig,gyldig_fra,gyldig_til\n"
      "730,KH,kontanthjaelp,,aktivitetsparat,0,,2019-01-09\n"
      "890,SD,sygedagpenge,,,0,2019-01-14,\n",
      "koder.csv");
  ASSERT_TRUE(dated.ok()) << dated.status().ToString();
  ref_ = std::make_unique<ReferenceData>(std::move(dated).value());
  // 2019-01-09 is the Wednesday of W02; 2019-01-14 the Monday of W03.
  Header("cpr;kom;y_1901;y_1902;y_1903");
  ASSERT_TRUE(Row("0101901234;657;730;730;890")) << error_.Format("r.csv");
  ASSERT_FALSE(Row("0101901234;657;;;730"));
  EXPECT_EQ(error_.Format("r.csv"),
            "r.csv, row 2, column 'y_1903': '730' is not valid in week 2019-W03 (koder.csv: "
            "gyldig_fra blank, gyldig_til 2019-01-09)");
  ASSERT_FALSE(Row("0101901234;657;;890;"));
  EXPECT_EQ(error_.Format("r.csv"),
            "r.csv, row 2, column 'y_1902': '890' is not valid in week 2019-W02 (koder.csv: "
            "gyldig_fra 2019-01-14, gyldig_til blank)");
  ASSERT_TRUE(Row("0101901234;657;;890;730", UnknownCodes::kKeep));
  EXPECT_EQ(stats_.unknown_code_weeks[890], 1u);
  EXPECT_EQ(stats_.unknown_code_weeks[730], 1u);
}

}  // namespace
}  // namespace fremdrift
