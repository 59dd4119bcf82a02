// HTML rendering of a committee document: one self-contained page (inline CSS, charts as inline
// SVG, no scripts) laid out like the printed minutes. Thread-safety: pure.
#pragma once

#include <string>

#include "report/document.h"

namespace fremdrift {

std::string RenderDocumentHtml(const CommitteeDocument& document);

}  // namespace fremdrift
