// libFuzzer target for the budget CSV (docs/formats/budget.md): "# key=value" metadata, a header
// and budget lines forming a tree. When the file parses, the follow-up is computed and rendered.
// Invariants: every parent is an earlier line, the unit is 1 or 1000, a computed follow-up has one
// row per line with depth = parent's depth + 1, a parent without entered amounts is the sum of its
// lines (not its "of which" details), and the derived columns are the stated differences. Any
// crash, sanitizer report (e.g. integer overflow), uncaught exception or broken invariant is a
// bug; crashing inputs go into fuzz/crashes/budget/ as regression inputs.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "common/check.h"
#include "finance/budget_followup.h"
#include "finance/budget_line.h"

using namespace fremdrift;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto file = ParseBudgetCsv(text, "fuzz.csv");
  if (!file.ok()) {
    FREMDRIFT_CHECK(file.status().message().find("fuzz.csv") != std::string::npos);
    return 0;
  }
  FREMDRIFT_CHECK(file->unit == 1 || file->unit == 1000);
  std::map<std::string, std::size_t> seen;  // id → line index
  for (std::size_t i = 0; i < file->lines.size(); ++i) {
    const BudgetLine& line = file->lines[i];
    FREMDRIFT_CHECK(!line.id.empty());
    FREMDRIFT_CHECK(line.parent.empty() || seen.count(line.parent) == 1);
    FREMDRIFT_CHECK(seen.emplace(line.id, i).second);  // ids are unique
  }
  auto followup = ComputeBudgetFollowUp(*file);
  if (!followup.ok()) return 0;
  const auto& rows = followup->rows;
  FREMDRIFT_CHECK(rows.size() == file->lines.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const BudgetLine& line = file->lines[i];
    const BudgetFollowUpRow& row = rows[i];
    FREMDRIFT_CHECK(row.id == line.id);
    if (line.parent.empty()) {
      FREMDRIFT_CHECK(row.depth == 0);
    } else {
      FREMDRIFT_CHECK(row.depth == rows[seen[line.parent]].depth + 1);
    }
    FREMDRIFT_CHECK(row.change == row.expected_previous - row.expected_current);
    FREMDRIFT_CHECK(row.vs_original == row.original - row.expected_current);
    FREMDRIFT_CHECK(row.vs_corrected == row.corrected - row.expected_current);
    if (line.amounts.original) FREMDRIFT_CHECK(row.original == *line.amounts.original);
    // A parent with no entered original budget shows the sum of its (non-"of which") lines.
    if (!line.amounts.original) {
      std::int64_t sum = 0;
      bool any = false;
      for (std::size_t c = i + 1; c < rows.size(); ++c) {
        if (file->lines[c].parent == line.id && file->lines[c].kind != BudgetLineKind::kOfWhich) {
          sum += rows[c].original;
          any = true;
        }
      }
      FREMDRIFT_CHECK(any && row.original == sum);
    }
  }
  (void)BudgetFollowUpTable(*followup, 1000);
  (void)BudgetFollowUpTable(*followup, 1);
  return 0;
}
