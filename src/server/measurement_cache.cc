#include "server/measurement_cache.h"

#include <sstream>

#include "common/gzip.h"
#include "table/table_format.h"
#if FREMDRIFT_CATALOG_OFFICIAL
#include "official/official_store.h"
#endif

namespace fremdrift::server {

Result<std::string> MeasurementCacheKey(const Api& api, const Measurement& m,
                                        const Params& params) {
  std::string key = m.id + "?" + params.Canonical();
  if (m.source == "cases" && api.sources().cases) {
    key += "#" + std::to_string(api.sources().cases->generation());
  }
#if FREMDRIFT_CATALOG_OFFICIAL
  // Tables built on imported jobindsats figures change with every import, also one made with
  // the CLI while the server runs.
  if ((m.source == "official" || m.id == "sammenligning") && api.sources().cases) {
    ASSIGN_OR_RETURN(auto official, official::OfficialStore::Open(api.sources().cases->url()));
    ASSIGN_OR_RETURN(std::int64_t latest, official->LatestImport());
    key += "#official" + std::to_string(latest);
  }
#endif
  return key;
}

Result<std::shared_ptr<const CachedTable>> CachedMeasurement(Api& api, const Measurement& m,
                                                             const Params& params,
                                                             const std::string& key,
                                                             int own_kommune) {
  if (std::shared_ptr<const CachedTable> cached = api.cache().Get(key)) {
    api.metrics().CountCacheHit();
    return cached;
  }
  ASSIGN_OR_RETURN(Table table, Compute(m, api.measure_context(), params));
  if (own_kommune > 0) KeepOwnKommune(table, own_kommune);
  auto entry = std::make_shared<CachedTable>();
  std::ostringstream json;
  WriteTableJson(table, json, /*indent=*/-1);
  entry->json = json.str();
  if (entry->json.size() > kCacheGzipAbove) {
    ASSIGN_OR_RETURN(entry->json_gzip, GzipCompress(entry->json));
  }
  entry->table = std::move(table);
  api.metrics().CountComputed();
  std::shared_ptr<const CachedTable> kept = std::move(entry);
  api.cache().Put(key, kept);
  return kept;
}

void KeepOwnKommune(Table& table, int kommune) {
  int col = table.ColumnIndex("kommune");
  if (col < 0) return;
  const std::string own = std::to_string(kommune);
  auto& rows = table.mutable_rows();
  std::erase_if(rows, [&](const std::vector<Cell>& row) {
    return CellToString(row[static_cast<std::size_t>(col)]) != own;
  });
}

}  // namespace fremdrift::server
