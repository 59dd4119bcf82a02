// Budget follow-up (see budget_followup.h).
#include "finance/budget_followup.h"

#include <fmt/format.h>

#include <array>
#include <map>

#include "table/danish_format.h"

namespace fremdrift {
namespace {

std::string Thousands(std::int64_t v) {
  // Plain Danish grouping for messages (finance sits below report, so no report helpers here).
  std::string digits = fmt::format("{}", v < 0 ? -v : v), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out.push_back('.');
    out.push_back(digits[i]);
  }
  return v < 0 ? "-" + out : out;
}

std::int64_t RoundDiv(std::int64_t v, std::int64_t d) {
  if (d == 1) return v;
  std::int64_t q = v / d, r = v % d;
  if (2 * (r < 0 ? -r : r) >= d) q += v < 0 ? -1 : 1;
  return q;
}

}  // namespace

Result<BudgetFollowUp> ComputeBudgetFollowUp(const BudgetFile& file) {
  BudgetFollowUp out;
  out.meta = file;
  const auto& lines = file.lines;
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < lines.size(); ++i) index[lines[i].id] = i;

  std::vector<std::vector<size_t>> children(lines.size());
  std::vector<int> depth(lines.size(), 0);
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].parent.empty()) continue;
    size_t p = index.at(lines[i].parent);  // ParseBudgetCsv checked it exists and is earlier
    children[p].push_back(i);
    depth[i] = depth[p] + 1;
  }

  // Resolve amounts bottom-up: children always come after their parent in the file.
  std::vector<std::array<std::int64_t, 4>> value(lines.size());
  const char* kNames[] = {"oprindeligt budget", "forventet budget", "forventet regnskab (forrige)",
                          "forventet regnskab"};
  auto path_label = [&](size_t i) {
    std::string label = lines[i].label;
    for (size_t p = i; !lines[p].parent.empty();) {
      p = index.at(lines[p].parent);
      if (lines[p].kind == BudgetLineKind::kTotal) break;
      label = lines[p].label + " / " + label;
    }
    return label;
  };
  for (size_t k = lines.size(); k-- > 0;) {
    const BudgetAmounts& a = lines[k].amounts;
    const std::optional<std::int64_t>* given[] = {&a.original, &a.corrected, &a.expected_previous,
                                                  &a.expected_current};
    std::vector<size_t> summed;
    for (size_t c : children[k]) {
      if (lines[c].kind != BudgetLineKind::kOfWhich) summed.push_back(c);
    }
    for (int col = 0; col < 4; ++col) {
      std::int64_t sum = 0;
      for (size_t c : summed) {
        // Every value and every partial sum stays within kMaxBudgetKroner, so this never overflows.
        sum += value[c][col];
        if (sum > kMaxBudgetKroner || sum < -kMaxBudgetKroner) {
          return InvalidArgument(
              "line {} ('{}'): {}, the sum of the lines below, is larger than {} kr.",
              lines[k].source_line, lines[k].id, kNames[col], kMaxBudgetKroner);
        }
      }
      if (given[col]->has_value()) {
        value[k][col] = **given[col];
        if (!summed.empty() && sum != value[k][col]) {
          out.inconsistencies.push_back(
              fmt::format("{}: {} {} kr. er ikke summen af linjerne under ({} kr.; forskel {} kr.)",
                          path_label(k), kNames[col], Thousands(value[k][col]), Thousands(sum),
                          Thousands(value[k][col] - sum)));
        }
      } else if (!summed.empty()) {
        value[k][col] = sum;
      } else {
        return InvalidArgument("line {} ('{}'): {} is empty and there are no lines below to sum",
                               lines[k].source_line, lines[k].id, kNames[col]);
      }
    }
  }
  for (size_t i = 0; i < lines.size(); ++i) {
    BudgetFollowUpRow row;
    row.id = lines[i].id;
    row.label = lines[i].label;
    row.kind = lines[i].kind;
    row.depth = depth[i];
    row.original = value[i][0];
    row.corrected = value[i][1];
    row.expected_previous = value[i][2];
    row.expected_current = value[i][3];
    row.change = row.expected_previous - row.expected_current;
    row.vs_original = row.original - row.expected_current;
    row.vs_corrected = row.corrected - row.expected_current;
    out.rows.push_back(std::move(row));
  }
  return out;
}

Table BudgetFollowUpTable(const BudgetFollowUp& f, std::int64_t divisor) {
  auto value_col = [](std::string name, std::string label) {
    Column c;
    c.name = std::move(name);
    c.type = ColumnType::kInteger;
    c.role = ColumnRole::kValue;
    c.unit = "kr.";
    c.label = std::move(label);
    c.decimals = 0;
    return c;
  };
  const BudgetFile& m = f.meta;
  std::string prev = FormatDanishDayMonth(m.previous_date);
  std::string cur = FormatDanishDayMonth(m.current_date);
  Column text;
  text.name = "tekst";
  text.label = "Budgetområde";
  std::vector<Column> cols = {
      text,
      value_col("oprindeligt_budget", fmt::format("Oprindeligt budget {}", m.year)),
      value_col("korrigeret_budget", fmt::format("Forventet budget {}", m.year)),
      value_col("forventet_regnskab_forrige",
                fmt::format("Forventet regnskab {} pr. {}", m.year, prev)),
      value_col("forventet_regnskab", fmt::format("Forventet regnskab {} pr. {}", m.year, cur)),
      value_col("aendring", fmt::format("Ændring ift. forventet regnskab pr. {}", prev)),
      value_col("afvigelse_oprindeligt", "Mer-/mindre- forbrug ift. opr. budget"),
      value_col("afvigelse_korrigeret", "Mer-/mindre- forbrug ift. korr. budget")};
  Table t(cols);
  t.title = m.title.empty() ? fmt::format("Forventet regnskab {}", m.year) : m.title;
  for (const auto& r : f.rows) {
    std::vector<Cell> row = {r.label};
    for (std::int64_t v : {r.original, r.corrected, r.expected_previous, r.expected_current,
                           r.change, r.vs_original, r.vs_corrected}) {
      row.emplace_back(RoundDiv(v, divisor));
    }
    t.AddRow(std::move(row));
  }
  return t;
}

}  // namespace fremdrift
