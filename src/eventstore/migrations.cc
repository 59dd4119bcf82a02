// Schema migrations of the event store (see migrations.h).
#include "eventstore/migrations.h"

#include "eventstore/event_store.h"
#include "eventstore/event_store_internal.h"

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
      {3,
       "finance: grants (appropriations, payout rates, accounts) and budget lines (books, lines, "
       "expected accounts per month), append-only with superseding rows",
       R"sql(
CREATE TABLE finance_grants (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  grant_id TEXT NOT NULL,
  kommune INTEGER NOT NULL,
  funder TEXT NOT NULL,
  pool TEXT NOT NULL,
  model TEXT NOT NULL,
  amount INTEGER NOT NULL,
  start_day TEXT NOT NULL,
  end_day TEXT NOT NULL,
  service_area TEXT NOT NULL,
  active INTEGER NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  import_id INTEGER REFERENCES imports (id),
  supersedes INTEGER
);
CREATE INDEX finance_grants_key ON finance_grants (grant_id, seq);
CREATE TRIGGER finance_grants_no_update BEFORE UPDATE ON finance_grants
BEGIN SELECT RAISE(ABORT, 'finance rows are append-only'); END;
CREATE TRIGGER finance_grants_no_delete BEFORE DELETE ON finance_grants
BEGIN SELECT RAISE(ABORT, 'finance rows are append-only'); END;
CREATE TABLE finance_appropriations (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  grant_id TEXT NOT NULL,
  year INTEGER NOT NULL,
  service_area TEXT NOT NULL,
  income INTEGER NOT NULL,
  expense INTEGER NOT NULL,
  active INTEGER NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  import_id INTEGER REFERENCES imports (id),
  supersedes INTEGER
);
CREATE INDEX finance_appropriations_key ON finance_appropriations (grant_id, seq);
CREATE TRIGGER finance_appropriations_no_update BEFORE UPDATE ON finance_appropriations
BEGIN SELECT RAISE(ABORT, 'finance rows are append-only'); END;
CREATE TRIGGER finance_appropriations_no_delete BEFORE DELETE ON finance_appropriations
BEGIN SELECT RAISE(ABORT, 'finance rows are append-only'); END;
CREATE TABLE finance_payout_rates (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  grant_id TEXT NOT NULL,
  rate_no INTEGER NOT NULL,
  kind TEXT NOT NULL,
  indicator TEXT NOT NULL,
  threshold_pct REAL NOT NULL,
  fraction REAL NOT NULL,
  label TEXT NOT NULL,
  active INTEGER NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  import_id INTEGER REFERENCES imports (id),
  supersedes INTEGER
);
CREATE INDEX finance_payout_rates_key ON finance_payout_rates (grant_id, seq);
CREATE TRIGGER finance_payout_rates_no_update BEFORE UPDATE ON finance_payout_rates
BEGIN SELECT RAISE(ABORT, 'finance rows are append-only'); END;
CREATE TRIGGER finance_payout_rates_no_delete BEFORE DELETE ON finance_payout_rates
BEGIN SELECT RAISE(ABORT, 'finance rows are append-only'); END;
CREATE TABLE finance_accounts (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  grant_id TEXT NOT NULL,
  account TEXT NOT NULL,
  day TEXT NOT NULL,
  expenses INTEGER NOT NULL,
  paid INTEGER,
  active INTEGER NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  import_id INTEGER REFERENCES imports (id),
  supersedes INTEGER
);
CREATE INDEX finance_accounts_key ON finance_accounts (grant_id, seq);
CREATE TRIGGER finance_accounts_no_update BEFORE UPDATE ON finance_accounts
BEGIN SELECT RAISE(ABORT, 'finance rows are append-only'); END;
CREATE TRIGGER finance_accounts_no_delete BEFORE DELETE ON finance_accounts
BEGIN SELECT RAISE(ABORT, 'finance rows are append-only'); END;
CREATE TABLE budget_books (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  kommune INTEGER NOT NULL,
  year INTEGER NOT NULL,
  municipality TEXT NOT NULL,
  committee TEXT NOT NULL,
  title TEXT NOT NULL,
  active INTEGER NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  import_id INTEGER REFERENCES imports (id),
  supersedes INTEGER
);
CREATE INDEX budget_books_key ON budget_books (kommune, year, seq);
CREATE TRIGGER budget_books_no_update BEFORE UPDATE ON budget_books
BEGIN SELECT RAISE(ABORT, 'finance rows are append-only'); END;
CREATE TRIGGER budget_books_no_delete BEFORE DELETE ON budget_books
BEGIN SELECT RAISE(ABORT, 'finance rows are append-only'); END;
CREATE TABLE budget_lines (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  kommune INTEGER NOT NULL,
  year INTEGER NOT NULL,
  line_id TEXT NOT NULL,
  parent TEXT NOT NULL,
  kind TEXT NOT NULL,
  label TEXT NOT NULL,
  position INTEGER NOT NULL,
  original_budget INTEGER,
  corrected_budget INTEGER,
  active INTEGER NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  import_id INTEGER REFERENCES imports (id),
  supersedes INTEGER
);
CREATE INDEX budget_lines_key ON budget_lines (kommune, year, seq);
CREATE TRIGGER budget_lines_no_update BEFORE UPDATE ON budget_lines
BEGIN SELECT RAISE(ABORT, 'finance rows are append-only'); END;
CREATE TRIGGER budget_lines_no_delete BEFORE DELETE ON budget_lines
BEGIN SELECT RAISE(ABORT, 'finance rows are append-only'); END;
CREATE TABLE budget_expected (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  kommune INTEGER NOT NULL,
  year INTEGER NOT NULL,
  line_id TEXT NOT NULL,
  month TEXT NOT NULL,
  expected INTEGER,
  active INTEGER NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  import_id INTEGER REFERENCES imports (id),
  supersedes INTEGER
);
CREATE INDEX budget_expected_key ON budget_expected (kommune, year, seq);
CREATE TRIGGER budget_expected_no_update BEFORE UPDATE ON budget_expected
BEGIN SELECT RAISE(ABORT, 'finance rows are append-only'); END;
CREATE TRIGGER budget_expected_no_delete BEFORE DELETE ON budget_expected
BEGIN SELECT RAISE(ABORT, 'finance rows are append-only'); END;
)sql",
       R"sql(
CREATE TABLE finance_grants (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  grant_id TEXT NOT NULL,
  kommune INTEGER NOT NULL,
  funder TEXT NOT NULL,
  pool TEXT NOT NULL,
  model TEXT NOT NULL,
  amount BIGINT NOT NULL,
  start_day TEXT NOT NULL,
  end_day TEXT NOT NULL,
  service_area TEXT NOT NULL,
  active INTEGER NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  import_id BIGINT REFERENCES imports (id),
  supersedes BIGINT
);
CREATE INDEX finance_grants_key ON finance_grants (grant_id, seq);
CREATE TRIGGER finance_grants_no_update_delete BEFORE UPDATE OR DELETE ON finance_grants
  FOR EACH ROW EXECUTE FUNCTION fremdrift_events_append_only();
CREATE TRIGGER finance_grants_no_truncate BEFORE TRUNCATE ON finance_grants
  FOR EACH STATEMENT EXECUTE FUNCTION fremdrift_events_append_only();
CREATE TABLE finance_appropriations (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  grant_id TEXT NOT NULL,
  year INTEGER NOT NULL,
  service_area TEXT NOT NULL,
  income BIGINT NOT NULL,
  expense BIGINT NOT NULL,
  active INTEGER NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  import_id BIGINT REFERENCES imports (id),
  supersedes BIGINT
);
CREATE INDEX finance_appropriations_key ON finance_appropriations (grant_id, seq);
CREATE TRIGGER finance_appropriations_no_update_delete BEFORE UPDATE OR DELETE ON finance_appropriations
  FOR EACH ROW EXECUTE FUNCTION fremdrift_events_append_only();
CREATE TRIGGER finance_appropriations_no_truncate BEFORE TRUNCATE ON finance_appropriations
  FOR EACH STATEMENT EXECUTE FUNCTION fremdrift_events_append_only();
CREATE TABLE finance_payout_rates (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  grant_id TEXT NOT NULL,
  rate_no INTEGER NOT NULL,
  kind TEXT NOT NULL,
  indicator TEXT NOT NULL,
  threshold_pct DOUBLE PRECISION NOT NULL,
  fraction DOUBLE PRECISION NOT NULL,
  label TEXT NOT NULL,
  active INTEGER NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  import_id BIGINT REFERENCES imports (id),
  supersedes BIGINT
);
CREATE INDEX finance_payout_rates_key ON finance_payout_rates (grant_id, seq);
CREATE TRIGGER finance_payout_rates_no_update_delete BEFORE UPDATE OR DELETE ON finance_payout_rates
  FOR EACH ROW EXECUTE FUNCTION fremdrift_events_append_only();
CREATE TRIGGER finance_payout_rates_no_truncate BEFORE TRUNCATE ON finance_payout_rates
  FOR EACH STATEMENT EXECUTE FUNCTION fremdrift_events_append_only();
CREATE TABLE finance_accounts (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  grant_id TEXT NOT NULL,
  account TEXT NOT NULL,
  day TEXT NOT NULL,
  expenses BIGINT NOT NULL,
  paid BIGINT,
  active INTEGER NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  import_id BIGINT REFERENCES imports (id),
  supersedes BIGINT
);
CREATE INDEX finance_accounts_key ON finance_accounts (grant_id, seq);
CREATE TRIGGER finance_accounts_no_update_delete BEFORE UPDATE OR DELETE ON finance_accounts
  FOR EACH ROW EXECUTE FUNCTION fremdrift_events_append_only();
CREATE TRIGGER finance_accounts_no_truncate BEFORE TRUNCATE ON finance_accounts
  FOR EACH STATEMENT EXECUTE FUNCTION fremdrift_events_append_only();
CREATE TABLE budget_books (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kommune INTEGER NOT NULL,
  year INTEGER NOT NULL,
  municipality TEXT NOT NULL,
  committee TEXT NOT NULL,
  title TEXT NOT NULL,
  active INTEGER NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  import_id BIGINT REFERENCES imports (id),
  supersedes BIGINT
);
CREATE INDEX budget_books_key ON budget_books (kommune, year, seq);
CREATE TRIGGER budget_books_no_update_delete BEFORE UPDATE OR DELETE ON budget_books
  FOR EACH ROW EXECUTE FUNCTION fremdrift_events_append_only();
CREATE TRIGGER budget_books_no_truncate BEFORE TRUNCATE ON budget_books
  FOR EACH STATEMENT EXECUTE FUNCTION fremdrift_events_append_only();
CREATE TABLE budget_lines (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kommune INTEGER NOT NULL,
  year INTEGER NOT NULL,
  line_id TEXT NOT NULL,
  parent TEXT NOT NULL,
  kind TEXT NOT NULL,
  label TEXT NOT NULL,
  position INTEGER NOT NULL,
  original_budget BIGINT,
  corrected_budget BIGINT,
  active INTEGER NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  import_id BIGINT REFERENCES imports (id),
  supersedes BIGINT
);
CREATE INDEX budget_lines_key ON budget_lines (kommune, year, seq);
CREATE TRIGGER budget_lines_no_update_delete BEFORE UPDATE OR DELETE ON budget_lines
  FOR EACH ROW EXECUTE FUNCTION fremdrift_events_append_only();
CREATE TRIGGER budget_lines_no_truncate BEFORE TRUNCATE ON budget_lines
  FOR EACH STATEMENT EXECUTE FUNCTION fremdrift_events_append_only();
CREATE TABLE budget_expected (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kommune INTEGER NOT NULL,
  year INTEGER NOT NULL,
  line_id TEXT NOT NULL,
  month TEXT NOT NULL,
  expected BIGINT,
  active INTEGER NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  import_id BIGINT REFERENCES imports (id),
  supersedes BIGINT
);
CREATE INDEX budget_expected_key ON budget_expected (kommune, year, seq);
CREATE TRIGGER budget_expected_no_update_delete BEFORE UPDATE OR DELETE ON budget_expected
  FOR EACH ROW EXECUTE FUNCTION fremdrift_events_append_only();
CREATE TRIGGER budget_expected_no_truncate BEFORE TRUNCATE ON budget_expected
  FOR EACH STATEMENT EXECUTE FUNCTION fremdrift_events_append_only();
)sql"},
      {4,
       "events: new rows keep the import's limits (ids at most 64 characters, recorded_by at "
       "most 100); rows stored before are left as they are",
       R"sql(
CREATE TRIGGER events_field_limits BEFORE INSERT ON events
WHEN length(NEW.event_id) > 64 OR length(COALESCE(NEW.supersedes, '')) > 64
  OR length(NEW.recorded_by) > 100 OR length(NEW.person) > 64
BEGIN SELECT RAISE(ABORT, 'event field longer than allowed'); END;
)sql",
       R"sql(
ALTER TABLE events ADD CONSTRAINT events_field_limits CHECK (
  length(event_id) <= 64 AND length(COALESCE(supersedes, '')) <= 64
  AND length(recorded_by) <= 100 AND length(person) <= 64) NOT VALID;
)sql"},
      {5,
       "finance: grants keyed by (municipality, id); appropriations, payout rates and accounts "
       "name their grant's municipality (existing rows: that of the grant with their id)",
       R"sql(
ALTER TABLE finance_appropriations ADD COLUMN kommune INTEGER NOT NULL DEFAULT 0;
DROP TRIGGER finance_appropriations_no_update;
UPDATE finance_appropriations SET kommune = COALESCE((SELECT g.kommune FROM finance_grants g
  WHERE g.grant_id = finance_appropriations.grant_id ORDER BY g.seq DESC LIMIT 1), 0);
CREATE TRIGGER finance_appropriations_no_update BEFORE UPDATE ON finance_appropriations
BEGIN SELECT RAISE(ABORT, 'finance rows are append-only'); END;
CREATE INDEX finance_appropriations_grant ON finance_appropriations (kommune, grant_id, seq);
ALTER TABLE finance_payout_rates ADD COLUMN kommune INTEGER NOT NULL DEFAULT 0;
DROP TRIGGER finance_payout_rates_no_update;
UPDATE finance_payout_rates SET kommune = COALESCE((SELECT g.kommune FROM finance_grants g
  WHERE g.grant_id = finance_payout_rates.grant_id ORDER BY g.seq DESC LIMIT 1), 0);
CREATE TRIGGER finance_payout_rates_no_update BEFORE UPDATE ON finance_payout_rates
BEGIN SELECT RAISE(ABORT, 'finance rows are append-only'); END;
CREATE INDEX finance_payout_rates_grant ON finance_payout_rates (kommune, grant_id, seq);
ALTER TABLE finance_accounts ADD COLUMN kommune INTEGER NOT NULL DEFAULT 0;
DROP TRIGGER finance_accounts_no_update;
UPDATE finance_accounts SET kommune = COALESCE((SELECT g.kommune FROM finance_grants g
  WHERE g.grant_id = finance_accounts.grant_id ORDER BY g.seq DESC LIMIT 1), 0);
CREATE TRIGGER finance_accounts_no_update BEFORE UPDATE ON finance_accounts
BEGIN SELECT RAISE(ABORT, 'finance rows are append-only'); END;
CREATE INDEX finance_accounts_grant ON finance_accounts (kommune, grant_id, seq);
CREATE INDEX finance_grants_kommune ON finance_grants (kommune, grant_id, seq);
)sql",
       R"sql(
ALTER TABLE finance_appropriations ADD COLUMN kommune INTEGER NOT NULL DEFAULT 0;
ALTER TABLE finance_appropriations DISABLE TRIGGER finance_appropriations_no_update_delete;
UPDATE finance_appropriations SET kommune = COALESCE((SELECT g.kommune FROM finance_grants g
  WHERE g.grant_id = finance_appropriations.grant_id ORDER BY g.seq DESC LIMIT 1), 0);
ALTER TABLE finance_appropriations ENABLE TRIGGER finance_appropriations_no_update_delete;
CREATE INDEX finance_appropriations_grant ON finance_appropriations (kommune, grant_id, seq);
ALTER TABLE finance_payout_rates ADD COLUMN kommune INTEGER NOT NULL DEFAULT 0;
ALTER TABLE finance_payout_rates DISABLE TRIGGER finance_payout_rates_no_update_delete;
UPDATE finance_payout_rates SET kommune = COALESCE((SELECT g.kommune FROM finance_grants g
  WHERE g.grant_id = finance_payout_rates.grant_id ORDER BY g.seq DESC LIMIT 1), 0);
ALTER TABLE finance_payout_rates ENABLE TRIGGER finance_payout_rates_no_update_delete;
CREATE INDEX finance_payout_rates_grant ON finance_payout_rates (kommune, grant_id, seq);
ALTER TABLE finance_accounts ADD COLUMN kommune INTEGER NOT NULL DEFAULT 0;
ALTER TABLE finance_accounts DISABLE TRIGGER finance_accounts_no_update_delete;
UPDATE finance_accounts SET kommune = COALESCE((SELECT g.kommune FROM finance_grants g
  WHERE g.grant_id = finance_accounts.grant_id ORDER BY g.seq DESC LIMIT 1), 0);
ALTER TABLE finance_accounts ENABLE TRIGGER finance_accounts_no_update_delete;
CREATE INDEX finance_accounts_grant ON finance_accounts (kommune, grant_id, seq);
CREATE INDEX finance_grants_kommune ON finance_grants (kommune, grant_id, seq);
)sql"},
      {6,
       "imports: the day up to which an import's source holds events (`events import --as-of`), "
       "the data's horizon; NULL for imports before and imports without it",
       R"sql(
ALTER TABLE imports ADD COLUMN data_as_of TEXT;
)sql",
       R"sql(
ALTER TABLE imports ADD COLUMN data_as_of TEXT;
)sql"},
      {7,
       "official figures imported from jobindsats.dk (official_imports, official_figures), "
       "append-only; a later publication of the same table and period is kept beside the earlier",
       R"sql(
CREATE TABLE official_imports (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  source TEXT NOT NULL,
  imported_by TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  figures INTEGER NOT NULL
);
CREATE TABLE official_figures (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  import_id INTEGER NOT NULL REFERENCES official_imports (id),
  source_table TEXT NOT NULL,
  source_name TEXT NOT NULL,
  source_row INTEGER NOT NULL,
  period TEXT NOT NULL,
  period_official TEXT NOT NULL,
  area TEXT NOT NULL,
  area_official TEXT NOT NULL,
  ydelsesgruppe TEXT NOT NULL,
  breakdown TEXT NOT NULL,
  measure TEXT NOT NULL,
  value REAL NOT NULL
);
CREATE INDEX official_figures_key ON official_figures (source_table, area, period, import_id);
CREATE TRIGGER official_figures_no_update BEFORE UPDATE ON official_figures
BEGIN SELECT RAISE(ABORT, 'official figures are append-only'); END;
CREATE TRIGGER official_figures_no_delete BEFORE DELETE ON official_figures
BEGIN SELECT RAISE(ABORT, 'official figures are append-only'); END;
CREATE TRIGGER official_imports_no_update BEFORE UPDATE ON official_imports
BEGIN SELECT RAISE(ABORT, 'official figures are append-only'); END;
CREATE TRIGGER official_imports_no_delete BEFORE DELETE ON official_imports
BEGIN SELECT RAISE(ABORT, 'official figures are append-only'); END;
)sql",
       R"sql(
CREATE TABLE official_imports (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source TEXT NOT NULL,
  imported_by TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  figures BIGINT NOT NULL
);
CREATE TABLE official_figures (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  import_id BIGINT NOT NULL REFERENCES official_imports (id),
  source_table TEXT NOT NULL,
  source_name TEXT NOT NULL,
  source_row BIGINT NOT NULL,
  period TEXT NOT NULL,
  period_official TEXT NOT NULL,
  area TEXT NOT NULL,
  area_official TEXT NOT NULL,
  ydelsesgruppe TEXT NOT NULL,
  breakdown TEXT NOT NULL,
  measure TEXT NOT NULL,
  value DOUBLE PRECISION NOT NULL
);
CREATE INDEX official_figures_key ON official_figures (source_table, area, period, import_id);
CREATE TRIGGER official_figures_no_update_delete BEFORE UPDATE OR DELETE ON official_figures
  FOR EACH ROW EXECUTE FUNCTION fremdrift_events_append_only();
CREATE TRIGGER official_figures_no_truncate BEFORE TRUNCATE ON official_figures
  FOR EACH STATEMENT EXECUTE FUNCTION fremdrift_events_append_only();
CREATE TRIGGER official_imports_no_update_delete BEFORE UPDATE OR DELETE ON official_imports
  FOR EACH ROW EXECUTE FUNCTION fremdrift_events_append_only();
CREATE TRIGGER official_imports_no_truncate BEFORE TRUNCATE ON official_imports
  FOR EACH STATEMENT EXECUTE FUNCTION fremdrift_events_append_only();
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

Result<int> MigrateSchema(db::Connection& conn, int max_version) {
  const bool pg = conn.backend() == db::Backend::kPostgresql;
  for (;;) {
    ASSIGN_OR_RETURN(db::Transaction tx, db::Transaction::Begin(conn));
    if (pg) {
      RETURN_IF_ERROR(conn.Exec(
          fmt::format("SELECT pg_advisory_xact_lock({})", internal::kEventsAdvisoryLock)));
    }
    RETURN_IF_ERROR(
        conn.Exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                  "description TEXT NOT NULL, applied_at TEXT NOT NULL)"));
    int version = 0;
    {
      ASSIGN_OR_RETURN(auto q,
                       conn.Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
      ASSIGN_OR_RETURN(bool row, q->Step());
      version = row ? static_cast<int>(q->ColumnInt64(0)) : 0;
    }
    RETURN_IF_ERROR(CheckSchemaNotNewer(version));
    const Migration* next = NextMigration(version, max_version);
    if (next == nullptr) {
      RETURN_IF_ERROR(tx.Commit());
      return version;
    }
    RETURN_IF_ERROR(
        conn.Exec(pg ? next->postgresql_sql : next->sqlite_sql)
            .WithContext(fmt::format("migration {} ({})", next->version, next->description)));
    RETURN_IF_ERROR(conn.Run("INSERT INTO schema_migrations VALUES (?, ?, ?)", next->version,
                             next->description, internal::NowTimestamp())
                        .status());
    RETURN_IF_ERROR(tx.Commit());
  }
}

}  // namespace fremdrift::cases
