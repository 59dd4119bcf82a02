// Budget lines for the monthly budget follow-up: a tree of lines (committee total, budget areas,
// frame-governed / not frame-governed, lines, "of which" details) with original budget, corrected
// (expected) budget and expected accounts at two dates, in whole kroner. Loaded from the budget
// CSV described in docs/formats/budget.md. Thread-safety: value types and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "domain/date.h"

namespace fremdrift {

// The largest amount, in kroner, a budget line or a sum of lines may hold (a thousand billion
// kroner, far beyond any municipal budget). Larger amounts are refused as input errors, so the
// sums and differences of the follow-up never overflow.
inline constexpr std::int64_t kMaxBudgetKroner = 1'000'000'000'000'000;

enum class BudgetLineKind {
  kTotal,     // the committee's total ("total")
  kArea,      // budget area, e.g. "718 Særlig Social Indsats" ("area")
  kFrame,     // rammestyret ("frame")
  kNonFrame,  // ikke rammestyret ("nonframe")
  kLine,      // an ordinary line, summed into its parent ("line")
  kOfWhich,   // "heraf": a detail of its parent, never summed ("of_which")
};

Result<BudgetLineKind> ParseBudgetLineKind(std::string_view text);
std::string_view BudgetLineKindName(BudgetLineKind kind);

// The four entered amounts; nullopt = not entered (a parent's is then the sum of its children).
struct BudgetAmounts {
  std::optional<std::int64_t> original;           // oprindeligt budget
  std::optional<std::int64_t> corrected;          // forventet/korrigeret budget
  std::optional<std::int64_t> expected_previous;  // forventet regnskab at the previous date
  std::optional<std::int64_t> expected_current;   // forventet regnskab at the current date
};

struct BudgetLine {
  std::string id;
  std::string parent;  // empty for the root
  BudgetLineKind kind = BudgetLineKind::kLine;
  std::string label;
  BudgetAmounts amounts;  // in kroner
  int source_line = 0;    // 1-based line in the CSV file
};

struct BudgetFile {
  int kommune = 0;  // municipality code ("# kommune=217"); 0 = not given
  std::string municipality;
  std::string committee;
  std::string title;
  int year = 0;
  std::int64_t unit = 1;  // the file's amounts are in this many kroner (1 or 1000)
  CivilDate previous_date;
  CivilDate current_date;
  std::vector<BudgetLine> lines;  // in file order (= display order)
};

// Parses the budget CSV: "# key=value" metadata lines, then a header and one row per line.
// Errors name the file, line and column.
Result<BudgetFile> ParseBudgetCsv(std::string_view text, std::string_view filename);
Result<BudgetFile> LoadBudgetCsv(const std::string& path);

}  // namespace fremdrift
