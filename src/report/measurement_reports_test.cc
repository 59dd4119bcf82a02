// Tests for the key-figures, FSM2 and ressourceforløb document builders on small Tables built
// here (the measurements that will feed them are built elsewhere).
#include "report/measurement_reports.h"

#include <gtest/gtest.h>

#include "report/pdf_document.h"
#include "report/test_files.h"

namespace fremdrift {
namespace {

Table Shares(const std::vector<std::tuple<std::string, std::string, double>>& rows) {
  Table t({Column{"periode", ColumnType::kString, ColumnRole::kDimension, "", "Periode", -1},
           Column{"omraade", ColumnType::kString, ColumnRole::kDimension, "", "Område", -1},
           Column{"andel", ColumnType::kNumber, ColumnRole::kValue, "pct", "Andel", 1}});
  for (const auto& [p, a, v] : rows) t.AddRow({p, a, v});
  return t;
}

MeetingInfo Meeting() {
  return {"Herning Kommune",
          "Beskæftigelsesudvalget",
          {2019, 4, 24},
          "00.00.00-P19-1719-10",
          "Direktøren for Social, Sundhed og Beskæftigelse indstiller"};
}

TEST(KeyFiguresTest, SentencesAsTheCommitteeReadsThem) {
  KeyFigureSection s;
  s.heading = "Forsikrede ledige";
  s.sentence_label = "Andel af arbejdsstyrken";
  s.table = Shares({{"2018-02", "Herning", 2.9},
                    {"2019-02", "Herning", 2.4},
                    {"2019-02", "RAR Vestjylland", 2.45},
                    {"2019-02", "Hele landet", 3.1}});
  auto sentences = KeyFigureSentences(s, "Herning");
  ASSERT_TRUE(sentences.ok()) << sentences.status().ToString();
  ASSERT_EQ(sentences->size(), 2u);
  EXPECT_EQ((*sentences)[0],
            "Andel af arbejdsstyrken februar 2019: Herning (2,4 %). RAR Vestjylland (2,5 %). "
            "Hele landet (3,1 %)");
  EXPECT_EQ((*sentences)[1],
            "Herning lå i februar 2019 på niveau med RAR Vestjylland, lavere end Hele landet og "
            "lavere end samme periode året før (2,9 %).");
}

TEST(KeyFiguresTest, DocumentWithChartsAndAppendix) {
  KeyFiguresInput in;
  in.meeting = Meeting();
  in.home_area = "Herning";
  KeyFigureSection s;
  s.heading = "Ledighed";
  s.sentence_label = "Ledighedsprocent";
  s.table = Shares({{"2019-01", "Herning", 3.9},
                    {"2019-01", "Hele landet", 4.3},
                    {"2019-02", "Herning", 3.6},
                    {"2019-02", "Hele landet", 4.0}});
  in.sections = {s};
  auto doc = BuildKeyFiguresDocument(in);
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  const AgendaItem& item = doc->items.at(0);
  EXPECT_EQ(item.recommendations.at(0), "at orienteringen tages til efterretning.");
  ASSERT_EQ(item.appendices.at(0).tables.size(), 1u);
  testing::TempDir dir;
  ASSERT_TRUE(WriteDocumentPdf(*doc, dir.File("n.pdf")).ok());
  std::string text =
      testing::RunCommand("pdftotext " + testing::ShellQuote(dir.File("n.pdf")) + " -");
  EXPECT_NE(text.find("Ledighedsprocent februar 2019: Herning (3,6 %). Hele landet (4,0 %)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("Figur 1: Ledighed"), std::string::npos);
  EXPECT_NE(text.find("januar 2019"), std::string::npos);  // chart axis label
  KeyFiguresInput bad = in;
  bad.sections[0].value_column = "nope";
  EXPECT_FALSE(BuildKeyFiguresDocument(bad).ok());
}

// The benchmark section: the rank sentence and the table of the municipality, its neighbours and
// the top 10's average when a benchmark is imported; "Ingen benchmark importeret" when not.
TEST(KeyFiguresTest, BenchmarkSectionOrItsAbsence) {
  KeyFiguresInput in;
  in.meeting = Meeting();
  in.home_area = "Herning";
  auto texts = [](const CommitteeDocument& doc) {
    std::string all;
    for (const Block& b : doc.items.at(0).presentation) {
      if (auto* h = std::get_if<Heading>(&b)) all += "H:" + h->text + "\n";
      if (auto* p = std::get_if<Paragraph>(&b)) all += "P:" + p->text + "\n";
      if (auto* t = std::get_if<TableBlock>(&b)) {
        for (const auto& row : t->table.rows()) all += "R:" + CellToString(row[0]) + "\n";
      }
    }
    return all;
  };
  auto none = BuildKeyFiguresDocument(in);
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_NE(texts(*none).find("H:Benchmark\nP:Ingen benchmark importeret"), std::string::npos)
      << texts(*none);

  Table bench({{"rolle", ColumnType::kString, ColumnRole::kDimension, "", "Rolle"},
               {"placering", ColumnType::kInteger, ColumnRole::kValue, "", "Placering"},
               {"omraade", ColumnType::kString, ColumnRole::kDimension, "", "Kommune"},
               {"forskel_antal", ColumnType::kNumber, ColumnRole::kValue, "personer", "Forskel", 6}});
  bench.AddRow({std::string("kommune"), std::int64_t{5}, std::string("Herning"), 120.0});
  bench.AddRow({std::string("over"), std::int64_t{4}, std::string("Skive"), 80.0});
  bench.AddRow({std::string("top10"), std::int64_t{1}, std::string("Hørsholm"), 100.0});
  bench.AddRow({std::string("top10_gennemsnit"), Cell{}, std::string("Top 10"), 45.3});
  bench.AddNote("Herning er nr. 5 af 12 kommuner på STAR's benchmarkrangliste.");
  in.benchmark = bench;
  auto with = BuildKeyFiguresDocument(in);
  ASSERT_TRUE(with.ok()) << with.status().ToString();
  const std::string t = texts(*with);
  EXPECT_NE(t.find("P:Herning er nr. 5 af 12 kommuner på STAR's benchmarkrangliste."),
            std::string::npos) << t;
  // The municipality, the one above and the top 10's average; not each of the top 10.
  EXPECT_NE(t.find("R:Kommunen\nR:Lige over\nR:Top 10, gennemsnit\n"), std::string::npos) << t;
  EXPECT_EQ(t.find("Ingen benchmark importeret"), std::string::npos);
}

TEST(Fsm2ReportTest, PayoutTierAndMoneyAtStake) {
  Fsm2Input in;
  in.meeting = Meeting();
  in.grant.pool = "Flere skal med 2";
  in.grant.funder = "STAR";
  in.grant.amount = 2235074;
  in.grant.start = {2019, 12, 1};
  in.grant.end = {2021, 12, 31};
  in.payout_indicator = {{MakeMonth(2020, 9), 12.5}, {MakeMonth(2020, 10), 16.2}};
  in.indicators = Shares({{"2020-09", "Herning", 12.5},
                          {"2020-09", "Landsplan", 14.0},
                          {"2020-10", "Herning", 16.2},
                          {"2020-10", "Landsplan", 14.4}});
  in.indicators.title = "Andel af indsatsgruppen med lønnede timer eller uddannelse";
  in.charts = {{ChartKind::kLine, "periode", "andel", "omraade", ""}};
  auto doc = BuildFsm2Document(in);
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  testing::TempDir dir;
  ASSERT_TRUE(WriteDocumentPdf(*doc, dir.File("f.pdf")).ok());
  std::string text =
      testing::RunCommand("pdftotext " + testing::ShellQuote(dir.File("f.pdf")) + " -");
  for (const char* expected : {"oktober 2020", "16,2 %", "Projektet har nået mål 1",
                               "2.011.567 kr.", "223.507 kr.", "1.117.537", "2.235.074"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected;
  }
  const Table& tiers = doc->items[0].appendices[0].tables[0];
  ASSERT_EQ(tiers.rows().size(), 3u);
  EXPECT_EQ(std::get<std::int64_t>(tiers.rows()[0][1]), 1117537);
  EXPECT_EQ(std::get<std::int64_t>(tiers.rows()[1][1]), 2011567);
  EXPECT_EQ(std::get<std::int64_t>(tiers.rows()[2][1]), 2235074);
}

TEST(ResourceCourseReportTest, TablesBecomeNumberedTablesAndSheets) {
  Table t(
      {Column{"kvartal", ColumnType::kString, ColumnRole::kDimension, "", "Kvartal", -1},
       Column{"startet", ColumnType::kInteger, ColumnRole::kValue, "personer", "Påbegyndte", -1}});
  t.title = "Påbegyndte ressourceforløb";
  t.AddRow({std::string("2019-Q1"), std::int64_t{37}});
  ResourceCourseInput in{Meeting(), "1. kvartal 2019", {t, t}};
  auto doc = BuildResourceCourseDocument(in);
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->items[0].appendices[0].tables.size(), 2u);
  std::vector<std::string> captions;
  for (const auto& block : doc->items[0].presentation) {
    if (const auto* t = std::get_if<TableBlock>(&block)) captions.push_back(t->caption);
  }
  EXPECT_EQ(captions, (std::vector<std::string>{"Tabel 1: Påbegyndte ressourceforløb",
                                                "Tabel 2: Påbegyndte ressourceforløb"}));
  ResourceCourseInput empty;
  empty.meeting = Meeting();
  empty.period_text = "x";
  EXPECT_FALSE(BuildResourceCourseDocument(empty).ok());
}

}  // namespace
}  // namespace fremdrift
