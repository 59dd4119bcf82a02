// The event store's schema as numbered migrations, one SQL text per backend, and the driver that
// applies them: every migration above the database's recorded version, each in its own
// transaction together with its row in `schema_migrations` (on PostgreSQL under the importers'
// advisory lock, so two processes opening a new database migrate it once). Never edit a released
// migration; add a new one. The list is pure data.
#pragma once

#include <string_view>
#include <vector>

#include "common/status.h"
#include "db/connection.h"

namespace fremdrift::cases {

struct Migration {
  int version;
  std::string_view description;
  std::string_view sqlite_sql;
  std::string_view postgresql_sql;
};

// In ascending version order; the last one is kSchemaVersion (event_store.h).
const std::vector<Migration>& Migrations();

// Refuses a store whose schema is newer than this build knows (kSchemaVersion).
Status CheckSchemaNotNewer(int version);
// The migration that follows `version`, if it is at most `max_version`; nullptr when none.
const Migration* NextMigration(int version, int max_version);

// Applies the pending migrations up to `max_version`; the schema version the database has then.
Result<int> MigrateSchema(db::Connection& conn, int max_version);

}  // namespace fremdrift::cases
