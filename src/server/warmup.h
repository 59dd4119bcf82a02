// The dashboard's first views, prepared at start: in the background, right after the server
// starts, it computes the case-measurement Tables the pages open with (Flere skal med 2 and its
// payout, Håndholdt indsats, rehabilitering and rettidighed, each with `kommune` and the parts the
// page asks for) and the payout indicators of its stored grants (the Økonomi page) for every
// municipality one of its users is bound to, and keeps them in the Table cache, so that a user's
// first click is answered from it. Parts below the aggregate level are
// kept as a user bound to that municipality would get them (KeepOwnKommune); who reads them is
// still authorised and audited per request. Logs one progress line per municipality.
#pragma once

#include <atomic>
#include <string>
#include <utility>
#include <vector>

#include "server/api.h"
#include "server/catalog_names.h"

namespace fremdrift::server {

// A request a page makes on its first view: the measurement and its parameters.
struct FirstViewRequest {
  std::string measurement;
  std::vector<std::pair<std::string, std::string>> params;  // besides `kommune`
  // Asked without `kommune` too: the same Table for everyone (the rules). A user bound to a
  // municipality asks it with their `kommune` (the server adds it), others without.
  bool shared = false;
};

// The first-view requests of the case pages (web/js/pools.js, rehabilitering.js,
// rettidighed.js): keep in step with the pages.
const std::vector<FirstViewRequest>& FirstViewRequests();

struct WarmupReport {
  int tables = 0;  // computed, or found in the cache
  int failed = 0;
  int kommuner = 0;
  int grants = 0;  // grants whose payout status was computed (or found in the cache)
  double seconds = 0;
};

// Computes the first views for the municipalities of the server's users (none without a case
// store). Returns early, with what it did, when `stop` becomes true.
WarmupReport WarmFirstViews(Api& api, const std::atomic<bool>& stop);

}  // namespace fremdrift::server
