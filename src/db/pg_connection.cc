// db::Connection on PostgreSQL (see pg_connection.h).
#include "db/pg_connection.h"

#include <libpq-fe.h>

#include <charconv>
#include <cstdlib>
#include <cstring>

#include "db/sql_text.h"

namespace fremdrift::db {
namespace {

void IgnoreNotice(void*, const char*) {}

std::string Trimmed(std::string msg) {
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  return msg;
}

// `msg` with the text inside double quotes left out: a data error (SQLSTATE class 22) quotes the
// value it could not take ('invalid input syntax for type bigint: "..."').
std::string WithoutQuotedValues(std::string_view msg) {
  std::string out;
  bool inside = false;
  for (char c : msg) {
    if (c == '"') {
      out += inside ? "…\"" : "\"";
      inside = !inside;
    } else if (!inside) {
      out += c;
    }
  }
  return out;
}

// The error of a failed call on `conn` (result `r`, possibly null): the primary message only;
// Unavailable when the connection is gone.
Status PgFailure(PGconn* conn, const PGresult* r, std::string_view operation,
                 std::string_view what) {
  const char* primary = r != nullptr ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  const char* sqlstate = r != nullptr ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  std::string msg = primary != nullptr ? primary : Trimmed(PQerrorMessage(conn));
  if (sqlstate != nullptr && std::strncmp(sqlstate, "22", 2) == 0) msg = WithoutQuotedValues(msg);
  if (msg.empty()) msg = "unknown error";
  if (PQstatus(conn) != CONNECTION_OK) {
    return Unavailable("postgresql {} ({}): {}", operation, what, msg);
  }
  return Internal("postgresql {} ({}): {}", operation, what, msg);
}

// Owns a PGresult.
struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

bool IsOk(const PGresult* r) {
  ExecStatusType st = r != nullptr ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
}

class PgStatement final : public Statement {
 public:
  PgStatement(PgConnection* owner, PGconn* conn, std::string sql, int params, std::string what)
      : owner_(owner),
        conn_(conn),
        sql_(std::move(sql)),
        what_(std::move(what)),
        values_(params),
        bound_(params, false) {}
  ~PgStatement() override {
    if (!name_.empty()) owner_->Deallocate(name_);
  }

  Status BindText(int index, std::string_view text) override {
    RETURN_IF_ERROR(CheckIndex(index));
    values_[index - 1].assign(text);
    bound_[index - 1] = true;
    return Status::Ok();
  }
  Status BindInt64(int index, std::int64_t value) override {
    RETURN_IF_ERROR(CheckIndex(index));
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    values_[index - 1].assign(buf, end);
    bound_[index - 1] = true;
    return Status::Ok();
  }
  Status BindDouble(int index, double value) override {
    RETURN_IF_ERROR(CheckIndex(index));
    values_[index - 1] = fmt::format("{}", value);  // shortest text that reads back the same
    bound_[index - 1] = true;
    return Status::Ok();
  }
  Status BindNull(int index) override {
    RETURN_IF_ERROR(CheckIndex(index));
    bound_[index - 1] = false;
    return Status::Ok();
  }

  Result<bool> Step() override {
    if (done_) Reset();
    if (!result_) RETURN_IF_ERROR(Execute());
    if (++row_ < rows_) return true;
    done_ = true;
    return false;
  }
  void Reset() override {
    result_.reset();
    rows_ = 0;
    row_ = -1;
    done_ = false;
  }
  std::int64_t RowsChanged() const override { return changes_; }
  std::int64_t RowCountHint() const override { return result_ ? rows_ : -1; }

  int ColumnCount() const override { return result_ ? PQnfields(result_.get()) : 0; }
  bool ColumnIsNull(int column) const override {
    return PQgetisnull(result_.get(), row_, column) != 0;
  }
  std::string_view ColumnText(int column) const override {
    return {PQgetvalue(result_.get(), row_, column),
            static_cast<std::size_t>(PQgetlength(result_.get(), row_, column))};
  }
  std::int64_t ColumnInt64(int column) const override {
    std::string_view text = ColumnText(column);
    if (text == "t") return 1;  // a boolean
    std::int64_t out = 0;
    std::from_chars(text.data(), text.data() + text.size(), out);
    return out;
  }
  double ColumnDouble(int column) const override {
    std::string_view text = ColumnText(column);
    double out = 0;
    std::from_chars(text.data(), text.data() + text.size(), out);
    return out;
  }

 private:
  Status CheckIndex(int index) {
    if (result_) Reset();  // binding starts a new run
    if (index < 1 || index > static_cast<int>(values_.size())) {
      return InvalidArgument("postgresql bind ({}): parameter {} of {}", what_, index,
                             values_.size());
    }
    return Status::Ok();
  }

  // Runs the statement: by PQexecParams the first time (one round trip); from the second run on,
  // prepared once on the server and run by PQexecPrepared.
  Status Execute() {
    std::vector<const char*> params(values_.size());
    for (std::size_t i = 0; i < values_.size(); ++i) {
      params[i] = bound_[i] ? values_[i].c_str() : nullptr;
    }
    const int n = static_cast<int>(params.size());
    PGresult* r = nullptr;
    if (runs_ == 0) {
      r = PQexecParams(conn_, sql_.c_str(), n, nullptr, params.data(), nullptr, nullptr, 0);
    } else {
      if (name_.empty()) {
        std::string name = owner_->NextStatementName();
        PgResult prepared(PQprepare(conn_, name.c_str(), sql_.c_str(), n, nullptr));
        if (!IsOk(prepared.get())) return PgFailure(conn_, prepared.get(), "prepare", what_);
        name_ = std::move(name);
      }
      r = PQexecPrepared(conn_, name_.c_str(), n, params.data(), nullptr, nullptr, 0);
    }
    PgResult result(r);
    ++runs_;
    if (!IsOk(result.get())) {
      if (result && PQresultStatus(result.get()) == PGRES_COPY_IN) {
        return InvalidArgument("postgresql run ({}): COPY goes through BeginCopy", what_);
      }
      return PgFailure(conn_, result.get(), "run", what_);
    }
    const char* command = PQcmdStatus(result.get());
    bool writes = std::strncmp(command, "INSERT", 6) == 0 ||
                  std::strncmp(command, "UPDATE", 6) == 0 ||
                  std::strncmp(command, "DELETE", 6) == 0 || std::strncmp(command, "MERGE", 5) == 0;
    changes_ = writes ? std::atoll(PQcmdTuples(result.get())) : 0;
    rows_ = PQresultStatus(result.get()) == PGRES_TUPLES_OK ? PQntuples(result.get()) : 0;
    row_ = -1;
    result_ = std::move(result);
    return Status::Ok();
  }

  PgConnection* owner_;
  PGconn* conn_;
  std::string sql_;  // with $N placeholders
  std::string what_;
  std::vector<std::string> values_;
  std::vector<bool> bound_;  // false: NULL
  std::string name_;         // the server-side statement, once prepared
  std::int64_t runs_ = 0;
  PgResult result_;
  int rows_ = 0;
  int row_ = -1;
  bool done_ = false;
  std::int64_t changes_ = 0;
};

}  // namespace

Result<std::unique_ptr<PgConnection>> PgConnection::Open(const std::string& url) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (conn == nullptr) return Unavailable("postgresql: out of memory");
  std::unique_ptr<PgConnection> out(new PgConnection(conn));
  if (PQstatus(conn) != CONNECTION_OK) {
    return Unavailable("cannot connect to PostgreSQL: {}", Trimmed(PQerrorMessage(conn)));
  }
  PQsetNoticeProcessor(conn, IgnoreNotice, nullptr);
  RETURN_IF_ERROR(out->Exec("SET client_min_messages = warning"));
  return out;
}

PgConnection::~PgConnection() { PQfinish(conn_); }

Status PgConnection::Exec(std::string_view sql) {
  DeallocatePending();
  PgResult r(PQexec(conn_, std::string(sql).c_str()));
  if (IsOk(r.get())) return Status::Ok();
  if (r && PQresultStatus(r.get()) == PGRES_COPY_IN) {
    (void)PQputCopyEnd(conn_, "COPY goes through BeginCopy");
    while (PGresult* rest = PQgetResult(conn_)) PQclear(rest);
    return InvalidArgument("postgresql exec ({}): COPY goes through BeginCopy", DescribeSql(sql));
  }
  return PgFailure(conn_, r.get(), "exec", DescribeSql(sql));
}

Result<std::unique_ptr<Statement>> PgConnection::Prepare(std::string_view sql) {
  DeallocatePending();
  int params = 0;
  std::string text = NumberedPlaceholders(sql, &params);
  return std::unique_ptr<Statement>(
      new PgStatement(this, conn_, std::move(text), params, DescribeSql(sql)));
}

Status PgConnection::Begin() { return Exec("BEGIN"); }

Status PgConnection::Commit() {
  PgResult r(PQexec(conn_, "COMMIT"));
  if (!IsOk(r.get())) return PgFailure(conn_, r.get(), "commit", "COMMIT");
  // COMMIT of a transaction that had failed rolls it back and says so.
  if (std::strcmp(PQcmdStatus(r.get()), "ROLLBACK") == 0) {
    return Internal("postgresql commit: the transaction had failed and was rolled back");
  }
  return Status::Ok();
}

void PgConnection::Rollback() {
  if (copying_) {
    (void)PQputCopyEnd(conn_, "rolled back");
    while (PGresult* rest = PQgetResult(conn_)) PQclear(rest);
    copying_ = false;
  }
  if (PQtransactionStatus(conn_) != PQTRANS_IDLE) PQclear(PQexec(conn_, "ROLLBACK"));
  DeallocatePending();
}

Status PgConnection::BeginCopy(std::string_view copy_sql) {
  DeallocatePending();
  PgResult r(PQexec(conn_, std::string(copy_sql).c_str()));
  if (r && PQresultStatus(r.get()) == PGRES_COPY_IN) {
    copying_ = true;
    return Status::Ok();
  }
  if (IsOk(r.get())) return InvalidArgument("postgresql copy: not a COPY ... FROM STDIN");
  return PgFailure(conn_, r.get(), "copy", DescribeSql(copy_sql));
}

Status PgConnection::PutCopyData(std::string_view data) {
  if (!copying_) return FailedPrecondition("postgresql copy: no COPY in progress");
  if (PQputCopyData(conn_, data.data(), static_cast<int>(data.size())) != 1) {
    return Unavailable("postgresql copy: {}", Trimmed(PQerrorMessage(conn_)));
  }
  return Status::Ok();
}

Result<std::int64_t> PgConnection::EndCopy() {
  if (!copying_) return FailedPrecondition("postgresql copy: no COPY in progress");
  copying_ = false;
  if (PQputCopyEnd(conn_, nullptr) != 1) {
    return Unavailable("postgresql copy: {}", Trimmed(PQerrorMessage(conn_)));
  }
  PgResult r(PQgetResult(conn_));
  while (PGresult* rest = PQgetResult(conn_)) PQclear(rest);
  if (!IsOk(r.get())) return PgFailure(conn_, r.get(), "copy", "COPY");
  return static_cast<std::int64_t>(std::atoll(PQcmdTuples(r.get())));
}

void PgConnection::AppendCopyField(std::string& line, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '\\':
        line += "\\\\";
        break;
      case '\t':
        line += "\\t";
        break;
      case '\n':
        line += "\\n";
        break;
      case '\r':
        line += "\\r";
        break;
      default:
        line += c;
    }
  }
}

std::string PgConnection::NextStatementName() { return fmt::format("fremdrift_{}", ++statements_); }

void PgConnection::Deallocate(const std::string& name) {
  pending_deallocate_.push_back(name);
  DeallocatePending();
}

void PgConnection::DeallocatePending() {
  if (pending_deallocate_.empty() || copying_) return;
  if (PQtransactionStatus(conn_) == PQTRANS_INERROR) return;  // after the rollback
  for (const std::string& name : pending_deallocate_) {
    PQclear(PQexec(conn_, ("DEALLOCATE " + name).c_str()));
  }
  pending_deallocate_.clear();
}

}  // namespace fremdrift::db
