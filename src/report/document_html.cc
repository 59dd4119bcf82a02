// HTML committee documents (see document_html.h).
#include "report/document_html.h"

#include <fmt/format.h>

#include "report/chart_alt_text.h"
#include "report/svg_chart.h"
#include "report/table_html.h"
#include "table/danish_format.h"

namespace fremdrift {
namespace {

constexpr const char* kCss = R"(
body { font-family: "DejaVu Sans", Verdana, sans-serif; font-size: 10pt; color: #1a1a1a;
       max-width: 60em; margin: 2em auto; line-height: 1.4; }
header.meeting { border-bottom: 2px solid #00508a; margin-bottom: 1.5em; }
header.meeting h1 { font-size: 16pt; margin: 0 0 .3em; color: #00508a; }
article.item h2 { font-size: 13pt; margin-top: 2em; border-bottom: 1px solid #999; }
article.item h3 { font-size: 11pt; margin: 1.2em 0 .3em; }
.caseno { color: #555; }
table.data { border-collapse: collapse; margin: .6em 0; font-size: 8.5pt; }
table.data caption { text-align: left; font-weight: bold; padding-bottom: .3em; }
table.data th { background: #e8eef4; border-bottom: 1px solid #555; padding: .25em .5em;
                vertical-align: bottom; text-align: left; }
table.data td { padding: .15em .5em; border-bottom: 1px solid #ddd; }
table.data .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.data tr.bold td { font-weight: bold; }
table.data tr.italic td { font-style: italic; }
table.data tr.rule td { border-top: 1px solid #555; }
p.footnote { font-size: 8pt; color: #444; margin: .1em 0; }
figure { margin: .8em 0; } figcaption { font-weight: bold; font-size: 9pt; }
)";

void RenderBlocks(const std::vector<Block>& blocks, std::string& out) {
  for (const auto& block : blocks) {
    if (const auto* h = std::get_if<Heading>(&block)) {
      out += "<h4>" + XmlEscape(h->text) + "</h4>\n";
    } else if (const auto* p = std::get_if<Paragraph>(&block)) {
      out += p->bold ? "<p><strong>" + XmlEscape(p->text) + "</strong></p>\n"
                     : "<p>" + XmlEscape(p->text) + "</p>\n";
    } else if (const auto* l = std::get_if<BulletList>(&block)) {
      out += "<ul>\n";
      for (const auto& item : l->items) out += "<li>" + XmlEscape(item) + "</li>\n";
      out += "</ul>\n";
    } else if (const auto* t = std::get_if<TableBlock>(&block)) {
      out += RenderTableHtml(*t);
    } else if (const auto* c = std::get_if<ChartBlock>(&block)) {
      out += "<figure>\n";
      if (!c->caption.empty()) out += "<figcaption>" + XmlEscape(c->caption) + "</figcaption>\n";
      // The chart is an image named by its text alternative (what it shows, in words).
      std::string svg = RenderChartSvg(c->chart);
      const std::string role = " role=\"img\"";
      if (auto at = svg.find(role); at != std::string::npos) {
        svg.insert(at + role.size(), " aria-label=\"" + XmlEscape(ChartAltText(c->chart)) + "\"");
      }
      out += svg;
      out += "</figure>\n";
    }
  }
}

}  // namespace

std::string RenderDocumentHtml(const CommitteeDocument& doc) {
  std::string title =
      fmt::format("{} {} {}", doc.kind, doc.committee, FormatDanishDate(doc.meeting_date));
  std::string out = "<!DOCTYPE html>\n<html lang=\"da\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<title>" + XmlEscape(title) + "</title>\n<style>" + kCss + "</style>\n</head>\n<body>\n";
  out += "<header class=\"meeting\">\n";
  if (!doc.municipality.empty()) out += "<div>" + XmlEscape(doc.municipality) + "</div>\n";
  out += "<h1>" + XmlEscape(doc.kind + " " + doc.committee) + "</h1>\n";
  out += "<div>Mødedato: " + XmlEscape(FormatDanishDate(doc.meeting_date)) + "</div>\n";
  if (!doc.meeting_place.empty()) {
    out += "<div>Mødested: " + XmlEscape(doc.meeting_place) + "</div>\n";
  }
  out += "</header>\n<main>\n";
  for (const auto& item : doc.items) {
    out += "<article class=\"item\">\n<h2>" + XmlEscape(AgendaItemHeading(item)) + "</h2>\n";
    if (!item.case_number.empty()) {
      out += "<div class=\"caseno\">Sagsnr.: " + XmlEscape(item.case_number) + "</div>\n";
    }
    if (!item.decided_in.empty()) {
      out += "<div class=\"caseno\">Sagen afgøres i: " + XmlEscape(item.decided_in) + "</div>\n";
    }
    if (!item.summary.empty()) {
      out += "<h3>Sagsresume</h3>\n";
      RenderBlocks(item.summary, out);
    }
    if (!item.presentation.empty()) {
      out += "<h3>Sagsfremstilling</h3>\n";
      RenderBlocks(item.presentation, out);
    }
    for (const auto& section : item.sections) {
      out += "<h3>" + XmlEscape(section.title) + "</h3>\n";
      RenderBlocks(section.blocks, out);
    }
    if (!item.recommendations.empty()) {
      out += "<h3>Indstilling</h3>\n";
      if (!item.recommender.empty()) out += "<p>" + XmlEscape(item.recommender) + "</p>\n";
      for (const auto& r : item.recommendations) out += "<p>" + XmlEscape(r) + "</p>\n";
    }
    out += "<h3>Beslutning</h3>\n<p>" + XmlEscape(item.decision.empty() ? "" : item.decision) +
           "</p>\n";
    if (!item.appendices.empty()) {
      out += "<h3>Bilag</h3>\n<ol>\n";
      for (const auto& a : item.appendices) out += "<li>" + XmlEscape(a.title) + "</li>\n";
      out += "</ol>\n";
    }
    out += "</article>\n";
  }
  out += "</main>\n</body>\n</html>\n";
  return out;
}

}  // namespace fremdrift
