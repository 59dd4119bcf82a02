// A small RAII wrapper over the SQLite C API: a connection (SqliteDb) and prepared statements
// (SqliteStatement), reporting failures as Status; db::Connection's SQLite half
// (sqlite_connection.h) is built on it. Errors name the operation and the statement's verb and
// table ("sqlite step (INSERT INTO events): ..."), never a bound value.
// Thread-safety: one thread per connection.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace fremdrift::db {

class SqliteStatement {
 public:
  SqliteStatement() = default;
  SqliteStatement(sqlite3* db, sqlite3_stmt* stmt, std::string what)
      : db_(db), stmt_(stmt), what_(std::move(what)) {}
  ~SqliteStatement();
  SqliteStatement(SqliteStatement&& other) noexcept;
  SqliteStatement& operator=(SqliteStatement&& other) noexcept;
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  // Parameters are 1-based. Text is copied.
  Status Bind(int index, std::string_view text);
  Status Bind(int index, std::int64_t value);
  Status BindDouble(int index, double value);
  Status BindNull(int index);
  // Runs one step: true when a row is available, false when done. "database is locked" (another
  // writer past the busy timeout) is Unavailable.
  Result<bool> Step();
  // Resets for reuse and clears bindings.
  void Reset();
  // Resets for reuse and keeps the bindings.
  void ResetKeepBindings();
  // Whether the statement leaves the database unchanged (a query).
  bool ReadOnly() const;
  // Rows changed by the connection's latest finished INSERT, UPDATE or DELETE.
  std::int64_t Changes() const;

  std::string_view ColumnText(int index) const;  // 0-based; empty for NULL
  std::int64_t ColumnInt64(int index) const;
  double ColumnDouble(int index) const;
  bool ColumnIsNull(int index) const;
  int ColumnCount() const;

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  std::string what_;  // DescribeSql of the statement
};

class SqliteDb {
 public:
  SqliteDb() = default;
  ~SqliteDb();
  SqliteDb(SqliteDb&& other) noexcept;
  SqliteDb& operator=(SqliteDb&& other) noexcept;
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  // Opens or creates the database file (owner-only permissions); sets a busy timeout so
  // concurrent writers wait.
  static Result<SqliteDb> Open(const std::string& path);
  // Runs one or more statements that return no rows.
  Status Exec(std::string_view sql);
  Result<SqliteStatement> Prepare(std::string_view sql);
  // Number of rows changed by the last statement.
  std::int64_t Changes() const;
  std::string ErrorMessage() const;
  // Copies the whole database into a new file at `path` (owner-only) with SQLite's online backup
  // API, in one step: a consistent snapshot of the committed data, WAL included, while other
  // connections go on writing. AlreadyExists when `path` exists.
  Status BackupTo(const std::string& path);

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace fremdrift::db
