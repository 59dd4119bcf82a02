#include "server/grant_payouts.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <optional>
#include <string>

namespace fremdrift::server {

Result<std::unique_ptr<cases::FinanceStore>> OpenFinanceStore(const Api& api) {
  if (!api.sources().cases) return FailedPrecondition("the server was started without --db");
  return cases::FinanceStore::Open(api.sources().cases->url());
}

Result<std::vector<cases::GrantPayoutStatus>> GrantPayouts(Api& api, int kommune,
                                                           const cases::AsOf& as_of) {
  ASSIGN_OR_RETURN(auto store, OpenFinanceStore(api));
  ASSIGN_OR_RETURN(auto grants, store->Grants(kommune, as_of));
  catalog::CaseSource& source = *api.sources().cases;
  // The case events as of the same time as the grants. The generation is read before the
  // histories: an append in between makes the key older than the data, never newer.
  const std::uint64_t generation = source.generation();
  std::shared_ptr<const catalog::LoadedCases> loaded;
  std::optional<cases::CaseData> then;
  if (as_of) {
    ASSIGN_OR_RETURN(then, source.DataAsOf(as_of));
  } else {
    ASSIGN_OR_RETURN(loaded, source.Data());
  }
  const cases::CaseData* data = as_of ? &*then : &loaded->data;
  // Now: the indicators of one model, municipality list and period are kept per generation.
  cases::PoolIndicatorFn kept = [&api, generation](const cases::EffortModel& model,
                                                   const cases::CaseData& d,
                                                   const cases::PoolQuery& q) -> Result<Table> {
    const std::string key =
        fmt::format("grant-indicators|{}|{}|{}|{}|{}", generation, model.id,
                    fmt::join(q.kommuner, ","), q.from, q.to);
    if (auto hit = api.cache().Get(key)) {
      api.metrics().CountCacheHit();
      return hit->table;
    }
    ASSIGN_OR_RETURN(Table t, cases::PoolIndicators(model, d, q));
    api.metrics().CountComputed();
    auto entry = std::make_shared<CachedTable>();
    entry->table = t;
    api.cache().Put(key, std::move(entry));
    return t;
  };
  std::vector<cases::GrantPayoutStatus> out;
  for (const auto& g : grants) {
    const cases::EffortModel* model = g.grant.model.empty() ? nullptr : source.FindModel(g.grant.model);
    ASSIGN_OR_RETURN(auto status, cases::ComputeGrantPayout(g, model, data,
                                                            api.sources().reference, -1,
                                                            as_of ? nullptr : kept));
    out.push_back(std::move(status));
  }
  return out;
}

}  // namespace fremdrift::server
