// The payout status of the stored pool grants (the Økonomi page's grants), shared by the grants
// route (api_finance.cc) and the warm-up at start (warmup.h): each grant's pool indicators over the
// case events are computed once per state of the case store and kept in the server's Table cache,
// so that neither the page's first view nor a later one measures the pool again.
#pragma once

#include <memory>
#include <vector>

#include "common/status.h"
#include "finance/finance_store.h"
#include "models/grant_payout.h"
#include "server/api.h"

namespace fremdrift::server {

// The finance store in the case store's database (FailedPrecondition without --db).
Result<std::unique_ptr<cases::FinanceStore>> OpenFinanceStore(const Api& api);

// The grants of municipality `kommune` (0: every municipality) with their payout status, as the
// stores stood at `as_of` (none: now; only then are the indicators kept in the cache).
Result<std::vector<cases::GrantPayoutStatus>> GrantPayouts(Api& api, int kommune,
                                                           const cases::AsOf& as_of);

}  // namespace fremdrift::server
