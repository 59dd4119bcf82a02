// The SQLite half of db::Connection, over the SqliteDb wrapper: opening sets a 10 s busy timeout
// (a second writer waits), foreign keys on and, for a file, owner-only permissions; the caller
// chooses the journal mode. Thread-safety: one thread per connection.
#pragma once

#include <memory>
#include <string>

#include "db/connection.h"
#include "db/sqlite_db.h"

namespace fremdrift::db {

class SqliteConnection final : public Connection {
 public:
  static Result<std::unique_ptr<SqliteConnection>> Open(const std::string& path);

  Backend backend() const override { return Backend::kSqlite; }
  Status Exec(std::string_view sql) override;
  Result<std::unique_ptr<Statement>> Prepare(std::string_view sql) override;

 protected:
  Status Begin() override;
  Status Commit() override;
  void Rollback() override;

 private:
  explicit SqliteConnection(SqliteDb db) : db_(std::move(db)) {}
  SqliteDb db_;
};

}  // namespace fremdrift::db
