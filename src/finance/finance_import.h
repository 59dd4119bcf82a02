// The finance files a municipality imports into the case store (docs/formats/budget.md): budget
// lines, grants, their appropriations by year and service area, payout rates and interim/final
// accounts. Each CSV file's kind is recognised from its header; a batch of files is parsed
// completely before anything is stored, and every error names file, line and column.
// Thread-safety: pure functions.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "finance/budget_line.h"
#include "finance/grant.h"
#include "finance/payout.h"

namespace fremdrift {

// "file.csv:12": where a record came from, for messages.
struct SourceRef {
  std::string file;
  int line = 0;
  std::string ToString() const { return line > 0 ? fmt::format("{}:{}", file, line) : file; }
};

struct GrantRecord {
  Grant grant;
  SourceRef source;
};

// One year's income and expense appropriation of a grant for one service area. The income is
// booked negative, the expense positive (docs/formats/budget.md).
struct AppropriationRecord {
  std::string grant_id;
  int kommune = 0;  // the grant's municipality; 0: found from the id (ResolveGrantMunicipalities)
  int year = 0;
  std::string service_area;
  std::int64_t income = 0;
  std::int64_t expense = 0;
  SourceRef source;
};

// A payout rate of a grant: the interim rate (kind "interim": fraction of the grant paid against
// the interim account) or a tier of the final rate (kind "tier": fraction paid when the pool's
// indicator reached threshold_pct in the best month). `indicator` names the indicator of the
// grant's model that decides the tier ("udbetaling" for FSM2).
struct PayoutRateRecord {
  std::string grant_id;
  int kommune = 0;   // as in AppropriationRecord
  std::string kind;  // "interim" or "tier"
  std::string indicator;
  double threshold_pct = 0;
  double fraction = 0;
  std::string label;
  SourceRef source;
};

// An account of a grant: "interim" (delregnskab) or "final" (slutregnskab), its date, the
// documented expenses and the amount paid on it (when known).
struct AccountRecord {
  std::string grant_id;
  int kommune = 0;      // as in AppropriationRecord
  std::string account;  // "interim" or "final"
  CivilDate date;
  std::int64_t expenses = 0;
  std::optional<std::int64_t> paid;
  SourceRef source;
};

struct BudgetRecord {
  BudgetFile file;  // kommune set; amounts in kroner
  SourceRef source;
};

// Everything parsed from one import: all of it is stored, or nothing.
struct FinanceBatch {
  std::vector<GrantRecord> grants;
  std::vector<AppropriationRecord> appropriations;
  std::vector<PayoutRateRecord> payout_rates;
  std::vector<AccountRecord> accounts;
  std::vector<BudgetRecord> budgets;
  bool empty() const {
    return grants.empty() && appropriations.empty() && payout_rates.empty() && accounts.empty() &&
           budgets.empty();
  }
};

enum class FinanceFileKind { kBudget, kGrants, kAppropriations, kPayoutRates, kAccounts };
std::string_view FinanceFileKindName(FinanceFileKind kind);

// The kind of a finance CSV from its header (and "# key=value" metadata for budgets).
Result<FinanceFileKind> DetectFinanceFileKind(std::string_view text, std::string_view filename);

// Parses one file and adds its records to `batch`. `default_kommune` applies to a budget file
// without "# kommune=" (0: such a file is an error) and to appropriations, payout rates and
// accounts without a `municipality` column (0: found from the grant id).
Status AddFinanceFile(FinanceBatch& batch, std::string_view text, std::string_view filename,
                      int default_kommune = 0);

// A grant is keyed by its municipality and id: two municipalities may use the same id.
using GrantKey = std::pair<int, std::string>;  // kommune, grant id
// The municipality code of a grant record (0 when it is not a code).
int GrantKommune(const Grant& grant);

// Sets the municipality of every appropriation, payout rate and account that names none
// (kommune 0) to that of the grant with its id in the batch or in `known_grants`, when exactly one
// municipality has such a grant. Errors: no such grant ("neither in this import nor stored"), or
// several (then the file needs a `municipality` column).
Status ResolveGrantMunicipalities(FinanceBatch& batch, const std::vector<GrantKey>& known_grants);

// Cross-record checks inside the batch: unique grant keys and budget (kommune, year) pairs,
// rates and accounts of grants in the batch or in `known_grants` (keys already stored), payout
// rules that validate, appropriation years inside the grant's period. Records without a
// municipality are resolved first (ResolveGrantMunicipalities). Errors name the record.
Status CheckFinanceBatch(const FinanceBatch& batch, const std::vector<GrantKey>& known_grants);

// The payout rule of a grant from its rate records (empty: nullopt).
std::optional<PayoutRule> PayoutRuleFromRates(const std::vector<PayoutRateRecord>& rates);

}  // namespace fremdrift
