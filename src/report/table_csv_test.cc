// Tests for the Danish-Excel CSV: BOM, ';', decimal comma, quoting; parsed back with the
// project's CSV reader.
#include "report/table_csv.h"

#include <gtest/gtest.h>

#include "common/csv.h"

namespace fremdrift {
namespace {

TEST(TableCsvTest, ParsesBackWithSemicolonAndDecimalComma) {
  Table t({Column{"omraade", ColumnType::kString, ColumnRole::kDimension, "", "Område", -1},
           Column{"personer", ColumnType::kInteger, ColumnRole::kValue, "personer", "Personer", -1},
           Column{"andel", ColumnType::kNumber, ColumnRole::kValue, "pct", "Andel (%)", 1},
           Column{"ftp", ColumnType::kNumber, ColumnRole::kValue, "personer", "", -1}});
  t.AddRow({std::string("Herning"), std::int64_t{1175660}, 3.6, 1399.75});
  t.AddRow({std::string("Ikast-Brande; \"syd\""), std::int64_t{-2094}, Cell{}, -0.5});
  std::string csv = RenderTableCsv(t);
  ASSERT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(csv.find("\r\n"), std::string::npos);
  auto doc = ParseCsvDocument(StripBom(csv), "out.csv", ';');
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ(doc->header, (std::vector<std::string>{"Område", "Personer", "Andel (%)", "ftp"}));
  ASSERT_EQ(doc->rows.size(), 2u);
  EXPECT_EQ(doc->rows[0], (std::vector<std::string>{"Herning", "1175660", "3,6", "1399,75"}));
  EXPECT_EQ(doc->rows[1], (std::vector<std::string>{"Ikast-Brande; \"syd\"", "-2094", "", "-0,5"}));
  // The decimal comma reads back to the value.
  std::string v = doc->rows[0][3];
  v[v.find(',')] = '.';
  EXPECT_DOUBLE_EQ(std::stod(v), 1399.75);
}

TEST(TableCsvTest, TextThatLooksLikeAFormulaGetsAnApostropheNumbersDoNot) {
  Table t({Column{"navn", ColumnType::kString, ColumnRole::kDimension, "", "Sagsbehandler", -1},
           Column{"tekst", ColumnType::kString, ColumnRole::kDimension, "", "", -1},
           Column{"beloeb", ColumnType::kNumber, ColumnRole::kValue, "kr", "Beløb", 1},
           Column{"antal", ColumnType::kInteger, ColumnRole::kValue, "", "Antal", -1}});
  t.AddRow(
      {std::string("=HYPERLINK(\"http://x\")"), std::string("@SUM(A1)"), -3.5, std::int64_t{-7}});
  t.AddRow({std::string("+45 1234"), std::string("-1"), 2.0, std::int64_t{3}});
  t.AddRow({std::string("\tTab"), std::string("Herning"), Cell{}, Cell{}});
  std::string csv = RenderTableCsv(t);
  auto doc = ParseCsvDocument(StripBom(csv), "out.csv", ';');
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  ASSERT_EQ(doc->rows.size(), 3u);
  EXPECT_EQ(doc->rows[0],
            (std::vector<std::string>{"'=HYPERLINK(\"http://x\")", "'@SUM(A1)", "-3,5", "-7"}));
  EXPECT_EQ(doc->rows[1], (std::vector<std::string>{"'+45 1234", "'-1", "2,0", "3"}));
  EXPECT_EQ(doc->rows[2], (std::vector<std::string>{"'\tTab", "Herning", "", ""}));
  // On the wire: the quoted formula keeps its doubled quotes after the apostrophe.
  EXPECT_NE(csv.find("\"'=HYPERLINK(\"\"http://x\"\")\";'@SUM(A1);-3,5;-7\r\n"), std::string::npos)
      << csv;
}

}  // namespace
}  // namespace fremdrift
