#include "finance/activity_budget.h"

#include <gtest/gtest.h>

#include "common/file_util.h"
#include "domain/reference.h"
#include "finance/budget_followup.h"
#include "finance/budget_line.h"

namespace fremdrift {
namespace {

TEST(BenefitRates, ParsesMonthAndWeekRatesWithSources) {
  auto rates = ParseBenefitRates(
      "ydelsesgruppe;aar;sats;enhed;grundlag;kilde\n"
      "kontanthjaelp;2021;11.698;maaned;fyldt 30 år;bm.dk\n"
      "sygedagpenge;2021;4.460;uge;højeste beløb;Dansk Erhverv\n",
      "satser.csv");
  ASSERT_TRUE(rates.ok()) << rates.status().message();
  ASSERT_EQ(rates->size(), 2u);
  EXPECT_DOUBLE_EQ((*rates)[0].PerMonth(), 11698);
  EXPECT_DOUBLE_EQ((*rates)[1].PerMonth(), 4460.0 * 52 / 12);
  EXPECT_EQ((*rates)[1].source, "Dansk Erhverv");
}

// The shipped rates: every row parses, names a benefit group and gives its source.
TEST(BenefitRates, ShippedFileNamesKnownGroups) {
  const std::string path =
      std::string(FREMDRIFT_SOURCE_DIR_DEFAULT) + "/data/reference/ydelsessatser.csv";
  auto text = ReadFileToString(path);
  ASSERT_TRUE(text.ok()) << path;
  auto rates = ParseBenefitRates(*text, path);
  ASSERT_TRUE(rates.ok()) << rates.status().message();
  auto ref = ReferenceData::LoadEmbedded();
  ASSERT_TRUE(ref.ok());
  int of_2021 = 0;
  for (const auto& r : *rates) {
    EXPECT_GE(ref->GroupIndex(r.group), 0) << r.group;
    EXPECT_FALSE(r.basis.empty()) << r.group;
    if (r.year == 2021) ++of_2021;
  }
  EXPECT_GE(of_2021, 8);
}

TEST(BenefitRates, BadInputNamesFileLineAndColumn) {
  const std::string header = "ydelsesgruppe;aar;sats;enhed;grundlag;kilde\n";
  struct Case {
    std::string row, message;
  } cases[] = {
      {"kontanthjaelp;21x;1;maaned;g;k", "satser.csv:2: column 'aar'"},
      {"kontanthjaelp;2021;-5;maaned;g;k", "satser.csv:2: column 'sats'"},
      {"kontanthjaelp;2021;5;dag;g;k", "satser.csv:2: column 'enhed'"},
      {"kontanthjaelp;2021;5;maaned;g;", "satser.csv:2: column 'kilde'"},
  };
  for (const auto& c : cases) {
    auto rates = ParseBenefitRates(header + c.row + "\n", "satser.csv");
    ASSERT_FALSE(rates.ok()) << c.row;
    EXPECT_NE(rates.status().message().find(c.message), std::string::npos)
        << rates.status().message();
  }
  auto twice = ParseBenefitRates(header + "a;2021;1;maaned;g;k\na;2021;2;maaned;g;k\n", "s.csv");
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.status().message().find("s.csv:3"), std::string::npos);
}

// Hand figures: 10 full-time persons every month of 2020 at 1.000 kr. a month: original budget
// 120.000 kr. = 120 (thousands). In 2021: 10 persons January-June, 16 from July to September
// (m = 9). Corrected (July 2020 - June 2021): 12 x 10 x 1.000 = 120. Expected at September:
// spent 6 x 10 + 3 x 16 = 108 months, plus 3 months at 16 = 48: 156 (thousands). At August: spent
// 6 x 10 + 2 x 16 = 92, plus 4 x 16 = 64: 156 too. A second line of 2 persons at 500 kr.: 12.
TEST(ActivityBudget, ForecastsFromFullTimePersonsTimesRate) {
  ActivityBudgetInput in;
  in.kommune = 657;
  in.municipality = "Herning Kommune";
  in.year = 2021;
  ActivityLine kh{"kontanthjaelp", "Kontanthjælp", 1000, "1.000 kr. pr. md.",
                  std::vector<double>(12, 10.0), {10, 10, 10, 10, 10, 10, 16, 16, 16}};
  ActivityLine sd{"sygedagpenge", "Sygedagpenge", 500, "500 kr. pr. md.",
                  std::vector<double>(12, 2.0), std::vector<double>(9, 2.0)};
  in.lines = {kh, sd};
  auto csv = ActivityBudgetCsv(in);
  ASSERT_TRUE(csv.ok()) << csv.status().message();
  EXPECT_NE(csv->find("kontanthjaelp;ydelser_i;line;Kontanthjælp;120;120;156;156\n"),
            std::string::npos)
      << *csv;
  EXPECT_NE(csv->find("sygedagpenge;ydelser_i;line;Sygedagpenge;12;12;12;12\n"),
            std::string::npos);
  EXPECT_NE(csv->find("# previous_date=2021-08-31"), std::string::npos);
  EXPECT_NE(csv->find("# current_date=2021-09-30"), std::string::npos);
  // The file is a valid budget the follow-up can read: the total is the sum of the lines.
  auto file = ParseBudgetCsv(*csv, "aktivitet.csv");
  ASSERT_TRUE(file.ok()) << file.status().message();
  EXPECT_EQ(file->kommune, 657);
  EXPECT_EQ(file->year, 2021);
  auto followup = ComputeBudgetFollowUp(*file);
  ASSERT_TRUE(followup.ok()) << followup.status().message();
}

TEST(ActivityBudget, BeforeJuneTheCorrectedBudgetIsTheOriginal) {
  ActivityBudgetInput in;
  in.kommune = 217;
  in.year = 2021;
  in.lines = {{"kontanthjaelp", "Kontanthjælp", 1000, "", std::vector<double>(12, 10.0),
               {20, 20, 20}}};
  auto csv = ActivityBudgetCsv(in);
  ASSERT_TRUE(csv.ok());
  // Original 120; corrected 120; at February: 40 spent + 10 x 20 = 240; March: 60 + 9 x 20 = 240.
  EXPECT_NE(csv->find("Kontanthjælp;120;120;240;240\n"), std::string::npos) << *csv;
}

TEST(ActivityBudget, RefusesMissingMonths) {
  ActivityBudgetInput in;
  in.year = 2021;
  in.lines = {{"kontanthjaelp", "Kontanthjælp", 1000, "", std::vector<double>(11, 1.0), {1}}};
  EXPECT_FALSE(ActivityBudgetCsv(in).ok());
  in.lines.clear();
  EXPECT_FALSE(ActivityBudgetCsv(in).ok());
}

}  // namespace
}  // namespace fremdrift
