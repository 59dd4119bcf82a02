// Grants and their yearly split (see grant.h).
#include "finance/grant.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "common/csv.h"

namespace fremdrift {

Result<SplitRule> ParseSplitRule(std::string_view text) {
  if (text == "days") return SplitRule::kDays;
  if (text == "months") return SplitRule::kMonths;
  if (text == "weights") return SplitRule::kWeights;
  return InvalidArgument("unknown split rule '{}' (days, months, weights)", text);
}

Result<std::vector<YearAmount>> SplitByWeights(std::int64_t amount,
                                               const std::map<int, double>& weights) {
  long double total = 0;
  for (const auto& [year, w] : weights) {
    if (!(w >= 0) || !std::isfinite(w)) return InvalidArgument("weight for {} is {}", year, w);
    total += w;
  }
  if (weights.empty() || total <= 0) return InvalidArgument("no positive weights to split by");
  std::vector<YearAmount> out;
  std::vector<std::pair<long double, size_t>> remainders;
  std::int64_t assigned = 0;
  for (const auto& [year, w] : weights) {
    long double exact = static_cast<long double>(amount) * w / total;
    auto floor = static_cast<std::int64_t>(std::floor(exact));
    out.push_back({year, floor});
    remainders.push_back({exact - floor, out.size() - 1});
    assigned += floor;
  }
  // Largest remainder first; stable, so ties go to the earliest year.
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::int64_t left = amount - assigned, i = 0; left > 0; --left, ++i) {
    ++out[remainders[static_cast<size_t>(i) % remainders.size()].second].amount;
  }
  return out;
}

Result<std::vector<YearAmount>> SplitGrant(const Grant& grant, SplitRule rule,
                                           const std::map<int, double>& weights) {
  DayNumber first = DaysFromCivil(grant.start), last = DaysFromCivil(grant.end);
  if (last < first) return InvalidArgument("grant {}: period ends before it starts", grant.id);
  if (grant.amount < 0) return InvalidArgument("grant {}: negative amount", grant.id);
  std::map<int, double> w;
  switch (rule) {
    case SplitRule::kDays:
      for (int y = grant.start.year; y <= grant.end.year; ++y) {
        DayNumber a = std::max(first, DaysFromCivil(y, 1, 1));
        DayNumber b = std::min(last, DaysFromCivil(y, 12, 31));
        w[y] = b - a + 1;
      }
      break;
    case SplitRule::kMonths:
      for (int y = grant.start.year; y <= grant.end.year; ++y) {
        int m0 = y == grant.start.year ? grant.start.month : 1;
        int m1 = y == grant.end.year ? grant.end.month : 12;
        w[y] = m1 - m0 + 1;
      }
      break;
    case SplitRule::kWeights:
      for (const auto& [y, v] : weights) {
        if (y < grant.start.year || y > grant.end.year) {
          return InvalidArgument("grant {}: weight for {} is outside the period {}-{}", grant.id, y,
                                 grant.start.year, grant.end.year);
        }
      }
      w = weights;
      break;
  }
  return SplitByWeights(grant.amount, w);
}

std::vector<Appropriation> Appropriations(const Grant& grant,
                                          const std::vector<YearAmount>& split) {
  std::vector<Appropriation> out;
  for (const auto& y : split) out.push_back({y.year, grant.service_area, -y.amount, y.amount});
  return out;
}

std::vector<std::string> CheckSplit(const Grant& grant, const std::vector<YearAmount>& split) {
  std::vector<std::string> problems;
  std::int64_t sum = 0;
  for (const auto& y : split) {
    sum += y.amount;
    if (y.year < grant.start.year || y.year > grant.end.year) {
      problems.push_back(fmt::format("{} ligger uden for projektperioden {}-{}", y.year,
                                     grant.start.year, grant.end.year));
    }
  }
  if (sum != grant.amount) {
    // Danish thousands separators, as the committee texts print amounts.
    auto kr = [](std::int64_t v) {
      std::string digits = std::to_string(v < 0 ? -v : v), out;
      for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back('.');
        out.push_back(digits[i]);
      }
      return (v < 0 ? "-" : "") + out;
    };
    problems.push_back(
        fmt::format("årsbeløbene summer til {} kr., tilsagnet er {} kr. (forskel {} kr.)", kr(sum),
                    kr(grant.amount), kr(grant.amount - sum)));
  }
  return problems;
}

Result<std::vector<Grant>> ParseGrantsCsv(std::string_view text, std::string_view filename,
                                          std::vector<int>* lines) {
  ASSIGN_OR_RETURN(CsvDocument doc, ParseCsvDocument(StripBom(text), filename));
  const char* kColumns[] = {"id",     "municipality", "funder", "pool",
                            "amount", "start",        "end",    "service_area"};
  for (const char* c : kColumns) {
    if (doc.Column(c) < 0) return InvalidArgument("{}: column '{}' is missing", filename, c);
  }
  std::vector<Grant> out;
  for (size_t r = 0; r < doc.rows.size(); ++r) {
    const auto& row = doc.rows[r];
    int ln = doc.line_numbers[r];
    Grant g;
    g.id = row[doc.Column("id")];
    g.municipality = row[doc.Column("municipality")];
    g.funder = row[doc.Column("funder")];
    g.pool = row[doc.Column("pool")];
    g.service_area = row[doc.Column("service_area")];
    if (doc.Column("model") >= 0) g.model = row[doc.Column("model")];
    if (g.id.empty()) return InvalidArgument("{}:{}: column 'id' is empty", filename, ln);
    const std::string& m = g.municipality;
    if (m.size() != 3 || m.find_first_not_of("0123456789") != std::string::npos ||
        m.find_first_not_of('0') == std::string::npos) {
      return InvalidArgument("{}:{}: column 'municipality': '{}' is not a municipality code",
                             filename, ln, m);
    }
    std::string amount;
    for (char c : row[doc.Column("amount")]) {
      if (c != '.') amount.push_back(c);
    }
    auto [p, ec] = std::from_chars(amount.data(), amount.data() + amount.size(), g.amount);
    if (ec != std::errc() || p != amount.data() + amount.size() || amount.empty()) {
      return InvalidArgument("{}:{}: column 'amount': '{}' is not whole kroner", filename, ln,
                             row[doc.Column("amount")]);
    }
    for (const char* c : {"start", "end"}) {
      auto d = ParseIsoDate(row[doc.Column(c)]);
      if (!d.ok())
        return InvalidArgument("{}:{}: column '{}': {}", filename, ln, c, d.status().message());
      (std::string_view(c) == "start" ? g.start : g.end) = *d;
    }
    if (DaysFromCivil(g.end) < DaysFromCivil(g.start)) {
      return InvalidArgument("{}:{}: column 'end': the period ends before it starts", filename, ln);
    }
    out.push_back(std::move(g));
    if (lines) lines->push_back(ln);
  }
  return out;
}

}  // namespace fremdrift
