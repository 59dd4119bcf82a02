// Tests for HTML tables and documents: right-aligned Danish numbers, escaping, row styles, and
// the document's sections in the committee order.
#include "report/table_html.h"

#include <gtest/gtest.h>

#include "report/document_html.h"

namespace fremdrift {
namespace {

TEST(TableHtmlTest, NumbersRightAlignedAndEscaped) {
  TableBlock b;
  b.caption = "Tabel 1: <Forventet> regnskab";
  b.table = Table({Column{"tekst", ColumnType::kString, ColumnRole::kDimension, "", "Tekst", -1},
                   Column{"beloeb", ColumnType::kInteger, ColumnRole::kValue, "kr.", "Beløb", 0}});
  b.table.AddRow({std::string("A & B"), std::int64_t{-50488}});
  b.table.AddRow({std::string("Myndighed"), std::int64_t{218534}});
  b.row_styles = {{0, true, false, false}, {2, false, true, false}};
  std::string html = RenderTableHtml(b);
  EXPECT_NE(html.find("<caption>Tabel 1: &lt;Forventet&gt; regnskab</caption>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"num\">-50.488</td>"), std::string::npos) << html;
  EXPECT_NE(html.find("<th scope=\"col\" class=\"num\">Beløb</th>"), std::string::npos);
  EXPECT_NE(html.find("<tr class=\"bold\"><td>A &amp; B</td>"), std::string::npos);
  EXPECT_NE(html.find("<tr class=\"italic\"><td style=\"padding-left:2.7em\">Myndighed</td>"),
            std::string::npos)
      << html;
}

TEST(DocumentHtmlTest, SectionsInCommitteeOrder) {
  CommitteeDocument doc;
  doc.municipality = "Herning Kommune";
  doc.committee = "Beskæftigelsesudvalget";
  doc.meeting_date = {2019, 4, 24};
  AgendaItem item;
  item.number = 27;
  item.title = "Nøgletal på beskæftigelsesområdet";
  item.case_number = "00.00.00-P19-1719-10";
  item.summary = {Paragraph{"Resumé."}};
  item.presentation = {Paragraph{"Fremstilling."}};
  item.recommender = "Direktøren indstiller";
  item.recommendations = {"at orienteringen tages til efterretning."};
  item.decision = "Taget til efterretning.";
  item.appendices = {Appendix{"Nøgletal april 2019", {}}};
  doc.items = {item};
  std::string html = RenderDocumentHtml(doc);
  EXPECT_NE(html.find("<html lang=\"da\">"), std::string::npos);
  EXPECT_NE(html.find("Mødedato: 24. april 2019"), std::string::npos);
  size_t order[] = {html.find("Punkt 27: Nøgletal"),
                    html.find("Sagsresume"),
                    html.find("Sagsfremstilling"),
                    html.find("Indstilling"),
                    html.find("at orienteringen tages til efterretning."),
                    html.find("Beslutning"),
                    html.find("Taget til efterretning."),
                    html.find("Bilag"),
                    html.find("Nøgletal april 2019</li>")};
  for (size_t i = 0; i < std::size(order); ++i) {
    ASSERT_NE(order[i], std::string::npos) << i;
    if (i) EXPECT_LT(order[i - 1], order[i]) << i;
  }
}

}  // namespace
}  // namespace fremdrift
