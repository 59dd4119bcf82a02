// HTML tables (see table_html.h).
#include "report/table_html.h"

#include <fmt/format.h>

#include "report/svg_chart.h"
#include "table/danish_format.h"

namespace fremdrift {

std::string RenderTableHtml(const TableBlock& block) {
  const Table& t = block.table;
  const auto& cols = t.columns();
  std::string out = "<table class=\"data\">\n";
  if (!block.caption.empty()) out += "<caption>" + XmlEscape(block.caption) + "</caption>\n";
  out += "<thead><tr>";
  for (size_t i = 0; i < cols.size(); ++i) {
    std::string label = cols[i].label.empty() ? cols[i].name : cols[i].label;
    if (i == 0 && !block.first_header.empty()) label = block.first_header;
    bool num = cols[i].type != ColumnType::kString;
    out +=
        fmt::format("<th scope=\"col\"{}>{}</th>", num ? " class=\"num\"" : "", XmlEscape(label));
  }
  out += "</tr></thead>\n<tbody>\n";
  for (size_t r = 0; r < t.rows().size(); ++r) {
    const auto& row = t.rows()[r];
    RowStyle style = r < block.row_styles.size() ? block.row_styles[r] : RowStyle{};
    std::string cls;
    if (style.bold) cls += " bold";
    if (style.italic) cls += " italic";
    if (style.rule_above) cls += " rule";
    out += cls.empty() ? "<tr>" : fmt::format("<tr class=\"{}\">", cls.substr(1));
    for (size_t i = 0; i < cols.size(); ++i) {
      std::string text = i < row.size() ? FormatDanishCell(row[i], cols[i], false) : "";
      bool num = cols[i].type != ColumnType::kString;
      if (num) {
        out += "<td class=\"num\">" + XmlEscape(text) + "</td>";
      } else if (i == 0 && style.indent > 0) {
        out += fmt::format("<td style=\"padding-left:{:.1f}em\">{}</td>", 0.3 + style.indent * 1.2,
                           XmlEscape(text));
      } else {
        out += "<td>" + XmlEscape(text) + "</td>";
      }
    }
    out += "</tr>\n";
  }
  out += "</tbody>\n</table>\n";
  for (const auto& note : block.footnotes) {
    out += "<p class=\"footnote\">" + XmlEscape(note) + "</p>\n";
  }
  return out;
}

std::string RenderTableHtml(const Table& table) {
  TableBlock block;
  block.table = table;
  block.caption = table.title;
  return RenderTableHtml(block);
}

}  // namespace fremdrift
