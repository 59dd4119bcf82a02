// db::Connection: the one database access layer of the case side. SQLite (`sqlite:PATH` or a plain
// path) and PostgreSQL (`postgresql://...`) behind one small interface: statements with '?'
// placeholders (`?N` names parameter N), bound as text, int64, double or NULL, run once or reused
// (a bulk insert binds and runs one prepared statement per row), rows read with typed getters,
// and write transactions that roll back unless committed (Transaction). Errors name the backend,
// the operation and the statement's verb and table, never a bound value (values may be
// pseudonyms). Thread-safety: one thread per connection; a statement must not outlive its
// connection.
//
// On PostgreSQL the parameters are sent as text and the server types them from their context (a
// column, a comparison); where the context does not say, write CAST(? AS BIGINT), which both
// backends read. A statement is prepared on the server (PQprepare) when it runs a second time, so a
// statement run once costs one round trip and a reused one is parsed once.
#pragma once

#include <concepts>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace fremdrift::db {

enum class Backend { kSqlite, kPostgresql };
std::string_view BackendName(Backend backend);  // "sqlite", "postgresql"

// A database URL: `sqlite:PATH`, `sqlite://PATH`, a plain path (SQLite), or `postgresql://...` /
// `postgres://...` (a libpq connection URI).
struct DatabaseUrl {
  Backend backend = Backend::kSqlite;
  std::string target;  // SQLite: the file path; PostgreSQL: the whole URI
};
Result<DatabaseUrl> ParseDatabaseUrl(const std::string& url);

class Statement {
 public:
  virtual ~Statement() = default;

  // Parameters are 1-based. Binding after the statement has run starts a new run; a parameter not
  // bound again keeps its value, one never bound is NULL. Text is copied.
  virtual Status BindText(int index, std::string_view text) = 0;
  virtual Status BindInt64(int index, std::int64_t value) = 0;
  virtual Status BindDouble(int index, double value) = 0;
  virtual Status BindNull(int index) = 0;

  Status Bind(int index, std::string_view text) { return BindText(index, text); }
  template <std::integral T>
  Status Bind(int index, T value) {
    return BindInt64(index, static_cast<std::int64_t>(value));
  }
  Status Bind(int index, double value) { return BindDouble(index, value); }
  Status Bind(int index, std::nullopt_t) { return BindNull(index); }
  template <typename T>
  Status Bind(int index, const std::optional<T>& value) {
    return value ? Bind(index, *value) : BindNull(index);
  }
  // Binds parameters 1, 2, ... in order.
  template <typename... T>
  Status BindAll(const T&... values) {
    int index = 0;
    Status status;
    ((status.ok() ? (void)(status = Bind(++index, values)) : (void)0), ...);
    return status;
  }

  // Runs the statement (the first call after binding) or moves to its next row: true when a row
  // is available, false when the run is done.
  virtual Result<bool> Step() = 0;
  // Runs the statement to its end, skipping any rows; the rows it changed.
  Result<std::int64_t> Run();
  // Ends the current run (the next Step runs the statement again); bindings stay.
  virtual void Reset() = 0;
  // Rows inserted, updated or deleted by the last finished run (0 for a query).
  virtual std::int64_t RowsChanged() const = 0;
  // Once a run has started: how many rows it returns, where the backend holds them all already
  // (PostgreSQL), for reserving space; -1 where it does not know (SQLite steps row by row).
  virtual std::int64_t RowCountHint() const { return -1; }

  // Columns of the current row, 0-based. Text stays valid until the next Step, Bind or Reset.
  virtual int ColumnCount() const = 0;
  virtual bool ColumnIsNull(int column) const = 0;
  virtual std::string_view ColumnText(int column) const = 0;  // empty for NULL
  virtual std::int64_t ColumnInt64(int column) const = 0;     // 0 for NULL
  virtual double ColumnDouble(int column) const = 0;          // 0 for NULL
  std::optional<std::string> ColumnOptionalText(int column) const;
};

class Transaction;

class Connection {
 public:
  virtual ~Connection() = default;

  // Opens the database at `url` (ParseDatabaseUrl); a SQLite file is created if missing.
  static Result<std::unique_ptr<Connection>> Open(const std::string& url);

  virtual Backend backend() const = 0;
  // Runs SQL text without parameters: one or more statements; rows are ignored.
  virtual Status Exec(std::string_view sql) = 0;
  virtual Result<std::unique_ptr<Statement>> Prepare(std::string_view sql) = 0;
  // Prepares `sql`, binds `values` as parameters 1, 2, ... and runs it; the rows it changed.
  template <typename... T>
  Result<std::int64_t> Run(std::string_view sql, const T&... values) {
    ASSIGN_OR_RETURN(std::unique_ptr<Statement> st, Prepare(sql));
    RETURN_IF_ERROR(st->BindAll(values...));
    return st->Run();
  }

 protected:
  friend class Transaction;
  // A write transaction (SQLite: BEGIN IMMEDIATE, so a second writer waits at the start).
  virtual Status Begin() = 0;
  virtual Status Commit() = 0;
  virtual void Rollback() = 0;
};

// A write transaction: rolled back when destroyed uncommitted (an early error return).
class Transaction {
 public:
  static Result<Transaction> Begin(Connection& conn);
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  ~Transaction();

  Status Commit();

 private:
  explicit Transaction(Connection* conn) : conn_(conn) {}
  Connection* conn_;
};

}  // namespace fremdrift::db
