// The publish connection over libpq (pg_session.h).
#include "publish/pg_session.h"

#include <libpq-fe.h>

#include "publish/pg_text.h"

namespace fremdrift::publish {
namespace {

// Owns a PGresult.
struct ResultOwner {
  PGresult* r;
  ~ResultOwner() {
    if (r != nullptr) PQclear(r);
  }
};

void IgnoreNotice(void*, const char*) {}

// Runs `sql` with text parameters.
PGresult* Run(PGconn* conn, const std::string& sql,
              const std::vector<std::optional<std::string>>& params) {
  if (params.empty()) return PQexec(conn, sql.c_str());
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  return PQexecParams(conn, sql.c_str(), static_cast<int>(params.size()), nullptr, values.data(),
                      nullptr, nullptr, 0);
}

bool Succeeded(PGresult* r) {
  ExecStatusType st = r != nullptr ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
}

// The server's message on one line ("ERROR:  x\nDETAIL:  y" → "x; DETAIL: y").
std::string OneLine(std::string msg) {
  if (msg.rfind("ERROR:", 0) == 0) msg.erase(0, 6);
  std::string out;
  bool space = false;
  for (char c : msg) {
    if (c == '\n') {
      out += "; ";
      space = true;
    } else if (c == ' ' && (space || out.empty())) {
      continue;
    } else {
      out += c;
      space = c == ' ';
    }
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == ';')) out.pop_back();
  return out;
}

}  // namespace

Result<std::unique_ptr<PgSession>> PgSession::Connect(const std::string& conninfo) {
  const char* keys[] = {"dbname", "fallback_application_name", nullptr};
  const char* values[] = {conninfo.c_str(), "fremdrift publish", nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  std::string password = PasswordOf(conninfo);
  if (conn == nullptr) return Unavailable("--pg {}: out of memory", DescribeConnection(conninfo));
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = Scrub(OneLine(PQerrorMessage(conn)), password);
    PQfinish(conn);
    return Unavailable("--pg {}: {}", DescribeConnection(conninfo), msg);
  }
  PQsetNoticeProcessor(conn, &IgnoreNotice, nullptr);
  if (PQsetClientEncoding(conn, "UTF8") != 0) {
    PQfinish(conn);
    return Unavailable("--pg {}: the server does not speak UTF-8", DescribeConnection(conninfo));
  }
  return std::unique_ptr<PgSession>(new PgSession(conn, std::move(password)));
}

PgSession::~PgSession() { PQfinish(conn_); }

Status PgSession::Fail(pg_result* r) {
  const char* state = r != nullptr ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  last_sqlstate_ = state != nullptr ? state : "";
  std::string msg = r != nullptr ? PQresultErrorMessage(r) : "";
  if (msg.empty()) msg = PQerrorMessage(conn_);
  msg = Scrub(OneLine(msg), password_);
  if (PQstatus(conn_) != CONNECTION_OK) return Unavailable("postgresql: {}", msg);
  return Internal("postgresql: {}", msg);
}

Status PgSession::Exec(const std::string& sql) { return Exec(sql, {}); }

Status PgSession::Exec(const std::string& sql,
                       const std::vector<std::optional<std::string>>& params) {
  ResultOwner r{Run(conn_, sql, params)};
  if (!Succeeded(r.r)) return Fail(r.r);
  last_sqlstate_.clear();
  return Status::Ok();
}

Result<std::vector<std::vector<std::string>>> PgSession::Query(
    const std::string& sql, const std::vector<std::optional<std::string>>& params) {
  ResultOwner r{Run(conn_, sql, params)};
  if (!Succeeded(r.r)) return Fail(r.r);
  last_sqlstate_.clear();
  std::vector<std::vector<std::string>> rows(static_cast<std::size_t>(PQntuples(r.r)));
  for (int i = 0; i < PQntuples(r.r); ++i) {
    for (int j = 0; j < PQnfields(r.r); ++j) {
      rows[i].emplace_back(PQgetvalue(r.r, i, j), static_cast<std::size_t>(PQgetlength(r.r, i, j)));
    }
  }
  return rows;
}

Status PgSession::CopyIn(const std::string& copy_sql, std::string_view data) {
  {
    ResultOwner r{PQexec(conn_, copy_sql.c_str())};
    if (r.r == nullptr || PQresultStatus(r.r) != PGRES_COPY_IN) return Fail(r.r);
  }
  constexpr std::size_t kChunk = 1 << 20;
  const char* error = nullptr;
  for (std::size_t at = 0; at < data.size() && error == nullptr; at += kChunk) {
    std::size_t n = std::min(kChunk, data.size() - at);
    if (PQputCopyData(conn_, data.data() + at, static_cast<int>(n)) != 1) {
      error = "the connection failed while sending rows";
    }
  }
  if (PQputCopyEnd(conn_, error) != 1) return Fail(nullptr);
  // The COPY's outcome, then drain whatever follows.
  Status status = Status::Ok();
  bool first = true;
  while (PGresult* raw = PQgetResult(conn_)) {
    ResultOwner r{raw};
    if (first && PQresultStatus(raw) != PGRES_COMMAND_OK) status = Fail(raw);
    first = false;
  }
  if (status.ok()) last_sqlstate_.clear();
  return status;
}

Result<std::string> PgSession::Identifier(std::string_view name) const {
  char* q = PQescapeIdentifier(conn_, name.data(), name.size());
  if (q == nullptr) return InvalidArgument("the name '{}' is not valid UTF-8", name.substr(0, 40));
  std::string out(q);
  PQfreemem(q);
  return out;
}

Result<std::string> PgSession::Literal(std::string_view text) const {
  char* q = PQescapeLiteral(conn_, text.data(), text.size());
  if (q == nullptr) return InvalidArgument("a text is not valid UTF-8");
  std::string out(q);
  PQfreemem(q);
  return out;
}

}  // namespace fremdrift::publish
