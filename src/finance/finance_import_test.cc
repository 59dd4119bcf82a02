// Tests for the finance import files: kinds recognised from headers, records parsed with Danish
// numbers, and every error naming file, line and column; batch checks across files.
#include "finance/finance_import.h"

#include <gtest/gtest.h>

namespace fremdrift {
namespace {

TEST(FinanceImportTest, KindsFromHeaders) {
  struct Case {
    const char* text;
    FinanceFileKind kind;
  } cases[] = {
      {"# year=2019\nid;parent;kind;label;original_budget\n", FinanceFileKind::kBudget},
      {"\xEF\xBB\xBFid;municipality;funder;pool;amount;start;end;service_area\n",
       FinanceFileKind::kGrants},
      {"# comment\ngrant;year;service_area;amount\n", FinanceFileKind::kAppropriations},
      {"grant,kind,fraction\n", FinanceFileKind::kPayoutRates},
      {"grant;account;date;expenses\n", FinanceFileKind::kAccounts},
  };
  for (const Case& c : cases) {
    auto k = DetectFinanceFileKind(c.text, "f.csv");
    ASSERT_TRUE(k.ok()) << c.text;
    EXPECT_EQ(*k, c.kind) << c.text;
  }
  auto bad = DetectFinanceFileKind("a;b;c\n", "f.csv");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("f.csv: not a finance file"), std::string::npos);
}

TEST(FinanceImportTest, RecordsWithDanishNumbers) {
  FinanceBatch b;
  ASSERT_TRUE(
      AddFinanceFile(b, "grant;year;service_area;amount\ng1;2020;17 F;1.234.567\n", "a.csv").ok());
  ASSERT_TRUE(AddFinanceFile(b,
                             "grant;kind;indicator;threshold_pct;fraction;label\n"
                             "g1;interim;;;0,5;første\ng1;tier;udbetaling;17,5;0.25;x\n",
                             "r.csv")
                  .ok());
  ASSERT_TRUE(
      AddFinanceFile(b, "grant;account;date;expenses;paid\ng1;final;2022-03-01;−2.000;\n", "k.csv")
          .ok());
  ASSERT_EQ(b.appropriations.size(), 1u);
  EXPECT_EQ(b.appropriations[0].expense, 1234567);
  EXPECT_EQ(b.appropriations[0].income, -1234567);
  EXPECT_EQ(b.appropriations[0].source.ToString(), "a.csv:2");
  ASSERT_EQ(b.payout_rates.size(), 2u);
  EXPECT_DOUBLE_EQ(b.payout_rates[0].fraction, 0.5);
  EXPECT_DOUBLE_EQ(b.payout_rates[1].threshold_pct, 17.5);
  EXPECT_DOUBLE_EQ(b.payout_rates[1].fraction, 0.25);
  ASSERT_EQ(b.accounts.size(), 1u);
  EXPECT_EQ(b.accounts[0].expenses, -2000);
  EXPECT_FALSE(b.accounts[0].paid.has_value());
  auto rule = PayoutRuleFromRates(b.payout_rates);
  ASSERT_TRUE(rule.has_value());
  EXPECT_DOUBLE_EQ(rule->interim_fraction, 0.5);
  ASSERT_EQ(rule->tiers.size(), 1u);
  EXPECT_DOUBLE_EQ(rule->tiers[0].min_share_pct, 17.5);
}

TEST(FinanceImportTest, ErrorsNameFileLineAndColumn) {
  struct Case {
    const char* text;
    const char* error;
  } cases[] = {
      {"grant;year;service_area;amount\ng1;2020;17;12\ng1;20x0;17;12\n",
       "a.csv:3: column 'year': '20x0' is not a year"},
      {"grant;year;service_area;amount\n# note\ng1;2020;17;1,5\n",
       "a.csv:3: column 'amount': '1,5' is not whole kroner"},
      {"grant;year;service_area;amount\ng1;2020;17;-5\n",
       "a.csv:2: column 'amount': an appropriation is a positive amount"},
      {"grant;kind;fraction\ng1;bonus;0,5\n", "a.csv:2: column 'kind': 'bonus' is not interim"},
      {"grant;kind;threshold_pct;fraction\ng1;tier;15;1,5\n",
       "a.csv:2: column 'fraction': must be within 0-1"},
      {"grant;account;date;expenses\ng1;final;2022-13-01;5\n", "a.csv:2: column 'date'"},
      {"id;municipality;funder;pool;amount;start;end;service_area\n"
       "g;Herning;STAR;P;5;2020-01-01;2020-12-31;17\n",
       "a.csv:2: column 'municipality': 'Herning' is not a municipality code"},
      {"id;parent;kind;label;original_budget;corrected_budget;expected_previous;expected_current\n"
       "t;;total;T;1;1;1;1\n",
       "a.csv: metadata '# year=YYYY' is missing"},
      {"# year=2019\n# previous_date=2019-08-31\n# current_date=2019-09-30\n"
       "id;parent;kind;label;original_budget;corrected_budget;expected_previous;expected_current\n"
       "t;;total;T;1;1;1;1\n",
       "a.csv: which municipality?"},
  };
  for (const Case& c : cases) {
    FinanceBatch b;
    Status st = AddFinanceFile(b, c.text, "a.csv");
    ASSERT_FALSE(st.ok()) << c.text;
    EXPECT_NE(st.message().find(c.error), std::string::npos) << st.message();
    EXPECT_TRUE(b.empty());
  }
  FinanceBatch b;
  EXPECT_TRUE(AddFinanceFile(b,
                             "# year=2019\n# previous_date=2019-08-31\n"
                             "# current_date=2019-09-30\nid;parent;kind;label;original_budget;"
                             "corrected_budget;expected_previous;expected_current\nt;;total;T;1;1;"
                             "1;1\n",
                             "a.csv", 217)
                  .ok());
  EXPECT_EQ(b.budgets.at(0).file.kommune, 217);
}

TEST(FinanceImportTest, BatchChecksAcrossFiles) {
  FinanceBatch b;
  ASSERT_TRUE(AddFinanceFile(b,
                             "id;municipality;funder;pool;amount;start;end;service_area;model\n"
                             "g1;657;STAR;FSM2;100;2019-12-01;2021-12-31;17;fsm2\n",
                             "g.csv")
                  .ok());
  EXPECT_EQ(b.grants.at(0).grant.model, "fsm2");
  ASSERT_TRUE(AddFinanceFile(b, "grant;year;service_area;amount\ng1;2019;17;50\n", "a.csv").ok());
  EXPECT_TRUE(CheckFinanceBatch(b, {}).ok());
  FinanceBatch outside = b;
  ASSERT_TRUE(
      AddFinanceFile(outside, "grant;year;service_area;amount\ng1;2022;17;50\n", "b.csv").ok());
  Status st = CheckFinanceBatch(outside, {});
  EXPECT_NE(
      st.message().find("b.csv:2: column 'year': 2022 is outside the grant's period 2019-2021"),
      std::string::npos)
      << st.message();
  FinanceBatch unknown;
  ASSERT_TRUE(
      AddFinanceFile(unknown, "grant;year;service_area;amount\ng9;2019;17;50\n", "c.csv").ok());
  EXPECT_FALSE(CheckFinanceBatch(unknown, {}).ok());
  EXPECT_TRUE(CheckFinanceBatch(unknown, {{657, "g9"}}).ok());  // stored earlier
  FinanceBatch rates = b;
  ASSERT_TRUE(AddFinanceFile(rates,
                             "grant;kind;threshold_pct;fraction\ng1;interim;;0,6\ng1;tier;15;0,5\n",
                             "r.csv")
                  .ok());
  st = CheckFinanceBatch(rates, {});
  EXPECT_FALSE(st.ok());  // 60 % + 50 % is more than the grant
  EXPECT_NE(st.message().find("r.csv"), std::string::npos) << st.message();
  // The same grant id twice: the second one's file and line (comments count as lines).
  FinanceBatch twice = b;
  ASSERT_TRUE(AddFinanceFile(twice,
                             "id;municipality;funder;pool;amount;start;end;service_area\n"
                             "# the same grant again\n"
                             "g1;657;STAR;FSM2;100;2019-12-01;2021-12-31;17\n",
                             "h.csv")
                  .ok());
  st = CheckFinanceBatch(twice, {});
  EXPECT_EQ(st.message(), "h.csv:3: grant 'g1' appears twice in this import") << st.message();
  // The same id in another municipality is another grant.
  FinanceBatch two_kommuner = b;
  ASSERT_TRUE(AddFinanceFile(two_kommuner,
                             "id;municipality;funder;pool;amount;start;end;service_area\n"
                             "g1;217;STAR;FSM2;100;2019-12-01;2021-12-31;17\n",
                             "h.csv")
                  .ok());
  st = CheckFinanceBatch(two_kommuner, {});
  // ... so a.csv's appropriation of 'g1' (no municipality column) is ambiguous now.
  EXPECT_EQ(st.message(),
            "a.csv:2: column 'grant': several municipalities have a grant 'g1'; add a column "
            "'municipality'")
      << st.message();
}

// Appropriations, rates and accounts belong to a grant of one municipality: from their
// `municipality` column, else the importer's municipality (default_kommune), else the only
// municipality with a grant of that id.
TEST(FinanceImportTest, GrantRecordsFindTheirMunicipality) {
  FinanceBatch b;
  ASSERT_TRUE(AddFinanceFile(b, "grant;year;service_area;amount\ng1;2019;17;50\n", "a.csv").ok());
  ASSERT_TRUE(
      AddFinanceFile(b, "grant;year;service_area;amount\ng1;2020;17;50\n", "b.csv", 217).ok());
  ASSERT_TRUE(AddFinanceFile(b,
                             "grant;municipality;account;date;expenses\n"
                             "g1;657;final;2022-03-01;5\ng2;;interim;2021-03-01;5\n",
                             "k.csv", 101)
                  .ok());
  EXPECT_EQ(b.appropriations.at(0).kommune, 0);
  EXPECT_EQ(b.appropriations.at(1).kommune, 217);
  EXPECT_EQ(b.accounts.at(0).kommune, 657);
  EXPECT_EQ(b.accounts.at(1).kommune, 101);  // empty column: the default
  Status bad = AddFinanceFile(b,
                              "grant;municipality;account;date;expenses\n"
                              "g1;000;final;2022-03-01;5\n",
                              "z.csv");
  EXPECT_EQ(bad.message(), "z.csv:2: column 'municipality': '000' is not a municipality code");

  FinanceBatch r;
  ASSERT_TRUE(AddFinanceFile(r, "grant;year;service_area;amount\ng1;2019;17;50\n", "a.csv").ok());
  EXPECT_TRUE(ResolveGrantMunicipalities(r, {{657, "g1"}, {217, "g2"}}).ok());
  EXPECT_EQ(r.appropriations.at(0).kommune, 657);
  FinanceBatch none;
  ASSERT_TRUE(
      AddFinanceFile(none, "grant;year;service_area;amount\ng1;2019;17;50\n", "a.csv").ok());
  EXPECT_EQ(ResolveGrantMunicipalities(none, {{217, "g2"}}).message(),
            "a.csv:2: column 'grant': 'g1' is neither in this import nor stored");
  // A record bound to a municipality only sees that municipality's grants: the answer for
  // another municipality's id is the one for an id nobody has.
  FinanceBatch bound;
  ASSERT_TRUE(
      AddFinanceFile(bound, "grant;year;service_area;amount\ng1;2019;17;50\n", "a.csv", 657).ok());
  EXPECT_EQ(CheckFinanceBatch(bound, {{217, "g1"}}).message(),
            CheckFinanceBatch(bound, {}).message());
  EXPECT_EQ(CheckFinanceBatch(bound, {}).message(),
            "a.csv:2: column 'grant': 'g1' is neither in this import nor stored");
  EXPECT_TRUE(CheckFinanceBatch(bound, {{217, "g1"}, {657, "g1"}}).ok());
}

}  // namespace
}  // namespace fremdrift
