// PDF rendering of a committee document with cairo and pango: A4 portrait, DejaVu Sans embedded
// (subset), running header with committee and meeting date, "Side N af M" footer, tables with
// right-aligned Danish numbers whose header repeats after a page break, charts drawn from the same
// layout as the SVG charts. The PDF is tagged (WCAG 2.1 AA / PDF/UA-style structure): Document,
// H1-H4, P, L/LI/Lbl/LBody, Table/Caption/TR/TH/TD, Figure with a Danish text alternative;
// running header and footer are artifacts; /Lang da-DK and the title shown by viewers
// (pdf_tagging.h). The PDF creation date is fixed by the options, so the same input gives the
// same bytes. Thread-safety: each call is independent; pango's font map is per thread.
#pragma once

#include <string>

#include "common/status.h"
#include "report/document.h"

namespace fremdrift {

struct PdfOptions {
  // Written as the PDF creation and modification date; defaults to the meeting date.
  CivilDate creation_date{0, 0, 0};
};

Result<std::string> RenderDocumentPdf(const CommitteeDocument& document,
                                      const PdfOptions& options = {});
// Renders and writes atomically to `path`.
Status WriteDocumentPdf(const CommitteeDocument& document, const std::string& path,
                        const PdfOptions& options = {});

}  // namespace fremdrift
