// The PostgreSQL half of db::Connection (libpq), with COPY ... FROM STDIN for bulk loads, which
// only this backend has. Notices are ignored and client_min_messages is "warning". Errors carry
// the server's primary message only (never its DETAIL, which may quote a row), and a data error's
// quoted values are left out. Thread-safety: one thread per connection.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "db/connection.h"

typedef struct pg_conn PGconn;

namespace fremdrift::db {

class PgConnection final : public Connection {
 public:
  static Result<std::unique_ptr<PgConnection>> Open(const std::string& url);
  ~PgConnection() override;

  Backend backend() const override { return Backend::kPostgresql; }
  Status Exec(std::string_view sql) override;
  Result<std::unique_ptr<Statement>> Prepare(std::string_view sql) override;

  // Bulk load: BeginCopy("COPY t (a, b) FROM STDIN"), then PutCopyData with lines in COPY's text
  // format (AppendCopyField, '\t' between fields, "\\N" for NULL, '\n' after each row), then
  // EndCopy, which returns the rows copied. An error on the way ends the copy.
  Status BeginCopy(std::string_view copy_sql);
  Status PutCopyData(std::string_view data);
  Result<std::int64_t> EndCopy();
  // Appends `text` to a COPY text-format line, escaped.
  static void AppendCopyField(std::string& line, std::string_view text);

  // Internal (PgStatement): a fresh server-side statement name, and names to deallocate once the
  // connection can (a statement dropped inside a failed transaction).
  std::string NextStatementName();
  void Deallocate(const std::string& name);

 protected:
  Status Begin() override;
  Status Commit() override;
  void Rollback() override;

 private:
  explicit PgConnection(PGconn* conn) : conn_(conn) {}
  void DeallocatePending();

  PGconn* conn_;
  std::int64_t statements_ = 0;
  std::vector<std::string> pending_deallocate_;
  bool copying_ = false;
};

}  // namespace fremdrift::db
