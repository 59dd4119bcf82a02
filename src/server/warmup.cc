#include "server/warmup.h"

#include <chrono>
#include <map>
#include <set>

#include "common/log.h"
#include "server/grant_payouts.h"
#include "server/measurement_cache.h"

namespace fremdrift::server {

const std::vector<FirstViewRequest>& FirstViewRequests() {
  static const std::vector<FirstViewRequest> kRequests = {
      {"fsm2", {}},
      {"fsm2-udbetaling", {}},
      {"haandholdt", {{"del", "indikatorer"}}},
      {"haandholdt", {{"del", "sagsstamme"}}},
      {"haandholdt", {{"del", "frister"}}},
      {"rehabilitering", {{"del", "afgoerelser"}}},
      {"rehabilitering", {{"del", "ventetid"}}},
      {"rehabilitering", {{"del", "brud_antal"}}},
      {"rehabilitering", {{"del", "brud"}}},  // the breaches, for roles that may read citizens
      {"rehabilitering", {{"del", "regler"}}, true},
      {"rettidighed", {}},
      {"rettidighed", {{"del", "regler"}}, true},
      {"rettidighed", {{"del", "frister"}}},
  };
  return kRequests;
}

namespace {

// One first view for `kommune` (0: without `kommune`): computed into the cache (or found there).
// Unavailable measurements (no case store, no such pool) are skipped.
Result<bool> Warm(Api& api, const FirstViewRequest& r, int kommune) {
  const Measurement* m = api.sources().measurements->Find(r.measurement);
  if (m == nullptr || !Available(*m, api.measure_context())) return false;
  std::map<std::string, std::string> values(r.params.begin(), r.params.end());
  if (kommune > 0) values["kommune"] = std::to_string(kommune);
  Params params(std::move(values));
  RETURN_IF_ERROR(params.CheckAgainst(m->params));
  const bool below_aggregate = LevelOf(*m, params) != catalog::DataLevel::kAggregate;
  ASSIGN_OR_RETURN(std::string key, MeasurementCacheKey(api, *m, params));
  RETURN_IF_ERROR(
      CachedMeasurement(api, *m, params, key, below_aggregate ? kommune : 0)
          .status());
  return true;
}

}  // namespace

WarmupReport WarmFirstViews(Api& api, const std::atomic<bool>& stop) {
  WarmupReport report;
  if (api.sources().cases == nullptr || api.sources().auth == nullptr) return report;
  const auto t0 = std::chrono::steady_clock::now();
  auto users = api.sources().auth->ListUsers();
  if (!users.ok()) {
    LogWarn("server: first views not prepared: {}", users.status().message());
    return report;
  }
  std::set<int> kommuner;
  for (const auto& u : *users) {
    if (u.kommune > 0) kommuner.insert(u.kommune);
  }
  if (kommuner.empty()) return report;
  // The histories first (shared with the requests; loaded once).
  if (auto data = api.sources().cases->Data(); !data.ok()) {
    LogWarn("server: first views not prepared: {}", data.status().message());
    return report;
  }
  const ReferenceData* ref = api.sources().reference;
  for (const FirstViewRequest& r : FirstViewRequests()) {
    if (stop) return report;
    if (!r.shared) continue;
    auto warmed = Warm(api, r, 0);
    if (!warmed.ok()) {
      ++report.failed;
      LogWarn("server: first view {} not prepared: {}", r.measurement, warmed.status().message());
    } else if (*warmed) {
      ++report.tables;
    }
  }
  for (int k : kommuner) {
    const auto tk = std::chrono::steady_clock::now();
    int done = 0;
    for (const FirstViewRequest& r : FirstViewRequests()) {
      if (stop) return report;
      auto warmed = Warm(api, r, k);
      if (!warmed.ok()) {
        ++report.failed;
        LogWarn("server: first view {} for {} not prepared: {}", r.measurement, k,
                warmed.status().message());
      } else if (*warmed) {
        ++done;
      }
    }
    // The Økonomi page's grants: their payout indicators (warned about, not counted, when the
    // finance store cannot be read).
    if (auto grants = GrantPayouts(api, k, std::nullopt); !grants.ok()) {
      LogWarn("server: grants of {} not prepared: {}", k, grants.status().message());
    } else {
      report.grants += static_cast<int>(grants->size());
    }
    report.tables += done;
    ++report.kommuner;
    const int i = ref ? ref->MunicipalityIndex(k) : -1;
    LogInfo("server: first views prepared for {} ({} of {}): {} tables in {:.1f} s",
            i >= 0 ? ref->municipalities()[static_cast<std::size_t>(i)].name : std::to_string(k),
            report.kommuner, kommuner.size(), done,
            std::chrono::duration<double>(std::chrono::steady_clock::now() - tk).count());
  }
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  LogInfo("server: first views of {} municipalities prepared in {:.1f} s", report.kommuner,
          report.seconds);
  return report;
}

}  // namespace fremdrift::server
