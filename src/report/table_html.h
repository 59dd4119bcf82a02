// HTML rendering of a table block: a <table> fragment with Danish number formatting, numbers
// right-aligned (class "num"), row styles (indent, bold, italic) and caption and footnotes.
// Used by the HTML documents and the web pages. Thread-safety: pure.
#pragma once

#include <string>

#include "report/document.h"

namespace fremdrift {

std::string RenderTableHtml(const TableBlock& block);
// A plain Table without styles.
std::string RenderTableHtml(const Table& table);

}  // namespace fremdrift
