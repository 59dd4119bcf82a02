// PDF committee documents (see pdf_document.h).
#include "report/pdf_document.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <fmt/format.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>

#include "common/file_util.h"
#include "report/chart_alt_text.h"
#include "report/chart_layout.h"
#include "report/pdf_tagging.h"
#include "table/danish_format.h"

// Debug builds run with LeakSanitizer; fontconfig, pango and glib keep process-wide caches that are
// never freed by design. Suppress exactly those libraries so real leaks still fail the tests.
#if defined(__SANITIZE_ADDRESS__)
extern "C" const char* __lsan_default_options() { return "print_suppressions=0"; }
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libfontconfig\nleak:libpango\nleak:libpangoft2\nleak:libpangocairo\n"
         "leak:libglib\nleak:libgobject\nleak:libharfbuzz\nleak:libcairo\nleak:libfreetype\n";
}
#endif

namespace fremdrift {
namespace {

constexpr double kPageW = 595.276, kPageH = 841.890;  // A4 in points
constexpr double kMarginL = 62, kMarginR = 56, kMarginT = 64, kMarginB = 62;
constexpr double kContentW = kPageW - kMarginL - kMarginR;
constexpr double kBodySize = 9.5, kTableSize = 7.5;
constexpr const char* kFamily = "DejaVu Sans";
const Rgb kInk{0.1, 0.1, 0.1}, kMuted{0.38, 0.38, 0.38}, kAccent{0.0, 0.314, 0.541};
const Rgb kHeaderFill{0.91, 0.933, 0.957}, kRule{0.55, 0.55, 0.55}, kHairline{0.85, 0.85, 0.85};

enum class Weight { kNormal, kBold };
enum class Slant { kNormal, kItalic };

struct FontDeleter {
  void operator()(PangoFontDescription* d) const { pango_font_description_free(d); }
};
struct ObjectDeleter {
  void operator()(void* p) const { g_object_unref(p); }
};
using LayoutPtr = std::unique_ptr<PangoLayout, ObjectDeleter>;

Status CairoStatus(cairo_status_t s, std::string_view what) {
  if (s == CAIRO_STATUS_SUCCESS) return Status::Ok();
  return Internal("pdf: {}: {}", what, cairo_status_to_string(s));
}

// Draws one document onto a cairo PDF surface, page by page.
class Painter {
 public:
  Painter(cairo_surface_t* surface, const CommitteeDocument& doc, int total_pages)
      : surface_(surface), cr_(cairo_create(surface)), doc_(doc), total_pages_(total_pages) {}
  ~Painter() { cairo_destroy(cr_); }

  void Run() {
    Begin("Document");
    StartPage();
    MeetingHeader();
    bool first = true;
    for (const auto& item : doc_.items) {
      if (!first) NewPage();
      first = false;
      Item(item);
    }
    End("Document");
    FinishPage();
  }
  int pages() const { return page_; }
  // The text alternative of each chart, in drawing order (one per Figure element).
  const std::vector<std::string>& figure_alt() const { return figure_alt_; }
  cairo_status_t status() const { return cairo_status(cr_); }

 private:
  // --- structure tags -----------------------------------------------------------------------
  // Structure elements (cairo's tagging API). Content drawn while a leaf element (P, H1, TD, ...)
  // is open is marked as that element's content; content drawn outside every leaf (running
  // header and footer, rules, fills, a repeated table header) is left unmarked and made an
  // artifact by FinishTaggedPdf. A leaf never spans a page break: Flow ends it before the page's
  // header is drawn and opens the same kind again after.
  void Begin(const char* tag) { cairo_tag_begin(cr_, tag, ""); }
  void End(const char* tag) { cairo_tag_end(cr_, tag); }

  // --- text -------------------------------------------------------------------------------
  LayoutPtr Layout(const std::string& text, double size, Weight w, Slant s, double width,
                   PangoAlignment align = PANGO_ALIGN_LEFT) {
    LayoutPtr layout(pango_cairo_create_layout(cr_));
    std::unique_ptr<PangoFontDescription, FontDeleter> desc(pango_font_description_new());
    pango_font_description_set_family(desc.get(), kFamily);
    pango_font_description_set_absolute_size(desc.get(), size * PANGO_SCALE);
    pango_font_description_set_weight(desc.get(),
                                      w == Weight::kBold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_style(desc.get(),
                                     s == Slant::kItalic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    pango_layout_set_font_description(layout.get(), desc.get());
    if (width > 0) {
      pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
      pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_alignment(layout.get(), align);
    pango_layout_set_text(layout.get(), text.c_str(), -1);
    return layout;
  }

  static double Height(PangoLayout* layout) {
    int w = 0, h = 0;
    pango_layout_get_size(layout, &w, &h);
    return static_cast<double>(h) / PANGO_SCALE;
  }
  static double Width(PangoLayout* layout) {
    PangoRectangle ink, logical;
    pango_layout_get_extents(layout, &ink, &logical);
    return static_cast<double>(logical.width) / PANGO_SCALE;
  }

  void SetColor(const Rgb& c) { cairo_set_source_rgb(cr_, c.r, c.g, c.b); }

  // Draws a whole layout at (x, y) without page breaks.
  void DrawLayout(PangoLayout* layout, double x, double y, const Rgb& color) {
    SetColor(color);
    cairo_move_to(cr_, x, y);
    pango_cairo_show_layout(cr_, layout);
  }

  // Flows a paragraph line by line at the cursor, breaking pages between lines.
  // `tag`: the leaf element the text is (nullptr: an artifact). With a bullet the bullet is the
  // list item's Lbl and the text its LBody (`tag`).
  void Flow(const char* tag, const std::string& text, double size, Weight w, Slant s, double indent,
            double space_after, const Rgb& color = kInk, const std::string& bullet = "") {
    LayoutPtr layout = Layout(text, size, w, s, kContentW - indent);
    PangoLayoutIter* iter = pango_layout_get_iter(layout.get());
    bool first = true, open = false;
    do {
      PangoRectangle logical;
      pango_layout_iter_get_line_extents(iter, nullptr, &logical);
      double line_h = static_cast<double>(logical.height) / PANGO_SCALE;
      double baseline =
          static_cast<double>(pango_layout_iter_get_baseline(iter) - logical.y) / PANGO_SCALE;
      if (y_ + line_h > kPageH - kMarginB) {
        if (open) End(tag);
        open = false;
        NewPage();
      }
      PangoLayoutLine* line = pango_layout_iter_get_line_readonly(iter);
      SetColor(color);
      if (first && !bullet.empty()) {
        Begin("Lbl");
        LayoutPtr b = Layout(bullet, size, w, s, 0);
        cairo_move_to(cr_, kMarginL + indent - 10, y_);
        pango_cairo_show_layout(cr_, b.get());
        End("Lbl");
        SetColor(color);
      }
      if (tag != nullptr && !open) {
        Begin(tag);
        open = true;
      }
      cairo_move_to(cr_, kMarginL + indent + static_cast<double>(logical.x) / PANGO_SCALE,
                    y_ + baseline);
      pango_cairo_show_layout_line(cr_, line);
      y_ += line_h;
      first = false;
    } while (pango_layout_iter_next_line(iter));
    pango_layout_iter_free(iter);
    if (open) End(tag);
    y_ += space_after;
  }

  void EnsureSpace(double h) {
    if (y_ + h > kPageH - kMarginB && y_ > kMarginT + 1) NewPage();
  }

  // --- pages ------------------------------------------------------------------------------
  void StartPage() {
    ++page_;
    y_ = kMarginT;
    // Running header: committee and meeting date, then a thin rule.
    std::string left = doc_.kind + " " + doc_.committee;
    std::string right = FormatDanishDate(doc_.meeting_date);
    LayoutPtr l = Layout(left, 7.5, Weight::kNormal, Slant::kNormal, 0);
    LayoutPtr r = Layout(right, 7.5, Weight::kNormal, Slant::kNormal, 0);
    DrawLayout(l.get(), kMarginL, 34, kMuted);
    DrawLayout(r.get(), kPageW - kMarginR - Width(r.get()), 34, kMuted);
    SetColor(kRule);
    cairo_set_line_width(cr_, 0.5);
    cairo_move_to(cr_, kMarginL, 46);
    cairo_line_to(cr_, kPageW - kMarginR, 46);
    cairo_stroke(cr_);
    // Footer.
    std::string footer = total_pages_ > 0 ? fmt::format("Side {} af {}", page_, total_pages_)
                                          : fmt::format("Side {}", page_);
    LayoutPtr f = Layout(footer, 7.5, Weight::kNormal, Slant::kNormal, 0);
    DrawLayout(f.get(), kPageW - kMarginR - Width(f.get()), kPageH - 40, kMuted);
    if (!doc_.municipality.empty()) {
      LayoutPtr m = Layout(doc_.municipality, 7.5, Weight::kNormal, Slant::kNormal, 0);
      DrawLayout(m.get(), kMarginL, kPageH - 40, kMuted);
    }
  }
  void FinishPage() { cairo_show_page(cr_); }
  void NewPage() {
    FinishPage();
    StartPage();
  }

  // --- document parts ---------------------------------------------------------------------
  void MeetingHeader() {
    if (!doc_.municipality.empty()) {
      Flow("P", doc_.municipality, 10, Weight::kBold, Slant::kNormal, 0, 4, kAccent);
    }
    Flow("H1", doc_.kind + " " + doc_.committee, 17, Weight::kBold, Slant::kNormal, 0, 8);
    DayNumber day = DaysFromCivil(doc_.meeting_date);
    static constexpr std::array<const char*, 7> kWeekdays = {
        "Mandag", "Tirsdag", "Onsdag", "Torsdag", "Fredag", "Lørdag", "Søndag"};
    Flow("P",
         fmt::format("Mødedato: {} d. {}", kWeekdays[Weekday(day)],
                     FormatDanishDate(doc_.meeting_date)),
         kBodySize, Weight::kNormal, Slant::kNormal, 0, 2);
    if (!doc_.meeting_place.empty()) {
      Flow("P", "Mødested: " + doc_.meeting_place, kBodySize, Weight::kNormal, Slant::kNormal, 0,
           2);
    }
    y_ += 6;
    SetColor(kAccent);
    cairo_set_line_width(cr_, 1.2);
    cairo_move_to(cr_, kMarginL, y_);
    cairo_line_to(cr_, kPageW - kMarginR, y_);
    cairo_stroke(cr_);
    y_ += 16;
  }

  void SectionTitle(const std::string& title) {
    EnsureSpace(40);  // keep a title with at least two lines of its text
    y_ += 6;
    Flow("H3", title, 10.5, Weight::kBold, Slant::kNormal, 0, 4);
  }

  void Item(const AgendaItem& item) {
    Flow("H2", AgendaItemHeading(item), 13, Weight::kBold, Slant::kNormal, 0, 4, kAccent);
    if (!item.case_number.empty()) {
      Flow("P", "Sagsnr.: " + item.case_number, 8.5, Weight::kNormal, Slant::kNormal, 0, 1, kMuted);
    }
    if (!item.decided_in.empty()) {
      Flow("P", "Sagen afgøres i: " + item.decided_in, 8.5, Weight::kNormal, Slant::kNormal, 0, 1,
           kMuted);
    }
    y_ += 8;
    if (!item.summary.empty()) {
      SectionTitle("Sagsresume");
      Blocks(item.summary);
    }
    if (!item.presentation.empty()) {
      SectionTitle("Sagsfremstilling");
      Blocks(item.presentation);
    }
    for (const auto& section : item.sections) {
      SectionTitle(section.title);
      Blocks(section.blocks);
    }
    if (!item.recommendations.empty()) {
      SectionTitle("Indstilling");
      if (!item.recommender.empty()) {
        Flow("P", item.recommender, kBodySize, Weight::kNormal, Slant::kNormal, 0, 6);
      }
      for (const auto& r : item.recommendations) {
        Flow("P", r, kBodySize, Weight::kNormal, Slant::kNormal, 0, 4);
      }
    }
    SectionTitle("Beslutning");
    Flow("P", item.decision.empty() ? " " : item.decision, kBodySize, Weight::kNormal,
         Slant::kNormal, 0, 4);
    if (!item.appendices.empty()) {
      SectionTitle("Bilag");
      Begin("L");
      for (size_t i = 0; i < item.appendices.size(); ++i) {
        Begin("LI");
        Flow("LBody", fmt::format("{}: {}", i + 1, item.appendices[i].title), kBodySize,
             Weight::kNormal, Slant::kNormal, 0, 2);
        End("LI");
      }
      End("L");
    }
  }

  void Blocks(const std::vector<Block>& blocks) {
    for (const auto& block : blocks) {
      if (const auto* h = std::get_if<Heading>(&block)) {
        EnsureSpace(110);  // keep a heading with the first lines of what follows
        y_ += 3;
        Flow("H4", h->text, kBodySize, Weight::kBold, Slant::kNormal, 0, 3);
      } else if (const auto* p = std::get_if<Paragraph>(&block)) {
        if (p->bold) EnsureSpace(70);  // a bold lead-in stays with its text
        Flow("P", p->text, kBodySize, p->bold ? Weight::kBold : Weight::kNormal, Slant::kNormal, 0,
             7);
      } else if (const auto* l = std::get_if<BulletList>(&block)) {
        Begin("L");
        for (const auto& item : l->items) {
          Begin("LI");
          Flow("LBody", item, kBodySize, Weight::kNormal, Slant::kNormal, 14, 3, kInk, "•");
          End("LI");
        }
        End("L");
        y_ += 4;
      } else if (const auto* t = std::get_if<TableBlock>(&block)) {
        TableBlockPaint(*t);
      } else if (const auto* c = std::get_if<ChartBlock>(&block)) {
        ChartPaint(*c);
      }
    }
  }

  // --- tables -----------------------------------------------------------------------------
  struct TableGeometry {
    std::vector<double> x, w;  // column left edges and widths
    double header_h = 0;
  };

  TableGeometry MeasureTable(const TableBlock& block) {
    const Table& t = block.table;
    const auto& cols = t.columns();
    TableGeometry g;
    g.w.assign(cols.size(), 0);
    const double pad = 4;
    // Numeric columns: widest value, and a header label that wraps to no more than ~4 lines.
    double numeric_total = 0;
    for (size_t c = 1; c < cols.size(); ++c) {
      double w = 30;
      for (size_t r = 0; r < t.rows().size(); ++r) {
        if (c >= t.rows()[r].size()) continue;
        RowStyle s = r < block.row_styles.size() ? block.row_styles[r] : RowStyle{};
        LayoutPtr l = Layout(FormatDanishCell(t.rows()[r][c], cols[c]), kTableSize,
                             s.bold ? Weight::kBold : Weight::kNormal, Slant::kNormal, 0);
        w = std::max(w, Width(l.get()) + 2 * pad);
      }
      // A text column beside the first wraps rather than crowding out the numbers.
      if (cols[c].type == ColumnType::kString) w = std::clamp(w, 60.0, kContentW * 0.4);
      // Header labels wrap between words, never inside one: fit the longest word.
      std::string label = HeaderText(block, c), word;
      for (char ch : label + " ") {
        if (ch != ' ') {
          word.push_back(ch);
          continue;
        }
        if (word.empty()) continue;
        LayoutPtr l = Layout(word, kTableSize, Weight::kBold, Slant::kNormal, 0);
        w = std::max(w, Width(l.get()) + 2 * pad);
        word.clear();
      }
      g.w[c] = std::max(w, 46.0);
      numeric_total += g.w[c];
    }
    g.w[0] = std::max(90.0, kContentW - numeric_total);
    // Shrink numeric columns evenly if the first column would be too narrow.
    double total = g.w[0] + numeric_total;
    if (total > kContentW && cols.size() > 1) {
      double scale = (kContentW - g.w[0]) / numeric_total;
      for (size_t c = 1; c < cols.size(); ++c) g.w[c] *= scale;
    }
    double x = kMarginL;
    for (size_t c = 0; c < cols.size(); ++c) {
      g.x.push_back(x);
      x += g.w[c];
    }
    for (size_t c = 0; c < cols.size(); ++c) {
      LayoutPtr l = Layout(HeaderText(block, c), kTableSize, Weight::kBold, Slant::kNormal,
                           g.w[c] - 2 * pad, c == 0 ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT);
      g.header_h = std::max(g.header_h, Height(l.get()) + 2 * pad);
    }
    return g;
  }

  static std::string HeaderText(const TableBlock& block, size_t c) {
    const Column& col = block.table.columns()[c];
    if (c == 0 && !block.first_header.empty()) return block.first_header;
    return col.label.empty() ? col.name : col.label;
  }

  // The column header row: tagged as the table's first TR of THs, or (`tagged` false: repeated
  // after a page break) an artifact.
  void TableHeader(const TableBlock& block, const TableGeometry& g, bool tagged) {
    const double pad = 4;
    double width = g.x.back() + g.w.back() - kMarginL;
    SetColor(kHeaderFill);
    cairo_rectangle(cr_, kMarginL, y_, width, g.header_h);
    cairo_fill(cr_);
    if (tagged) Begin("TR");
    for (size_t c = 0; c < g.w.size(); ++c) {
      bool num = block.table.columns()[c].type != ColumnType::kString;
      LayoutPtr l = Layout(HeaderText(block, c), kTableSize, Weight::kBold, Slant::kNormal,
                           g.w[c] - 2 * pad, num ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
      // Bottom-align header labels as spreadsheets do.
      if (tagged) Begin("TH");
      DrawLayout(l.get(), g.x[c] + pad, y_ + g.header_h - pad - Height(l.get()), kInk);
      if (tagged) End("TH");
    }
    if (tagged) End("TR");
    y_ += g.header_h;
    SetColor(kRule);
    cairo_set_line_width(cr_, 0.8);
    cairo_move_to(cr_, kMarginL, y_);
    cairo_line_to(cr_, kMarginL + width, y_);
    cairo_stroke(cr_);
  }

  void TableBlockPaint(const TableBlock& block) {
    const Table& t = block.table;
    const auto& cols = t.columns();
    if (cols.empty()) return;
    TableGeometry g = MeasureTable(block);
    const double pad = 4, vpad = 2.2;
    double width = g.x.back() + g.w.back() - kMarginL;
    // Caption, header and a few rows stay together.
    EnsureSpace(g.header_h + 60);
    Begin("Table");
    if (!block.caption.empty()) {
      Flow("Caption", block.caption, kBodySize, Weight::kBold, Slant::kNormal, 0, 4);
    }
    TableHeader(block, g, true);
    // A text first column labels its row: its cells are row headers.
    const bool row_labels = cols[0].type == ColumnType::kString;
    for (size_t r = 0; r < t.rows().size(); ++r) {
      const auto& row = t.rows()[r];
      RowStyle s = r < block.row_styles.size() ? block.row_styles[r] : RowStyle{};
      Weight w = s.bold ? Weight::kBold : Weight::kNormal;
      Slant sl = s.italic ? Slant::kItalic : Slant::kNormal;
      double indent = s.indent * 8.0;
      std::vector<LayoutPtr> cells;
      double row_h = 0;
      for (size_t c = 0; c < cols.size(); ++c) {
        std::string text = c < row.size() ? FormatDanishCell(row[c], cols[c]) : "";
        bool num = cols[c].type != ColumnType::kString;
        double avail = g.w[c] - 2 * pad - (c == 0 ? indent : 0);
        cells.push_back(Layout(text, kTableSize, w, sl, num ? 0 : avail));
        row_h = std::max(row_h, Height(cells.back().get()) + 2 * vpad);
      }
      if (y_ + row_h > kPageH - kMarginB) {
        NewPage();
        Flow(nullptr, block.caption.empty() ? "(fortsat)" : block.caption + " (fortsat)",
             kTableSize, Weight::kNormal, Slant::kItalic, 0, 3, kMuted);
        TableHeader(block, g, false);
      }
      if (s.rule_above) {
        SetColor(kRule);
        cairo_set_line_width(cr_, 0.6);
        cairo_move_to(cr_, kMarginL, y_);
        cairo_line_to(cr_, kMarginL + width, y_);
        cairo_stroke(cr_);
      }
      Begin("TR");
      for (size_t c = 0; c < cols.size(); ++c) {
        bool num = cols[c].type != ColumnType::kString;
        double x = num ? g.x[c] + g.w[c] - pad - Width(cells[c].get())
                       : g.x[c] + pad + (c == 0 ? indent : 0);
        const char* cell = c == 0 && row_labels ? "TH" : "TD";
        Begin(cell);
        DrawLayout(cells[c].get(), x, y_ + vpad, kInk);
        End(cell);
      }
      End("TR");
      y_ += row_h;
      SetColor(kHairline);
      cairo_set_line_width(cr_, 0.4);
      cairo_move_to(cr_, kMarginL, y_);
      cairo_line_to(cr_, kMarginL + width, y_);
      cairo_stroke(cr_);
    }
    End("Table");
    y_ += 4;
    for (const auto& note : block.footnotes) {
      Flow("P", note, 7, Weight::kNormal, Slant::kNormal, 0, 1, kMuted);
    }
    for (std::size_t i = 0; i < t.notes().size(); ++i) {
      Flow("P", ReaderNoteText(t, i), 7, Weight::kNormal, Slant::kNormal, 0, 1, kMuted);
    }
    y_ += 8;
  }

  // --- charts -----------------------------------------------------------------------------
  void ChartPaint(const ChartBlock& block) {
    const double h = 230;
    EnsureSpace(h + 20);
    if (!block.caption.empty()) {
      Flow("P", block.caption, kBodySize, Weight::kBold, Slant::kNormal, 0, 4);
    }
    ChartScene scene = LayoutChart(block.chart, kContentW, h);
    figure_alt_.push_back(ChartAltText(block.chart));
    Begin("Figure");
    cairo_save(cr_);
    cairo_translate(cr_, kMarginL, y_);
    for (const auto& p : scene.items) {
      using K = ChartPrimitive::Kind;
      SetColor(p.color);
      switch (p.kind) {
        case K::kLine:
          cairo_set_line_width(cr_, p.width);
          if (p.dashed) {
            double dash[] = {3, 2};
            cairo_set_dash(cr_, dash, 2, 0);
          }
          cairo_move_to(cr_, p.points[0], p.points[1]);
          cairo_line_to(cr_, p.points[2], p.points[3]);
          cairo_stroke(cr_);
          cairo_set_dash(cr_, nullptr, 0, 0);
          break;
        case K::kPolyline:
          cairo_set_line_width(cr_, p.width);
          cairo_set_line_join(cr_, CAIRO_LINE_JOIN_ROUND);
          for (size_t i = 0; i + 1 < p.points.size(); i += 2) {
            if (i == 0) {
              cairo_move_to(cr_, p.points[i], p.points[i + 1]);
            } else {
              cairo_line_to(cr_, p.points[i], p.points[i + 1]);
            }
          }
          cairo_stroke(cr_);
          break;
        case K::kRect:
          cairo_rectangle(cr_, p.points[0], p.points[1], p.points[2], p.points[3]);
          cairo_fill(cr_);
          break;
        case K::kText: {
          LayoutPtr l = Layout(p.text, p.font_size, p.bold ? Weight::kBold : Weight::kNormal,
                               Slant::kNormal, 0);
          double w = Width(l.get());
          double x = p.points[0];
          if (p.anchor == ChartPrimitive::Anchor::kMiddle) x -= w / 2;
          if (p.anchor == ChartPrimitive::Anchor::kEnd) x -= w;
          double baseline = static_cast<double>(pango_layout_get_baseline(l.get())) / PANGO_SCALE;
          cairo_move_to(cr_, x, p.points[1] - baseline);
          pango_cairo_show_layout(cr_, l.get());
          break;
        }
      }
    }
    cairo_restore(cr_);
    End("Figure");
    y_ += h + 10;
  }

  cairo_surface_t* surface_;
  cairo_t* cr_;
  const CommitteeDocument& doc_;
  int total_pages_;
  int page_ = 0;
  double y_ = 0;
  std::vector<std::string> figure_alt_;
};

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}
cairo_status_t Discard(void*, const unsigned char*, unsigned int) { return CAIRO_STATUS_SUCCESS; }

}  // namespace

Result<std::string> RenderDocumentPdf(const CommitteeDocument& document,
                                      const PdfOptions& options) {
  // Pass 1 counts pages (for "Side N af M"); pass 2 writes the PDF.
  int pages = 0;
  {
    cairo_surface_t* surface =
        cairo_pdf_surface_create_for_stream(Discard, nullptr, kPageW, kPageH);
    {
      Painter painter(surface, document, 0);
      painter.Run();
      pages = painter.pages();
    }
    cairo_surface_finish(surface);
    cairo_surface_destroy(surface);
  }
  std::string out;
  cairo_surface_t* surface =
      cairo_pdf_surface_create_for_stream(AppendToString, &out, kPageW, kPageH);
  CivilDate created =
      options.creation_date.year > 0 ? options.creation_date : document.meeting_date;
  std::string date =
      fmt::format("{:04}-{:02}-{:02}T00:00:00", created.year, created.month, created.day);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "fremdrift");
  std::string title = document.items.empty() ? document.kind + " " + document.committee
                                             : document.items.front().title;
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
  if (!document.municipality.empty()) {
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR,
                                   document.municipality.c_str());
  }
  cairo_status_t draw_status;
  PdfAccessibility access;
  access.title = title;
  access.author = document.municipality;
  access.date = date;
  {
    Painter painter(surface, document, pages);
    painter.Run();
    draw_status = painter.status();
    access.figure_alt = painter.figure_alt();
  }
  cairo_surface_finish(surface);
  cairo_status_t surface_status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  RETURN_IF_ERROR(CairoStatus(draw_status, "drawing"));
  RETURN_IF_ERROR(CairoStatus(surface_status, "writing"));
  // cairo 1.16 writes the structure tree; the language, the document title shown by viewers,
  // the figures' text alternatives, header scopes and artifacts are added afterwards.
  return FinishTaggedPdf(out, access);
}

Status WriteDocumentPdf(const CommitteeDocument& document, const std::string& path,
                        const PdfOptions& options) {
  ASSIGN_OR_RETURN(std::string pdf, RenderDocumentPdf(document, options));
  AtomicFile file(path);
  RETURN_IF_ERROR(file.Open());
  RETURN_IF_ERROR(file.Write(pdf.data(), pdf.size()));
  return file.Commit();
}

}  // namespace fremdrift
