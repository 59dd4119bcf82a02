// Table renderings (see table_format.h).
#include "table/table_format.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <variant>

#include "common/csv.h"

namespace fremdrift {

Result<TableFormat> ParseTableFormat(std::string_view t) {
  if (t == "csv") return TableFormat::kCsv;
  if (t == "json") return TableFormat::kJson;
  return InvalidArgument("format '{}' is not csv or json", t);
}

std::string CsvField(std::string_view v, char delimiter) {
  if (v.find_first_of(std::string{delimiter, '"', '\n', '\r'}) == std::string_view::npos) {
    return std::string(v);
  }
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void WriteTableCsv(const Table& t, std::ostream& out, char delimiter) {
  const auto& cols = t.columns();
  for (size_t i = 0; i < cols.size(); ++i) {
    if (i) out << delimiter;
    out << CsvField(cols[i].name, delimiter);
  }
  out << '\n';
  for (const auto& row : t.rows()) {
    for (size_t i = 0; i < cols.size(); ++i) {
      if (i) out << delimiter;
      std::string cell = CellToString(row[i], cols[i].decimals);
      if (std::holds_alternative<std::string>(row[i])) cell = SpreadsheetSafeText(cell);
      out << CsvField(cell, delimiter);
    }
    out << '\n';
  }
}

void WriteTableJson(const Table& t, std::ostream& out, int indent) {
  nlohmann::ordered_json j;
  if (!t.title.empty()) j["title"] = t.title;
  nlohmann::ordered_json cols = nlohmann::ordered_json::array();
  for (const auto& c : t.columns()) {
    nlohmann::ordered_json cj;
    cj["name"] = c.name;
    cj["type"] = c.type == ColumnType::kString    ? "string"
                 : c.type == ColumnType::kInteger ? "integer"
                                                  : "number";
    cj["role"] = c.role == ColumnRole::kDimension ? "dimension" : "value";
    if (!c.unit.empty()) cj["unit"] = c.unit;
    if (!c.label.empty()) cj["label"] = c.label;
    cols.push_back(std::move(cj));
  }
  j["columns"] = std::move(cols);
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const auto& row : t.rows()) {
    nlohmann::ordered_json r = nlohmann::ordered_json::object();
    for (size_t i = 0; i < t.columns().size(); ++i) {
      const std::string& name = t.columns()[i].name;
      const Cell& c = row[i];
      if (const auto* s = std::get_if<std::string>(&c)) {
        r[name] = *s;
      } else if (const auto* n = std::get_if<std::int64_t>(&c)) {
        r[name] = *n;
      } else if (const auto* d = std::get_if<double>(&c); d && !std::isnan(*d)) {
        r[name] = *d;
      } else {
        r[name] = nullptr;
      }
    }
    rows.push_back(std::move(r));
  }
  j["rows"] = std::move(rows);
  // Notes stay plain strings (what clients read); their kinds are a parallel array
  // (docs/formats/table.md).
  nlohmann::ordered_json kinds = nlohmann::ordered_json::array();
  for (NoteKind k : t.note_kinds()) kinds.push_back(std::string(NoteKindName(k)));
  j["notes"] = t.notes();
  j["note_kinds"] = std::move(kinds);
  // A text that is not valid UTF-8 (it should have been refused at import) is written with
  // U+FFFD in place of the bad bytes: the strict dump would throw and turn the Table into an
  // error for as long as the text is stored.
  out << j.dump(indent, ' ', /*ensure_ascii=*/false,
                nlohmann::ordered_json::error_handler_t::replace)
      << '\n';
}

void WriteTable(const Table& t, TableFormat f, std::ostream& out) {
  if (f == TableFormat::kCsv) {
    WriteTableCsv(t, out);
  } else {
    WriteTableJson(t, out);
  }
}

}  // namespace fremdrift
