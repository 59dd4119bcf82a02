// The PostgreSQL AuthStore: the schema of users, sessions, API tokens and the audit log in a
// PostgreSQL database, so that several `fremdrift serve` instances share logins, lockouts, tokens
// and one audit chain; the store itself is the SQL one (sql_auth_store.h). The audit table refuses
// UPDATE and DELETE through triggers, as on SQLite; only a prune lifts the delete guard, inside
// its transaction.
#include "db/pg_connection.h"
#include "server/auth_store.h"
#include "server/sql_auth_store.h"

namespace fremdrift::server {
namespace {

// Set up under an advisory lock, so that instances starting at once do not race on CREATE.
constexpr std::string_view kPgSchema = R"sql(
SELECT pg_advisory_xact_lock(7171001);
CREATE TABLE IF NOT EXISTS users (
  username TEXT PRIMARY KEY,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('caseworker','leader','analyst','admin')),
  kommune INTEGER NOT NULL,
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','pending','disabled')),
  requested_by TEXT NOT NULL DEFAULT '',
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS sessions (
  digest TEXT PRIMARY KEY,
  username TEXT NOT NULL REFERENCES users(username),
  csrf_token TEXT NOT NULL,
  created BIGINT NOT NULL,
  expires BIGINT NOT NULL,
  idle_seconds BIGINT NOT NULL DEFAULT 0,
  last_seen BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS audit (
  seq BIGINT PRIMARY KEY,
  at TEXT NOT NULL,
  username TEXT NOT NULL,
  role TEXT NOT NULL,
  kommune INTEGER NOT NULL,
  action TEXT NOT NULL,
  what TEXT NOT NULL,
  citizen TEXT NOT NULL,
  detail TEXT NOT NULL,
  remote TEXT NOT NULL,
  hash TEXT NOT NULL DEFAULT '',
  purpose TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS audit_citizen ON audit(citizen);
CREATE INDEX IF NOT EXISTS audit_username ON audit(username);
CREATE TABLE IF NOT EXISTS audit_pruned (
  seq BIGINT PRIMARY KEY,
  hash TEXT NOT NULL,
  at TEXT NOT NULL,
  archive TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS api_tokens (
  name TEXT PRIMARY KEY,
  digest TEXT NOT NULL UNIQUE,
  kommuner TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created BIGINT NOT NULL,
  expires BIGINT NOT NULL,
  revoked BIGINT NOT NULL DEFAULT 0,
  revoked_by TEXT NOT NULL DEFAULT '',
  last_used BIGINT NOT NULL DEFAULT 0
);
CREATE OR REPLACE FUNCTION fremdrift_audit_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only';
END;
$$ LANGUAGE plpgsql;
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                 WHERE c.oid = 'audit'::regclass AND t.tgname = 'audit_no_update') THEN
    CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
      FOR EACH ROW EXECUTE FUNCTION fremdrift_audit_append_only();
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                 WHERE c.oid = 'audit'::regclass AND t.tgname = 'audit_no_delete') THEN
    CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
      FOR EACH ROW EXECUTE FUNCTION fremdrift_audit_append_only();
  END IF;
END $$;
)sql";

}  // namespace

Result<std::unique_ptr<AuthStore>> OpenPgAuthStore(const std::string& url) {
  ASSIGN_OR_RETURN(std::unique_ptr<db::PgConnection> conn, db::PgConnection::Open(url));
  RETURN_IF_ERROR(conn->Exec("BEGIN"));
  if (Status s = conn->Exec(kPgSchema); !s.ok()) {
    (void)conn->Exec("ROLLBACK");
    return s;
  }
  RETURN_IF_ERROR(conn->Exec("COMMIT"));
  return NewSqlAuthStore(std::move(conn));
}

}  // namespace fremdrift::server
