// XLSX rendering of tables with libxlsxwriter: one sheet per table, numbers written as numbers
// (never text) with Excel number formats ("#,##0", "#,##0.0", percent columns as fractions with
// "0.0%"), a bold header row, row styles, frozen header. The creation date is fixed by the caller
// so output is reproducible. Thread-safety: pure apart from writing `path`.
#pragma once

#include <ctime>
#include <string>
#include <vector>

#include "common/status.h"
#include "report/document.h"

namespace fremdrift {

struct XlsxSheet {
  std::string name;  // sheet name; cut to 31 characters, []:*?/\ replaced by '-'
  TableBlock block;
};

struct XlsxOptions {
  std::time_t created = 1546300800;  // 2019-01-01T00:00:00Z unless the caller says otherwise
  std::string title;
  std::string author = "fremdrift";
};

// The Excel number format used for a value column ("#,##0", "#,##0.0", "0.0%").
std::string XlsxNumberFormat(const Column& column);

Status WriteXlsx(const std::string& path, const std::vector<XlsxSheet>& sheets,
                 const XlsxOptions& options = {});

}  // namespace fremdrift
