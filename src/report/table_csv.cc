// Danish-Excel CSV (see table_csv.h).
#include "report/table_csv.h"

#include "report/danish_format.h"

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
    AppendField(out, cols[i].label.empty() ? cols[i].name : cols[i].label);
  }
  out += "\r\n";
  for (const auto& row : table.rows()) {
    for (size_t i = 0; i < cols.size(); ++i) {
      if (i) out.push_back(';');
      AppendField(out, i < row.size() ? FormatCsvNumber(row[i], cols[i]) : std::string());
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace fremdrift
