// CSV rendering of a Table for Danish Excel: UTF-8 with a byte-order mark (so Excel reads æøå),
// ';' between fields, decimal comma, no thousands separators, CRLF line ends, Danish column
// labels in the header. Fields with ';', '"' or line breaks are quoted. Thread-safety: pure.
#pragma once

#include <string>

#include "measure/table.h"

namespace fremdrift {

std::string RenderTableCsv(const Table& table);

}  // namespace fremdrift
