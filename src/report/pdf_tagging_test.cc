// Tests for tagged committee PDFs: a document with every kind of block is rendered, and its
// structure read back with qpdf (pdf_structure_check.h): catalog language, title, headings in
// order, tables with header cells and scopes, lists, figures whose /Alt is the chart's text
// alternative, and no page content outside the structure tree except artifacts, over a page
// break inside a table. The checker finds what an untagged PDF and cairo's own tagging lack;
// FinishTaggedPdf refuses a PDF without a structure tree or with a figure short of its text.
#include "report/pdf_tagging.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "common/file_util.h"
#include "report/chart_alt_text.h"
#include "report/pdf_document.h"
#include "report/pdf_structure_check.h"
#include "report/test_files.h"

namespace fremdrift {
namespace {

using testing::ReadPdfStructure;
using testing::RunCommand;
using testing::ShellQuote;
using testing::TaggedPdfProblems;
using testing::TempDir;

Chart Unemployment() {
  Chart chart;
  chart.title = "Ledighedsprocent";
  chart.y_unit = "pct";
  chart.categories = {"jan.", "feb.", "mar."};
  chart.series = {{"Herning", {3.4, 3.9, 3.6}}, {"Hele landet", {3.9, 4.3, 4.0}}};
  return chart;
}

CommitteeDocument EveryBlock(int rows) {
  CommitteeDocument doc;
  doc.municipality = "Herning Kommune";
  doc.committee = "Beskæftigelsesudvalget";
  doc.meeting_date = {2019, 4, 24};
  AgendaItem item;
  item.number = 27;
  item.kind = "Orientering";
  item.title = "Nøgletal på beskæftigelsesområdet";
  item.summary = {Paragraph{"Udviklingen følges løbende."}, Heading{"Ledighed"},
                  BulletList{{"Herning 3,6 %", "Hele landet 4,0 %"}}};
  TableBlock t;
  t.caption = "Tabel 1: Fuldtidspersoner";
  t.table =
      Table({Column{"omraade", ColumnType::kString, ColumnRole::kDimension, "", "Område", -1},
             Column{"ftp", ColumnType::kInteger, ColumnRole::kValue, "", "Fuldtidspersoner", 0}});
  for (int i = 0; i < rows; ++i)
    t.table.AddRow({"Linje " + std::to_string(i + 1), std::int64_t{i}});
  item.presentation = {t, ChartBlock{"Figur 1: Ledighed", Unemployment()}};
  item.recommendations = {"at orienteringen tages til efterretning."};
  item.appendices = {Appendix{"Nøgletal april 2019", {}}};
  doc.items = {item};
  return doc;
}

TEST(PdfTaggingTest, StructureLanguageFiguresAndArtifacts) {
  TempDir dir;
  const std::string path = dir.File("doc.pdf");
  ASSERT_TRUE(WriteDocumentPdf(EveryBlock(90), path).ok());
  auto s = ReadPdfStructure(path);
  auto problems = TaggedPdfProblems(s);
  EXPECT_TRUE(problems.empty()) << problems.front();
  EXPECT_EQ(s.lang, "da-DK");
  EXPECT_EQ(s.title, "Nøgletal på beskæftigelsesområdet");
  EXPECT_EQ(s.elements["Document"], 1);
  EXPECT_EQ(s.headings.front(), "H1");
  EXPECT_GE(s.elements["H2"], 1);
  EXPECT_GE(s.elements["H3"], 3);  // Sagsresume, Sagsfremstilling, Indstilling, ...
  EXPECT_EQ(s.elements["H4"], 1);
  EXPECT_EQ(s.tables, 1);
  EXPECT_EQ(s.elements["Caption"], 1);
  // The header row's two THs and one row label per row; the header repeated on later pages is
  // an artifact, not a second row of THs.
  EXPECT_EQ(s.elements["TR"], 91);
  EXPECT_EQ(s.elements["TH"], 2 + 90);
  EXPECT_EQ(s.elements["TD"], 90);
  EXPECT_EQ(s.elements["L"], 2);  // the bullet list and the appendices
  EXPECT_EQ(s.elements["LI"], 3);
  EXPECT_EQ(s.elements["Lbl"], 2);
  ASSERT_EQ(s.figure_alt.size(), 1u);
  EXPECT_EQ(s.figure_alt[0], ChartAltText(Unemployment()));
  EXPECT_GT(s.artifacts, 2);  // at least the running header and footer of each page

  // The XMP metadata carries title and language; pdfinfo shows the title.
  std::string meta = RunCommand("pdfinfo -meta " + ShellQuote(path));
  EXPECT_NE(meta.find("Nøgletal på beskæftigelsesområdet"), std::string::npos) << meta;
  EXPECT_NE(meta.find("<rdf:li>da-DK</rdf:li>"), std::string::npos) << meta;
  // Tagging leaves the words where they were.
  std::string text = RunCommand("pdftotext -layout " + ShellQuote(path) + " -");
  EXPECT_NE(text.find("Tabel 1: Fuldtidspersoner (fortsat)"), std::string::npos);
  EXPECT_NE(text.find("Side 1 af"), std::string::npos);
}

cairo_status_t Append(void* out, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(out)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// A page drawn with cairo: an untagged running header, then H1, P and a Figure (`tagged`).
std::string CairoPage(bool tagged) {
  std::string out;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(Append, &out, 300, 300);
  cairo_t* cr = cairo_create(surface);
  auto tag = [&](const char* name, bool begin) {
    if (!tagged) return;
    if (begin) {
      cairo_tag_begin(cr, name, "");
    } else {
      cairo_tag_end(cr, name);
    }
  };
  cairo_move_to(cr, 10, 10);
  cairo_show_text(cr, "Side 1 af 1");
  tag("Document", true);
  for (const char* t : {"H1", "P"}) {
    tag(t, true);
    cairo_move_to(cr, 10, t[0] == 'H' ? 40 : 60);
    cairo_show_text(cr, t);
    tag(t, false);
  }
  tag("Figure", true);
  cairo_rectangle(cr, 10, 80, 50, 50);
  cairo_fill(cr);
  tag("Figure", false);
  tag("Document", false);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  cairo_surface_destroy(surface);
  return out;
}

bool Mentions(const std::vector<std::string>& problems, const std::string& what) {
  return std::any_of(problems.begin(), problems.end(),
                     [&](const std::string& p) { return p.find(what) != std::string::npos; });
}

// The checker finds what an untagged PDF and cairo's own tagging lack, and FinishTaggedPdf
// supplies it: language, title shown, /Alt, and the running header as an artifact.
TEST(PdfTaggingTest, CompletesCairosTaggingWhereTheCheckerFindsItShort) {
  TempDir dir;
  ASSERT_TRUE(WriteStringToFile(dir.File("untagged.pdf"), CairoPage(false)).ok());
  auto untagged = TaggedPdfProblems(ReadPdfStructure(dir.File("untagged.pdf")));
  EXPECT_TRUE(Mentions(untagged, "no /StructTreeRoot"));
  EXPECT_TRUE(Mentions(untagged, "/Lang"));
  EXPECT_TRUE(Mentions(untagged, "paints outside marked content"));

  const std::string raw = CairoPage(true);
  ASSERT_TRUE(WriteStringToFile(dir.File("cairo.pdf"), raw).ok());
  auto cairo_only = TaggedPdfProblems(ReadPdfStructure(dir.File("cairo.pdf")));
  EXPECT_FALSE(Mentions(cairo_only, "no /StructTreeRoot"));
  EXPECT_TRUE(Mentions(cairo_only, "/Lang"));
  EXPECT_TRUE(Mentions(cairo_only, "DisplayDocTitle"));
  EXPECT_TRUE(Mentions(cairo_only, "Figure 1 has no /Alt"));
  EXPECT_TRUE(Mentions(cairo_only, "'Tj' paints outside marked content"));

  PdfAccessibility info;
  info.title = "Prøve";
  info.figure_alt = {"Søjlediagram: Prøve."};
  auto finished = FinishTaggedPdf(raw, info);
  ASSERT_TRUE(finished.ok()) << finished.status().ToString();
  ASSERT_TRUE(WriteStringToFile(dir.File("finished.pdf"), *finished).ok());
  auto s = ReadPdfStructure(dir.File("finished.pdf"));
  // cairo wrote no document information title here; everything else is complete.
  EXPECT_EQ(TaggedPdfProblems(s),
            std::vector<std::string>{"no /Title in the document information"});
  EXPECT_EQ(s.artifacts, 1);
  EXPECT_EQ(s.figure_alt, info.figure_alt);
  EXPECT_EQ(*FinishTaggedPdf(raw, info), *finished);  // deterministic
}

TEST(PdfTaggingTest, RefusesAnUntaggedPdfAndAMissingAlternative) {
  auto pdf = RenderDocumentPdf(EveryBlock(3));
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  // One Figure, no text alternative given.
  auto wrong = FinishTaggedPdf(*pdf, PdfAccessibility{});
  EXPECT_FALSE(wrong.ok());
  EXPECT_NE(wrong.status().message().find("1 Figure elements for 0"), std::string::npos);
  EXPECT_FALSE(FinishTaggedPdf("not a pdf", PdfAccessibility{}).ok());
}

}  // namespace
}  // namespace fremdrift
