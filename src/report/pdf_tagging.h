// Completes a tagged PDF written by cairo 1.16, with libqpdf, where cairo's tagging API cannot
// reach: the catalog's /Lang, /ViewerPreferences /DisplayDocTitle and an XMP metadata stream
// (title, author, language, dates); /Alt on each Figure; /Scope on each TH (Column in a table's
// first row, Row elsewhere); and every piece of page content outside the structure tree (running
// header, footer, rules, cell fills, a table header repeated after a page break) wrapped as an
// /Artifact marked-content sequence. The output is deterministic: the same input gives the same
// bytes. Thread-safety: each call is independent.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"

namespace fremdrift {

struct PdfAccessibility {
  std::string lang = "da-DK";
  std::string title;                    // also written to the XMP dc:title
  std::string author;                   // XMP dc:creator; empty = none
  std::string date;                     // "2019-04-24T00:00:00": XMP create and modify date
  std::vector<std::string> figure_alt;  // one per Figure element, in document order
};

// Returns the finished PDF. Fails when the input is not a PDF with a structure tree, or when the
// number of Figure elements differs from figure_alt.size().
Result<std::string> FinishTaggedPdf(const std::string& pdf, const PdfAccessibility& info);

}  // namespace fremdrift
