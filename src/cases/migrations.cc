// Schema migrations of the event store (see migrations.h).
#include "cases/migrations.h"

#include "cases/event_store.h"

namespace fremdrift::cases {

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> migrations = {
      {1, "events table, append-only",
       R"sql(
CREATE TABLE events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id TEXT NOT NULL UNIQUE,
  person TEXT NOT NULL,
  kommune INTEGER NOT NULL,
  day TEXT NOT NULL,
  type TEXT NOT NULL,
  attributes TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  supersedes TEXT
);
CREATE INDEX events_person ON events (person, seq);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
)sql",
       R"sql(
CREATE TABLE events (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id TEXT NOT NULL UNIQUE,
  person TEXT NOT NULL,
  kommune INTEGER NOT NULL,
  day TEXT NOT NULL,
  type TEXT NOT NULL,
  attributes TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  supersedes TEXT
);
CREATE INDEX events_person ON events (person, seq);
CREATE FUNCTION fremdrift_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'events are append-only';
END $$;
CREATE TRIGGER events_no_update_delete BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION fremdrift_events_append_only();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION fremdrift_events_append_only();
)sql"},
      {2, "imports table (who imported what, when); events.import_id; index on recorded_at",
       R"sql(
CREATE TABLE imports (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  source TEXT NOT NULL,
  imported_by TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  added INTEGER NOT NULL,
  skipped INTEGER NOT NULL
);
ALTER TABLE events ADD COLUMN import_id INTEGER REFERENCES imports (id);
CREATE INDEX events_recorded_at ON events (recorded_at);
)sql",
       R"sql(
CREATE TABLE imports (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source TEXT NOT NULL,
  imported_by TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  added BIGINT NOT NULL,
  skipped BIGINT NOT NULL
);
ALTER TABLE events ADD COLUMN import_id BIGINT REFERENCES imports (id);
CREATE INDEX events_recorded_at ON events (recorded_at);
)sql"},
  };
  return migrations;
}

Status CheckSchemaNotNewer(int version) {
  if (version > kSchemaVersion) {
    return FailedPrecondition(
        "the event store has schema version {}, newer than this fremdrift knows ({}); upgrade "
        "fremdrift",
        version, kSchemaVersion);
  }
  return Status::Ok();
}

const Migration* NextMigration(int version, int max_version) {
  for (const Migration& m : Migrations()) {
    if (m.version == version + 1 && m.version <= max_version) return &m;
  }
  return nullptr;
}

}  // namespace fremdrift::cases
