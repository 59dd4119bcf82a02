// PgSession: the one PostgreSQL connection `fremdrift publish` writes through (libpq directly:
// plain statements, parameterised statements, COPY FROM STDIN, escaping). Errors carry the
// server's message (with its DETAIL) and never the connection's password; the SQLSTATE of the
// last failure is kept so the caller can tell a lock wait or deadlock from other errors.
// Thread-safety: one thread at a time.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

struct pg_conn;
struct pg_result;

namespace fremdrift::publish {

class PgSession {
 public:
  // `conninfo`: postgresql://user@host:port/db or "host=... dbname=...". Unavailable when the
  // server cannot be reached or refuses; the message names the connection without its password.
  static Result<std::unique_ptr<PgSession>> Connect(const std::string& conninfo);
  ~PgSession();
  PgSession(const PgSession&) = delete;
  PgSession& operator=(const PgSession&) = delete;

  // Runs one statement (or several separated by ';' when there are no parameters).
  Status Exec(const std::string& sql);
  // Runs one statement with $1, $2, ... bound to `params` (nullopt = NULL), as text.
  Status Exec(const std::string& sql, const std::vector<std::optional<std::string>>& params);
  // The rows of a query, every value as text ("" for NULL).
  Result<std::vector<std::vector<std::string>>> Query(
      const std::string& sql, const std::vector<std::optional<std::string>>& params = {});
  // Runs `copy_sql` (COPY ... FROM STDIN) and sends `data` in COPY text format.
  Status CopyIn(const std::string& copy_sql, std::string_view data);

  // SQL-quoted forms, escaped by libpq for this connection's encoding (InvalidArgument for text
  // that is not valid UTF-8).
  Result<std::string> Identifier(std::string_view name) const;  // "name"
  Result<std::string> Literal(std::string_view text) const;     // 'text'

  // SQLSTATE of the last failed call ("40P01" deadlock, "55P03" lock timeout), or empty.
  const std::string& last_sqlstate() const { return last_sqlstate_; }

 private:
  explicit PgSession(pg_conn* conn, std::string password)
      : conn_(conn), password_(std::move(password)) {}
  Status Fail(pg_result* result);

  pg_conn* conn_;
  std::string password_;  // scrubbed from every message
  std::string last_sqlstate_;
};

}  // namespace fremdrift::publish
