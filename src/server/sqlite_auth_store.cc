// The SQLite AuthStore: users, sessions (by digest) and the append-only audit log in one file,
// through the cases layer's SQLite wrapper. One connection guarded by a mutex. Files made by
// earlier versions get the newer columns (account state, session idle limit) when opened.
#include <fmt/format.h>
#include <openssl/evp.h>
#include <sys/stat.h>

#include <ctime>
#include <mutex>

#include "db/sqlite_db.h"
#include "server/auth_store.h"

namespace fremdrift::server {
namespace {

using cases::SqliteDb;
using cases::SqliteStatement;

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
)sql";

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
};

Status AddMissingColumns(SqliteDb& db) {
  for (const AddedColumn& c : kAddedColumns) {
    ASSIGN_OR_RETURN(auto st,
                     db.Prepare("SELECT count(*) FROM pragma_table_info(?) WHERE name = ?"));
    RETURN_IF_ERROR(st.Bind(1, std::string(c.table)));
    RETURN_IF_ERROR(st.Bind(2, std::string(c.column)));
    ASSIGN_OR_RETURN(bool row, st.Step());
    if (row && st.ColumnInt64(0) > 0) continue;
    RETURN_IF_ERROR(
        db.Exec(fmt::format("ALTER TABLE {} ADD COLUMN {} {}", c.table, c.column, c.definition)));
  }
  return Status::Ok();
}

Result<UserStatus> ParseUserStatus(std::string_view text) {
  for (UserStatus s : {UserStatus::kActive, UserStatus::kPending, UserStatus::kDisabled}) {
    if (UserStatusName(s) == text) return s;
  }
  return Internal("unknown user status '{}'", text);
}

std::string Sha256Hex(std::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(text.data(), text.size(), digest, &len, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

class SqliteAuthStore final : public AuthStore {
 public:
  explicit SqliteAuthStore(SqliteDb db) : db_(std::move(db)) {}

  Status AddUser(const User& user) override {
    RETURN_IF_ERROR(ValidateUsername(user.username));
    std::lock_guard lock(mu_);
    ASSIGN_OR_RETURN(auto find, db_.Prepare("SELECT 1 FROM users WHERE username = ?"));
    RETURN_IF_ERROR(find.Bind(1, user.username));
    ASSIGN_OR_RETURN(bool exists, find.Step());
    if (exists) return AlreadyExists("user '{}' already exists", user.username);
    ASSIGN_OR_RETURN(auto st, db_.Prepare("INSERT INTO users (username, display_name, role, "
                                          "kommune, password_hash, created_at, status, "
                                          "requested_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    RETURN_IF_ERROR(st.Bind(1, user.username));
    RETURN_IF_ERROR(st.Bind(2, user.display_name));
    RETURN_IF_ERROR(st.Bind(3, RoleName(user.role)));
    RETURN_IF_ERROR(st.Bind(4, static_cast<std::int64_t>(user.kommune)));
    RETURN_IF_ERROR(st.Bind(5, user.password_hash));
    RETURN_IF_ERROR(
        st.Bind(6, user.created_at.empty() ? FormatUtc(std::time(nullptr)) : user.created_at));
    RETURN_IF_ERROR(st.Bind(7, std::string(UserStatusName(user.status))));
    RETURN_IF_ERROR(st.Bind(8, user.status == UserStatus::kPending ? user.requested_by : ""));
    return st.Step().status();
  }

  Result<User> FindUser(const std::string& username) override {
    std::lock_guard lock(mu_);
    ASSIGN_OR_RETURN(auto st, db_.Prepare(std::string(kUserSelect) + " WHERE username = ?"));
    RETURN_IF_ERROR(st.Bind(1, username));
    ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return NotFound("no user '{}'", username);
    return ReadUser(st);
  }

  Result<std::vector<User>> ListUsers() override {
    std::lock_guard lock(mu_);
    ASSIGN_OR_RETURN(auto st, db_.Prepare(std::string(kUserSelect) + " ORDER BY username"));
    std::vector<User> out;
    while (true) {
      ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      ASSIGN_OR_RETURN(User u, ReadUser(st));
      out.push_back(std::move(u));
    }
    return out;
  }

  Status SetPassword(const std::string& username, const std::string& hash) override {
    std::lock_guard lock(mu_);
    ASSIGN_OR_RETURN(auto st, db_.Prepare("UPDATE users SET password_hash = ? WHERE username = ?"));
    RETURN_IF_ERROR(st.Bind(1, hash));
    RETURN_IF_ERROR(st.Bind(2, username));
    RETURN_IF_ERROR(st.Step().status());
    if (db_.Changes() == 0) return NotFound("no user '{}'", username);
    return Status::Ok();
  }

  Status SetUserStatus(const std::string& username, UserStatus status,
                       const std::string& requested_by) override {
    std::lock_guard lock(mu_);
    RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
    Status s = [&]() -> Status {
      ASSIGN_OR_RETURN(auto st, db_.Prepare("UPDATE users SET status = ?, requested_by = ? "
                                            "WHERE username = ?"));
      RETURN_IF_ERROR(st.Bind(1, std::string(UserStatusName(status))));
      RETURN_IF_ERROR(st.Bind(2, status == UserStatus::kPending ? requested_by : ""));
      RETURN_IF_ERROR(st.Bind(3, username));
      RETURN_IF_ERROR(st.Step().status());
      if (db_.Changes() == 0) return NotFound("no user '{}'", username);
      if (status == UserStatus::kActive) return Status::Ok();
      ASSIGN_OR_RETURN(auto del, db_.Prepare("DELETE FROM sessions WHERE username = ?"));
      RETURN_IF_ERROR(del.Bind(1, username));
      return del.Step().status();
    }();
    if (!s.ok()) {
      (void)db_.Exec("ROLLBACK");
      return s;
    }
    return db_.Exec("COMMIT");
  }

  Status CreateSession(const Session& s) override {
    std::lock_guard lock(mu_);
    // Expired and idle sessions are swept whenever a new one starts.
    ASSIGN_OR_RETURN(auto sweep, db_.Prepare("DELETE FROM sessions WHERE expires <= ?1 OR "
                                             "(idle_seconds > 0 AND last_seen + idle_seconds "
                                             "<= ?1)"));
    RETURN_IF_ERROR(sweep.Bind(1, s.created));
    RETURN_IF_ERROR(sweep.Step().status());
    ASSIGN_OR_RETURN(auto st, db_.Prepare("INSERT INTO sessions (digest, username, csrf_token, "
                                          "created, expires, idle_seconds, last_seen) "
                                          "VALUES (?, ?, ?, ?, ?, ?, ?)"));
    RETURN_IF_ERROR(st.Bind(1, Sha256Hex(s.id)));
    RETURN_IF_ERROR(st.Bind(2, s.username));
    RETURN_IF_ERROR(st.Bind(3, s.csrf_token));
    RETURN_IF_ERROR(st.Bind(4, s.created));
    RETURN_IF_ERROR(st.Bind(5, s.expires));
    RETURN_IF_ERROR(st.Bind(6, s.idle_seconds));
    RETURN_IF_ERROR(st.Bind(7, s.created));
    return st.Step().status();
  }

  Result<Session> FindSession(const std::string& id, std::int64_t now) override {
    std::lock_guard lock(mu_);
    const std::string digest = Sha256Hex(id);
    ASSIGN_OR_RETURN(auto st,
                     db_.Prepare("SELECT s.username, s.csrf_token, s.created, s.expires, "
                                 "s.idle_seconds, s.last_seen FROM sessions s JOIN users u "
                                 "ON u.username = s.username WHERE s.digest = ?1 AND "
                                 "s.expires > ?2 AND (s.idle_seconds = 0 OR "
                                 "s.last_seen + s.idle_seconds > ?2) AND u.status = 'active'"));
    RETURN_IF_ERROR(st.Bind(1, digest));
    RETURN_IF_ERROR(st.Bind(2, now));
    ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return NotFound("no session");
    Session s;
    s.id = id;
    s.username = std::string(st.ColumnText(0));
    s.csrf_token = std::string(st.ColumnText(1));
    s.created = st.ColumnInt64(2);
    s.expires = st.ColumnInt64(3);
    s.idle_seconds = st.ColumnInt64(4);
    s.last_seen = st.ColumnInt64(5);
    // Record the request; at most every few seconds, to spare the disk under bursts.
    if (now - s.last_seen >= 5) {
      ASSIGN_OR_RETURN(auto touch, db_.Prepare("UPDATE sessions SET last_seen = ? WHERE "
                                               "digest = ? AND last_seen < ?"));
      RETURN_IF_ERROR(touch.Bind(1, now));
      RETURN_IF_ERROR(touch.Bind(2, digest));
      RETURN_IF_ERROR(touch.Bind(3, now));
      RETURN_IF_ERROR(touch.Step().status());
      s.last_seen = now;
    }
    return s;
  }

  Status DeleteSession(const std::string& id) override {
    std::lock_guard lock(mu_);
    ASSIGN_OR_RETURN(auto st, db_.Prepare("DELETE FROM sessions WHERE digest = ?"));
    RETURN_IF_ERROR(st.Bind(1, Sha256Hex(id)));
    return st.Step().status();
  }

  Status DeleteUserSessions(const std::string& username) override {
    std::lock_guard lock(mu_);
    ASSIGN_OR_RETURN(auto st, db_.Prepare("DELETE FROM sessions WHERE username = ?"));
    RETURN_IF_ERROR(st.Bind(1, username));
    return st.Step().status();
  }

  Status AppendAudit(const std::vector<AuditEntry>& entries) override {
    if (entries.empty()) return Status::Ok();
    std::lock_guard lock(mu_);
    RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
    Status s = InsertAudit(entries);
    if (!s.ok()) {
      (void)db_.Exec("ROLLBACK");
      return s;
    }
    return db_.Exec("COMMIT");
  }

  Result<std::vector<AuditEntry>> ReadAudit(const AuditFilter& f) override {
    std::lock_guard lock(mu_);
    ASSIGN_OR_RETURN(auto st,
                     db_.Prepare("SELECT seq, at, username, role, kommune, action, what, citizen, "
                                 "detail, remote FROM audit WHERE seq > ? "
                                 "AND (? = '' OR username = ?) AND (? = '' OR citizen = ?) "
                                 "AND (? = '' OR action = ?) ORDER BY seq LIMIT ?"));
    RETURN_IF_ERROR(st.Bind(1, f.after_seq));
    RETURN_IF_ERROR(st.Bind(2, f.username));
    RETURN_IF_ERROR(st.Bind(3, f.username));
    RETURN_IF_ERROR(st.Bind(4, f.citizen));
    RETURN_IF_ERROR(st.Bind(5, f.citizen));
    RETURN_IF_ERROR(st.Bind(6, f.action));
    RETURN_IF_ERROR(st.Bind(7, f.action));
    RETURN_IF_ERROR(st.Bind(8, static_cast<std::int64_t>(f.limit)));
    std::vector<AuditEntry> out;
    while (true) {
      ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      AuditEntry e;
      e.seq = st.ColumnInt64(0);
      e.at = std::string(st.ColumnText(1));
      e.username = std::string(st.ColumnText(2));
      e.role = std::string(st.ColumnText(3));
      e.kommune = static_cast<int>(st.ColumnInt64(4));
      e.action = std::string(st.ColumnText(5));
      e.what = std::string(st.ColumnText(6));
      e.citizen = std::string(st.ColumnText(7));
      e.detail = std::string(st.ColumnText(8));
      e.remote = std::string(st.ColumnText(9));
      out.push_back(std::move(e));
    }
    return out;
  }

  Result<std::int64_t> CountAudit() override {
    std::lock_guard lock(mu_);
    ASSIGN_OR_RETURN(auto st, db_.Prepare("SELECT count(*) FROM audit"));
    ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return Internal("count(*) returned no row");
    return st.ColumnInt64(0);
  }

 private:
  static constexpr std::string_view kUserSelect =
      "SELECT username, display_name, role, kommune, password_hash, created_at, status, "
      "requested_by FROM users";

  static Result<User> ReadUser(SqliteStatement& st) {
    User u;
    u.username = std::string(st.ColumnText(0));
    u.display_name = std::string(st.ColumnText(1));
    ASSIGN_OR_RETURN(u.role, ParseRole(st.ColumnText(2)));
    u.kommune = static_cast<int>(st.ColumnInt64(3));
    u.password_hash = std::string(st.ColumnText(4));
    u.created_at = std::string(st.ColumnText(5));
    ASSIGN_OR_RETURN(u.status, ParseUserStatus(st.ColumnText(6)));
    u.requested_by = std::string(st.ColumnText(7));
    return u;
  }

  Status InsertAudit(const std::vector<AuditEntry>& entries) {
    ASSIGN_OR_RETURN(auto st, db_.Prepare("INSERT INTO audit (at, username, role, kommune, action, "
                                          "what, citizen, detail, remote) "
                                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    for (const AuditEntry& e : entries) {
      st.Reset();
      RETURN_IF_ERROR(st.Bind(1, e.at.empty() ? FormatUtc(std::time(nullptr)) : e.at));
      RETURN_IF_ERROR(st.Bind(2, e.username));
      RETURN_IF_ERROR(st.Bind(3, e.role));
      RETURN_IF_ERROR(st.Bind(4, static_cast<std::int64_t>(e.kommune)));
      RETURN_IF_ERROR(st.Bind(5, e.action));
      RETURN_IF_ERROR(st.Bind(6, e.what));
      RETURN_IF_ERROR(st.Bind(7, e.citizen));
      RETURN_IF_ERROR(st.Bind(8, e.detail));
      RETURN_IF_ERROR(st.Bind(9, e.remote));
      RETURN_IF_ERROR(st.Step().status());
    }
    return Status::Ok();
  }

  std::mutex mu_;
  SqliteDb db_;
};

}  // namespace

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
  ASSIGN_OR_RETURN(SqliteDb db, SqliteDb::Open(path));
  ::chmod(path.c_str(), 0600);  // password hashes and the audit log: owner only
  RETURN_IF_ERROR(db.Exec("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;"));
  RETURN_IF_ERROR(db.Exec(kSchema));
  RETURN_IF_ERROR(AddMissingColumns(db));
  return std::unique_ptr<AuthStore>(new SqliteAuthStore(std::move(db)));
}

}  // namespace fremdrift::server
