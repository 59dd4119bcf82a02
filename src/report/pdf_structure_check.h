// Test helper: reads a PDF file's accessibility structure back, the structure tree, catalog and
// document information with `qpdf --json` (Debian's qpdf), the page content with libqpdf's
// content parser, and lists what a tagged committee document must have and lacks.
// Thread-safety: not synchronised; tests only.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace fremdrift::testing {

struct PdfStructure {
  std::string error;               // set when the file could not be read
  bool marked = false;             // /MarkInfo /Marked true
  bool display_doc_title = false;  // /ViewerPreferences /DisplayDocTitle true
  bool has_struct_tree = false;
  std::string lang;                     // catalog /Lang
  std::string title;                    // document information /Title
  std::map<std::string, int> elements;  // structure elements by type ("H1", "P", "TH", ...)
  std::vector<std::string> headings;    // H, H1..H6 in document order
  std::vector<std::string> figure_alt;  // /Alt of each Figure, in document order
  int tables = 0, tables_with_th = 0, th_without_scope = 0;
  std::vector<std::string> content_problems;  // painted outside marked content, orphan MCIDs
  int marked_sequences = 0, artifacts = 0;
};

PdfStructure ReadPdfStructure(const std::string& path);

// What a tagged committee document lacks: empty when it is complete.
std::vector<std::string> TaggedPdfProblems(const PdfStructure& s);

}  // namespace fremdrift::testing
