// CSV tokenizing shared by every importer: delimiter detection, one-line field splitting with
// RFC 4180 quoting ("a;b", "say ""hi"""), and whole small documents (reference data, event files).
// A quoted field may not span lines (registers and event files never need it). Thread-safe: pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace fremdrift {

// ';' or ',' from a header line: whichever occurs more often outside quotes (';' on a tie).
char DetectDelimiter(std::string_view header_line);

// Strips a UTF-8 byte-order mark.
std::string_view StripBom(std::string_view text);

// Splits `line` (no line terminator; a trailing '\r' is removed) into fields. Views point into
// `line`, or into `scratch` for quoted fields that needed unescaping; `scratch` is reserved so
// that views stay valid until the next call. Returns an error message (empty on success) for an
// unterminated quote or text after a closing quote.
std::string SplitCsvLine(std::string_view line, char delimiter,
                         std::vector<std::string_view>& fields, std::string& scratch);

struct CsvDocument {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // each the size of the header
  std::vector<int> line_numbers;               // 1-based file line of each row
  char delimiter = ',';
  // Column index by name, or -1.
  int Column(std::string_view name) const;
};

// A text cell as a CSV writer should write it for a spreadsheet: text starting with '=', '+',
// '-', '@', a tab or a carriage return would be read by Excel or LibreOffice as a formula (CSV or
// formula injection), so it gets a leading apostrophe (OWASP's advice); other text is unchanged.
// Only for text cells: numbers are written as they are, so "-3,5" stays a number.
std::string SpreadsheetSafeText(std::string_view text);

// Parses a whole small CSV file. Blank lines are skipped. A row with a different number of fields
// than the header is an error naming `filename` and the line.
Result<CsvDocument> ParseCsvDocument(std::string_view text, std::string_view filename,
                                     char delimiter = 0 /* detect */);

}  // namespace fremdrift
