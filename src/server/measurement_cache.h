// The server's computed measurement Tables: the cache key of a request and the Table computed
// once and kept (api.h TableCache), shared by the measurement route (api_measurements.cc) and the
// warm-up at start (warmup.h), so that a warmed Table is the one a request would compute.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "common/status.h"
#include "server/api.h"
#include "server/catalog_names.h"

namespace fremdrift::server {

// JSON bodies larger than this are also kept gzip-compressed in the cache.
inline constexpr std::size_t kCacheGzipAbove = 4096;

// The cache key of measurement `m` with `params` (without `format`): "id?canonical params", plus
// the case store's generation for case measurements and the latest jobindsats import for Tables
// built on imported figures (so a CLI import while the server runs is seen at once).
Result<std::string> MeasurementCacheKey(const Api& api, const Measurement& m,
                                        const Params& params);

// The Table under `key`, computed (and kept) when the cache lacks it. `own_kommune` > 0: rows of
// other municipalities are dropped before the Table is kept (a user bound to a municipality
// reading a Table below the aggregate level).
Result<std::shared_ptr<const CachedTable>> CachedMeasurement(Api& api, const Measurement& m,
                                                             const Params& params,
                                                             const std::string& key,
                                                             int own_kommune);

// Drops rows of other municipalities (defence in depth for staff and citizen Tables).
void KeepOwnKommune(Table& table, int kommune);

}  // namespace fremdrift::server
