// Tests for the budget follow-up document: table 1 of Helsingør Kommune's Social- og
// Beskæftigelsesudvalg, 6.11.2019, from the example budget lines, rendered to PDF (read with
// pdftotext), HTML, CSV and the XLSX appendix (read back cell by cell).
#include "report/budget_report.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "common/csv.h"
#include "report/document_html.h"
#include "report/pdf_document.h"
#include "report/table_csv.h"
#include "report/table_xlsx.h"
#include "report/test_files.h"

namespace fremdrift {
namespace {

std::string SourceDir() {
  const char* env = std::getenv("FREMDRIFT_SOURCE_DIR");
  return env ? env : FREMDRIFT_SOURCE_DIR_DEFAULT;
}

BudgetFollowUp HelsingoerBudgetTable1() {
  auto file = LoadBudgetCsv(SourceDir() + "/data/examples/budget/sbu_2019-09.csv");
  EXPECT_TRUE(file.ok()) << file.status().ToString();
  auto f = ComputeBudgetFollowUp(*file);
  EXPECT_TRUE(f.ok());
  return *f;
}

TEST(BudgetReportTest, TableBlockAddsHerafRowsAndStyles) {
  TableBlock b = BudgetFollowUpTableBlock(HelsingoerBudgetTable1());
  // 30 lines plus two "Heraf:" rows (under Myndighed and Udfører området).
  ASSERT_EQ(b.table.rows().size(), 32u);
  ASSERT_EQ(b.row_styles.size(), 32u);
  EXPECT_TRUE(b.row_styles[0].bold);
  EXPECT_EQ(std::get<std::string>(b.table.rows()[7][0]), "Heraf:");
  EXPECT_EQ(std::get<std::string>(b.table.rows()[8][0]), "- Botilbud m.v.");
  EXPECT_TRUE(b.row_styles[5].italic);  // 718 Rammestyret
  EXPECT_EQ(b.table.columns()[5].label, "Ændring ift. forventet regnskab pr. 31.8.");
  bool has_control = false;
  for (const auto& n : b.footnotes) has_control |= n.rfind("Kontrol: 718", 0) == 0;
  EXPECT_TRUE(has_control);
}

TEST(BudgetReportTest, PdfHtmlCsvAndXlsxShowThePrintedFigures) {
  BudgetFollowUp f = HelsingoerBudgetTable1();
  BudgetReportOptions options;
  options.case_number = "19/9394";
  options.meeting_date = {2019, 11, 6};
  options.item_number = 2;
  options.recommender = "Center for Økonomi og Ejendomme indstiller,";
  CommitteeDocument doc = BuildBudgetFollowUpDocument(f, options);
  testing::TempDir dir;

  std::string pdf = dir.File("b.pdf");
  ASSERT_TRUE(WriteDocumentPdf(doc, pdf).ok());
  // Without -layout, and with runs of white space made one space, so wrapped lines still match.
  std::string raw = testing::RunCommand("pdftotext " + testing::ShellQuote(pdf) + " -"), text;
  for (char c : raw) {
    bool space = c == ' ' || c == '\n' || c == '\r' || c == '\f';
    if (!space)
      text.push_back(c);
    else if (!text.empty() && text.back() != ' ')
      text.push_back(' ');
  }
  for (const char* expected :
       {"Punkt 2: Orientering: Månedlig afrapportering på forventet regnskab - september 2019",
        "Sagsnr.: 19/9394", "Tabel 1: Forventet regnskab for Social- og Beskæftigelsesudvalget",
        "1.125.172", "1.150.814", "1.173.566", "1.175.660", "-2.094", "-50.488", "-24.846",
        "-49.531", "-26.206", "Heraf:", "- Socialpæd.",
        "forventes der et samlet forbrug på 1.175.660.000 kr.", "merforbrug på 24.846.000 kr.",
        "Center for Økonomi og Ejendomme indstiller,", "at orienteringen tages til efterretning.",
        "Kontrol: 718 Særlig Social Indsats / Rammestyret"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected;
  }

  std::string html = RenderDocumentHtml(doc);
  EXPECT_NE(html.find("<td class=\"num\">-24.846</td>"), std::string::npos);

  std::string csv = RenderTableCsv(doc.items[0].appendices[0].tables[0]);
  auto parsed = ParseCsvDocument(StripBom(csv), "b.csv", ';');
  ASSERT_TRUE(parsed.ok());
  ASSERT_EQ(parsed->rows.size(), 30u);
  EXPECT_EQ(parsed->rows[0][0], "Social- og Beskæftigelsesudvalget");
  EXPECT_EQ(parsed->rows[0][7], "-24846");

  std::string xlsx = dir.File("b.xlsx");
  const Appendix& appendix = doc.items[0].appendices[0];
  TableBlock sheet = BudgetFollowUpTableBlock(f);
  ASSERT_TRUE(WriteXlsx(xlsx, {{"Forventet regnskab", sheet}}).ok());
  auto cells = testing::ReadXlsxSheet(xlsx);
  EXPECT_EQ(cells["A3"].value, "Årets priser, netto i 1.000 kr.");
  EXPECT_EQ(cells["A4"].value, "Social- og Beskæftigelsesudvalget");
  EXPECT_EQ(cells["E4"].value, "1175660");
  EXPECT_EQ(cells["E4"].num_format, "#,##0");
  EXPECT_FALSE(cells["E4"].is_string);
  EXPECT_EQ(cells["H4"].value, "-24846");
  EXPECT_EQ(appendix.tables[0].rows().size(), 30u);
}

}  // namespace
}  // namespace fremdrift
