// FinanceStore on SQLite and PostgreSQL (see finance_store.h), written once over db::Connection;
// values travel as text (or NULL), so each backend types them from their columns and both read
// back alike. Each finance table is "versioned": its rows are keyed, and the row with the highest
// seq for a key (recorded up to "as of") is the one in effect.
#include "finance/finance_store.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>

#include "db/connection.h"
#include "eventstore/event_store_internal.h"

namespace fremdrift::cases {
namespace {

using Value = std::optional<std::string>;
using Row = std::vector<Value>;

// Finance imports are serialised among themselves on PostgreSQL (a second importer waits); on
// SQLite the write transaction does that.
constexpr std::int64_t kFinanceAdvisoryLock = 7378944658176042867;

// Binds `params` (text or NULL) as parameters 1, 2, ...
Status BindRow(db::Statement& st, const Row& params) {
  for (std::size_t i = 0; i < params.size(); ++i) {
    RETURN_IF_ERROR(st.Bind(static_cast<int>(i) + 1, params[i]));
  }
  return Status::Ok();
}

// Runs a query and returns its first `columns` columns as text (NULL: nullopt).
Result<std::vector<Row>> Query(db::Connection& conn, std::string_view sql, const Row& params,
                               int columns) {
  ASSIGN_OR_RETURN(auto st, conn.Prepare(sql));
  RETURN_IF_ERROR(BindRow(*st, params));
  std::vector<Row> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) break;
    Row r(columns);
    const int fields = std::min(columns, st->ColumnCount());
    for (int c = 0; c < fields; ++c) r[c] = st->ColumnOptionalText(c);
    out.push_back(std::move(r));
  }
  return out;
}

// A versioned table: key columns first, then value columns. The first `scope` key columns name
// a set that an import replaces as a whole (0: rows are only ever added or corrected).
struct Col {
  const char* name;
  char type;  // 'i' integer, 'r' real, 't' text
};
struct Spec {
  const char* table;
  std::vector<Col> cols;
  size_t keys;
  size_t scope;
};

const Spec kGrants{"finance_grants",
                   {{"grant_id", 't'},
                    {"kommune", 'i'},
                    {"funder", 't'},
                    {"pool", 't'},
                    {"model", 't'},
                    {"amount", 'i'},
                    {"start_day", 't'},
                    {"end_day", 't'},
                    {"service_area", 't'}},
                   2,
                   0};
const Spec kAppropriations{"finance_appropriations",
                           {{"kommune", 'i'},
                            {"grant_id", 't'},
                            {"year", 'i'},
                            {"service_area", 't'},
                            {"income", 'i'},
                            {"expense", 'i'}},
                           4,
                           2};
const Spec kPayoutRates{"finance_payout_rates",
                        {{"kommune", 'i'},
                         {"grant_id", 't'},
                         {"rate_no", 'i'},
                         {"kind", 't'},
                         {"indicator", 't'},
                         {"threshold_pct", 'r'},
                         {"fraction", 'r'},
                         {"label", 't'}},
                        3,
                        2};
const Spec kAccounts{"finance_accounts",
                     {{"kommune", 'i'},
                      {"grant_id", 't'},
                      {"account", 't'},
                      {"day", 't'},
                      {"expenses", 'i'},
                      {"paid", 'i'}},
                     3,
                     2};
const Spec kBooks{
    "budget_books",
    {{"kommune", 'i'}, {"year", 'i'}, {"municipality", 't'}, {"committee", 't'}, {"title", 't'}},
    2,
    0};
const Spec kLines{"budget_lines",
                  {{"kommune", 'i'},
                   {"year", 'i'},
                   {"line_id", 't'},
                   {"parent", 't'},
                   {"kind", 't'},
                   {"label", 't'},
                   {"position", 'i'},
                   {"original_budget", 'i'},
                   {"corrected_budget", 'i'}},
                  3,
                  2};
const Spec kExpected{
    "budget_expected",
    {{"kommune", 'i'}, {"year", 'i'}, {"month", 't'}, {"line_id", 't'}, {"expected", 'i'}},
    4,
    3};
const Spec* const kSpecs[] = {&kGrants, &kAppropriations, &kPayoutRates, &kAccounts,
                              &kBooks,  &kLines,          &kExpected};

std::string Real(double v) { return fmt::format("{}", v); }
Value Int(std::int64_t v) { return std::to_string(v); }
Value OptInt(const std::optional<std::int64_t>& v) { return v ? Int(*v) : Value(); }

// A stored value in the form this code writes it (PostgreSQL and SQLite print reals
// differently).
Value Normalise(const Value& v, char type) {
  if (!v || type == 't') return v;
  if (type == 'i') {
    std::int64_t i = 0;
    auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), i);
    return ec == std::errc() && p == v->data() + v->size() ? std::to_string(i) : v;
  }
  double d = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), d);
  return ec == std::errc() ? Real(d) : v;
}

std::int64_t ToInt(const Value& v) {
  std::int64_t out = 0;
  if (v) std::from_chars(v->data(), v->data() + v->size(), out);
  return out;
}
double ToReal(const Value& v) {
  double out = 0;
  if (v) std::from_chars(v->data(), v->data() + v->size(), out);
  return out;
}
std::string ToText(const Value& v) { return v.value_or(""); }

struct Stored {
  std::int64_t seq = 0;
  Row row;  // all columns of the spec
  bool active = false;
  std::string recorded_by, recorded_at;
};

std::string MonthText(const CivilDate& d) { return fmt::format("{:04d}-{:02d}", d.year, d.month); }

Result<CivilDate> LastDayOfMonth(const std::string& month) {
  ASSIGN_OR_RETURN(CivilDate d, ParseIsoDate(month + "-01"));
  return CivilDate{d.year, d.month, DaysInMonth(d.year, d.month)};
}

class FinanceStoreImpl : public FinanceStore {
 public:
  explicit FinanceStoreImpl(std::unique_ptr<db::Connection> conn) : conn_(std::move(conn)) {}

  Result<FinanceImportResult> Import(const FinanceBatch& batch, const ImportInfo& info) override;
  Result<std::vector<StoredGrant>> Grants(int kommune, const AsOf& as_of) override;
  Result<std::vector<StoredBudget>> Budgets(int kommune, const AsOf& as_of) override;
  Result<BudgetFile> Budget(int kommune, int year, const std::string& month,
                            const AsOf& as_of) override;
  Status ExecuteForTest(const std::string& sql) override { return conn_->Exec(sql); }

 private:
  // Rows in effect: the highest seq per key recorded up to `as_of` (inactive ones included).
  Result<std::vector<Stored>> Effective(const Spec& spec, const AsOf& as_of);
  Status ImportLocked(const FinanceBatch& batch, const ImportInfo& info,
                      FinanceImportResult& result);

  std::unique_ptr<db::Connection> conn_;
};

Result<std::vector<Stored>> FinanceStoreImpl::Effective(const Spec& spec, const AsOf& as_of) {
  std::string cols, keys;
  for (size_t i = 0; i < spec.cols.size(); ++i) {
    cols += fmt::format(", {}", spec.cols[i].name);
    if (i < spec.keys) keys += fmt::format("{}{}", i ? ", " : "", spec.cols[i].name);
  }
  std::string sql = fmt::format(
      "SELECT seq{}, active, recorded_by, recorded_at FROM {} WHERE seq IN (SELECT MAX(seq) FROM "
      "{} WHERE recorded_at <= ? GROUP BY {}) ORDER BY seq",
      cols, spec.table, spec.table, keys);
  const int n = static_cast<int>(spec.cols.size());
  ASSIGN_OR_RETURN(std::vector<Row> rows, Query(*conn_, sql, {as_of.value_or("9999")}, n + 4));
  std::vector<Stored> out;
  out.reserve(rows.size());
  for (auto& r : rows) {
    Stored s;
    s.seq = ToInt(r[0]);
    for (int c = 0; c < n; ++c) s.row.push_back(Normalise(r[c + 1], spec.cols[c].type));
    s.active = ToInt(r[n + 1]) != 0;
    s.recorded_by = ToText(r[n + 2]);
    s.recorded_at = ToText(r[n + 3]);
    out.push_back(std::move(s));
  }
  return out;
}

Result<FinanceImportResult> FinanceStoreImpl::Import(const FinanceBatch& batch,
                                                     const ImportInfo& info) {
  ASSIGN_OR_RETURN(db::Transaction tx, db::Transaction::Begin(*conn_));
  if (conn_->backend() == db::Backend::kPostgresql) {
    RETURN_IF_ERROR(
        conn_->Exec(fmt::format("SELECT pg_advisory_xact_lock({})", kFinanceAdvisoryLock)));
  }
  FinanceImportResult result;
  RETURN_IF_ERROR(ImportLocked(batch, info, result));
  RETURN_IF_ERROR(tx.Commit());
  return result;
}

Status FinanceStoreImpl::ImportLocked(const FinanceBatch& unresolved, const ImportInfo& info,
                                      FinanceImportResult& result) {
  ASSIGN_OR_RETURN(std::vector<Stored> stored_grants, Effective(kGrants, std::nullopt));
  // Grants are keyed by (municipality, id): a municipality's grants are its own, whatever ids
  // other municipalities use.
  std::vector<GrantKey> known;
  for (const auto& s : stored_grants) {
    if (s.active) known.push_back({static_cast<int>(ToInt(s.row[1])), ToText(s.row[0])});
  }
  for (const auto& g : unresolved.grants) {
    if (GrantKommune(g.grant) <= 0) {
      return InvalidArgument("{}: grant '{}': '{}' is not a municipality code", g.source.ToString(),
                             g.grant.id, g.grant.municipality);
    }
  }
  FinanceBatch batch = unresolved;
  RETURN_IF_ERROR(ResolveGrantMunicipalities(batch, known));
  RETURN_IF_ERROR(CheckFinanceBatch(batch, known));

  // The rows the batch wants, per table.
  std::map<const Spec*, std::vector<Row>> wanted;
  for (const auto& g : batch.grants) {
    const fremdrift::Grant& x = g.grant;
    wanted[&kGrants].push_back({x.id, Int(GrantKommune(x)), x.funder, x.pool, x.model,
                                Int(x.amount), FormatIsoDate(x.start), FormatIsoDate(x.end),
                                x.service_area});
  }
  for (const auto& a : batch.appropriations) {
    wanted[&kAppropriations].push_back(
        {Int(a.kommune), a.grant_id, Int(a.year), a.service_area, Int(a.income), Int(a.expense)});
  }
  {
    // Rate numbers: 0 for the interim rate, 1.. for the tiers by ascending threshold.
    std::map<GrantKey, std::vector<const PayoutRateRecord*>> by_grant;
    for (const auto& r : batch.payout_rates) by_grant[{r.kommune, r.grant_id}].push_back(&r);
    for (auto& [key, list] : by_grant) {
      std::stable_sort(list.begin(), list.end(), [](const auto* a, const auto* b) {
        if ((a->kind == "interim") != (b->kind == "interim")) return a->kind == "interim";
        return a->threshold_pct < b->threshold_pct;
      });
      int tier = 0;
      for (const auto* r : list) {
        wanted[&kPayoutRates].push_back(
            {Int(key.first), key.second, Int(r->kind == "interim" ? 0 : ++tier), r->kind,
             r->indicator, Real(r->threshold_pct), Real(r->fraction), r->label});
      }
    }
  }
  for (const auto& a : batch.accounts) {
    wanted[&kAccounts].push_back({Int(a.kommune), a.grant_id, a.account, FormatIsoDate(a.date),
                                  Int(a.expenses), OptInt(a.paid)});
  }
  for (const auto& b : batch.budgets) {
    const BudgetFile& f = b.file;
    wanted[&kBooks].push_back({Int(f.kommune), Int(f.year), f.municipality, f.committee, f.title});
    const std::string prev = MonthText(f.previous_date), cur = MonthText(f.current_date);
    if (prev == cur) {
      return InvalidArgument("{}: previous_date and current_date are in the same month ({})",
                             b.source.ToString(), cur);
    }
    for (size_t i = 0; i < f.lines.size(); ++i) {
      const BudgetLine& l = f.lines[i];
      wanted[&kLines].push_back({Int(f.kommune), Int(f.year), l.id, l.parent,
                                 std::string(BudgetLineKindName(l.kind)), l.label,
                                 Int(static_cast<std::int64_t>(i)), OptInt(l.amounts.original),
                                 OptInt(l.amounts.corrected)});
      wanted[&kExpected].push_back(
          {Int(f.kommune), Int(f.year), prev, l.id, OptInt(l.amounts.expected_previous)});
      wanted[&kExpected].push_back(
          {Int(f.kommune), Int(f.year), cur, l.id, OptInt(l.amounts.expected_current)});
    }
  }

  struct Insert {
    const Spec* spec;
    Row row;
    bool active;
    std::optional<std::int64_t> supersedes;
  };
  std::vector<Insert> inserts;
  for (const Spec* spec : kSpecs) {
    auto it = wanted.find(spec);
    if (it == wanted.end()) continue;
    ASSIGN_OR_RETURN(std::vector<Stored> stored, Effective(*spec, std::nullopt));
    auto key_of = [&](const Row& r) { return Row(r.begin(), r.begin() + spec->keys); };
    auto scope_of = [&](const Row& r) { return Row(r.begin(), r.begin() + spec->scope); };
    std::map<Row, const Stored*> by_key;
    for (const auto& s : stored) by_key[key_of(s.row)] = &s;
    std::set<Row> wanted_keys, scopes;
    for (Row& r : it->second) {
      for (size_t c = 0; c < r.size(); ++c) r[c] = Normalise(r[c], spec->cols[c].type);
      if (!wanted_keys.insert(key_of(r)).second) continue;  // first of duplicates wins
      scopes.insert(scope_of(r));
      auto found = by_key.find(key_of(r));
      if (found != by_key.end() && found->second->active && found->second->row == r) {
        ++result.skipped;
        continue;
      }
      inserts.push_back({spec, r, true,
                         found != by_key.end() ? std::optional(found->second->seq) : std::nullopt});
    }
    if (spec->scope > 0) {
      for (const auto& s : stored) {
        if (s.active && scopes.count(scope_of(s.row)) && !wanted_keys.count(key_of(s.row))) {
          inserts.push_back({spec, s.row, false, s.seq});
        }
      }
    }
  }
  // A grant cannot move between municipalities: its municipality is part of its key, so the
  // same id in another municipality is another grant.

  const std::string at = info.imported_at.empty() ? internal::NowTimestamp() : info.imported_at;
  ASSIGN_OR_RETURN(std::vector<Row> id,
                   Query(*conn_,
                         "INSERT INTO imports (source, imported_by, imported_at, added, skipped) "
                         "VALUES (?, ?, ?, ?, ?) RETURNING id",
                         {info.source, info.imported_by, at,
                          Int(static_cast<std::int64_t>(inserts.size())), Int(result.skipped)},
                         1));
  result.import_id = id.empty() ? 0 : ToInt(id[0][0]);
  // One prepared INSERT per table, reused for its rows.
  std::map<const Spec*, std::unique_ptr<db::Statement>> statements;
  for (const Insert& ins : inserts) {
    std::unique_ptr<db::Statement>& st = statements[ins.spec];
    if (st == nullptr) {
      std::string cols, marks;
      for (const Col& c : ins.spec->cols) {
        cols += fmt::format("{}, ", c.name);
        marks += "?, ";
      }
      ASSIGN_OR_RETURN(st, conn_->Prepare(fmt::format(
                               "INSERT INTO {} ({}active, recorded_by, recorded_at, import_id, "
                               "supersedes) VALUES ({}?, ?, ?, ?, ?)",
                               ins.spec->table, cols, marks)));
    }
    Row params = ins.row;
    params.push_back(Int(ins.active ? 1 : 0));
    params.push_back(info.imported_by);
    params.push_back(at);
    params.push_back(Int(result.import_id));
    params.push_back(ins.supersedes ? Int(*ins.supersedes) : Value());
    RETURN_IF_ERROR(BindRow(*st, params));
    RETURN_IF_ERROR(st->Run().status());
  }
  result.added = static_cast<std::int64_t>(inserts.size());
  return Status::Ok();
}

Result<std::vector<StoredGrant>> FinanceStoreImpl::Grants(int kommune, const AsOf& as_of) {
  ASSIGN_OR_RETURN(std::vector<Stored> grants, Effective(kGrants, as_of));
  ASSIGN_OR_RETURN(std::vector<Stored> apps, Effective(kAppropriations, as_of));
  ASSIGN_OR_RETURN(std::vector<Stored> rates, Effective(kPayoutRates, as_of));
  ASSIGN_OR_RETURN(std::vector<Stored> accounts, Effective(kAccounts, as_of));
  std::vector<StoredGrant> out;
  for (const auto& s : grants) {
    if (!s.active) continue;
    StoredGrant g;
    g.kommune = static_cast<int>(ToInt(s.row[1]));
    if (kommune != 0 && g.kommune != kommune) continue;
    g.grant.id = ToText(s.row[0]);
    g.grant.municipality = fmt::format("{:03d}", g.kommune);
    g.grant.funder = ToText(s.row[2]);
    g.grant.pool = ToText(s.row[3]);
    g.grant.model = ToText(s.row[4]);
    g.grant.amount = ToInt(s.row[5]);
    auto start = ParseIsoDate(ToText(s.row[6]));
    auto end = ParseIsoDate(ToText(s.row[7]));
    if (!start.ok() || !end.ok()) return DataLoss("stored grant {} has a bad period", g.grant.id);
    g.grant.start = *start;
    g.grant.end = *end;
    g.grant.service_area = ToText(s.row[8]);
    g.recorded_by = s.recorded_by;
    g.recorded_at = s.recorded_at;
    for (const auto& a : apps) {
      if (!a.active || ToInt(a.row[0]) != g.kommune || ToText(a.row[1]) != g.grant.id) continue;
      g.appropriations.push_back({g.grant.id,
                                  g.kommune,
                                  static_cast<int>(ToInt(a.row[2])),
                                  ToText(a.row[3]),
                                  ToInt(a.row[4]),
                                  ToInt(a.row[5]),
                                  {}});
    }
    std::sort(g.appropriations.begin(), g.appropriations.end(), [](const auto& a, const auto& b) {
      return std::tie(a.year, a.service_area) < std::tie(b.year, b.service_area);
    });
    std::vector<std::pair<std::int64_t, PayoutRateRecord>> rs;
    for (const auto& r : rates) {
      if (!r.active || ToInt(r.row[0]) != g.kommune || ToText(r.row[1]) != g.grant.id) continue;
      rs.push_back({ToInt(r.row[2]),
                    {g.grant.id,
                     g.kommune,
                     ToText(r.row[3]),
                     ToText(r.row[4]),
                     ToReal(r.row[5]),
                     ToReal(r.row[6]),
                     ToText(r.row[7]),
                     {}}});
    }
    std::sort(rs.begin(), rs.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [n, r] : rs) g.payout_rates.push_back(std::move(r));
    for (const auto& a : accounts) {
      if (!a.active || ToInt(a.row[0]) != g.kommune || ToText(a.row[1]) != g.grant.id) continue;
      AccountRecord rec;
      rec.grant_id = g.grant.id;
      rec.kommune = g.kommune;
      rec.account = ToText(a.row[2]);
      auto day = ParseIsoDate(ToText(a.row[3]));
      if (!day.ok()) return DataLoss("stored account of {} has a bad date", g.grant.id);
      rec.date = *day;
      rec.expenses = ToInt(a.row[4]);
      if (a.row[5]) rec.paid = ToInt(a.row[5]);
      g.accounts.push_back(std::move(rec));
    }
    std::sort(g.accounts.begin(), g.accounts.end(), [](const auto& a, const auto& b) {
      return (a.account == "interim") > (b.account == "interim");
    });
    out.push_back(std::move(g));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return std::tie(a.grant.id, a.kommune) < std::tie(b.grant.id, b.kommune);
  });
  return out;
}

Result<std::vector<StoredBudget>> FinanceStoreImpl::Budgets(int kommune, const AsOf& as_of) {
  ASSIGN_OR_RETURN(std::vector<Stored> books, Effective(kBooks, as_of));
  ASSIGN_OR_RETURN(std::vector<Stored> expected, Effective(kExpected, as_of));
  std::vector<StoredBudget> out;
  for (const auto& b : books) {
    if (!b.active) continue;
    StoredBudget s;
    s.kommune = static_cast<int>(ToInt(b.row[0]));
    s.year = static_cast<int>(ToInt(b.row[1]));
    if (kommune != 0 && s.kommune != kommune) continue;
    s.municipality = ToText(b.row[2]);
    s.committee = ToText(b.row[3]);
    s.title = ToText(b.row[4]);
    std::set<std::string> months;
    for (const auto& e : expected) {
      if (e.active && ToInt(e.row[0]) == s.kommune && ToInt(e.row[1]) == s.year) {
        months.insert(ToText(e.row[2]));
      }
    }
    s.months.assign(months.begin(), months.end());
    out.push_back(std::move(s));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return std::tie(a.kommune, a.year) < std::tie(b.kommune, b.year);
  });
  return out;
}

Result<BudgetFile> FinanceStoreImpl::Budget(int kommune, int year, const std::string& month,
                                            const AsOf& as_of) {
  ASSIGN_OR_RETURN(std::vector<StoredBudget> budgets, Budgets(kommune, as_of));
  const StoredBudget* book = nullptr;
  for (const auto& b : budgets) {
    if (b.kommune == kommune && b.year == year) book = &b;
  }
  if (book == nullptr) {
    return NotFound("no budget stored for municipality {} and {}{}", kommune, year,
                    as_of ? fmt::format(" as of {}", *as_of) : "");
  }
  std::string current = month;
  if (current.empty()) {
    if (book->months.empty()) return NotFound("no expected accounts stored for {}", year);
    current = book->months.back();
  } else if (!std::binary_search(book->months.begin(), book->months.end(), current)) {
    return NotFound("no expected accounts stored for {} in the budget of municipality {} for {}",
                    current, kommune, year);
  }
  auto prev_it = std::lower_bound(book->months.begin(), book->months.end(), current);
  if (prev_it == book->months.begin()) {
    return FailedPrecondition(
        "the follow-up of {} compares with an earlier month, and none is stored before it",
        current);
  }
  const std::string previous = *std::prev(prev_it);

  BudgetFile f;
  f.kommune = kommune;
  f.year = year;
  f.municipality = book->municipality;
  f.committee = book->committee;
  f.title = book->title;
  f.unit = 1;
  ASSIGN_OR_RETURN(f.previous_date, LastDayOfMonth(previous));
  ASSIGN_OR_RETURN(f.current_date, LastDayOfMonth(current));

  ASSIGN_OR_RETURN(std::vector<Stored> lines, Effective(kLines, as_of));
  ASSIGN_OR_RETURN(std::vector<Stored> expected, Effective(kExpected, as_of));
  std::map<std::pair<std::string, std::string>, std::optional<std::int64_t>> exp;  // month, line
  for (const auto& e : expected) {
    if (!e.active || ToInt(e.row[0]) != kommune || ToInt(e.row[1]) != year) continue;
    exp[{ToText(e.row[2]), ToText(e.row[3])}] =
        e.row[4] ? std::optional(ToInt(e.row[4])) : std::nullopt;
  }
  std::vector<std::pair<std::int64_t, BudgetLine>> ordered;
  for (const auto& s : lines) {
    if (!s.active || ToInt(s.row[0]) != kommune || ToInt(s.row[1]) != year) continue;
    BudgetLine l;
    l.id = ToText(s.row[2]);
    l.parent = ToText(s.row[3]);
    auto kind = ParseBudgetLineKind(ToText(s.row[4]));
    if (!kind.ok()) return DataLoss("stored budget line {}: {}", l.id, kind.status().message());
    l.kind = *kind;
    l.label = ToText(s.row[5]);
    if (s.row[7]) l.amounts.original = ToInt(s.row[7]);
    if (s.row[8]) l.amounts.corrected = ToInt(s.row[8]);
    if (auto it = exp.find({previous, l.id}); it != exp.end()) {
      l.amounts.expected_previous = it->second;
    }
    if (auto it = exp.find({current, l.id}); it != exp.end()) {
      l.amounts.expected_current = it->second;
    }
    ordered.push_back({ToInt(s.row[6]), std::move(l)});
  }
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [pos, l] : ordered) {
    l.source_line = static_cast<int>(pos) + 1;
    f.lines.push_back(std::move(l));
  }
  if (f.lines.empty()) return NotFound("the budget of {} for {} has no lines", kommune, year);
  return f;
}

}  // namespace

std::vector<YearAmount> AppropriationYears(const StoredGrant& grant) {
  std::map<int, std::int64_t> by_year;
  for (const auto& a : grant.appropriations) by_year[a.year] += a.expense;
  std::vector<YearAmount> out;
  for (const auto& [y, v] : by_year) out.push_back({y, v});
  return out;
}

Result<std::unique_ptr<FinanceStore>> FinanceStore::Open(const std::string& url) {
  {
    // Creates or migrates the schema (the event store owns the migrations).
    ASSIGN_OR_RETURN(auto events, EventStore::Open(url));
  }
  ASSIGN_OR_RETURN(std::unique_ptr<db::Connection> conn, db::Connection::Open(url));
  return std::unique_ptr<FinanceStore>(new FinanceStoreImpl(std::move(conn)));
}

}  // namespace fremdrift::cases
