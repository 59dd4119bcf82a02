// Finance import files (see finance_import.h).
#include "finance/finance_import.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "common/csv.h"

namespace fremdrift {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// The first line that is neither blank nor a '#' line: the header.
std::string_view HeaderLine(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = Trim(text.substr(pos, end - pos));
    if (!line.empty() && line.front() != '#') return line;
    pos = end + 1;
  }
  return {};
}

// "1.234.567", "-2094", "−2.094" (U+2212) -> kroner.
Result<std::int64_t> ParseKroner(std::string_view text) {
  text = Trim(text);
  bool negative = false;
  if (text.substr(0, 3) == "\xE2\x88\x92") {
    negative = true;
    text.remove_prefix(3);
  } else if (!text.empty() && text.front() == '-') {
    negative = true;
    text.remove_prefix(1);
  }
  std::string digits;
  for (char c : text) {
    if (c == '.' || c == ' ') continue;
    if (c < '0' || c > '9') return InvalidArgument("'{}' is not whole kroner", text);
    digits.push_back(c);
  }
  if (digits.empty()) return InvalidArgument("'{}' is not whole kroner", text);
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec != std::errc()) return InvalidArgument("'{}' is out of range", text);
  return negative ? -v : v;
}

// "0,5", "0.5", "15" -> number (one decimal separator, no thousands separators).
Result<double> ParseDecimal(std::string_view text) {
  text = Trim(text);
  std::string s(text);
  std::replace(s.begin(), s.end(), ',', '.');
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size() || !std::isfinite(v)) {
    return InvalidArgument("'{}' is not a number", text);
  }
  return v;
}

Result<int> ParseYear(std::string_view text) {
  text = Trim(text);
  int y = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), y);
  if (ec != std::errc() || p != text.data() + text.size() || y < 1900 || y > 2200) {
    return InvalidArgument("'{}' is not a year", text);
  }
  return y;
}

// The text without its BOM and with '#' comment lines blanked, so the CSV parser's line numbers
// stay those of the file.
std::string BlankComments(std::string_view text) {
  text = StripBom(text);
  std::string body;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    if (Trim(line).substr(0, 1) != "#") body.append(line);
    body.push_back('\n');
    pos = end + 1;
  }
  return body;
}

// Reads a rectangular CSV with the given required and optional columns.
class Rows {
 public:
  static Result<Rows> Parse(std::string_view text, std::string_view filename,
                            std::initializer_list<const char*> required) {
    ASSIGN_OR_RETURN(CsvDocument doc, ParseCsvDocument(BlankComments(text), filename));
    for (const char* c : required) {
      if (doc.Column(c) < 0) return InvalidArgument("{}: column '{}' is missing", filename, c);
    }
    Rows r;
    r.doc_ = std::move(doc);
    r.file_ = filename;
    return r;
  }
  size_t size() const { return doc_.rows.size(); }
  std::string Get(size_t row, const char* column) const {
    int c = doc_.Column(column);
    return c < 0 ? std::string() : std::string(Trim(doc_.rows[row][c]));
  }
  SourceRef Where(size_t row) const { return {file_, doc_.line_numbers[row]}; }
  // The optional `municipality` column of a grant's record: a code 1-999, or `fallback` when the
  // column is missing or empty.
  Result<int> Kommune(size_t row, int fallback) const {
    std::string m = Get(row, "municipality");
    if (m.empty()) return fallback;
    int code = 0;
    auto [p, ec] = std::from_chars(m.data(), m.data() + m.size(), code);
    if (ec != std::errc() || p != m.data() + m.size() || m.size() > 3 || code <= 0) {
      return Error(row, "municipality", fmt::format("'{}' is not a municipality code", m));
    }
    return code;
  }
  // "file:line: column 'x': message".
  Status Error(size_t row, const char* column, const Status& s) const {
    return InvalidArgument("{}:{}: column '{}': {}", file_, doc_.line_numbers[row], column,
                           s.message());
  }
  Status Error(size_t row, const char* column, std::string_view message) const {
    return InvalidArgument("{}:{}: column '{}': {}", file_, doc_.line_numbers[row], column,
                           message);
  }

 private:
  CsvDocument doc_;
  std::string file_;
};

Status AddAppropriations(FinanceBatch& batch, std::string_view text, std::string_view filename,
                         int default_kommune) {
  ASSIGN_OR_RETURN(Rows rows,
                   Rows::Parse(text, filename, {"grant", "year", "service_area", "amount"}));
  for (size_t i = 0; i < rows.size(); ++i) {
    AppropriationRecord a;
    a.grant_id = rows.Get(i, "grant");
    if (a.grant_id.empty()) return rows.Error(i, "grant", "is empty");
    ASSIGN_OR_RETURN(a.kommune, rows.Kommune(i, default_kommune));
    auto year = ParseYear(rows.Get(i, "year"));
    if (!year.ok()) return rows.Error(i, "year", year.status());
    a.year = *year;
    a.service_area = rows.Get(i, "service_area");
    if (a.service_area.empty()) return rows.Error(i, "service_area", "is empty");
    auto amount = ParseKroner(rows.Get(i, "amount"));
    if (!amount.ok()) return rows.Error(i, "amount", amount.status());
    if (*amount < 0) return rows.Error(i, "amount", "an appropriation is a positive amount");
    a.expense = *amount;
    a.income = -*amount;
    a.source = rows.Where(i);
    batch.appropriations.push_back(std::move(a));
  }
  return Status::Ok();
}

Status AddPayoutRates(FinanceBatch& batch, std::string_view text, std::string_view filename,
                      int default_kommune) {
  ASSIGN_OR_RETURN(Rows rows, Rows::Parse(text, filename, {"grant", "kind", "fraction"}));
  for (size_t i = 0; i < rows.size(); ++i) {
    PayoutRateRecord r;
    r.grant_id = rows.Get(i, "grant");
    if (r.grant_id.empty()) return rows.Error(i, "grant", "is empty");
    ASSIGN_OR_RETURN(r.kommune, rows.Kommune(i, default_kommune));
    r.kind = rows.Get(i, "kind");
    if (r.kind != "interim" && r.kind != "tier") {
      return rows.Error(i, "kind", fmt::format("'{}' is not interim or tier", r.kind));
    }
    r.indicator = rows.Get(i, "indicator");
    if (r.kind == "tier") {
      auto t = ParseDecimal(rows.Get(i, "threshold_pct"));
      if (!t.ok()) return rows.Error(i, "threshold_pct", t.status());
      if (*t < 0 || *t > 100) return rows.Error(i, "threshold_pct", "must be within 0-100");
      r.threshold_pct = *t;
    } else if (!rows.Get(i, "threshold_pct").empty()) {
      return rows.Error(i, "threshold_pct", "an interim rate has no threshold");
    }
    auto f = ParseDecimal(rows.Get(i, "fraction"));
    if (!f.ok()) return rows.Error(i, "fraction", f.status());
    if (*f < 0 || *f > 1) return rows.Error(i, "fraction", "must be within 0-1");
    r.fraction = *f;
    r.label = rows.Get(i, "label");
    r.source = rows.Where(i);
    batch.payout_rates.push_back(std::move(r));
  }
  return Status::Ok();
}

Status AddAccounts(FinanceBatch& batch, std::string_view text, std::string_view filename,
                   int default_kommune) {
  ASSIGN_OR_RETURN(Rows rows,
                   Rows::Parse(text, filename, {"grant", "account", "date", "expenses"}));
  for (size_t i = 0; i < rows.size(); ++i) {
    AccountRecord a;
    a.grant_id = rows.Get(i, "grant");
    if (a.grant_id.empty()) return rows.Error(i, "grant", "is empty");
    ASSIGN_OR_RETURN(a.kommune, rows.Kommune(i, default_kommune));
    a.account = rows.Get(i, "account");
    if (a.account != "interim" && a.account != "final") {
      return rows.Error(i, "account", fmt::format("'{}' is not interim or final", a.account));
    }
    auto d = ParseIsoDate(rows.Get(i, "date"));
    if (!d.ok()) return rows.Error(i, "date", d.status());
    a.date = *d;
    auto e = ParseKroner(rows.Get(i, "expenses"));
    if (!e.ok()) return rows.Error(i, "expenses", e.status());
    a.expenses = *e;
    if (std::string paid = rows.Get(i, "paid"); !paid.empty()) {
      auto p = ParseKroner(paid);
      if (!p.ok()) return rows.Error(i, "paid", p.status());
      a.paid = *p;
    }
    a.source = rows.Where(i);
    batch.accounts.push_back(std::move(a));
  }
  return Status::Ok();
}

}  // namespace

std::string_view FinanceFileKindName(FinanceFileKind kind) {
  switch (kind) {
    case FinanceFileKind::kBudget:
      return "budget";
    case FinanceFileKind::kGrants:
      return "grants";
    case FinanceFileKind::kAppropriations:
      return "appropriations";
    case FinanceFileKind::kPayoutRates:
      return "payout rates";
    case FinanceFileKind::kAccounts:
      return "accounts";
  }
  return "?";
}

Result<FinanceFileKind> DetectFinanceFileKind(std::string_view text, std::string_view filename) {
  std::string_view header = HeaderLine(StripBom(text));
  if (header.empty()) return InvalidArgument("{}: no header line", filename);
  std::vector<std::string_view> fields;
  std::string scratch;
  std::string err = SplitCsvLine(header, DetectDelimiter(header), fields, scratch);
  if (!err.empty()) return InvalidArgument("{}: header: {}", filename, err);
  std::set<std::string> names;
  for (auto f : fields) names.insert(std::string(Trim(f)));
  auto has = [&](const char* n) { return names.count(n) > 0; };
  if (has("original_budget")) return FinanceFileKind::kBudget;
  if (has("funder")) return FinanceFileKind::kGrants;
  if (has("grant") && has("year")) return FinanceFileKind::kAppropriations;
  if (has("grant") && has("fraction")) return FinanceFileKind::kPayoutRates;
  if (has("grant") && has("account")) return FinanceFileKind::kAccounts;
  return InvalidArgument(
      "{}: not a finance file: the header names none of the kinds in docs/formats/budget.md "
      "(budget lines: original_budget; grants: funder; appropriations: grant and year; payout "
      "rates: grant and fraction; accounts: grant and account)",
      filename);
}

namespace {

Status AddFile(FinanceBatch& batch, std::string_view text, std::string_view filename,
               int default_kommune) {
  ASSIGN_OR_RETURN(FinanceFileKind kind, DetectFinanceFileKind(text, filename));
  switch (kind) {
    case FinanceFileKind::kBudget: {
      ASSIGN_OR_RETURN(BudgetFile file, ParseBudgetCsv(text, filename));
      if (file.kommune == 0) file.kommune = default_kommune;
      if (file.kommune == 0) {
        return InvalidArgument(
            "{}: which municipality? add '# kommune=CODE' to the file or pass --kommune", filename);
      }
      batch.budgets.push_back({std::move(file), {std::string(filename), 0}});
      return Status::Ok();
    }
    case FinanceFileKind::kGrants: {
      std::vector<int> lines;
      ASSIGN_OR_RETURN(std::vector<Grant> grants,
                       ParseGrantsCsv(BlankComments(text), filename, &lines));
      for (std::size_t i = 0; i < grants.size(); ++i) {
        batch.grants.push_back({std::move(grants[i]), {std::string(filename), lines[i]}});
      }
      return Status::Ok();
    }
    case FinanceFileKind::kAppropriations:
      return AddAppropriations(batch, text, filename, default_kommune);
    case FinanceFileKind::kPayoutRates:
      return AddPayoutRates(batch, text, filename, default_kommune);
    case FinanceFileKind::kAccounts:
      return AddAccounts(batch, text, filename, default_kommune);
  }
  return Internal("unknown finance file kind");
}

template <typename T>
void Move(std::vector<T>& to, std::vector<T>& from) {
  for (auto& x : from) to.push_back(std::move(x));
}

}  // namespace

Status AddFinanceFile(FinanceBatch& batch, std::string_view text, std::string_view filename,
                      int default_kommune) {
  // A file adds all its records or none.
  FinanceBatch one;
  RETURN_IF_ERROR(AddFile(one, text, filename, default_kommune));
  Move(batch.grants, one.grants);
  Move(batch.appropriations, one.appropriations);
  Move(batch.payout_rates, one.payout_rates);
  Move(batch.accounts, one.accounts);
  Move(batch.budgets, one.budgets);
  return Status::Ok();
}

std::optional<PayoutRule> PayoutRuleFromRates(const std::vector<PayoutRateRecord>& rates) {
  if (rates.empty()) return std::nullopt;
  PayoutRule rule;
  rule.interim_fraction = 0;
  rule.tiers.clear();
  for (const auto& r : rates) {
    if (r.kind == "interim") {
      rule.interim_fraction = r.fraction;
    } else {
      rule.tiers.push_back({r.threshold_pct, r.fraction});
    }
  }
  std::sort(rule.tiers.begin(), rule.tiers.end(), [](const PayoutTier& a, const PayoutTier& b) {
    return a.min_share_pct < b.min_share_pct;
  });
  return rule;
}

int GrantKommune(const Grant& grant) {
  const std::string& m = grant.municipality;
  int code = 0;
  auto [p, ec] = std::from_chars(m.data(), m.data() + m.size(), code);
  return ec == std::errc() && p == m.data() + m.size() ? code : 0;
}

Status ResolveGrantMunicipalities(FinanceBatch& batch, const std::vector<GrantKey>& known_grants) {
  std::map<std::string, std::set<int>> holders;  // grant id -> municipalities with such a grant
  for (const auto& [k, id] : known_grants) holders[id].insert(k);
  for (const auto& g : batch.grants) holders[g.grant.id].insert(GrantKommune(g.grant));
  auto resolve = [&](const std::string& id, int& kommune, const SourceRef& where) -> Status {
    if (kommune != 0) return Status::Ok();
    auto it = holders.find(id);
    if (it == holders.end() || it->second.empty()) {
      return InvalidArgument("{}: column 'grant': '{}' is neither in this import nor stored",
                             where.ToString(), id);
    }
    if (it->second.size() > 1) {
      return InvalidArgument(
          "{}: column 'grant': several municipalities have a grant '{}'; add a column "
          "'municipality'",
          where.ToString(), id);
    }
    kommune = *it->second.begin();
    return Status::Ok();
  };
  for (auto& a : batch.appropriations) RETURN_IF_ERROR(resolve(a.grant_id, a.kommune, a.source));
  for (auto& r : batch.payout_rates) RETURN_IF_ERROR(resolve(r.grant_id, r.kommune, r.source));
  for (auto& a : batch.accounts) RETURN_IF_ERROR(resolve(a.grant_id, a.kommune, a.source));
  return Status::Ok();
}

Status CheckFinanceBatch(const FinanceBatch& unresolved,
                         const std::vector<GrantKey>& known_grants) {
  FinanceBatch batch = unresolved;
  RETURN_IF_ERROR(ResolveGrantMunicipalities(batch, known_grants));
  std::map<GrantKey, const Grant*> grants;
  for (const auto& g : batch.grants) {
    if (!grants.emplace(GrantKey{GrantKommune(g.grant), g.grant.id}, &g.grant).second) {
      return InvalidArgument("{}: grant '{}' appears twice in this import", g.source.ToString(),
                             g.grant.id);
    }
  }
  std::set<GrantKey> known(known_grants.begin(), known_grants.end());
  // The same answer whether another municipality has such a grant or nobody has.
  auto check_grant = [&](const std::string& id, int kommune, const SourceRef& where) -> Status {
    if (grants.count({kommune, id}) || known.count({kommune, id})) return Status::Ok();
    return InvalidArgument("{}: column 'grant': '{}' is neither in this import nor stored",
                           where.ToString(), id);
  };
  std::set<std::tuple<int, std::string, int, std::string>> years;
  for (const auto& a : batch.appropriations) {
    RETURN_IF_ERROR(check_grant(a.grant_id, a.kommune, a.source));
    if (!years.insert({a.kommune, a.grant_id, a.year, a.service_area}).second) {
      return InvalidArgument("{}: appropriation {} / {} / {} appears twice", a.source.ToString(),
                             a.grant_id, a.year, a.service_area);
    }
    auto it = grants.find({a.kommune, a.grant_id});
    if (it != grants.end() && (a.year < it->second->start.year || a.year > it->second->end.year)) {
      return InvalidArgument("{}: column 'year': {} is outside the grant's period {}-{}",
                             a.source.ToString(), a.year, it->second->start.year,
                             it->second->end.year);
    }
  }
  std::map<GrantKey, std::vector<PayoutRateRecord>> rates;
  for (const auto& r : batch.payout_rates) {
    RETURN_IF_ERROR(check_grant(r.grant_id, r.kommune, r.source));
    rates[{r.kommune, r.grant_id}].push_back(r);
  }
  for (const auto& [key, list] : rates) {
    int interims = 0;
    for (const auto& r : list) interims += r.kind == "interim";
    if (interims > 1) {
      return InvalidArgument("{}: grant '{}' has {} interim rates (at most one)",
                             list.back().source.ToString(), key.second, interims);
    }
    Status st = ValidatePayoutRule(*PayoutRuleFromRates(list));
    if (!st.ok()) return st.WithContext(list.front().source.file);
  }
  std::set<std::tuple<int, std::string, std::string>> accounts;
  for (const auto& a : batch.accounts) {
    RETURN_IF_ERROR(check_grant(a.grant_id, a.kommune, a.source));
    if (!accounts.insert({a.kommune, a.grant_id, a.account}).second) {
      return InvalidArgument("{}: the {} account of '{}' appears twice", a.source.ToString(),
                             a.account, a.grant_id);
    }
  }
  std::set<std::pair<int, int>> budgets;
  for (const auto& b : batch.budgets) {
    if (!budgets.insert({b.file.kommune, b.file.year}).second) {
      return InvalidArgument("{}: a second budget for municipality {} and {} in this import",
                             b.source.ToString(), b.file.kommune, b.file.year);
    }
  }
  return Status::Ok();
}

}  // namespace fremdrift
