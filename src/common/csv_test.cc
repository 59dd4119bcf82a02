#include "common/csv.h"

#include <gtest/gtest.h>

namespace fremdrift {
namespace {

struct SplitCase {
  std::string line;
  char delim;
  std::vector<std::string> fields;
  std::string error;
};

class SplitTest : public ::testing::TestWithParam<SplitCase> {};

TEST_P(SplitTest, Splits) {
  const auto& c = GetParam();
  std::vector<std::string_view> fields;
  std::string scratch;
  std::string err = SplitCsvLine(c.line, c.delim, fields, scratch);
  EXPECT_EQ(err, c.error);
  if (c.error.empty()) {
    std::vector<std::string> got(fields.begin(), fields.end());
    EXPECT_EQ(got, c.fields);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, SplitTest,
    ::testing::Values(SplitCase{"a;b;c", ';', {"a", "b", "c"}, ""},
                      SplitCase{"a;;c;", ';', {"a", "", "c", ""}, ""}, SplitCase{"", ';', {""}, ""},
                      SplitCase{"a,b\r", ',', {"a", "b"}, ""},
                      SplitCase{"\"x;y\";z", ';', {"x;y", "z"}, ""},
                      SplitCase{"\"say \"\"hi\"\"\",2", ',', {"say \"hi\"", "2"}, ""},
                      SplitCase{"\"a\";", ';', {"a", ""}, ""},
                      SplitCase{"\"open;b", ';', {}, "unterminated quoted field"},
                      SplitCase{"\"a\"b;c", ';', {}, "text after a closing quote"}));

TEST(CsvTest, DetectsDelimiter) {
  EXPECT_EQ(DetectDelimiter("a;b;c"), ';');
  EXPECT_EQ(DetectDelimiter("a,b,c"), ',');
  EXPECT_EQ(DetectDelimiter("\"a,b\";c"), ';');
}

TEST(CsvTest, StripsBom) { EXPECT_EQ(StripBom("\xEF\xBB\xBFid"), "id"); }

TEST(CsvTest, Document) {
  auto doc = ParseCsvDocument(
      "\xEF\xBB\xBF"
      "a,b\r\n1,2\n\n3,\"x,y\"\n",
      "t.csv");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ(doc->header, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(doc->rows.size(), 2u);
  EXPECT_EQ(doc->rows[1][1], "x,y");
  EXPECT_EQ(doc->line_numbers[1], 4);
  EXPECT_EQ(doc->Column("b"), 1);
}

TEST(CsvTest, DocumentWrongFieldCount) {
  auto doc = ParseCsvDocument("a;b\n1;2;3\n", "t.csv");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().message(), "t.csv, line 2: 3 fields, the header has 2");
}

TEST(CsvTest, SpreadsheetSafeTextPrefixesFormulaStarts) {
  // Each character a spreadsheet reads as the start of a formula gets an apostrophe in front.
  for (std::string_view s :
       {"=HYPERLINK(\"http://x\")", "+1+2", "-2+3", "@SUM(A1)", "\tx", "\rx"}) {
    EXPECT_EQ(SpreadsheetSafeText(s), "'" + std::string(s)) << s;
  }
  // Everything else is unchanged, including a formula character later in the text.
  for (std::string_view s : {"", "Herning", "a=b", " =1", "'=1", "2019-10", "3,5", "æble"}) {
    EXPECT_EQ(SpreadsheetSafeText(s), std::string(s)) << s;
  }
}

}  // namespace
}  // namespace fremdrift
