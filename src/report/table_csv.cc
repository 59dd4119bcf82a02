// Danish-Excel CSV (see table_csv.h).
#include "report/table_csv.h"

#include <variant>

#include "common/csv.h"
#include "table/danish_format.h"

namespace fremdrift {
namespace {

void AppendField(std::string& out, const std::string& field) {
  if (field.find_first_of(";\"\r\n") == std::string::npos) {
    out += field;
    return;
  }
  out.push_back('"');
  for (char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

}  // namespace

std::string RenderTableCsv(const Table& table) {
  std::string out = "\xEF\xBB\xBF";
  const auto& cols = table.columns();
  for (size_t i = 0; i < cols.size(); ++i) {
    if (i) out.push_back(';');
    AppendField(out, SpreadsheetSafeText(cols[i].label.empty() ? cols[i].name : cols[i].label));
  }
  out += "\r\n";
  for (const auto& row : table.rows()) {
    for (size_t i = 0; i < cols.size(); ++i) {
      if (i) out.push_back(';');
      if (i >= row.size()) continue;
      // Text may come from users (names, labels); numbers never get the formula guard.
      const bool text = std::holds_alternative<std::string>(row[i]);
      const std::string cell = FormatCsvNumber(row[i], cols[i]);
      AppendField(out, text ? SpreadsheetSafeText(cell) : cell);
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace fremdrift
