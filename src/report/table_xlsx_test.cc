// Tests for the XLSX writer: the file is unzipped and its sheet XML read back cell by cell:
// numbers are numbers (not text) with the right number formats, labels are strings, bold rows are
// bold, and the same input gives the same bytes.
#include "report/table_xlsx.h"

#include <gtest/gtest.h>

#include "common/file_util.h"
#include "report/test_files.h"

namespace fremdrift {
namespace {

using testing::ReadXlsxSheet;
using testing::TempDir;

TableBlock Block() {
  TableBlock b;
  b.caption = "Tabel 1: Forventet regnskab";
  b.first_header = "Årets priser, netto i 1.000 kr.";
  b.table = Table({Column{"tekst", ColumnType::kString, ColumnRole::kDimension, "", "Tekst", -1},
                   Column{"beloeb", ColumnType::kInteger, ColumnRole::kValue, "kr.", "Beløb", 0},
                   Column{"andel", ColumnType::kNumber, ColumnRole::kValue, "pct", "Andel", 1},
                   Column{"ftp", ColumnType::kNumber, ColumnRole::kValue, "personer", "FTP", 2}});
  b.table.AddRow({std::string("I alt"), std::int64_t{1125172}, 3.6, 1399.75});
  b.table.AddRow({std::string("Heraf: æøå"), std::int64_t{-2094}, Cell{}, 0.5});
  b.row_styles = {{0, true, false, false}, {1, false, false, false}};
  return b;
}

TEST(TableXlsxTest, CellsReadBackWithValuesAndFormats) {
  TempDir dir;
  std::string path = dir.File("t.xlsx");
  ASSERT_TRUE(WriteXlsx(path, {{"Forventet regnskab", Block()}, {"Andet: ark", Block()}}).ok());
  auto cells = ReadXlsxSheet(path, 1);
  ASSERT_FALSE(cells.empty());
  EXPECT_EQ(cells["A1"].value, "Tabel 1: Forventet regnskab");
  EXPECT_EQ(cells["A3"].value, "Årets priser, netto i 1.000 kr.");
  EXPECT_TRUE(cells["A3"].is_string);
  EXPECT_EQ(cells["B3"].value, "Beløb");
  // Row 4: the bold total.
  EXPECT_EQ(cells["A4"].value, "I alt");
  EXPECT_TRUE(cells["A4"].bold);
  EXPECT_FALSE(cells["B4"].is_string);
  EXPECT_EQ(cells["B4"].value, "1125172");
  EXPECT_EQ(cells["B4"].num_format, "#,##0");
  EXPECT_TRUE(cells["B4"].bold);
  EXPECT_FALSE(cells["C4"].is_string);
  EXPECT_DOUBLE_EQ(std::stod(cells["C4"].value), 0.036);  // percent as a fraction
  EXPECT_EQ(cells["C4"].num_format, "0.0%");
  EXPECT_DOUBLE_EQ(std::stod(cells["D4"].value), 1399.75);
  EXPECT_EQ(cells["D4"].num_format, "#,##0.00");
  // Row 5: negative number, missing cell left empty, UTF-8 text.
  EXPECT_EQ(cells["A5"].value, "Heraf: æøå");
  EXPECT_EQ(cells["B5"].value, "-2094");
  EXPECT_FALSE(cells["B5"].bold);
  EXPECT_EQ(cells.count("C5"), 0u);
  // Second sheet exists; its ':' was replaced in the name.
  EXPECT_FALSE(ReadXlsxSheet(path, 2).empty());
  EXPECT_NE(testing::ReadXlsxEntry(path, "xl/workbook.xml").find("name=\"Andet- ark\""),
            std::string::npos);
  // Reproducible.
  std::string again = dir.File("t2.xlsx");
  ASSERT_TRUE(WriteXlsx(again, {{"Forventet regnskab", Block()}, {"Andet: ark", Block()}}).ok());
  EXPECT_EQ(*ReadFileToString(path), *ReadFileToString(again));
}

TEST(TableXlsxTest, NumberFormats) {
  EXPECT_EQ(XlsxNumberFormat({"a", ColumnType::kInteger, ColumnRole::kValue, "", "", -1}), "#,##0");
  EXPECT_EQ(XlsxNumberFormat({"a", ColumnType::kNumber, ColumnRole::kValue, "pct", "", -1}),
            "0.0%");
  EXPECT_EQ(XlsxNumberFormat({"a", ColumnType::kNumber, ColumnRole::kValue, "", "", 1}), "#,##0.0");
}

TEST(TableXlsxTest, UnwritablePathIsAnError) {
  EXPECT_FALSE(WriteXlsx("/nonexistent-dir/x.xlsx", {{"a", Block()}}).ok());
}

}  // namespace
}  // namespace fremdrift
