// PostgreSQL backend of the event store (see pg_event_store.h).
#include "eventstore/pg_event_store.h"

#include <libpq-fe.h>

#include <cstdlib>

#include "eventstore/event_store_internal.h"
#include "eventstore/migrations.h"

namespace fremdrift::cases {
namespace {

constexpr std::string_view kColumns =
    "event_id, person, kommune, day, type, attributes, recorded_by, recorded_at, "
    "COALESCE(supersedes, ''), seq";
constexpr std::int64_t kAdvisoryLock = 0x6672656d64726966;  // "fremdrif"

// Owns a PGresult.
class PgResult {
 public:
  explicit PgResult(PGresult* r) : r_(r) {}
  ~PgResult() {
    if (r_ != nullptr) PQclear(r_);
  }
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;
  PGresult* get() const { return r_; }

 private:
  PGresult* r_;
};

std::string ErrorOf(PGconn* conn, PGresult* r) {
  std::string msg = r != nullptr ? PQresultErrorMessage(r) : PQerrorMessage(conn);
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  return msg;
}

Status CheckResult(PGconn* conn, PGresult* r) {
  ExecStatusType st = r != nullptr ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_COPY_IN) return Status::Ok();
  if (PQstatus(conn) != CONNECTION_OK) return Unavailable("postgresql: {}", ErrorOf(conn, r));
  return Internal("postgresql: {}", ErrorOf(conn, r));
}

// A PostgreSQL text[] literal.
std::string ArrayLiteral(const std::vector<std::string>& items) {
  std::string out = "{";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    for (char c : items[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  out += '}';
  return out;
}

// Appends `text` to a COPY text-format line, escaped.
void AppendCopyField(std::string& line, std::string_view text) {
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

Result<Event> RowToEvent(PGresult* r, int row) {
  auto text = [&](int col) {
    return std::string_view(PQgetvalue(r, row, col),
                            static_cast<std::size_t>(PQgetlength(r, row, col)));
  };
  return internal::EventFromRow(text(0), text(1), std::atoll(PQgetvalue(r, row, 2)), text(3),
                                text(4), text(5), text(6), text(7), text(8),
                                std::atoll(PQgetvalue(r, row, 9)));
}

void IgnoreNotice(void*, const char*) {}

// Rolls back unless committed.
class PgTransaction {
 public:
  explicit PgTransaction(PGconn* conn) : conn_(conn) {}
  ~PgTransaction() {
    if (open_) PQclear(PQexec(conn_, "ROLLBACK"));
  }
  Status Begin() {
    PgResult r(PQexec(conn_, "BEGIN"));
    RETURN_IF_ERROR(CheckResult(conn_, r.get()));
    open_ = true;
    return Status::Ok();
  }
  Status Commit() {
    open_ = false;
    PgResult r(PQexec(conn_, "COMMIT"));
    return CheckResult(conn_, r.get());
  }

 private:
  PGconn* conn_;
  bool open_ = false;
};

}  // namespace

PgEventStore::~PgEventStore() {
  if (conn_ != nullptr) PQfinish(conn_);
}

Result<std::unique_ptr<EventStore>> PgEventStore::Open(const std::string& url, int max_version) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (conn == nullptr) return Unavailable("postgresql: out of memory");
  std::unique_ptr<PgEventStore> store(new PgEventStore(conn));
  if (PQstatus(conn) != CONNECTION_OK) {
    return Unavailable("cannot connect to PostgreSQL: {}", ErrorOf(conn, nullptr));
  }
  PQsetNoticeProcessor(conn, IgnoreNotice, nullptr);
  RETURN_IF_ERROR(store->Exec("SET client_min_messages = warning"));
  RETURN_IF_ERROR(store->Migrate(max_version));
  return std::unique_ptr<EventStore>(std::move(store));
}

Status PgEventStore::Exec(std::string_view sql) {
  PgResult r(PQexec(conn_, std::string(sql).c_str()));
  return CheckResult(conn_, r.get());
}

Status PgEventStore::Migrate(int max_version) {
  for (;;) {
    PgTransaction tx(conn_);
    RETURN_IF_ERROR(tx.Begin());
    RETURN_IF_ERROR(Exec(fmt::format("SELECT pg_advisory_xact_lock({})", kAdvisoryLock)));
    RETURN_IF_ERROR(
        Exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
             "description TEXT NOT NULL, applied_at TEXT NOT NULL)"));
    {
      PgResult r(PQexec(conn_, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
      RETURN_IF_ERROR(CheckResult(conn_, r.get()));
      version_ = std::atoi(PQgetvalue(r.get(), 0, 0));
    }
    RETURN_IF_ERROR(CheckSchemaNotNewer(version_));
    const Migration* next = NextMigration(version_, max_version);
    if (next == nullptr) return tx.Commit();
    RETURN_IF_ERROR(
        Exec(next->postgresql_sql)
            .WithContext(fmt::format("migration {} ({})", next->version, next->description)));
    std::string version = std::to_string(next->version);
    std::string description(next->description);
    std::string now = internal::NowTimestamp();
    const char* params[] = {version.c_str(), description.c_str(), now.c_str()};
    PgResult r(PQexecParams(conn_, "INSERT INTO schema_migrations VALUES ($1::int, $2, $3)", 3,
                            nullptr, params, nullptr, nullptr, 0));
    RETURN_IF_ERROR(CheckResult(conn_, r.get()));
    RETURN_IF_ERROR(tx.Commit());
  }
}

Result<std::vector<Event>> PgEventStore::Select(const std::string& sql,
                                                const std::vector<std::string>& params) {
  std::vector<const char*> values;
  for (const auto& p : params) values.push_back(p.c_str());
  PgResult r(PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr,
                          values.data(), nullptr, nullptr, 0));
  RETURN_IF_ERROR(CheckResult(conn_, r.get()));
  std::vector<Event> out;
  int rows = PQntuples(r.get());
  out.reserve(rows);
  for (int i = 0; i < rows; ++i) {
    ASSIGN_OR_RETURN(Event e, RowToEvent(r.get(), i));
    out.push_back(std::move(e));
  }
  return out;
}

Result<AppendResult> PgEventStore::Append(const std::vector<Event>& events,
                                          const ImportInfo& info) {
  if (version_ < 2)
    return FailedPrecondition("event store schema {} is too old to append", version_);
  PgTransaction tx(conn_);
  RETURN_IF_ERROR(tx.Begin());
  // One importer at a time, like SQLite's single writer: the duplicate check below stays true.
  RETURN_IF_ERROR(Exec(fmt::format("SELECT pg_advisory_xact_lock({})", kAdvisoryLock)));
  std::vector<std::string> ids;
  ids.reserve(events.size());
  for (const Event& e : events) ids.push_back(e.event_id);
  ASSIGN_OR_RETURN(std::vector<Event> stored, EventsWithIds(ids));
  AppendResult result;
  ASSIGN_OR_RETURN(std::vector<const Event*> fresh,
                   internal::NewEvents(events, stored, &result.skipped));

  std::string added = std::to_string(fresh.size());
  std::string skipped = std::to_string(result.skipped);
  std::string at = info.imported_at.empty() ? internal::NowTimestamp() : info.imported_at;
  const char* params[] = {info.source.c_str(), info.imported_by.c_str(), at.c_str(), added.c_str(),
                          skipped.c_str()};
  {
    PgResult r(
        PQexecParams(conn_,
                     "INSERT INTO imports (source, imported_by, imported_at, added, skipped) "
                     "VALUES ($1, $2, $3, $4::bigint, $5::bigint) RETURNING id",
                     5, nullptr, params, nullptr, nullptr, 0));
    RETURN_IF_ERROR(CheckResult(conn_, r.get()));
    result.import_id = std::atoll(PQgetvalue(r.get(), 0, 0));
  }
  if (!fresh.empty()) {
    RETURN_IF_ERROR(
        Exec("CREATE TEMP TABLE incoming (ord BIGINT, event_id TEXT, person TEXT, kommune INTEGER, "
             "day TEXT, type TEXT, attributes TEXT, recorded_by TEXT, recorded_at TEXT, "
             "supersedes TEXT) ON COMMIT DROP"));
    {
      PgResult r(PQexec(conn_, "COPY incoming FROM STDIN"));
      RETURN_IF_ERROR(CheckResult(conn_, r.get()));
    }
    std::string buf;
    std::int64_t ord = 0;
    for (const Event* e : fresh) {
      buf += std::to_string(ord++);
      buf += '\t';
      AppendCopyField(buf, e->event_id);
      buf += '\t';
      AppendCopyField(buf, e->person);
      buf += '\t';
      buf += std::to_string(e->kommune);
      buf += '\t';
      buf += internal::DayText(e->date);
      buf += '\t';
      buf += EventTypeName(e->type);
      buf += '\t';
      AppendCopyField(buf, e->attributes.ToString());
      buf += '\t';
      AppendCopyField(buf, e->recorded_by);
      buf += '\t';
      AppendCopyField(buf, e->recorded_at);
      buf += '\t';
      if (e->supersedes.empty()) {
        buf += "\\N";
      } else {
        AppendCopyField(buf, e->supersedes);
      }
      buf += '\n';
      if (buf.size() > (1 << 20)) {
        if (PQputCopyData(conn_, buf.data(), static_cast<int>(buf.size())) != 1) {
          return Unavailable("postgresql COPY: {}", ErrorOf(conn_, nullptr));
        }
        buf.clear();
      }
    }
    if (!buf.empty() && PQputCopyData(conn_, buf.data(), static_cast<int>(buf.size())) != 1) {
      return Unavailable("postgresql COPY: {}", ErrorOf(conn_, nullptr));
    }
    if (PQputCopyEnd(conn_, nullptr) != 1) {
      return Unavailable("postgresql COPY: {}", ErrorOf(conn_, nullptr));
    }
    {
      PgResult r(PQgetResult(conn_));
      RETURN_IF_ERROR(CheckResult(conn_, r.get()));
      while (PGresult* extra = PQgetResult(conn_)) PQclear(extra);
    }
    std::string import_id = std::to_string(result.import_id);
    const char* p[] = {import_id.c_str()};
    PgResult r(PQexecParams(
        conn_,
        "INSERT INTO events (event_id, person, kommune, day, type, attributes, recorded_by, "
        "recorded_at, supersedes, import_id) SELECT event_id, person, kommune, day, type, "
        "attributes, recorded_by, recorded_at, supersedes, $1::bigint FROM incoming ORDER BY ord",
        1, nullptr, p, nullptr, nullptr, 0));
    RETURN_IF_ERROR(CheckResult(conn_, r.get()));
    result.added = std::atoll(PQcmdTuples(r.get()));
  }
  RETURN_IF_ERROR(tx.Commit());
  return result;
}

Result<std::vector<Event>> PgEventStore::EventsOfPersons(const std::vector<std::string>& persons,
                                                         const AsOf& as_of) {
  return Select(fmt::format("SELECT {} FROM events WHERE person = ANY($1::text[]) AND "
                            "recorded_at <= $2 ORDER BY seq",
                            kColumns),
                {ArrayLiteral(persons), as_of.value_or("9999")});
}

Result<std::vector<Event>> PgEventStore::EventsWithIds(const std::vector<std::string>& ids) {
  return Select(
      fmt::format("SELECT {} FROM events WHERE event_id = ANY($1::text[]) ORDER BY seq", kColumns),
      {ArrayLiteral(ids)});
}

Status PgEventStore::ForEachEvent(const AsOf& as_of, const std::function<void(Event&&)>& fn) {
  PgTransaction tx(conn_);
  RETURN_IF_ERROR(tx.Begin());
  std::string bound = as_of.value_or("9999");
  const char* params[] = {bound.c_str()};
  {
    PgResult r(PQexecParams(
        conn_,
        fmt::format("DECLARE all_events NO SCROLL CURSOR FOR SELECT {} FROM events WHERE "
                    "recorded_at <= $1 ORDER BY person, seq",
                    kColumns)
            .c_str(),
        1, nullptr, params, nullptr, nullptr, 0));
    RETURN_IF_ERROR(CheckResult(conn_, r.get()));
  }
  for (;;) {
    PgResult r(PQexec(conn_, "FETCH 20000 FROM all_events"));
    RETURN_IF_ERROR(CheckResult(conn_, r.get()));
    int rows = PQntuples(r.get());
    if (rows == 0) break;
    for (int i = 0; i < rows; ++i) {
      ASSIGN_OR_RETURN(Event e, RowToEvent(r.get(), i));
      fn(std::move(e));
    }
  }
  return tx.Commit();
}

Result<std::int64_t> PgEventStore::CountEvents() {
  PgResult r(PQexec(conn_, "SELECT COUNT(*) FROM events"));
  RETURN_IF_ERROR(CheckResult(conn_, r.get()));
  return static_cast<std::int64_t>(std::atoll(PQgetvalue(r.get(), 0, 0)));
}

Status PgEventStore::ExecuteForTest(const std::string& sql) { return Exec(sql); }

}  // namespace fremdrift::cases
