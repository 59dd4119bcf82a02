// The backend-neutral half of db::Connection (see connection.h): URLs, Open, Transaction.
#include "db/connection.h"

#include <utility>

#include "db/pg_connection.h"
#include "db/sqlite_connection.h"

namespace fremdrift::db {

std::string_view BackendName(Backend backend) {
  return backend == Backend::kSqlite ? "sqlite" : "postgresql";
}

Result<DatabaseUrl> ParseDatabaseUrl(const std::string& url) {
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    return DatabaseUrl{Backend::kPostgresql, url};
  }
  std::string path = url;
  if (path.rfind("sqlite:", 0) == 0) {
    path = path.substr(7);
    if (path.rfind("//", 0) == 0) path = path.substr(2);
  } else if (path.find("://") != std::string::npos) {
    return InvalidArgument("database '{}': expected sqlite:PATH, a path or postgresql://...",
                           url.substr(0, url.find("://")));
  }
  if (path.empty()) return InvalidArgument("database sqlite: needs a file path (sqlite:PATH)");
  return DatabaseUrl{Backend::kSqlite, path};
}

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& url) {
  ASSIGN_OR_RETURN(DatabaseUrl parsed, ParseDatabaseUrl(url));
  if (parsed.backend == Backend::kSqlite) {
    ASSIGN_OR_RETURN(auto conn, SqliteConnection::Open(parsed.target));
    return std::unique_ptr<Connection>(std::move(conn));
  }
  ASSIGN_OR_RETURN(auto conn, PgConnection::Open(parsed.target));
  return std::unique_ptr<Connection>(std::move(conn));
}

Result<std::int64_t> Statement::Run() {
  for (;;) {
    ASSIGN_OR_RETURN(bool row, Step());
    if (!row) return RowsChanged();
  }
}

std::optional<std::string> Statement::ColumnOptionalText(int column) const {
  if (ColumnIsNull(column)) return std::nullopt;
  return std::string(ColumnText(column));
}

Result<Transaction> Transaction::Begin(Connection& conn) {
  RETURN_IF_ERROR(conn.Begin());
  return Transaction(&conn);
}

Transaction::Transaction(Transaction&& other) noexcept
    : conn_(std::exchange(other.conn_, nullptr)) {}

Transaction::~Transaction() {
  if (conn_ != nullptr) conn_->Rollback();
}

Status Transaction::Commit() {
  if (conn_ == nullptr) return FailedPrecondition("transaction commit: already ended");
  RETURN_IF_ERROR(conn_->Commit());
  conn_ = nullptr;
  return Status::Ok();
}

}  // namespace fremdrift::db
