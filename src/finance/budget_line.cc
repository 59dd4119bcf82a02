// Budget lines and their CSV format (see budget_line.h).
#include "finance/budget_line.h"

#include <charconv>
#include <set>

#include "common/csv.h"
#include "common/file_util.h"

namespace fremdrift {
namespace {

struct KindName {
  BudgetLineKind kind;
  std::string_view name;
};
constexpr KindName kKinds[] = {
    {BudgetLineKind::kTotal, "total"}, {BudgetLineKind::kArea, "area"},
    {BudgetLineKind::kFrame, "frame"}, {BudgetLineKind::kNonFrame, "nonframe"},
    {BudgetLineKind::kLine, "line"},   {BudgetLineKind::kOfWhich, "of_which"}};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// "1.125.172", "-2094", "−2.094" (U+2212), "" -> amount in file units.
Result<std::optional<std::int64_t>> ParseAmount(std::string_view text) {
  text = Trim(text);
  if (text.empty()) return std::optional<std::int64_t>();
  std::string digits;
  bool negative = false;
  if (text.substr(0, 3) == "\xE2\x88\x92") {  // U+2212 minus sign
    negative = true;
    text.remove_prefix(3);
  } else if (text.front() == '-') {
    negative = true;
    text.remove_prefix(1);
  }
  for (char c : text) {
    if (c == '.' || c == ' ') continue;  // thousands separators
    if (c < '0' || c > '9') return InvalidArgument("'{}' is not a whole number", text);
    digits.push_back(c);
  }
  if (digits.empty()) return InvalidArgument("'{}' is not a number", text);
  std::int64_t v = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec != std::errc()) return InvalidArgument("'{}' is out of range", text);
  return std::optional<std::int64_t>(negative ? -v : v);
}

}  // namespace

Result<BudgetLineKind> ParseBudgetLineKind(std::string_view text) {
  for (const auto& k : kKinds) {
    if (k.name == text) return k.kind;
  }
  return InvalidArgument("unknown kind '{}' (total, area, frame, nonframe, line, of_which)", text);
}

std::string_view BudgetLineKindName(BudgetLineKind kind) {
  for (const auto& k : kKinds) {
    if (k.kind == kind) return k.name;
  }
  return "?";
}

Result<BudgetFile> ParseBudgetCsv(std::string_view text, std::string_view filename) {
  text = StripBom(text);
  BudgetFile file;
  // Metadata lines are blanked (not removed) so the CSV parser's line numbers stay right.
  std::string body;
  body.reserve(text.size());
  int line_no = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    ++line_no;
    std::string_view t = Trim(line);
    if (!t.empty() && t.front() == '#') {
      t.remove_prefix(1);
      size_t eq = t.find('=');
      std::string_view key = eq == std::string_view::npos ? "" : Trim(t.substr(0, eq));
      // "# key=value" is metadata when the key is one word; any other '#' line is a comment.
      if (!key.empty() && key.find_first_of(" \t") == std::string_view::npos) {
        std::string_view value = Trim(t.substr(eq + 1));
        auto where = [&] { return fmt::format("{}:{}: ", filename, line_no); };
        if (key == "municipality") {
          file.municipality = value;
        } else if (key == "kommune") {
          auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), file.kommune);
          if (ec != std::errc() || p != value.data() + value.size() || file.kommune <= 0 ||
              file.kommune > 999) {
            return InvalidArgument("{}kommune '{}' is not a municipality code", where(), value);
          }
        } else if (key == "committee") {
          file.committee = value;
        } else if (key == "title") {
          file.title = value;
        } else if (key == "year") {
          auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), file.year);
          if (ec != std::errc() || p != value.data() + value.size()) {
            return InvalidArgument("{}year '{}' is not a year", where(), value);
          }
        } else if (key == "unit") {
          if (value != "1" && value != "1000") {
            return InvalidArgument("{}unit must be 1 or 1000, not '{}'", where(), value);
          }
          file.unit = value == "1" ? 1 : 1000;
        } else if (key == "previous_date" || key == "current_date") {
          auto d = ParseIsoDate(value);
          if (!d.ok()) return InvalidArgument("{}{}: {}", where(), key, d.status().message());
          (key == "previous_date" ? file.previous_date : file.current_date) = *d;
        } else {
          return InvalidArgument("{}unknown metadata key '{}'", where(), key);
        }
      }
    } else {
      body.append(line);
    }
    body.push_back('\n');
    pos = end + 1;
  }
  if (file.year == 0) return InvalidArgument("{}: metadata '# year=YYYY' is missing", filename);
  if (file.current_date.year == 0) {
    return InvalidArgument("{}: metadata '# current_date=YYYY-MM-DD' is missing", filename);
  }
  if (file.previous_date.year == 0) {
    return InvalidArgument("{}: metadata '# previous_date=YYYY-MM-DD' is missing", filename);
  }

  ASSIGN_OR_RETURN(CsvDocument doc, ParseCsvDocument(body, filename));
  const char* kRequired[] = {"id", "parent", "kind", "label"};
  for (const char* name : kRequired) {
    if (doc.Column(name) < 0) return InvalidArgument("{}: column '{}' is missing", filename, name);
  }
  const char* kAmountColumns[] = {"original_budget", "corrected_budget", "expected_previous",
                                  "expected_current"};
  for (const char* name : kAmountColumns) {
    if (doc.Column(name) < 0) return InvalidArgument("{}: column '{}' is missing", filename, name);
  }
  std::set<std::string> ids;
  for (size_t r = 0; r < doc.rows.size(); ++r) {
    const auto& row = doc.rows[r];
    int ln = doc.line_numbers[r];
    BudgetLine line;
    line.source_line = ln;
    line.id = Trim(row[doc.Column("id")]);
    line.parent = Trim(row[doc.Column("parent")]);
    line.label = Trim(row[doc.Column("label")]);
    if (line.id.empty()) return InvalidArgument("{}:{}: column 'id' is empty", filename, ln);
    if (!ids.insert(line.id).second) {
      return InvalidArgument("{}:{}: column 'id': '{}' is used twice", filename, ln, line.id);
    }
    auto kind = ParseBudgetLineKind(Trim(row[doc.Column("kind")]));
    if (!kind.ok())
      return InvalidArgument("{}:{}: column 'kind': {}", filename, ln, kind.status().message());
    line.kind = *kind;
    if (line.parent.empty() != (line.kind == BudgetLineKind::kTotal)) {
      return InvalidArgument("{}:{}: column 'parent': only the 'total' line has no parent",
                             filename, ln);
    }
    if (!line.parent.empty() && (line.parent == line.id || !ids.count(line.parent))) {
      return InvalidArgument("{}:{}: column 'parent': '{}' is not an earlier line", filename, ln,
                             line.parent);
    }
    std::optional<std::int64_t>* targets[] = {&line.amounts.original, &line.amounts.corrected,
                                              &line.amounts.expected_previous,
                                              &line.amounts.expected_current};
    for (int i = 0; i < 4; ++i) {
      auto v = ParseAmount(row[doc.Column(kAmountColumns[i])]);
      if (!v.ok()) {
        return InvalidArgument("{}:{}: column '{}': {}", filename, ln, kAmountColumns[i],
                               v.status().message());
      }
      if (!v->has_value()) continue;
      const std::int64_t kroner = **v;
      if (kroner > kMaxBudgetKroner / file.unit || kroner < -kMaxBudgetKroner / file.unit) {
        return InvalidArgument("{}:{}: column '{}': the amount is larger than {} kr.", filename, ln,
                               kAmountColumns[i], kMaxBudgetKroner);
      }
      *targets[i] = kroner * file.unit;
    }
    file.lines.push_back(std::move(line));
  }
  if (file.lines.empty()) return InvalidArgument("{}: no budget lines", filename);
  return file;
}

Result<BudgetFile> LoadBudgetCsv(const std::string& path) {
  ASSIGN_OR_RETURN(std::string text, ReadFileToString(path));
  return ParseBudgetCsv(text, path);
}

}  // namespace fremdrift
