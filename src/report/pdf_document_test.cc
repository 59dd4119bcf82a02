// Tests for PDF documents: the PDF is opened with poppler (pdftotext for the words and figures,
// pdftoppm for rendering, pdffonts for embedded fonts), it spans pages with a repeated table
// header, and the same input gives the same bytes.
#include "report/pdf_document.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "common/file_util.h"
#include "report/test_files.h"

namespace fremdrift {
namespace {

using testing::RunCommand;
using testing::ShellQuote;
using testing::TempDir;

CommitteeDocument LongDocument(int rows) {
  CommitteeDocument doc;
  doc.municipality = "Herning Kommune";
  doc.committee = "Beskæftigelsesudvalget";
  doc.meeting_date = {2019, 4, 24};
  doc.meeting_place = "A1.158";
  AgendaItem item;
  item.number = 27;
  item.kind = "Orientering";
  item.title = "Nøgletal på beskæftigelsesområdet";
  item.case_number = "00.00.00-P19-1719-10";
  item.summary = {Paragraph{"Udviklingen i nøgletallene følges løbende."}};
  TableBlock t;
  t.caption = "Tabel 1: Fuldtidspersoner";
  t.table =
      Table({Column{"omraade", ColumnType::kString, ColumnRole::kDimension, "", "Område", -1},
             Column{"ftp", ColumnType::kInteger, ColumnRole::kValue, "", "Fuldtidspersoner", 0},
             Column{"andel", ColumnType::kNumber, ColumnRole::kValue, "pct", "Andel", 1}});
  for (int i = 0; i < rows; ++i) {
    t.table.AddRow(
        {"Linje " + std::to_string(i + 1), std::int64_t{1000 * i - 2094}, 3.6 + i * 0.01});
  }
  item.presentation = {
      Paragraph{"Ledighedsprocent februar 2019: Herning (3,6 %). Hele landet (4,0 %)"}, t};
  Chart chart;
  chart.title = "Ledighedsprocent";
  chart.y_unit = "pct";
  chart.categories = {"jan.", "feb.", "mar."};
  chart.series = {{"Herning", {3.4, 3.9, 3.6}}, {"Hele landet", {3.9, 4.3, 4.0}}};
  item.presentation.push_back(ChartBlock{"Figur 1: Ledighed", chart});
  item.recommender = "Direktøren for Social, Sundhed og Beskæftigelse indstiller";
  item.recommendations = {"at orienteringen tages til efterretning."};
  item.decision = "Taget til efterretning.";
  item.appendices = {Appendix{"Nøgletal april 2019", {}}};
  doc.items = {item};
  return doc;
}

TEST(PdfDocumentTest, TextPagesFontsAndReproducibility) {
  TempDir dir;
  std::string path = dir.File("doc.pdf");
  ASSERT_TRUE(WriteDocumentPdf(LongDocument(120), path).ok());
  int code = 0;
  std::string text = RunCommand("pdftotext -layout " + ShellQuote(path) + " -", &code);
  ASSERT_EQ(code, 0);
  for (const char* expected :
       {"Dagsorden Beskæftigelsesudvalget", "Mødedato: Onsdag d. 24. april 2019",
        "Punkt 27: Orientering: Nøgletal på beskæftigelsesområdet", "Sagsresume",
        "Sagsfremstilling", "Tabel 1: Fuldtidspersoner", "-2.094", "116.906", "Linje 120",
        "Indstilling", "at orienteringen tages til efterretning.", "Beslutning",
        "Taget til efterretning.", "Bilag", "1: Nøgletal april 2019", "Figur 1: Ledighed",
        "Herning (3,6 %)", "Side 1 af"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text.substr(0, 3000);
  }
  // The chart's tick label "4 %" (pdftotext may drop the thin gap before "%").
  EXPECT_TRUE(text.find("4 %") != std::string::npos || text.find("4%") != std::string::npos);
  // 120 rows do not fit one page: the header repeats with "(fortsat)".
  EXPECT_NE(text.find("Tabel 1: Fuldtidspersoner (fortsat)"), std::string::npos);
  std::string info = RunCommand("pdfinfo " + ShellQuote(path));
  EXPECT_NE(info.find("595.276 x 841.89 pts (A4)"), std::string::npos) << info;
  EXPECT_NE(info.find("fremdrift"), std::string::npos) << info;
  int pages = std::stoi(info.substr(info.find("Pages:") + 6));
  EXPECT_GE(pages, 3);
  EXPECT_NE(text.find("Side " + std::to_string(pages) + " af " + std::to_string(pages)),
            std::string::npos);

  // Every font is embedded (pdffonts' "emb" column is "yes").
  std::string fonts = RunCommand("pdffonts " + ShellQuote(path));
  EXPECT_NE(fonts.find("DejaVuSans"), std::string::npos) << fonts;
  EXPECT_EQ(fonts.find(" no  "), std::string::npos) << fonts;

  // Renders: one PNG per page, non-trivial size.
  RunCommand("pdftoppm -r 40 -png " + ShellQuote(path) + " " + ShellQuote(dir.File("page")), &code);
  ASSERT_EQ(code, 0);
  int pngs = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
    if (e.path().extension() == ".png") {
      ++pngs;
      EXPECT_GT(std::filesystem::file_size(e.path()), 1000u);
    }
  }
  EXPECT_EQ(pngs, pages);

  // Same bytes twice.
  auto a = RenderDocumentPdf(LongDocument(120));
  auto b = RenderDocumentPdf(LongDocument(120));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
  EXPECT_EQ(a->substr(0, 5), "%PDF-");
}

}  // namespace
}  // namespace fremdrift
