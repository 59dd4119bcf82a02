// Tests for the budget follow-up: table 1 of Helsingør Kommune's Social- og Beskæftigelsesudvalg,
// 6.11.2019, entered as budget lines must give every derived column exactly as the minutes print
// it; subtotals are computed when left empty and checked when entered.
#include "finance/budget_followup.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <utility>

#include "common/csv.h"
#include "common/file_util.h"

namespace fremdrift {
namespace {

std::string SourceDir() {
  const char* env = std::getenv("FREMDRIFT_SOURCE_DIR");
  return env ? env : FREMDRIFT_SOURCE_DIR_DEFAULT;
}

std::int64_t ParseThousands(const std::string& text) {
  std::string digits;
  for (char c : text) {
    if (c != '.') digits.push_back(c);
  }
  return std::stoll(digits);
}

// A budget file of 2019 without lines, followed up at the end of September.
BudgetFile EmptyBudget2019() {
  BudgetFile f;
  f.year = 2019;
  f.previous_date = {2019, 8, 31};
  f.current_date = {2019, 9, 30};
  return f;
}

BudgetLine MakeLine(std::string id, std::string parent, BudgetLineKind kind, BudgetAmounts a) {
  BudgetLine l;
  l.id = id;
  l.parent = std::move(parent);
  l.kind = kind;
  l.label = id;
  l.amounts = a;
  return l;
}

TEST(BudgetFollowUpTest, ReproducesHelsingoerBudgetTable1) {
  auto file = LoadBudgetCsv(SourceDir() + "/data/examples/budget/sbu_2019-09.csv");
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  auto followup = ComputeBudgetFollowUp(*file);
  ASSERT_TRUE(followup.ok()) << followup.status().ToString();

  auto text = ReadFileToString(SourceDir() + "/src/finance/testdata/helsingoer_table1_derived.csv");
  ASSERT_TRUE(text.ok());
  // Blank the comment line, then parse the minutes' printed figures.
  std::string body = *text;
  body.replace(0, body.find('\n'), "");
  auto seed = ParseCsvDocument(body, "helsingoer_table1_derived.csv");
  ASSERT_TRUE(seed.ok()) << seed.status().ToString();

  Table table = BudgetFollowUpTable(*followup, 1000);
  std::map<std::string, size_t> row_of;
  for (size_t i = 0; i < followup->rows.size(); ++i) row_of[followup->rows[i].id] = i;
  ASSERT_EQ(seed->rows.size(), followup->rows.size());
  int checked = 0;
  for (const auto& s : seed->rows) {
    ASSERT_TRUE(row_of.count(s[0])) << s[0];
    const auto& row = table.rows()[row_of[s[0]]];
    const char* columns[] = {"aendring", "afvigelse_oprindeligt", "afvigelse_korrigeret"};
    for (int c = 0; c < 3; ++c) {
      std::int64_t expected = ParseThousands(s[2 + c]);
      EXPECT_EQ(std::get<std::int64_t>(row[table.ColumnIndex(columns[c])]), expected)
          << s[0] << " (" << s[1] << ") " << columns[c];
      ++checked;
    }
  }
  EXPECT_EQ(checked, 3 * 30);

  // Entered subtotals are checked against their lines: the minutes' one inconsistency (718
  // Rammestyret's original budget 280.637 vs its lines' 280.809) is found, and only that one.
  ASSERT_EQ(followup->inconsistencies.size(), 1u);
  EXPECT_NE(followup->inconsistencies[0].find("718 Særlig Social Indsats / Rammestyret"),
            std::string::npos);
  EXPECT_NE(followup->inconsistencies[0].find("280.637.000"), std::string::npos);
  EXPECT_NE(followup->inconsistencies[0].find("280.809.000"), std::string::npos);
}

TEST(BudgetFollowUpTest, EmptySubtotalsAreSummedAndOfWhichIsNot) {
  BudgetFile f = EmptyBudget2019();
  f.lines = {MakeLine("t", "", BudgetLineKind::kTotal, {}),
             MakeLine("a", "t", BudgetLineKind::kArea, {}),
             MakeLine("r", "a", BudgetLineKind::kFrame, {100, 110, 120, 125}),
             MakeLine("r1", "r", BudgetLineKind::kOfWhich, {1000, 1000, 1000, 1000}),
             MakeLine("i", "a", BudgetLineKind::kNonFrame, {50, 40, 30, 35})};
  // The frame line has an "of which" child with other figures; it must not be summed or checked.
  auto r = ComputeBudgetFollowUp(f);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const auto& total = r->rows[0];
  EXPECT_EQ(total.original, 150);
  EXPECT_EQ(total.corrected, 150);
  EXPECT_EQ(total.expected_previous, 150);
  EXPECT_EQ(total.expected_current, 160);
  EXPECT_EQ(total.change, -10);
  EXPECT_EQ(total.vs_original, -10);
  EXPECT_EQ(total.vs_corrected, -10);
  EXPECT_EQ(r->rows[3].depth, 3);
  EXPECT_TRUE(r->inconsistencies.empty());

  f.lines[4].amounts.original.reset();  // a leaf without an amount is an error
  auto bad = ComputeBudgetFollowUp(f);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("'i'"), std::string::npos);
}

TEST(BudgetFollowUpTest, TableRoundsKronerToThousandsHalfAwayFromZero) {
  BudgetFile f;
  f.year = 2020;
  f.previous_date = {2020, 1, 31};
  f.current_date = {2020, 2, 29};
  BudgetLine t;
  t.id = "t";
  t.kind = BudgetLineKind::kTotal;
  t.label = "I alt";
  t.amounts = {1500, -1500, 1499, -2500};
  f.lines = {t};
  auto r = ComputeBudgetFollowUp(f);
  ASSERT_TRUE(r.ok());
  Table table = BudgetFollowUpTable(*r, 1000);
  const auto& row = table.rows()[0];
  EXPECT_EQ(std::get<std::int64_t>(row[1]), 2);
  EXPECT_EQ(std::get<std::int64_t>(row[2]), -2);
  EXPECT_EQ(std::get<std::int64_t>(row[3]), 1);
  EXPECT_EQ(std::get<std::int64_t>(row[4]), -3);
  EXPECT_EQ(table.columns()[4].label, "Forventet regnskab 2020 pr. 29.2.");
}

TEST(BudgetFollowUpTest, SumsBeyondTheLimitAreRefusedNotWrapped) {
  BudgetFile f = EmptyBudget2019();
  f.lines = {MakeLine("t", "", BudgetLineKind::kTotal, {{}, 1, 1, 1}),
             MakeLine("a", "t", BudgetLineKind::kLine, {kMaxBudgetKroner, 0, 0, 0}),
             MakeLine("b", "t", BudgetLineKind::kLine, {1, 1, 1, 1})};
  auto r = ComputeBudgetFollowUp(f);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "line 0 ('t'): oprindeligt budget, the sum of the lines below, is larger than "
            "1000000000000000 kr.");
}

}  // namespace
}  // namespace fremdrift
