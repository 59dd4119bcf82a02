// Plain machine renderings of a Table: CSV (',' and '.' decimal point, for programs; the Danish
// Excel CSV is in report/) and JSON ({"title", "columns": [...], "rows": [{...}], "notes": [...],
// "note_kinds": [...]}, notes as strings and their kinds in a parallel array;
// docs/formats/table.md). Pure; thread-safe.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "common/status.h"
#include "table/table.h"

namespace fremdrift {

enum class TableFormat { kCsv, kJson };
Result<TableFormat> ParseTableFormat(std::string_view text);  // csv|json

// Text cells that a spreadsheet would read as a formula get a leading apostrophe
// (SpreadsheetSafeText, common/csv.h); numbers are written as they are.
void WriteTableCsv(const Table& table, std::ostream& out, char delimiter = ',');
void WriteTableJson(const Table& table, std::ostream& out, int indent = 2);
void WriteTable(const Table& table, TableFormat format, std::ostream& out);
// A field quoted for CSV when it holds the delimiter, a quote or a line break.
std::string CsvField(std::string_view value, char delimiter);

}  // namespace fremdrift
