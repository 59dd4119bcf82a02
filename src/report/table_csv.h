// CSV rendering of a Table for Danish Excel: UTF-8 with a byte-order mark (so Excel reads æøå),
// ';' between fields, decimal comma, no thousands separators, CRLF line ends, Danish column
// labels in the header. Fields with ';', '"' or line breaks are quoted; text cells that a
// spreadsheet would read as a formula (starting with = + - @ TAB CR) get a leading apostrophe
// (SpreadsheetSafeText, common/csv.h), numbers never do. Thread-safety: pure.
#pragma once

#include <string>

#include "table/table.h"

namespace fremdrift {

std::string RenderTableCsv(const Table& table);

}  // namespace fremdrift
