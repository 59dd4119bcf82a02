// FinanceStore: grants and budget lines in the case store (the same SQLite or PostgreSQL database
// as the events, schema migration 3). Append-only like the events: a row is never changed; a
// correction is a new row for the same key that supersedes the old one, a removal a new row marked
// inactive, each with recorded_by/recorded_at and its import, so every read can be made "as of" an
// earlier time. An import stores all of a FinanceBatch or nothing.
// Thread-safety: one object per thread (each holds one connection).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "eventstore/event_store.h"
#include "finance/budget_line.h"
#include "finance/finance_import.h"
#include "finance/grant.h"
#include "finance/payout.h"

namespace fremdrift::cases {

// A grant as stored now (or as of a time), with everything recorded about it.
struct StoredGrant {
  fremdrift::Grant grant;
  int kommune = 0;
  std::vector<AppropriationRecord> appropriations;  // by year, service area
  std::vector<PayoutRateRecord> payout_rates;       // interim first, tiers ascending
  std::vector<AccountRecord> accounts;              // interim, final
  std::string recorded_by;                          // of the grant row in effect
  std::string recorded_at;
};

// The appropriations as year amounts (for CheckSplit).
std::vector<YearAmount> AppropriationYears(const StoredGrant& grant);

// A budget stored for a municipality and year, and the months with expected accounts.
struct StoredBudget {
  int kommune = 0;
  int year = 0;
  std::string municipality, committee, title;
  std::vector<std::string> months;  // "YYYY-MM" with expected accounts, ascending
};

struct FinanceImportResult {
  std::int64_t added = 0;    // rows written (new, corrected or removed)
  std::int64_t skipped = 0;  // rows identical to what is stored
  std::int64_t import_id = 0;
};

class FinanceStore {
 public:
  virtual ~FinanceStore() = default;

  // Opens the case store at `url` (sqlite:PATH or postgresql://...), migrating it first.
  static Result<std::unique_ptr<FinanceStore>> Open(const std::string& url);

  // Stores the batch in one transaction. Per grant, the appropriations, payout rates and accounts
  // given replace the stored set of that kind (left-out rows are removed); per budget (kommune,
  // year) the lines given replace the stored lines, and the expected accounts of the months given
  // replace those months. Rows equal to the stored ones are skipped. Checks the batch first
  // (CheckFinanceBatch against the stored grants).
  virtual Result<FinanceImportResult> Import(const FinanceBatch& batch, const ImportInfo& info) = 0;

  // Grants of a municipality (0: all), ordered by id.
  virtual Result<std::vector<StoredGrant>> Grants(int kommune, const AsOf& as_of) = 0;
  // Budgets stored (kommune 0: all), by municipality and year.
  virtual Result<std::vector<StoredBudget>> Budgets(int kommune, const AsOf& as_of) = 0;
  // The budget of `kommune` and `year` for the follow-up of `month` ("YYYY-MM"; empty: the latest
  // month with expected accounts): the lines with their budgets, the expected accounts of that
  // month as the current figure and of the latest earlier month as the previous one (dates: the
  // months' last days). Amounts in kroner.
  virtual Result<BudgetFile> Budget(int kommune, int year, const std::string& month,
                                    const AsOf& as_of) = 0;

  // Runs raw SQL (tests: proves the schema refuses updates and deletes).
  virtual Status ExecuteForTest(const std::string& sql) = 0;
};

}  // namespace fremdrift::cases
