// AuthStore: where the dashboard keeps users, sessions and the audit log, behind one small
// interface; one SQLite file (OpenSqliteAuthStore) or a PostgreSQL database shared by several
// instances (OpenAuthStore with a postgresql:// URL). The audit table is append-only: the schema's
// triggers refuse UPDATE and DELETE, except the pruning of old entries (PruneAudit), which first
// archives them (audit_prune.h). Session ids and API tokens (bearer_token.h) are stored as SHA-256
// digests, so a copy of the database does not hand out live sessions or tokens.
// Thread-safety: every method may be called from any thread (the store serialises on one
// connection with a mutex).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "server/roles.h"

namespace fremdrift::server {

// An account's state. Only active users may log in; making a user anything else ends their
// sessions. "pending": created or changed by an administrator through the API with citizen or
// administrator rights, waiting for a second administrator's approval.
enum class UserStatus { kActive, kPending, kDisabled };
std::string_view UserStatusName(UserStatus status);  // "active", "pending", "disabled"

struct User {
  std::string username;      // [a-z0-9._-]{2,64}
  std::string display_name;  // shown in the page header
  Role role = Role::kAnalyst;
  int kommune = 0;            // municipality code for caseworker and leader; 0 otherwise
  std::string password_hash;  // argon2id PHC string
  std::string created_at;     // "YYYY-MM-DDTHH:MM:SSZ"
  UserStatus status = UserStatus::kActive;
  std::string requested_by;  // pending: the administrator whose change awaits approval
  int failed_logins = 0;     // failed logins in a row since the last good one (or unlock)
  std::int64_t locked_until = 0;  // unix seconds; kLockedUntilUnlocked: until unlocked; 0: never
  Principal principal() const { return {username, role, kommune}; }
  bool LockedAt(std::int64_t now) const { return locked_until > now; }
};

inline constexpr std::int64_t kLockedUntilUnlocked = 253402300799;  // 9999-12-31T23:59:59Z

struct Session {
  std::string id;  // 64 hex characters (the cookie value); only its digest is stored
  std::string username;
  std::string csrf_token;    // 64 hex characters, sent back in X-CSRF-Token on changes
  std::int64_t created = 0;  // unix seconds
  std::int64_t expires = 0;
  std::int64_t idle_seconds = 0;  // ends after this long without a request (0: no idle limit)
  std::int64_t last_seen = 0;     // unix seconds of the latest request (set by the store)
};

// An API token for analysts' tools (bearer_token.h): read-only, aggregate measurements of the
// municipalities it names. The store keeps the SHA-256 of its secret, never the secret.
struct ApiToken {
  std::string name;           // [a-z0-9._-]{2,64}, unique (a revoked token keeps its name)
  std::vector<int> kommuner;  // the municipalities it may read; empty: every municipality
  std::string created_by;     // the administrator ("cli": from the command line)
  std::int64_t created = 0;   // unix seconds
  std::int64_t expires = 0;   // unix seconds; refused from then on
  std::int64_t revoked = 0;   // unix seconds; 0: not revoked
  std::string revoked_by;
  std::int64_t last_used = 0;  // unix seconds of a recent use (kept to the minute); 0: never
  bool UsableAt(std::int64_t now) const { return revoked == 0 && now < expires; }
  // Who the token is in the audit log: "token:<name>".
  std::string AuditName() const { return "token:" + name; }
};

struct AuditEntry {
  std::int64_t seq = 0;  // assigned by the store
  std::string at;        // "YYYY-MM-DDTHH:MM:SSZ"
  std::string username;  // who ("-" for an anonymous failed login)
  std::string role;
  int kommune = 0;      // the user's municipality (0: none)
  std::string action;   // read, write, login, login_failed, logout, denied, user_add, ...
  std::string what;     // endpoint or measurement id
  std::string citizen;  // the citizen's pseudonym, or empty
  std::string detail;   // query string or short note (never a CPR number)
  std::string remote;   // client address
  std::string purpose;  // citizen lookups: why (formål, e.g. "sagsbehandling"); "" otherwise
  std::string hash;     // set by the store: the hash chain's link (audit_chain.h); "" before it
};

// The last entry pruned from the log (its number and hash), on which the first remaining entry's
// hash is built; seq 0: nothing pruned yet.
struct AuditAnchor {
  std::int64_t seq = 0;
  std::string hash;
};

struct AuditFilter {
  std::string username;  // empty: any
  std::string citizen;   // empty: any
  std::string action;    // empty: any
  std::int64_t after_seq = 0;
  int limit = 1000;
};

class AuthStore {
 public:
  virtual ~AuthStore() = default;

  virtual Status AddUser(const User& user) = 0;  // AlreadyExists for a taken username
  virtual Result<User> FindUser(const std::string& username) = 0;  // NotFound
  virtual Result<std::vector<User>> ListUsers() = 0;
  virtual Status SetPassword(const std::string& username, const std::string& hash) = 0;
  // The name shown, role and municipality of an existing user (NotFound for an unknown one):
  // an identity provider's sign-in keeps them as the provider says.
  virtual Status SetUserProfile(const std::string& username, const std::string& display_name,
                                Role role, int kommune) = 0;
  // Sets the account's state (NotFound for an unknown user); `requested_by` is kept for
  // kPending. Any state but kActive also ends the user's sessions, in the same transaction.
  virtual Status SetUserStatus(const std::string& username, UserStatus status,
                               const std::string& requested_by) = 0;

  // A failed login of an existing user: counts it, and when the count reaches `max_failures`
  // locks the account until now + lockout_seconds (0: until unlocked). Returns the user as
  // changed (NotFound for an unknown user).
  virtual Result<User> RecordFailedLogin(const std::string& username, std::int64_t now,
                                         int max_failures, std::int64_t lockout_seconds) = 0;
  // A good login or an unlock: the count to 0 and the lock lifted (NotFound for an unknown user).
  virtual Status ClearFailedLogins(const std::string& username) = 0;

  virtual Status CreateSession(const Session& session) = 0;
  // NotFound for an unknown session, one past its expiry or idle limit (at `now`), or one whose
  // user is not active. A found session's last_seen becomes `now`.
  virtual Result<Session> FindSession(const std::string& id, std::int64_t now) = 0;
  virtual Status DeleteSession(const std::string& id) = 0;
  virtual Status DeleteUserSessions(const std::string& username) = 0;

  // API tokens, found by the SHA-256 (lower-case hex) of their secret.
  // AlreadyExists when the name is taken (also by a revoked token).
  virtual Status AddToken(const ApiToken& token, const std::string& digest) = 0;
  // The token whose secret has `digest`, also a revoked or expired one (the caller decides);
  // NotFound for none. A usable token's last_used becomes `now` (written at most once a minute).
  virtual Result<ApiToken> FindToken(const std::string& digest, std::int64_t now) = 0;
  virtual Result<std::vector<ApiToken>> ListTokens() = 0;  // by name
  // NotFound for an unknown name; FailedPrecondition when it is revoked already.
  virtual Status RevokeToken(const std::string& name, const std::string& by, std::int64_t now) = 0;

  // Appends the entries in one transaction (all or none).
  virtual Status AppendAudit(const std::vector<AuditEntry>& entries) = 0;
  virtual Result<std::vector<AuditEntry>> ReadAudit(const AuditFilter& filter) = 0;
  virtual Result<std::int64_t> CountAudit() = 0;

  // The latest prune's anchor (seq 0 when the log was never pruned).
  virtual Result<AuditAnchor> ReadAuditAnchor() = 0;
  // In one transaction: removes the entries numbered up to `up_to.seq` (FailedPrecondition unless
  // entry up_to.seq is there with hash up_to.hash and the previous anchor is older), records
  // `up_to` as the anchor with `archive` (the archive file's name), and appends `note`.
  virtual Status PruneAudit(const AuditAnchor& up_to, const std::string& archive,
                            const AuditEntry& note) = 0;
};

// Opens or creates the SQLite file at `path` (WAL mode).
Result<std::unique_ptr<AuthStore>> OpenSqliteAuthStore(const std::string& path);
// Opens the PostgreSQL database at `url` ("postgresql://..."), creating the tables when missing.
Result<std::unique_ptr<AuthStore>> OpenPgAuthStore(const std::string& url);
// A postgresql:// or postgres:// URL: OpenPgAuthStore; anything else (a path, "sqlite:PATH"):
// OpenSqliteAuthStore.
Result<std::unique_ptr<AuthStore>> OpenAuthStore(const std::string& path_or_url);
// True for a postgresql:// or postgres:// URL.
bool IsPostgresUrl(std::string_view path_or_url);

// The auth database used when none is named: "<store>.auth.db" beside the spell store, else
// "fremdrift-auth.db" in the working folder.
std::string DefaultAuthDbPath(const std::string& store_path);
// A new password: sets the hash and ends every open session of the user.
Status ChangePassword(AuthStore& store, const std::string& username, const std::string& hash);
// Checks a username's shape.
Status ValidateUsername(std::string_view username);
// "YYYY-MM-DDTHH:MM:SSZ" for unix seconds.
std::string FormatUtc(std::int64_t unix_seconds);

}  // namespace fremdrift::server
