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

}  // namespace
}  // namespace fremdrift
