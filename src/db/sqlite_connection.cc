// db::Connection on SQLite (see sqlite_connection.h).
#include "db/sqlite_connection.h"

namespace fremdrift::db {
namespace {

class SqliteStatementImpl final : public Statement {
 public:
  explicit SqliteStatementImpl(SqliteStatement st)
      : st_(std::move(st)), read_only_(st_.ReadOnly()) {}

  Status BindText(int index, std::string_view text) override {
    NewRun();
    return st_.Bind(index, text);
  }
  Status BindInt64(int index, std::int64_t value) override {
    NewRun();
    return st_.Bind(index, value);
  }
  Status BindDouble(int index, double value) override {
    NewRun();
    return st_.BindDouble(index, value);
  }
  Status BindNull(int index) override {
    NewRun();
    return st_.BindNull(index);
  }

  Result<bool> Step() override {
    if (done_) Reset();
    Result<bool> row = st_.Step();
    if (!row.ok()) {
      Reset();
      return row;
    }
    started_ = true;
    if (!*row) {
      changes_ = read_only_ ? 0 : st_.Changes();
      done_ = true;
    }
    return row;
  }
  void Reset() override {
    st_.ResetKeepBindings();
    started_ = done_ = false;
  }
  std::int64_t RowsChanged() const override { return changes_; }

  int ColumnCount() const override { return st_.ColumnCount(); }
  bool ColumnIsNull(int column) const override { return st_.ColumnIsNull(column); }
  std::string_view ColumnText(int column) const override { return st_.ColumnText(column); }
  std::int64_t ColumnInt64(int column) const override { return st_.ColumnInt64(column); }
  double ColumnDouble(int column) const override { return st_.ColumnDouble(column); }

 private:
  void NewRun() {
    if (started_) Reset();
  }

  SqliteStatement st_;
  bool read_only_;
  bool started_ = false;  // stepped since the last reset
  bool done_ = false;     // the run has ended
  std::int64_t changes_ = 0;
};

}  // namespace

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::Open(const std::string& path) {
  ASSIGN_OR_RETURN(SqliteDb db, SqliteDb::Open(path));
  RETURN_IF_ERROR(db.Exec("PRAGMA foreign_keys=ON"));
  return std::unique_ptr<SqliteConnection>(new SqliteConnection(std::move(db)));
}

Status SqliteConnection::Exec(std::string_view sql) { return db_.Exec(sql); }

Result<std::unique_ptr<Statement>> SqliteConnection::Prepare(std::string_view sql) {
  ASSIGN_OR_RETURN(SqliteStatement st, db_.Prepare(sql));
  return std::unique_ptr<Statement>(new SqliteStatementImpl(std::move(st)));
}

Status SqliteConnection::Begin() { return db_.Exec("BEGIN IMMEDIATE"); }

Status SqliteConnection::Commit() { return db_.Exec("COMMIT"); }

void SqliteConnection::Rollback() { (void)db_.Exec("ROLLBACK"); }

}  // namespace fremdrift::db
