#include "registry/register_header.h"

#include <gtest/gtest.h>

namespace fremdrift {
namespace {

Result<RegisterLayout> Parse(std::vector<std::string_view> f, std::string_view id = {}) {
  return ParseRegisterHeader(f, "r.csv", id);
}

TEST(RegisterHeaderTest, WeekColumns) {
  EXPECT_EQ(FormatIsoWeek(*ParseWeekColumn("y_1907")), "2019-W07");
  EXPECT_EQ(FormatIsoWeek(*ParseWeekColumn("y_9101")), "1991-W01");
  EXPECT_EQ(FormatIsoWeek(*ParseWeekColumn("y_0052")), "2000-W52");
  EXPECT_FALSE(ParseWeekColumn("y_0053").ok()) << "2000 has 52 ISO weeks";
  EXPECT_EQ(FormatIsoWeek(*ParseWeekColumn("y_8801")), "2088-W01") << "88 is 2088, not 1988";
  EXPECT_EQ(FormatIsoWeek(*ParseWeekColumn("y_9853")), "1998-W53");
}

TEST(RegisterHeaderTest, WeekColumnErrors) {
  EXPECT_FALSE(ParseWeekColumn("y_1953").ok());  // 2019 has 52 weeks
  EXPECT_TRUE(ParseWeekColumn("y_2053").ok());   // 2020 has 53
  EXPECT_FALSE(ParseWeekColumn("y_19x1").ok());
}

TEST(RegisterHeaderTest, Layout) {
  auto L =
      Parse({"PNR", "foedselsdato", "kon", "kom_2019", "nykom2020", "y_2001", "y_1952", "extra"});
  ASSERT_TRUE(L.ok()) << L.status().ToString();
  EXPECT_EQ(L->id_column, 0);
  EXPECT_EQ(L->birth_column, 1);
  EXPECT_EQ(L->sex_column, 2);
  EXPECT_EQ(L->ResidenceColumnForYear(2019), 3);
  EXPECT_EQ(L->ResidenceColumnForYear(2020), 4);
  EXPECT_EQ(L->ResidenceColumnForYear(2021), -1);
  ASSERT_EQ(L->week_columns.size(), 2u);
  EXPECT_EQ(L->week_columns[0].second, 6) << "sorted by week";
  EXPECT_EQ(FormatIsoWeek(L->first_week), "2019-W52");
  EXPECT_EQ(L->other_columns, std::vector<int>{7});
}

TEST(RegisterHeaderTest, IdColumnChoice) {
  EXPECT_EQ(Parse({"id", "lobenr", "kom", "y_1901"})->id_column, 1);  // lobenr before id
  EXPECT_EQ(Parse({"id", "lobenr", "kom", "y_1901"}, "id")->id_column, 0);
}

struct HeaderError {
  std::vector<std::string_view> fields;
  std::string message;
};
class RegisterHeaderErrorTest : public ::testing::TestWithParam<HeaderError> {};
TEST_P(RegisterHeaderErrorTest, Message) {
  auto L = Parse(GetParam().fields);
  ASSERT_FALSE(L.ok());
  EXPECT_EQ(L.status().message(), GetParam().message);
}
INSTANTIATE_TEST_SUITE_P(
    Cases, RegisterHeaderErrorTest,
    ::testing::Values(
        HeaderError{{"navn", "kom", "y_1901"},
                    "r.csv, row 1: no person id column (cpr, pnr, lobenr or id; or name one "
                    "with --id-column)"},
        HeaderError{{"cpr", "kom"}, "r.csv, row 1: no week columns (y_YYWW) in the header"},
        HeaderError{{"cpr", "y_1901"},
                    "r.csv, row 1: no residence column (kom, kom_YYYY or nykomYYYY)"},
        HeaderError{{"cpr", "kom", "y_1901", "y_1901"},
                    "r.csv, row 1, column 'y_1901': week 2019-W01 appears twice"},
        HeaderError{{"cpr", "kom", "y_1953"},
                    "r.csv, row 1, column 'y_1953': week 53 does not exist in ISO year 2019 "
                    "(52 weeks)"}));

TEST(RegisterHeaderTest, YearlyLayoutTakesTheYearFromOutside) {
  auto L = ParseRegisterHeader({"pnr", "kom", "y_01", "y_02", "y_53"}, "dream2020.csv", {}, 2020);
  ASSERT_TRUE(L.ok()) << L.status().ToString();
  EXPECT_EQ(L->year, 2020);
  EXPECT_EQ(FormatIsoWeek(L->first_week), "2020-W01");
  EXPECT_EQ(FormatIsoWeek(L->last_week), "2020-W53");
  EXPECT_EQ(L->id_column, 0);
}

TEST(RegisterHeaderTest, YearlyLayoutErrors) {
  auto no_year = ParseRegisterHeader({"pnr", "kom", "y_01"}, "x.csv");
  ASSERT_FALSE(no_year.ok());
  EXPECT_EQ(no_year.status().message(),
            "x.csv: week columns y_01..y_53 without a year: give --year or name the file "
            "dreamYYYY (e.g. dream2019.csv)");
  auto w53 = ParseRegisterHeader({"pnr", "kom", "y_52", "y_53"}, "dream2019.csv", {}, 2019);
  ASSERT_FALSE(w53.ok());
  EXPECT_EQ(w53.status().message(),
            "dream2019.csv, row 1, column 'y_53': week 53 does not exist in ISO year 2019 (52 "
            "weeks)");
  auto mixed = ParseRegisterHeader({"pnr", "kom", "y_01", "y_1902"}, "dream2019.csv", {}, 2019);
  ASSERT_FALSE(mixed.ok());
  EXPECT_EQ(mixed.status().message(),
            "dream2019.csv, row 1, column 'y_1902': y_YYWW and y_WW week columns in one file");
  // A DREAM-layout file ignores a year given for yearly files.
  auto dream = ParseRegisterHeader({"cpr", "kom", "y_1901"}, "r.csv", {}, 2020);
  ASSERT_TRUE(dream.ok());
  EXPECT_EQ(dream->year, 0);
  EXPECT_EQ(FormatIsoWeek(dream->first_week), "2019-W01");
}

}  // namespace
}  // namespace fremdrift
