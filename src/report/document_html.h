// HTML rendering of a committee document: one self-contained page (inline CSS, charts as inline
// SVG, no scripts) laid out like the printed minutes. Accessible (WCAG 2.1 AA, checked with
// axe-core by tests/browser/documents.sh): lang="da", a title, headings h1-h4 in order, the
// items in <main>, tables with captions and column headers, each chart an image named by its
// text alternative (chart_alt_text.h). Thread-safety: pure.
#pragma once

#include <string>

#include "report/document.h"

namespace fremdrift {

std::string RenderDocumentHtml(const CommitteeDocument& document);

}  // namespace fremdrift
