// Register ingest: reads a register CSV (DREAM layout; plain, gzip or zstd) with both cores,
// replaces person ids by keyed pseudonyms, turns weekly codes into spells, and writes a spell
// store atomically (an ingest that fails leaves any earlier store as it was). Memory is bounded by
// the size of the store being built, not by the CSV.
#pragma once

#include <cstddef>
#include <string>

#include "common/status.h"
#include "domain/reference.h"
#include "registry/ingest_report.h"

namespace fremdrift {

enum class OnError { kStop, kSkip };

struct IngestOptions {
  std::string register_path;
  std::string store_path;
  std::string key_file;   // empty: STORE.key beside the store (created 0600 when missing)
  std::string id_column;  // empty: the first of cpr, pnr, lobenr, id
  OnError on_error = OnError::kStop;
  std::size_t threads = 0;  // 0: all cores
  bool progress = false;    // a progress bar on stderr
  std::size_t chunk_bytes = 4 << 20;
};

Result<IngestReport> IngestRegister(const ReferenceData& ref, const IngestOptions& options);

// The key file used for a store when none is named: "<store>.key".
std::string DefaultKeyPath(const std::string& store_path);

}  // namespace fremdrift
