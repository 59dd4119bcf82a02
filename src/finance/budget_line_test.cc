// Tests for the budget CSV parser: metadata, units, amounts in Danish notation, and errors that
// name the file, line and column.
#include "finance/budget_line.h"

#include <gtest/gtest.h>

namespace fremdrift {
namespace {

constexpr const char* kHeader =
    "# year=2019\n# unit=1000\n# previous_date=2019-08-31\n# current_date=2019-09-30\n"
    "id;parent;kind;label;original_budget;corrected_budget;expected_previous;expected_current\n";

TEST(BudgetLineTest, ParsesMetadataAndAmountsInThousands) {
  std::string text = std::string("\xEF\xBB\xBF# A comment, with = inside it.\n# committee=SBU\n") +
                     kHeader +
                     "t;;total;I alt;;;;\n"
                     "a;t;area;714 UU Øresund;12.244;-1.321;\xE2\x88\x92"
                     "5;0\n";
  auto file = ParseBudgetCsv(text, "b.csv");
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_EQ(file->committee, "SBU");
  EXPECT_EQ(file->year, 2019);
  EXPECT_EQ(file->unit, 1000);
  EXPECT_EQ(file->current_date, (CivilDate{2019, 9, 30}));
  ASSERT_EQ(file->lines.size(), 2u);
  EXPECT_FALSE(file->lines[0].amounts.original.has_value());
  const auto& a = file->lines[1].amounts;
  EXPECT_EQ(*a.original, 12244000);
  EXPECT_EQ(*a.corrected, -1321000);
  EXPECT_EQ(*a.expected_previous, -5000);  // U+2212 minus sign
  EXPECT_EQ(*a.expected_current, 0);
  EXPECT_EQ(file->lines[1].source_line, 9);
}

TEST(BudgetLineTest, ErrorsNameFileLineAndColumn) {
  auto bad_amount = ParseBudgetCsv(std::string(kHeader) + "t;;total;I alt;1,5;1;1;1\n", "b.csv");
  ASSERT_FALSE(bad_amount.ok());
  EXPECT_NE(bad_amount.status().message().find("b.csv:6: column 'original_budget'"),
            std::string::npos)
      << bad_amount.status().message();

  auto bad_parent = ParseBudgetCsv(
      std::string(kHeader) + "t;;total;I alt;1;1;1;1\nx;nope;line;X;1;1;1;1\n", "b.csv");
  ASSERT_FALSE(bad_parent.ok());
  EXPECT_NE(bad_parent.status().message().find("b.csv:7: column 'parent'"), std::string::npos);

  auto own_parent = ParseBudgetCsv(
      std::string(kHeader) + "t;;total;I alt;1;1;1;1\nx;x;line;X;1;1;1;1\n", "b.csv");
  ASSERT_FALSE(own_parent.ok());
  EXPECT_EQ(own_parent.status().message(), "b.csv:7: column 'parent': 'x' is not an earlier line");

  auto bad_kind = ParseBudgetCsv(std::string(kHeader) + "t;;sum;I alt;1;1;1;1\n", "b.csv");
  ASSERT_FALSE(bad_kind.ok());
  EXPECT_NE(bad_kind.status().message().find("column 'kind'"), std::string::npos);

  auto duplicate = ParseBudgetCsv(
      std::string(kHeader) + "t;;total;I alt;1;1;1;1\nt;t;line;X;1;1;1;1\n", "b.csv");
  ASSERT_FALSE(duplicate.ok());
  EXPECT_NE(duplicate.status().message().find("used twice"), std::string::npos);

  auto no_year = ParseBudgetCsv(
      "# current_date=2019-09-30\n# previous_date=2019-08-31\n"
      "id;parent;kind;label;original_budget;corrected_budget;expected_previous;expected_current\n",
      "b.csv");
  ASSERT_FALSE(no_year.ok());
  EXPECT_NE(no_year.status().message().find("year"), std::string::npos);

  auto bad_unit = ParseBudgetCsv("# unit=100\n", "b.csv");
  ASSERT_FALSE(bad_unit.ok());
  EXPECT_NE(bad_unit.status().message().find("b.csv:1: unit"), std::string::npos);
}

TEST(BudgetLineTest, AmountsBeyondTheLimitAreRefusedNotWrapped) {
  // 10^15 kr. is the limit; in thousands, 10^12 + 1 is over it and 10^12 is not.
  auto over = ParseBudgetCsv(std::string(kHeader) + "t;;total;I alt;1000000000001;1;1;1\n", "b.csv");
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.status().message(),
            "b.csv:6: column 'original_budget': the amount is larger than 1000000000000000 kr.");
  auto under = ParseBudgetCsv(std::string(kHeader) + "t;;total;I alt;-1000000000000;1;1;1\n", "b.csv");
  ASSERT_TRUE(under.ok()) << under.status().ToString();
  EXPECT_EQ(*under->lines[0].amounts.original, -kMaxBudgetKroner);
  auto huge = ParseBudgetCsv(std::string(kHeader) + "t;;total;I alt;9223372036854775807;1;1;1\n",
                             "b.csv");
  ASSERT_FALSE(huge.ok());
  EXPECT_NE(huge.status().message().find("larger than"), std::string::npos);
}

}  // namespace
}  // namespace fremdrift
