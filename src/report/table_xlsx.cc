// XLSX writer (see table_xlsx.h).
#include "report/table_xlsx.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "table/danish_format.h"

namespace fremdrift {
namespace {

int Decimals(const Column& c) {
  if (c.decimals >= 0) return c.decimals;
  if (c.type == ColumnType::kInteger) return 0;
  if (c.unit == "pct") return 1;
  return 0;
}

std::string SheetName(std::string name, int index) {
  if (name.empty()) name = "Ark" + std::to_string(index + 1);
  for (char& c : name) {
    if (std::string_view("[]:*?/\\").find(c) != std::string_view::npos) c = '-';
  }
  // Cut at 31 characters without splitting a UTF-8 sequence.
  size_t chars = 0, i = 0;
  for (; i < name.size(); ++i) {
    if ((static_cast<unsigned char>(name[i]) & 0xC0) != 0x80 && ++chars > 31) break;
  }
  return name.substr(0, i);
}

// Approximate display width in characters (UTF-8 aware).
size_t Utf8Length(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

std::string XlsxNumberFormat(const Column& column) {
  int d = Decimals(column);
  std::string frac = d > 0 ? "." + std::string(d, '0') : "";
  if (column.unit == "pct") return "0" + frac + "%";
  return "#,##0" + frac;
}

Status WriteXlsx(const std::string& path, const std::vector<XlsxSheet>& sheets,
                 const XlsxOptions& options) {
  lxw_workbook_options wb_options = {};
  wb_options.constant_memory = LXW_FALSE;
  lxw_workbook* wb = workbook_new_opt(path.c_str(), &wb_options);
  if (!wb) return Internal("xlsx: cannot create workbook {}", path);

  lxw_doc_properties props = {};
  props.title = const_cast<char*>(options.title.c_str());
  props.author = const_cast<char*>(options.author.c_str());
  props.created = options.created;
  workbook_set_properties(wb, &props);

  lxw_format* caption = workbook_add_format(wb);
  format_set_bold(caption);
  format_set_font_size(caption, 12);
  lxw_format* header = workbook_add_format(wb);
  format_set_bold(header);
  format_set_text_wrap(header);
  format_set_align(header, LXW_ALIGN_VERTICAL_BOTTOM);
  format_set_bottom(header, LXW_BORDER_THIN);
  format_set_bg_color(header, 0xE8EEF4);
  lxw_format* header_num = workbook_add_format(wb);
  format_set_bold(header_num);
  format_set_text_wrap(header_num);
  format_set_align(header_num, LXW_ALIGN_RIGHT);
  format_set_align(header_num, LXW_ALIGN_VERTICAL_BOTTOM);
  format_set_bottom(header_num, LXW_BORDER_THIN);
  format_set_bg_color(header_num, 0xE8EEF4);
  lxw_format* note = workbook_add_format(wb);
  format_set_italic(note);

  // Formats keyed by (number format, bold, italic, indent); created once per workbook.
  std::map<std::tuple<std::string, bool, bool, int>, lxw_format*> formats;
  auto format_for = [&](const std::string& num_format, const RowStyle& s) {
    auto key = std::make_tuple(num_format, s.bold, s.italic, s.indent);
    auto it = formats.find(key);
    if (it != formats.end()) return it->second;
    lxw_format* f = workbook_add_format(wb);
    if (!num_format.empty()) format_set_num_format(f, num_format.c_str());
    if (s.bold) format_set_bold(f);
    if (s.italic) format_set_italic(f);
    if (s.indent > 0 && num_format.empty()) format_set_indent(f, s.indent);
    formats.emplace(key, f);
    return f;
  };

  for (size_t si = 0; si < sheets.size(); ++si) {
    const TableBlock& block = sheets[si].block;
    const Table& table = block.table;
    const auto& cols = table.columns();
    std::string name = SheetName(sheets[si].name, static_cast<int>(si));
    lxw_worksheet* ws = workbook_add_worksheet(wb, name.c_str());
    if (!ws) {
      workbook_close(wb);
      return InvalidArgument("xlsx: cannot add sheet '{}' (duplicate name?)", name);
    }
    lxw_row_t row = 0;
    if (!block.caption.empty()) {
      worksheet_write_string(ws, row, 0, block.caption.c_str(), caption);
      row += 2;
    }
    std::vector<size_t> widths(cols.size(), 8);
    for (size_t c = 0; c < cols.size(); ++c) {
      std::string label = cols[c].label.empty() ? cols[c].name : cols[c].label;
      if (c == 0 && !block.first_header.empty()) label = block.first_header;
      worksheet_write_string(ws, row, static_cast<lxw_col_t>(c), label.c_str(),
                             cols[c].type == ColumnType::kString ? header : header_num);
      widths[c] = std::max(widths[c], std::min<size_t>(Utf8Length(label), 14));
    }
    worksheet_freeze_panes(ws, row + 1, 0);
    ++row;
    for (size_t r = 0; r < table.rows().size(); ++r, ++row) {
      const auto& cells = table.rows()[r];
      RowStyle style = r < block.row_styles.size() ? block.row_styles[r] : RowStyle{};
      for (size_t c = 0; c < cols.size() && c < cells.size(); ++c) {
        const Cell& cell = cells[c];
        auto col = static_cast<lxw_col_t>(c);
        if (std::holds_alternative<std::monostate>(cell)) continue;
        if (const auto* s = std::get_if<std::string>(&cell)) {
          worksheet_write_string(ws, row, col, s->c_str(), format_for("", style));
          widths[c] = std::max(widths[c], Utf8Length(*s) + style.indent * 2);
          continue;
        }
        double v = CellToDouble(cell);
        if (std::isnan(v)) continue;
        if (cols[c].unit == "pct") v /= 100.0;  // Excel percent formats expect fractions
        worksheet_write_number(ws, row, col, v, format_for(XlsxNumberFormat(cols[c]), style));
        widths[c] = std::max(widths[c], FormatDanishCell(cell, cols[c], true).size() + 2);
      }
    }
    for (size_t c = 0; c < cols.size(); ++c) {
      worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                           static_cast<double>(std::min<size_t>(widths[c] + 1, 60)), nullptr);
    }
    ++row;
    for (const auto& n : block.footnotes) worksheet_write_string(ws, row++, 0, n.c_str(), note);
    for (std::size_t i = 0; i < table.notes().size(); ++i) {
      worksheet_write_string(ws, row++, 0, ReaderNoteText(table, i).c_str(), note);
    }
  }
  lxw_error err = workbook_close(wb);
  if (err != LXW_NO_ERROR) {
    return Internal("xlsx: writing {} failed: {}", path, lxw_strerror(err));
  }
  return Status::Ok();
}

}  // namespace fremdrift
