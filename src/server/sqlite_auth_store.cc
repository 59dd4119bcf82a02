// The SQL AuthStore: users, sessions (by digest) and the append-only audit log, over
// db::Connection with statements both backends read ('?' and '?N' parameters, no SQLite-only
// functions); the SQLite schema set-up is here, PostgreSQL's in pg_auth_store.cc. One connection
// guarded by a mutex; on PostgreSQL, appends to the audit chain also lock the table, so that
// several instances sharing the database extend one chain. SQLite files made by earlier versions
// get the newer columns (account state, session idle limit) and tables (api_tokens) when opened.
#include <fmt/format.h>
#include <openssl/evp.h>
#include <sys/stat.h>

#include <ctime>
#include <mutex>

#include "db/sqlite_connection.h"
#include "server/audit_chain.h"
#include "server/auth_store.h"
#include "server/sql_auth_store.h"

namespace fremdrift::server {
namespace {

constexpr std::string_view kSchema = R"sql(
CREATE TABLE IF NOT EXISTS users (
  username TEXT PRIMARY KEY,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('caseworker','leader','analyst','admin')),
  kommune INTEGER NOT NULL,
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','pending','disabled')),
  requested_by TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS sessions (
  digest TEXT PRIMARY KEY,
  username TEXT NOT NULL REFERENCES users(username),
  csrf_token TEXT NOT NULL,
  created INTEGER NOT NULL,
  expires INTEGER NOT NULL,
  idle_seconds INTEGER NOT NULL DEFAULT 0,
  last_seen INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS audit (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  username TEXT NOT NULL,
  role TEXT NOT NULL,
  kommune INTEGER NOT NULL,
  action TEXT NOT NULL,
  what TEXT NOT NULL,
  citizen TEXT NOT NULL,
  detail TEXT NOT NULL,
  remote TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_citizen ON audit(citizen);
CREATE INDEX IF NOT EXISTS audit_username ON audit(username);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TABLE IF NOT EXISTS audit_pruned (
  seq INTEGER PRIMARY KEY,
  hash TEXT NOT NULL,
  at TEXT NOT NULL,
  archive TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS api_tokens (
  name TEXT PRIMARY KEY,
  digest TEXT NOT NULL UNIQUE,
  kommuner TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created INTEGER NOT NULL,
  expires INTEGER NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0,
  revoked_by TEXT NOT NULL DEFAULT '',
  last_used INTEGER NOT NULL DEFAULT 0
);
)sql";

constexpr std::string_view kSqliteNoDeleteTrigger =
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;";

// Columns added after the first version: table, column, definition.
struct AddedColumn {
  const char* table;
  const char* column;
  const char* definition;
};
constexpr AddedColumn kAddedColumns[] = {
    {"users", "status",
     "TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','pending','disabled'))"},
    {"users", "requested_by", "TEXT NOT NULL DEFAULT ''"},
    {"sessions", "idle_seconds", "INTEGER NOT NULL DEFAULT 0"},
    {"sessions", "last_seen", "INTEGER NOT NULL DEFAULT 0"},
    {"audit", "hash", "TEXT NOT NULL DEFAULT ''"},
    {"audit", "purpose", "TEXT NOT NULL DEFAULT ''"},
    {"users", "failed_logins", "INTEGER NOT NULL DEFAULT 0"},
    {"users", "locked_until", "INTEGER NOT NULL DEFAULT 0"},
};

Status AddMissingColumns(db::Connection& conn) {
  ASSIGN_OR_RETURN(auto st,
                   conn.Prepare("SELECT count(*) FROM pragma_table_info(?) WHERE name = ?"));
  for (const AddedColumn& c : kAddedColumns) {
    RETURN_IF_ERROR(st->BindAll(c.table, c.column));
    ASSIGN_OR_RETURN(bool row, st->Step());
    if (row && st->ColumnInt64(0) > 0) continue;
    RETURN_IF_ERROR(
        conn.Exec(fmt::format("ALTER TABLE {} ADD COLUMN {} {}", c.table, c.column, c.definition)));
  }
  return Status::Ok();
}

// The api_tokens.kommuner column: "657,217"; "" for every municipality.
std::string JoinKommuner(const std::vector<int>& kommuner) {
  std::string out;
  for (int k : kommuner) out += (out.empty() ? "" : ",") + std::to_string(k);
  return out;
}

Result<std::vector<int>> SplitKommuner(std::string_view text) {
  std::vector<int> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find(',', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view part = text.substr(pos, end - pos);
    int value = 0;
    if (part.empty() || part.size() > 4) return Internal("api_tokens.kommuner: '{}'", text);
    for (char c : part) {
      if (c < '0' || c > '9') return Internal("api_tokens.kommuner: '{}'", text);
      value = value * 10 + (c - '0');
    }
    out.push_back(value);
    pos = end + 1;
  }
  return out;
}

Result<UserStatus> ParseUserStatus(std::string_view text) {
  for (UserStatus s : {UserStatus::kActive, UserStatus::kPending, UserStatus::kDisabled}) {
    if (UserStatusName(s) == text) return s;
  }
  return Internal("unknown user status '{}'", text);
}

// The store over a connection whose schema is set up (OpenSqliteAuthStore, OpenPgAuthStore).
class SqlAuthStore final : public AuthStore {
 public:
  explicit SqlAuthStore(std::unique_ptr<db::Connection> conn) : conn_(std::move(conn)) {}

  Status AddUser(const User& user) override {
    RETURN_IF_ERROR(ValidateUsername(user.username));
    std::lock_guard lock(mu_);
    ASSIGN_OR_RETURN(auto find, conn_->Prepare("SELECT 1 FROM users WHERE username = ?"));
    RETURN_IF_ERROR(find->Bind(1, user.username));
    ASSIGN_OR_RETURN(bool exists, find->Step());
    if (exists) return AlreadyExists("user '{}' already exists", user.username);
    return conn_
        ->Run(
            "INSERT INTO users (username, display_name, role, kommune, password_hash, "
            "created_at, status, requested_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            user.username, user.display_name, RoleName(user.role), user.kommune, user.password_hash,
            user.created_at.empty() ? FormatUtc(std::time(nullptr)) : user.created_at,
            UserStatusName(user.status),
            user.status == UserStatus::kPending ? user.requested_by : "")
        .status();
  }

  Result<User> FindUser(const std::string& username) override {
    std::lock_guard lock(mu_);
    ASSIGN_OR_RETURN(auto st, conn_->Prepare(std::string(kUserSelect) + " WHERE username = ?"));
    RETURN_IF_ERROR(st->Bind(1, username));
    ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) return NotFound("no user '{}'", username);
    return ReadUser(*st);
  }

  Result<std::vector<User>> ListUsers() override {
    std::lock_guard lock(mu_);
    ASSIGN_OR_RETURN(auto st, conn_->Prepare(std::string(kUserSelect) + " ORDER BY username"));
    std::vector<User> out;
    while (true) {
      ASSIGN_OR_RETURN(bool row, st->Step());
      if (!row) break;
      ASSIGN_OR_RETURN(User u, ReadUser(*st));
      out.push_back(std::move(u));
    }
    return out;
  }

  Status SetPassword(const std::string& username, const std::string& hash) override {
    std::lock_guard lock(mu_);
    ASSIGN_OR_RETURN(
        std::int64_t changed,
        conn_->Run("UPDATE users SET password_hash = ? WHERE username = ?", hash, username));
    if (changed == 0) return NotFound("no user '{}'", username);
    return Status::Ok();
  }

  Status SetUserProfile(const std::string& username, const std::string& display_name, Role role,
                        int kommune) override {
    std::lock_guard lock(mu_);
    ASSIGN_OR_RETURN(std::int64_t changed,
                     conn_->Run("UPDATE users SET display_name = ?, role = ?, kommune = ? WHERE "
                                "username = ?",
                                display_name, RoleName(role), kommune, username));
    if (changed == 0) return NotFound("no user '{}'", username);
    return Status::Ok();
  }

  Status SetUserStatus(const std::string& username, UserStatus status,
                       const std::string& requested_by) override {
    std::lock_guard lock(mu_);
    ASSIGN_OR_RETURN(db::Transaction tx, db::Transaction::Begin(*conn_));
    ASSIGN_OR_RETURN(std::int64_t changed,
                     conn_->Run("UPDATE users SET status = ?, requested_by = ? WHERE username = ?",
                                UserStatusName(status),
                                status == UserStatus::kPending ? requested_by : "", username));
    if (changed == 0) return NotFound("no user '{}'", username);
    if (status != UserStatus::kActive) {
      RETURN_IF_ERROR(conn_->Run("DELETE FROM sessions WHERE username = ?", username).status());
    }
    return tx.Commit();
  }

  Result<User> RecordFailedLogin(const std::string& username, std::int64_t now, int max_failures,
                                 std::int64_t lockout_seconds) override {
    std::lock_guard lock(mu_);
    ASSIGN_OR_RETURN(db::Transaction tx, db::Transaction::Begin(*conn_));
    // A lock that has run out starts a fresh count.
    ASSIGN_OR_RETURN(std::int64_t changed,
                     conn_->Run("UPDATE users SET failed_logins = CASE WHEN locked_until > 0 AND "
                                "locked_until <= ?2 THEN 1 ELSE failed_logins + 1 END, "
                                "locked_until = CASE WHEN locked_until <= ?2 THEN 0 ELSE "
                                "locked_until END WHERE username = ?1",
                                username, now));
    if (changed == 0) return NotFound("no user '{}'", username);
    const std::int64_t until = lockout_seconds > 0 ? now + lockout_seconds : kLockedUntilUnlocked;
    RETURN_IF_ERROR(conn_
                        ->Run("UPDATE users SET locked_until = ?3 WHERE username = ?1 AND "
                              "failed_logins >= ?2 AND locked_until <= ?4",
                              username, max_failures, until, now)
                        .status());
    ASSIGN_OR_RETURN(auto st, conn_->Prepare(std::string(kUserSelect) + " WHERE username = ?"));
    RETURN_IF_ERROR(st->Bind(1, username));
    ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) return NotFound("no user '{}'", username);
    ASSIGN_OR_RETURN(User u, ReadUser(*st));
    st.reset();
    RETURN_IF_ERROR(tx.Commit());
    return u;
  }

  Status ClearFailedLogins(const std::string& username) override {
    std::lock_guard lock(mu_);
    ASSIGN_OR_RETURN(
        std::int64_t changed,
        conn_->Run("UPDATE users SET failed_logins = 0, locked_until = 0 WHERE username = ?",
                   username));
    if (changed == 0) return NotFound("no user '{}'", username);
    return Status::Ok();
  }

  Status CreateSession(const Session& s) override {
    std::lock_guard lock(mu_);
    // Expired and idle sessions are swept whenever a new one starts.
    RETURN_IF_ERROR(conn_
                        ->Run("DELETE FROM sessions WHERE expires <= ?1 OR (idle_seconds > 0 AND "
                              "last_seen + idle_seconds <= ?1)",
                              s.created)
                        .status());
    return conn_
        ->Run(
            "INSERT INTO sessions (digest, username, csrf_token, created, expires, "
            "idle_seconds, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?)",
            Sha256Hex(s.id), s.username, s.csrf_token, s.created, s.expires, s.idle_seconds,
            s.created)
        .status();
  }

  Result<Session> FindSession(const std::string& id, std::int64_t now) override {
    std::lock_guard lock(mu_);
    const std::string digest = Sha256Hex(id);
    ASSIGN_OR_RETURN(auto st,
                     conn_->Prepare("SELECT s.username, s.csrf_token, s.created, s.expires, "
                                    "s.idle_seconds, s.last_seen FROM sessions s JOIN users u "
                                    "ON u.username = s.username WHERE s.digest = ?1 AND "
                                    "s.expires > ?2 AND (s.idle_seconds = 0 OR "
                                    "s.last_seen + s.idle_seconds > ?2) AND u.status = 'active'"));
    RETURN_IF_ERROR(st->BindAll(digest, now));
    ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) return NotFound("no session");
    Session s;
    s.id = id;
    s.username = std::string(st->ColumnText(0));
    s.csrf_token = std::string(st->ColumnText(1));
    s.created = st->ColumnInt64(2);
    s.expires = st->ColumnInt64(3);
    s.idle_seconds = st->ColumnInt64(4);
    s.last_seen = st->ColumnInt64(5);
    // Record the request; at most every few seconds, to spare the disk under bursts.
    if (now - s.last_seen >= 5) {
      RETURN_IF_ERROR(
          conn_
              ->Run("UPDATE sessions SET last_seen = ? WHERE digest = ? AND last_seen < ?", now,
                    digest, now)
              .status());
      s.last_seen = now;
    }
    return s;
  }

  Status DeleteSession(const std::string& id) override {
    std::lock_guard lock(mu_);
    return conn_->Run("DELETE FROM sessions WHERE digest = ?", Sha256Hex(id)).status();
  }

  Status DeleteUserSessions(const std::string& username) override {
    std::lock_guard lock(mu_);
    return conn_->Run("DELETE FROM sessions WHERE username = ?", username).status();
  }

  Status AddToken(const ApiToken& t, const std::string& digest) override {
    RETURN_IF_ERROR(ValidateUsername(t.name));
    std::lock_guard lock(mu_);
    ASSIGN_OR_RETURN(auto find, conn_->Prepare("SELECT 1 FROM api_tokens WHERE name = ?"));
    RETURN_IF_ERROR(find->Bind(1, t.name));
    ASSIGN_OR_RETURN(bool exists, find->Step());
    if (exists) return AlreadyExists("an API token named '{}' exists already", t.name);
    find.reset();
    return conn_
        ->Run(
            "INSERT INTO api_tokens (name, digest, kommuner, created_by, created, expires, "
            "revoked, revoked_by, last_used) VALUES (?, ?, ?, ?, ?, ?, 0, '', 0)",
            t.name, digest, JoinKommuner(t.kommuner), t.created_by, t.created, t.expires)
        .status();
  }

  Result<ApiToken> FindToken(const std::string& digest, std::int64_t now) override {
    std::lock_guard lock(mu_);
    ASSIGN_OR_RETURN(auto st, conn_->Prepare(std::string(kTokenSelect) + " WHERE digest = ?"));
    RETURN_IF_ERROR(st->Bind(1, digest));
    ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) return NotFound("no such API token");
    ASSIGN_OR_RETURN(ApiToken t, ReadToken(*st));
    st.reset();
    // The latest use, to the minute (a dashboard refresh makes many requests at once).
    if (t.UsableAt(now) && now - t.last_used >= 60) {
      RETURN_IF_ERROR(conn_
                          ->Run("UPDATE api_tokens SET last_used = ? WHERE digest = ? AND "
                                "last_used < ?",
                                now, digest, now)
                          .status());
      t.last_used = now;
    }
    return t;
  }

  Result<std::vector<ApiToken>> ListTokens() override {
    std::lock_guard lock(mu_);
    ASSIGN_OR_RETURN(auto st, conn_->Prepare(std::string(kTokenSelect) + " ORDER BY name"));
    std::vector<ApiToken> out;
    while (true) {
      ASSIGN_OR_RETURN(bool row, st->Step());
      if (!row) break;
      ASSIGN_OR_RETURN(ApiToken t, ReadToken(*st));
      out.push_back(std::move(t));
    }
    return out;
  }

  Status RevokeToken(const std::string& name, const std::string& by, std::int64_t now) override {
    std::lock_guard lock(mu_);
    ASSIGN_OR_RETURN(db::Transaction tx, db::Transaction::Begin(*conn_));
    {
      ASSIGN_OR_RETURN(auto st, conn_->Prepare("SELECT revoked FROM api_tokens WHERE name = ?"));
      RETURN_IF_ERROR(st->Bind(1, name));
      ASSIGN_OR_RETURN(bool row, st->Step());
      if (!row) return NotFound("no API token named '{}'", name);
      if (st->ColumnInt64(0) != 0) {
        return FailedPrecondition("the API token '{}' is revoked already", name);
      }
    }
    RETURN_IF_ERROR(
        conn_
            ->Run("UPDATE api_tokens SET revoked = ?, revoked_by = ? WHERE name = ?", now, by, name)
            .status());
    return tx.Commit();
  }

  Status AppendAudit(const std::vector<AuditEntry>& entries) override {
    if (entries.empty()) return Status::Ok();
    std::lock_guard lock(mu_);
    ASSIGN_OR_RETURN(db::Transaction tx, db::Transaction::Begin(*conn_));
    RETURN_IF_ERROR(LockAuditLocked());
    RETURN_IF_ERROR(AppendLocked(entries));
    return tx.Commit();
  }

  Result<AuditAnchor> ReadAuditAnchor() override {
    std::lock_guard lock(mu_);
    return AnchorLocked();
  }

  Status PruneAudit(const AuditAnchor& up_to, const std::string& archive,
                    const AuditEntry& note) override {
    std::lock_guard lock(mu_);
    ASSIGN_OR_RETURN(db::Transaction tx, db::Transaction::Begin(*conn_));
    RETURN_IF_ERROR(LockAuditLocked());
    ASSIGN_OR_RETURN(AuditAnchor previous, AnchorLocked());
    if (up_to.seq <= previous.seq) {
      return FailedPrecondition("audit entries up to {} were pruned already", previous.seq);
    }
    {
      ASSIGN_OR_RETURN(auto st, conn_->Prepare("SELECT hash FROM audit WHERE seq = ?"));
      RETURN_IF_ERROR(st->Bind(1, up_to.seq));
      ASSIGN_OR_RETURN(bool row, st->Step());
      if (!row || st->ColumnText(0) != up_to.hash) {
        return FailedPrecondition("audit entry {} changed while it was archived", up_to.seq);
      }
    }
    // The append-only guard is lifted for this one delete, inside the transaction.
    const bool pg = conn_->backend() == db::Backend::kPostgresql;
    RETURN_IF_ERROR(conn_->Exec(pg ? "ALTER TABLE audit DISABLE TRIGGER audit_no_delete"
                                   : "DROP TRIGGER audit_no_delete"));
    RETURN_IF_ERROR(conn_->Run("DELETE FROM audit WHERE seq <= ?", up_to.seq).status());
    RETURN_IF_ERROR(conn_->Exec(pg ? "ALTER TABLE audit ENABLE TRIGGER audit_no_delete"
                                   : kSqliteNoDeleteTrigger));
    RETURN_IF_ERROR(
        conn_
            ->Run("INSERT INTO audit_pruned (seq, hash, at, archive) VALUES (?, ?, ?, ?)",
                  up_to.seq, up_to.hash, FormatUtc(std::time(nullptr)), archive)
            .status());
    RETURN_IF_ERROR(AppendLocked({note}));
    return tx.Commit();
  }

  Result<std::vector<AuditEntry>> ReadAudit(const AuditFilter& f) override {
    std::lock_guard lock(mu_);
    ASSIGN_OR_RETURN(
        auto st, conn_->Prepare("SELECT seq, at, username, role, kommune, action, what, "
                                "citizen, detail, remote, hash, purpose FROM audit WHERE seq > ?1 "
                                "AND (?2 = '' OR username = ?2) AND (?3 = '' OR citizen = ?3) "
                                "AND (?4 = '' OR action = ?4) ORDER BY seq LIMIT ?5"));
    RETURN_IF_ERROR(st->BindAll(f.after_seq, f.username, f.citizen, f.action, f.limit));
    std::vector<AuditEntry> out;
    while (true) {
      ASSIGN_OR_RETURN(bool row, st->Step());
      if (!row) break;
      AuditEntry e;
      e.seq = st->ColumnInt64(0);
      e.at = std::string(st->ColumnText(1));
      e.username = std::string(st->ColumnText(2));
      e.role = std::string(st->ColumnText(3));
      e.kommune = static_cast<int>(st->ColumnInt64(4));
      e.action = std::string(st->ColumnText(5));
      e.what = std::string(st->ColumnText(6));
      e.citizen = std::string(st->ColumnText(7));
      e.detail = std::string(st->ColumnText(8));
      e.remote = std::string(st->ColumnText(9));
      e.hash = std::string(st->ColumnText(10));
      e.purpose = std::string(st->ColumnText(11));
      out.push_back(std::move(e));
    }
    return out;
  }

  Result<std::int64_t> CountAudit() override {
    std::lock_guard lock(mu_);
    ASSIGN_OR_RETURN(auto st, conn_->Prepare("SELECT count(*) FROM audit"));
    ASSIGN_OR_RETURN(bool row, st->Step());
    if (!row) return Internal("count(*) returned no row");
    return st->ColumnInt64(0);
  }

 private:
  // PostgreSQL: several instances append to one chain, so the next number and the previous hash
  // are read under a lock that other writers wait for (readers do not). SQLite's write
  // transaction (BEGIN IMMEDIATE) already is one.
  Status LockAuditLocked() {
    if (conn_->backend() != db::Backend::kPostgresql) return Status::Ok();
    return conn_->Exec("LOCK TABLE audit IN SHARE ROW EXCLUSIVE MODE");
  }

  Result<AuditAnchor> AnchorLocked() {
    ASSIGN_OR_RETURN(
        auto st, conn_->Prepare("SELECT seq, hash FROM audit_pruned ORDER BY seq DESC LIMIT 1"));
    ASSIGN_OR_RETURN(bool row, st->Step());
    AuditAnchor a;
    if (row) {
      a.seq = st->ColumnInt64(0);
      a.hash = std::string(st->ColumnText(1));
    }
    return a;
  }

  // Appends inside the caller's transaction: each entry gets the next number and the hash over
  // the previous entry's hash (or the prune anchor's, when the log is empty) and its own fields.
  Status AppendLocked(const std::vector<AuditEntry>& entries) {
    std::int64_t seq = 0;
    std::string prev;
    {
      ASSIGN_OR_RETURN(auto last,
                       conn_->Prepare("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1"));
      ASSIGN_OR_RETURN(bool row, last->Step());
      if (row) {
        seq = last->ColumnInt64(0);
        prev = std::string(last->ColumnText(1));
      }
    }
    if (seq == 0) {
      ASSIGN_OR_RETURN(AuditAnchor anchor, AnchorLocked());
      seq = anchor.seq;
      prev = anchor.hash;
    }
    ASSIGN_OR_RETURN(auto st, conn_->Prepare("INSERT INTO audit (seq, at, username, role, "
                                             "kommune, action, what, citizen, detail, remote, "
                                             "purpose, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                                             "?, ?, ?, ?)"));
    for (AuditEntry e : entries) {
      e.seq = ++seq;
      if (e.at.empty()) e.at = FormatUtc(std::time(nullptr));
      e.hash = AuditEntryHash(prev, e);
      RETURN_IF_ERROR(st->BindAll(e.seq, e.at, e.username, e.role, e.kommune, e.action, e.what,
                                  e.citizen, e.detail, e.remote, e.purpose, e.hash));
      RETURN_IF_ERROR(st->Run().status());
      prev = e.hash;
    }
    return Status::Ok();
  }

  static constexpr std::string_view kUserSelect =
      "SELECT username, display_name, role, kommune, password_hash, created_at, status, "
      "requested_by, failed_logins, locked_until FROM users";

  static constexpr std::string_view kTokenSelect =
      "SELECT name, kommuner, created_by, created, expires, revoked, revoked_by, last_used FROM "
      "api_tokens";

  static Result<ApiToken> ReadToken(const db::Statement& st) {
    ApiToken t;
    t.name = std::string(st.ColumnText(0));
    ASSIGN_OR_RETURN(t.kommuner, SplitKommuner(st.ColumnText(1)));
    t.created_by = std::string(st.ColumnText(2));
    t.created = st.ColumnInt64(3);
    t.expires = st.ColumnInt64(4);
    t.revoked = st.ColumnInt64(5);
    t.revoked_by = std::string(st.ColumnText(6));
    t.last_used = st.ColumnInt64(7);
    return t;
  }

  static Result<User> ReadUser(const db::Statement& st) {
    User u;
    u.username = std::string(st.ColumnText(0));
    u.display_name = std::string(st.ColumnText(1));
    ASSIGN_OR_RETURN(u.role, ParseRole(st.ColumnText(2)));
    u.kommune = static_cast<int>(st.ColumnInt64(3));
    u.password_hash = std::string(st.ColumnText(4));
    u.created_at = std::string(st.ColumnText(5));
    ASSIGN_OR_RETURN(u.status, ParseUserStatus(st.ColumnText(6)));
    u.requested_by = std::string(st.ColumnText(7));
    u.failed_logins = static_cast<int>(st.ColumnInt64(8));
    u.locked_until = st.ColumnInt64(9);
    return u;
  }

  std::mutex mu_;
  std::unique_ptr<db::Connection> conn_;
};

}  // namespace

std::unique_ptr<AuthStore> NewSqlAuthStore(std::unique_ptr<db::Connection> conn) {
  return std::make_unique<SqlAuthStore>(std::move(conn));
}

bool IsPostgresUrl(std::string_view path_or_url) {
  return path_or_url.starts_with("postgresql://") || path_or_url.starts_with("postgres://");
}

Result<std::unique_ptr<AuthStore>> OpenAuthStore(const std::string& path_or_url) {
  if (IsPostgresUrl(path_or_url)) return OpenPgAuthStore(path_or_url);
  if (path_or_url.starts_with("sqlite:")) {
    ASSIGN_OR_RETURN(db::DatabaseUrl url, db::ParseDatabaseUrl(path_or_url));
    return OpenSqliteAuthStore(url.target);
  }
  return OpenSqliteAuthStore(path_or_url);
}

std::string_view UserStatusName(UserStatus status) {
  switch (status) {
    case UserStatus::kActive:
      return "active";
    case UserStatus::kPending:
      return "pending";
    case UserStatus::kDisabled:
      return "disabled";
  }
  return "active";
}

Status ChangePassword(AuthStore& store, const std::string& username, const std::string& hash) {
  RETURN_IF_ERROR(store.SetPassword(username, hash));
  return store.DeleteUserSessions(username);
}

Status ValidateUsername(std::string_view username) {
  if (username.size() < 2 || username.size() > 64) {
    return InvalidArgument("username: 2 to 64 characters");
  }
  for (char c : username) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok) return InvalidArgument("username: only a-z, 0-9, '.', '_' and '-'");
  }
  return Status::Ok();
}

std::string DefaultAuthDbPath(const std::string& store_path) {
  return store_path.empty() ? "fremdrift-auth.db" : store_path + ".auth.db";
}

std::string FormatUtc(std::int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Result<std::unique_ptr<AuthStore>> OpenSqliteAuthStore(const std::string& path) {
  ASSIGN_OR_RETURN(std::unique_ptr<db::SqliteConnection> conn, db::SqliteConnection::Open(path));
  ::chmod(path.c_str(), 0600);  // password hashes and the audit log: owner only
  RETURN_IF_ERROR(conn->Exec("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;"));
  RETURN_IF_ERROR(conn->Exec(kSchema));
  RETURN_IF_ERROR(AddMissingColumns(*conn));
  return NewSqlAuthStore(std::move(conn));
}

}  // namespace fremdrift::server
