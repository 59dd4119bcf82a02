// Tests for Danish formatting: numbers, percents, negative style, dates, months and periods.
#include "table/danish_format.h"

#include <gtest/gtest.h>

#include <limits>

namespace fremdrift {
namespace {

TEST(DanishFormatTest, Integers) {
  EXPECT_EQ(FormatDanishInteger(1175660), "1.175.660");
  EXPECT_EQ(FormatDanishInteger(-2094), "-2.094");  // as Helsingør's minutes of 6.11.2019
  EXPECT_EQ(FormatDanishInteger(0), "0");
  EXPECT_EQ(FormatDanishInteger(999), "999");
  EXPECT_EQ(FormatDanishInteger(-1000), "-1.000");
  EXPECT_EQ(FormatDanishInteger(std::numeric_limits<std::int64_t>::min()),
            "-9.223.372.036.854.775.808");
  EXPECT_EQ(FormatDanishKroner(2235074), "2.235.074 kr.");
}

TEST(DanishFormatTest, NumbersAndPercents) {
  EXPECT_EQ(FormatDanishNumber(3.6, 1), "3,6");
  EXPECT_EQ(FormatDanishNumber(1234.5, 1), "1.234,5");
  EXPECT_EQ(FormatDanishNumber(-1234.0, 0), "-1.234");
  EXPECT_EQ(FormatDanishNumber(2.05, 1), "2,1");  // half away from zero on the printed digits
  EXPECT_EQ(FormatDanishNumber(-2.05, 1), "-2,1");
  EXPECT_EQ(FormatDanishNumber(-0.04, 1), "0,0");  // never "-0,0"
  EXPECT_EQ(FormatDanishNumber(0.5, 0), "1");
  EXPECT_EQ(FormatDanishNumber(1399.6, 0), "1.400");
  EXPECT_EQ(FormatDanishPercent(3.6, 1), "3,6 %");
  EXPECT_EQ(FormatDanishPercent(11.55, 1), "11,6 %");
  EXPECT_EQ(FormatDanishNumber(std::nan(""), 1), "");
  // The committee sentences' numbers (once measure/danish_text's own formatter).
  EXPECT_EQ(FormatDanishNumber(3.64, 1), "3,6");
  EXPECT_EQ(FormatDanishNumber(999.96, 1), "1.000,0");
  EXPECT_EQ(FormatDanishNumber(-81, 0), "-81");
  EXPECT_EQ(FormatDanishPercent(0.535714, 1), "0,5 %");
  EXPECT_EQ(FormatDanishPercent(-0.04, 1), "0,0 %");
  EXPECT_EQ(FormatDanishPercentCompact(15), "15 %");
  EXPECT_EQ(FormatDanishPercentCompact(17.5), "17,5 %");
}

TEST(DanishFormatTest, DatesMonthsAndPeriods) {
  EXPECT_EQ(FormatDanishDate({2019, 4, 24}), "24. april 2019");
  EXPECT_EQ(FormatDanishDate({2019, 11, 6}), "6. november 2019");
  EXPECT_EQ(FormatDanishDayMonth({2019, 8, 31}), "31.8.");
  EXPECT_EQ(DanishMonthName(3), "marts");
  EXPECT_EQ(DanishMonthName(5), "maj");
  EXPECT_EQ(DanishMonthName(13), "");
  auto q = FormatDanishPeriodText("2019-Q1");
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(*q, "1. kvartal 2019");
  auto m = FormatDanishPeriodText("2019-02");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(*m, "februar 2019");
  EXPECT_EQ(FormatDanishPeriod({PeriodKind::kYear, 2020, 1}), "2020");
  EXPECT_FALSE(FormatDanishPeriodText("2019-Q5").ok());
}

TEST(DanishFormatTest, CellsFollowTheColumn) {
  Column count{"personer", ColumnType::kInteger, ColumnRole::kValue, "personer", "", -1};
  Column share{"andel", ColumnType::kNumber, ColumnRole::kValue, "pct", "", -1};
  Column ftp{"fuldtidspersoner", ColumnType::kNumber, ColumnRole::kValue, "personer", "", -1};
  EXPECT_EQ(FormatDanishCell(Cell{std::int64_t{3671}}, count), "3.671");
  EXPECT_EQ(FormatDanishCell(Cell{4.12}, share), "4,1");
  EXPECT_EQ(FormatDanishCell(Cell{4.12}, share, true), "4,1 %");
  EXPECT_EQ(FormatDanishCell(Cell{1399.7}, ftp), "1.400");
  EXPECT_EQ(FormatDanishCell(Cell{}, ftp), "");
  EXPECT_EQ(FormatCsvNumber(Cell{4.126},
                            Column{"a", ColumnType::kNumber, ColumnRole::kValue, "pct", "", 2}),
            "4,13");
  EXPECT_EQ(FormatCsvNumber(Cell{std::int64_t{-2094}}, count), "-2094");
  EXPECT_EQ(FormatCsvNumber(Cell{-0.001},
                            Column{"a", ColumnType::kNumber, ColumnRole::kValue, "", "", 1}),
            "0,0");
  // The CSV rounds as the documents do (half away from zero on the printed digits), ungrouped.
  Column one{"a", ColumnType::kNumber, ColumnRole::kValue, "", "", 1};
  EXPECT_EQ(FormatCsvNumber(Cell{2.05}, one), FormatDanishNumber(2.05, 1));
  EXPECT_EQ(FormatCsvNumber(Cell{-2.05}, one), "-2,1");
  EXPECT_EQ(FormatCsvNumber(Cell{1234.5}, one), "1234,5");
  Column full{"a", ColumnType::kNumber, ColumnRole::kValue, "", "", -1};
  EXPECT_EQ(FormatCsvNumber(Cell{0.535714}, full), "0,535714");
}

// Documents show the data's horizon in Danish words; the Table keeps the ISO day for programs.
TEST(DanishFormatTest, HorizonNotesReadInDanishWords) {
  Table t;
  t.AddNote("Opgjort pr. 2022-01-02.");
  t.AddNote(HorizonNoteText("2022-01-02"), NoteKind::kHorizon);
  EXPECT_EQ(ReaderNoteText(t, 0), "Opgjort pr. 2022-01-02.");  // not a horizon note: as it is
  EXPECT_EQ(ReaderNoteText(t, 1), "Opgjort til og med 2. januar 2022.");
  EXPECT_EQ(t.notes()[1], "Opgjort til og med 2022-01-02.");
}

}  // namespace
}  // namespace fremdrift
