// Test helpers for the report tests: temporary directories, running poppler's pdftotext/pdftoppm,
// and reading an XLSX file back (unzip + the sheet, shared-string and style XML) cell by cell.
// Thread-safety: not synchronised; tests only.
#pragma once

#include <map>
#include <string>

namespace fremdrift::testing {

// A fresh directory under $TMPDIR, removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Runs a shell command; returns its stdout and sets *exit_code.
std::string RunCommand(const std::string& command, int* exit_code = nullptr);
std::string ShellQuote(const std::string& s);

struct XlsxCell {
  std::string value;  // the number as written in the XML, or the string
  bool is_string = false;
  std::string num_format;  // the cell's number format code ("General" when none)
  bool bold = false;
};

// One PDF page rendered with pdftoppm: its size in pixels and how much of it is ink (darker than
// light grey) and colour (clearly not grey: chart lines and bars). `png`: also written there.
struct PageInk {
  int width = 0, height = 0;
  double dark = 0;    // share of pixels
  double colour = 0;  // share of pixels
};
PageInk RenderPdfPage(const std::string& pdf, int page, int dpi = 40, const std::string& png = "");
// Number of pages (pdfinfo), 0 on failure.
int PdfPageCount(const std::string& pdf);
// pdftotext output with every run of white space made one space.
std::string PdfTextFlat(const std::string& pdf);

// Cells of sheet `sheet_index` (1-based) keyed by reference ("B4"). Empty map on failure.
std::map<std::string, XlsxCell> ReadXlsxSheet(const std::string& path, int sheet_index = 1);
// The sheet names in workbook order.
std::string ReadXlsxEntry(const std::string& path, const std::string& entry);

}  // namespace fremdrift::testing
