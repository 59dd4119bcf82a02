// OfficialStore: figures imported from jobindsats.dk, in the case store (the same SQLite or
// PostgreSQL database as the events; schema migration 7, owned by the event store's migrations).
// Append-only: every import is kept with its time, who made it and its source (a file or a
// request), and a later publication of the same table and period stands beside the earlier one,
// so a figure can be read "as published on" a date: the latest import up to that time wins.
// An import stores all its files or nothing.
// Thread-safety: one object per thread (each holds one connection).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "db/connection.h"
#include "official/jobindsats_response.h"

namespace fremdrift::official {

// The figures of one source (a file or a request).
struct SourceFigures {
  std::string source;  // file name, or "POST https://api.jobindsats.dk/v2/data/y07a02/json"
  std::vector<OfficialFigure> figures;
};

struct OfficialImportInfo {
  std::string imported_by;
  std::string imported_at;  // "YYYY-MM-DDTHH:MM:SS" (UTC); empty = now
};

// A stored figure with the import it came from.
struct StoredFigure {
  OfficialFigure figure;
  std::string source;
  std::string imported_at;
  std::int64_t import_id = 0;
};

struct FigureQuery {
  std::vector<std::string> tables;  // empty = every table
  std::vector<std::string> areas;   // area labels; empty = every area
  // Only imports made at or before this time ("YYYY-MM-DD" = the end of that day, or a
  // timestamp); empty = every import.
  std::string as_of;
};

class OfficialStore {
 public:
  // Opens the case store at `url`, migrating it first (the event store's migrations).
  static Result<std::unique_ptr<OfficialStore>> Open(const std::string& url);

  // Stores every source in one transaction (one import row per source); the ids of the imports.
  Result<std::vector<std::int64_t>> Import(const std::vector<SourceFigures>& sources,
                                           const OfficialImportInfo& info);

  // The figures as published by the latest import (up to `as_of`) of each table, period, area,
  // group, breakdown and measure; ordered by table, period, area, group, breakdown, measure.
  Result<std::vector<StoredFigure>> Figures(const FigureQuery& query);

  // The id of the latest import (0 when none): it changes with every import, so a cache of
  // tables computed from the figures can tell that they changed (the server's key).
  Result<std::int64_t> LatestImport();

  // Runs raw SQL (tests: proves the schema refuses updates and deletes).
  Status ExecuteForTest(const std::string& sql) { return conn_->Exec(sql); }

 private:
  explicit OfficialStore(std::unique_ptr<db::Connection> conn) : conn_(std::move(conn)) {}
  std::unique_ptr<db::Connection> conn_;
};

}  // namespace fremdrift::official
