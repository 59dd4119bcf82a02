// Publish: writes the aggregate measurements of a PublishPlan to PostgreSQL as reporting tables
// for analysts (Power BI, Excel, SAS): one table per measurement in the schema `fremdrift_rapport`
// with typed columns (text, bigint, double precision), Danish comments on tables and columns, the
// notes in `noter` and one row per computation in `publicering`. The whole refresh is one
// transaction: the new tables are built in `<schema>_ny`, then the old schema's tables and the
// schema are dropped and the new one renamed, so a reader sees either the old or the new tables,
// never a mix (docs/publish.md). Waiting too long for readers (lock timeout) or losing a deadlock
// to one only repeats that last step (a savepoint keeps the built tables). Objects other than
// publish's own tables in the schema, or views elsewhere on its tables, stop the refresh with the
// server's message and leave the old tables. Thread-safety: one call at a time per session;
// concurrent publishers to the same schema are serialised by an advisory lock.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "common/status.h"
#include "publish/pg_session.h"
#include "publish/publish_plan.h"
#include "table/suppression.h"

namespace fremdrift::publish {

inline constexpr std::string_view kDefaultSchema = "fremdrift_rapport";

struct PublishOptions {
  std::string schema = std::string(kDefaultSchema);  // plain lower-case name, at most 60 bytes
  std::vector<std::string> grant_to;  // roles given USAGE on the schema and SELECT on its tables
  // How long one attempt waits for readers to let go of the old tables before it lets them go on
  // and tries again 0.5 s later: well under the server's deadlock_timeout (1 s by default), so
  // that a reader whose statement holds one old table and waits for another is not the one
  // aborted.
  std::string lock_timeout = "200ms";
  int swap_attempts = 1200;  // 10 minutes
  // Counts under this many persons, and the cells that would reveal them, are written as NULL
  // with a note in `noter` (table/suppression.h): the tables travel beyond those who may see
  // single citizens.
  int min_persons = kDefaultMinPersons;
};

struct PublishedTable {
  std::string measurement;
  std::string table;  // schema.table
  std::size_t rows = 0;
};

struct PublishResult {
  std::vector<PublishedTable> tables;
  std::string published_at;  // the transaction's time, as the server wrote it
};

// One line per event ("fuldtidspersoner → fremdrift_rapport.fuldtidspersoner: 1200 rows").
using Progress = std::function<void(const std::string&)>;

// Computes every planned table from `ctx` and replaces the schema in one transaction. An error
// names the measurement (or the step) and leaves the database as it was.
Result<PublishResult> Publish(const PublishPlan& plan, const catalog::MeasureContext& ctx,
                              PgSession& db, const PublishOptions& options,
                              const Progress& progress);

// InvalidArgument unless `schema` is a plain lower-case SQL name of at most 60 bytes (room for
// the "_ny" of the schema being built).
Status CheckSchemaName(std::string_view schema);

}  // namespace fremdrift::publish
