// Register ingest: reads a register CSV (DREAM layout with y_YYWW columns, or the yearly research
// layout with y_01..y_53; plain, gzip or zstd) with all cores, replaces person ids by keyed
// pseudonyms, turns weekly codes into spells, joins the persons of several files (disjoint weeks,
// e.g. one file a year) by their id, and writes a spell store atomically (an ingest that fails
// leaves any earlier store as it was). Memory is bounded by the size of the store being built.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "common/status.h"
#include "domain/reference.h"
#include "registry/ingest_report.h"

namespace fremdrift {

enum class OnError { kStop, kSkip };

struct IngestOptions {
  std::string register_path;                // one register file, or:
  std::vector<std::string> register_paths;  // several files forming one register (if not empty)
  // The year of a file in the yearly layout (week columns y_01..y_53) whose name does not give it
  // (dreamYYYY); 0 = none.
  int year = 0;
  UnknownCodes unknown_codes = UnknownCodes::kError;
  std::string store_path;
  std::string key_file;   // empty: STORE.key beside the store (created 0600 when missing)
  std::string id_column;  // empty: the first of cpr, pnr, lobenr, id
  // Background columns to keep in the store besides herkomst (kept whenever a file has it); never
  // the person id column (background_columns.h).
  std::vector<std::string> keep_columns;
  OnError on_error = OnError::kStop;
  std::size_t threads = 0;  // 0: all cores
  bool progress = false;    // a progress bar on stderr
  std::size_t chunk_bytes = 4 << 20;
};

Result<IngestReport> IngestRegister(const ReferenceData& ref, const IngestOptions& options);

// The year a file name gives: "dream2019.csv" (any case, in the name's last part) → 2019; else 0.
int YearFromFileName(std::string_view path);

// The key file used for a store when none is named: "<store>.key".
std::string DefaultKeyPath(const std::string& store_path);

}  // namespace fremdrift
