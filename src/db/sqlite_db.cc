// SQLite RAII wrapper (see sqlite_db.h).
#include "db/sqlite_db.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include <utility>

#include "db/sql_text.h"

namespace fremdrift::db {
namespace {

// The error of a failed call: Unavailable when another connection holds the lock.
Status Failure(int rc, std::string_view operation, std::string_view what, std::string_view msg) {
  if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
    return Unavailable("sqlite {} ({}): {}", operation, what, msg);
  }
  return Internal("sqlite {} ({}): {}", operation, what, msg);
}

}  // namespace

SqliteStatement::~SqliteStatement() {
  if (stmt_ != nullptr) sqlite3_finalize(stmt_);
}

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)), what_(std::move(other.what_)) {}

SqliteStatement& SqliteStatement::operator=(SqliteStatement&& other) noexcept {
  if (this != &other) {
    if (stmt_ != nullptr) sqlite3_finalize(stmt_);
    db_ = other.db_;
    stmt_ = std::exchange(other.stmt_, nullptr);
    what_ = std::move(other.what_);
  }
  return *this;
}

Status SqliteStatement::Bind(int index, std::string_view text) {
  int rc =
      sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) return Failure(rc, "bind", what_, sqlite3_errmsg(db_));
  return Status::Ok();
}

Status SqliteStatement::Bind(int index, std::int64_t value) {
  int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK) return Failure(rc, "bind", what_, sqlite3_errmsg(db_));
  return Status::Ok();
}

Status SqliteStatement::BindDouble(int index, double value) {
  int rc = sqlite3_bind_double(stmt_, index, value);
  if (rc != SQLITE_OK) return Failure(rc, "bind", what_, sqlite3_errmsg(db_));
  return Status::Ok();
}

Status SqliteStatement::BindNull(int index) {
  int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK) return Failure(rc, "bind", what_, sqlite3_errmsg(db_));
  return Status::Ok();
}

Result<bool> SqliteStatement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  if (rc == SQLITE_BUSY) return Unavailable("sqlite step ({}): database is locked", what_);
  return Failure(rc, "step", what_, sqlite3_errmsg(db_));
}

void SqliteStatement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

void SqliteStatement::ResetKeepBindings() { sqlite3_reset(stmt_); }

bool SqliteStatement::ReadOnly() const { return sqlite3_stmt_readonly(stmt_) != 0; }

std::int64_t SqliteStatement::Changes() const { return sqlite3_changes64(db_); }

std::string_view SqliteStatement::ColumnText(int index) const {
  const unsigned char* text = sqlite3_column_text(stmt_, index);
  if (text == nullptr) return {};
  return {reinterpret_cast<const char*>(text),
          static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index))};
}

std::int64_t SqliteStatement::ColumnInt64(int index) const {
  return sqlite3_column_int64(stmt_, index);
}

double SqliteStatement::ColumnDouble(int index) const {
  return sqlite3_column_double(stmt_, index);
}

bool SqliteStatement::ColumnIsNull(int index) const {
  return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
}

int SqliteStatement::ColumnCount() const { return sqlite3_column_count(stmt_); }

SqliteDb::~SqliteDb() {
  if (db_ != nullptr) sqlite3_close_v2(db_);
}

SqliteDb::SqliteDb(SqliteDb&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}

SqliteDb& SqliteDb::operator=(SqliteDb&& other) noexcept {
  if (this != &other) {
    if (db_ != nullptr) sqlite3_close_v2(db_);
    db_ = std::exchange(other.db_, nullptr);
  }
  return *this;
}

Result<SqliteDb> SqliteDb::Open(const std::string& path) {
  SqliteDb db;
  int rc =
      sqlite3_open_v2(path.c_str(), &db.db_,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db.db_ != nullptr ? sqlite3_errmsg(db.db_) : "out of memory";
    return Unavailable("cannot open SQLite database {}: {}", path, msg);
  }
  // Owner only, whatever the umask: case events, finance and the auth data are confidential.
  // SQLite gives the -wal and -shm files the database file's mode.
  if (!path.empty() && path != ":memory:" && path.rfind("file:", 0) != 0) {
    ::chmod(path.c_str(), 0600);
  }
  sqlite3_busy_timeout(db.db_, 10000);
  sqlite3_extended_result_codes(db.db_, 0);
  return db;
}

Status SqliteDb::BackupTo(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) == 0) return AlreadyExists("{} exists", path);
  ASSIGN_OR_RETURN(SqliteDb dest, Open(path));
  sqlite3_backup* b = sqlite3_backup_init(dest.db_, "main", db_, "main");
  if (b == nullptr) return Internal("sqlite backup to {}: {}", path, sqlite3_errmsg(dest.db_));
  int rc = SQLITE_OK;
  // -1: every page in one step, under one read transaction of the source. A writer holding the
  // lock (rollback journal mode) makes the step busy: wait and try again.
  for (int attempt = 0; attempt < 600; ++attempt) {
    rc = sqlite3_backup_step(b, -1);
    if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
    sqlite3_sleep(50);
  }
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) {
    return Unavailable("sqlite backup to {}: {}", path, sqlite3_errstr(rc));
  }
  return Status::Ok();
}

Status SqliteDb::Exec(std::string_view sql) {
  std::string text(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err != nullptr ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    return Failure(rc, "exec", DescribeSql(sql), msg);
  }
  return Status::Ok();
}

Result<SqliteStatement> SqliteDb::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) return Failure(rc, "prepare", DescribeSql(sql), sqlite3_errmsg(db_));
  if (stmt == nullptr) return InvalidArgument("sqlite prepare: no statement in the text");
  return SqliteStatement(db_, stmt, DescribeSql(sql));
}

std::int64_t SqliteDb::Changes() const { return sqlite3_changes64(db_); }

std::string SqliteDb::ErrorMessage() const { return sqlite3_errmsg(db_); }

}  // namespace fremdrift::db
