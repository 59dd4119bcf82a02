// CSV tokenizing (see csv.h).
#include "common/csv.h"

namespace fremdrift {

char DetectDelimiter(std::string_view line) {
  int semis = 0, commas = 0;
  bool quoted = false;
  for (char c : line) {
    if (c == '"')
      quoted = !quoted;
    else if (!quoted && c == ';')
      ++semis;
    else if (!quoted && c == ',')
      ++commas;
  }
  return commas > semis ? ',' : ';';
}

std::string_view StripBom(std::string_view text) {
  if (text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xEF &&
      static_cast<unsigned char>(text[1]) == 0xBB && static_cast<unsigned char>(text[2]) == 0xBF) {
    text.remove_prefix(3);
  }
  return text;
}

std::string SplitCsvLine(std::string_view line, char delim, std::vector<std::string_view>& fields,
                         std::string& scratch) {
  fields.clear();
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  scratch.clear();
  scratch.reserve(line.size());
  size_t i = 0;
  const size_t n = line.size();
  while (true) {
    if (i < n && line[i] == '"') {
      // Quoted field: copy into scratch, undoubling quotes.
      size_t start = scratch.size();
      ++i;
      bool closed = false;
      while (i < n) {
        char c = line[i];
        if (c == '"') {
          if (i + 1 < n && line[i + 1] == '"') {
            scratch.push_back('"');
            i += 2;
            continue;
          }
          closed = true;
          ++i;
          break;
        }
        scratch.push_back(c);
        ++i;
      }
      if (!closed) return "unterminated quoted field";
      fields.emplace_back(scratch.data() + start, scratch.size() - start);
      if (i == n) break;
      if (line[i] != delim) return "text after a closing quote";
      ++i;
      if (i == n) {
        fields.emplace_back();
        break;
      }
      continue;
    }
    size_t end = line.find(delim, i);
    if (end == std::string_view::npos) {
      fields.push_back(line.substr(i));
      break;
    }
    fields.push_back(line.substr(i, end - i));
    i = end + 1;
    if (i == n) {
      fields.emplace_back();
      break;
    }
  }
  return {};
}

int CsvDocument::Column(std::string_view name) const {
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return static_cast<int>(i);
  }
  return -1;
}

Result<CsvDocument> ParseCsvDocument(std::string_view text, std::string_view filename,
                                     char delimiter) {
  text = StripBom(text);
  CsvDocument doc;
  std::vector<std::string_view> fields;
  std::string scratch;
  size_t pos = 0;
  int line_no = 0;
  bool have_header = false;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    std::string_view line =
        text.substr(pos, eol == std::string_view::npos ? text.size() - pos : eol - pos);
    pos = eol == std::string_view::npos ? text.size() : eol + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (!have_header) {
      doc.delimiter = delimiter ? delimiter : DetectDelimiter(line);
    }
    std::string err = SplitCsvLine(line, doc.delimiter, fields, scratch);
    if (!err.empty()) return InvalidArgument("{}, line {}: {}", filename, line_no, err);
    if (!have_header) {
      for (auto f : fields) doc.header.emplace_back(f);
      have_header = true;
      continue;
    }
    if (fields.size() != doc.header.size()) {
      return InvalidArgument("{}, line {}: {} fields, the header has {}", filename, line_no,
                             fields.size(), doc.header.size());
    }
    doc.rows.emplace_back(fields.begin(), fields.end());
    doc.line_numbers.push_back(line_no);
  }
  if (!have_header) return InvalidArgument("{}: empty file, no header", filename);
  return doc;
}

std::string SpreadsheetSafeText(std::string_view text) {
  constexpr std::string_view kFormulaStarts = "=+-@\t\r";
  if (!text.empty() && kFormulaStarts.find(text.front()) != std::string_view::npos) {
    return "'" + std::string(text);
  }
  return std::string(text);
}

}  // namespace fremdrift
