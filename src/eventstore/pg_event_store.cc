// PostgreSQL backend of the event store (see pg_event_store.h).
#include "eventstore/pg_event_store.h"

#include <algorithm>

#include "eventstore/event_store_internal.h"
#include "eventstore/migrations.h"

namespace fremdrift::cases {
namespace {

using internal::kEventColumns;

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

// Appends `e` to `buf` as one row of COPY's text format: event_id, person, kommune, day, type,
// attributes, recorded_by, recorded_at, supersedes and, unless `import_id` is empty, import_id.
void AppendCopyRow(std::string& buf, const Event& e, std::string_view import_id) {
  using Pg = db::PgConnection;
  Pg::AppendCopyField(buf, e.event_id);
  buf += '\t';
  Pg::AppendCopyField(buf, e.person);
  buf += '\t';
  buf += std::to_string(e.kommune);
  buf += '\t';
  buf += internal::DayText(e.date);
  buf += '\t';
  buf += EventTypeName(e.type);
  buf += '\t';
  Pg::AppendCopyField(buf, e.attributes.ToString());
  buf += '\t';
  Pg::AppendCopyField(buf, e.recorded_by);
  buf += '\t';
  Pg::AppendCopyField(buf, e.recorded_at);
  buf += '\t';
  if (e.supersedes.empty()) {
    buf += "\\N";
  } else {
    Pg::AppendCopyField(buf, e.supersedes);
  }
  if (!import_id.empty()) {
    buf += '\t';
    buf += import_id;
  }
  buf += '\n';
}

// A pipelined append (event_store.h) of at least this many events goes in without the secondary
// indexes, which are built again before the commit (one sort each instead of a b-tree insert per
// row); a kill rolls the drop back with the rest.
constexpr std::size_t kBulkEvents = 10000;
// COPY data is sent in chunks of about this many bytes.
constexpr std::size_t kCopyChunk = 4 << 20;

// The pipelined append on PostgreSQL: the rows go by COPY straight into `events` (the store is
// empty and the caller checks that the ids ascend, so no row conflicts), inside one transaction
// that holds the append lock.
class PgPipelinedAppend final : public internal::PipelinedAppend {
 public:
  PgPipelinedAppend(db::PgConnection& conn, db::Transaction tx) : conn_(conn), tx_(std::move(tx)) {}

  Status Start(int version, const ImportInfo& info, std::size_t expected_events) {
    ASSIGN_OR_RETURN(import_id_, internal::RecordImport(conn_, version, info, 0, 0));
    import_id_text_ = std::to_string(import_id_);
    bulk_ = expected_events >= kBulkEvents;
    if (bulk_) {
      RETURN_IF_ERROR(conn_.Exec("DROP INDEX events_person, events_recorded_at"));
    }
    RETURN_IF_ERROR(conn_.BeginCopy(
        "COPY events (event_id, person, kommune, day, type, attributes, recorded_by, "
        "recorded_at, supersedes, import_id) FROM STDIN"));
    return Status::Ok();
  }

  Status Add(const Event* events, std::size_t count) override {
    for (std::size_t i = 0; i < count; ++i) {
      AppendCopyRow(buf_, events[i], import_id_text_);
      if (buf_.size() >= kCopyChunk) {
        RETURN_IF_ERROR(conn_.PutCopyData(buf_));
        buf_.clear();
      }
    }
    added_ += static_cast<std::int64_t>(count);
    return Status::Ok();
  }

  Result<AppendResult> Finish() override {
    if (!buf_.empty()) RETURN_IF_ERROR(conn_.PutCopyData(buf_));
    std::string().swap(buf_);
    ASSIGN_OR_RETURN(std::int64_t copied, conn_.EndCopy());
    if (copied != added_) {
      return Internal("postgresql copy: {} rows copied of {}", copied, added_);
    }
    RETURN_IF_ERROR(
        conn_.Run("UPDATE imports SET added = ?, skipped = 0 WHERE id = ?", added_, import_id_)
            .status());
    if (bulk_) {
      RETURN_IF_ERROR(conn_.Exec(
          "SET LOCAL maintenance_work_mem = '256MB'; "
          "CREATE INDEX events_person ON events (person, seq); "
          "CREATE INDEX events_recorded_at ON events (recorded_at)"));
    }
    RETURN_IF_ERROR(tx_.Commit());
    AppendResult result;
    result.added = added_;
    result.import_id = import_id_;
    return result;
  }

 private:
  db::PgConnection& conn_;
  db::Transaction tx_;  // rolled back (and the COPY ended) unless committed
  std::int64_t import_id_ = 0;
  std::string import_id_text_;
  std::string buf_;
  std::int64_t added_ = 0;
  bool bulk_ = false;
};

}  // namespace

Result<std::unique_ptr<internal::PipelinedAppend>> PgEventStore::BeginPipelinedAppend(
    const ImportInfo& info, std::size_t expected_events) {
  if (version_ < 2) return std::unique_ptr<internal::PipelinedAppend>();  // Append says why
  ASSIGN_OR_RETURN(db::Transaction tx, db::Transaction::Begin(*conn_));
  RETURN_IF_ERROR(
      conn_->Exec(fmt::format("SELECT pg_advisory_xact_lock({})", internal::kEventsAdvisoryLock)));
  ASSIGN_OR_RETURN(bool any, HasEvents());
  if (any) return std::unique_ptr<internal::PipelinedAppend>();  // rolled back
  auto append = std::make_unique<PgPipelinedAppend>(*conn_, std::move(tx));
  RETURN_IF_ERROR(append->Start(version_, info, expected_events));
  return std::unique_ptr<internal::PipelinedAppend>(std::move(append));
}

Result<std::unique_ptr<EventStore>> PgEventStore::Open(const std::string& url, int max_version) {
  ASSIGN_OR_RETURN(std::unique_ptr<db::PgConnection> conn, db::PgConnection::Open(url));
  std::unique_ptr<PgEventStore> store(new PgEventStore(std::move(conn)));
  ASSIGN_OR_RETURN(store->version_, MigrateSchema(*store->conn_, max_version));
  return std::unique_ptr<EventStore>(std::move(store));
}

Result<std::vector<Event>> PgEventStore::Select(const std::string& sql,
                                                const std::vector<std::string>& params) {
  ASSIGN_OR_RETURN(auto q, conn_->Prepare(sql));
  for (std::size_t i = 0; i < params.size(); ++i) {
    RETURN_IF_ERROR(q->BindText(static_cast<int>(i) + 1, params[i]));
  }
  std::vector<Event> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, q->Step());
    if (!row) break;
    if (out.empty())
      out.reserve(static_cast<std::size_t>(std::max<std::int64_t>(q->RowCountHint(), 0)));
    ASSIGN_OR_RETURN(Event e, internal::EventFromStatement(*q));
    out.push_back(std::move(e));
  }
  return out;
}

Result<AppendResult> PgEventStore::Append(const std::vector<Event>& events,
                                          const ImportInfo& info) {
  if (version_ < 2)
    return FailedPrecondition("event store schema {} is too old to append", version_);
  ASSIGN_OR_RETURN(db::Transaction tx, db::Transaction::Begin(*conn_));
  // One importer at a time, like SQLite's single writer: the duplicate check below stays true.
  RETURN_IF_ERROR(
      conn_->Exec(fmt::format("SELECT pg_advisory_xact_lock({})", internal::kEventsAdvisoryLock)));
  AppendResult result;
  // Repeats inside `events` first (in memory), then the rest into a staging table by COPY, where
  // the server compares them with the stored events (no event is sent back).
  ASSIGN_OR_RETURN(std::vector<const Event*> fresh,
                   internal::NewEvents(events, {}, &result.skipped));
  if (!fresh.empty()) RETURN_IF_ERROR(CopyIncoming(fresh));
  ASSIGN_OR_RETURN(bool any_stored, HasEvents());
  std::int64_t already = 0;
  if (any_stored && !fresh.empty()) {
    RETURN_IF_ERROR(conn_->Exec("ANALYZE incoming"));
    ASSIGN_OR_RETURN(
        auto differ,
        conn_->Prepare("SELECT i.event_id FROM incoming i JOIN events e ON e.event_id = "
                       "i.event_id WHERE (e.person, e.kommune, e.day, e.type, e.attributes, "
                       "e.recorded_by, e.recorded_at, COALESCE(e.supersedes, '')) IS DISTINCT "
                       "FROM (i.person, i.kommune, i.day, i.type, i.attributes, i.recorded_by, "
                       "i.recorded_at, COALESCE(i.supersedes, '')) ORDER BY i.ord LIMIT 1"));
    ASSIGN_OR_RETURN(bool conflict, differ->Step());
    if (conflict) {
      return AlreadyExists("event_id '{}' is already stored with different content",
                           differ->ColumnText(0));
    }
    ASSIGN_OR_RETURN(auto same, conn_->Prepare("SELECT COUNT(*) FROM incoming i JOIN events e ON "
                                               "e.event_id = i.event_id"));
    ASSIGN_OR_RETURN(bool row, same->Step());
    already = row ? same->ColumnInt64(0) : 0;
  }
  result.skipped += already;
  const std::int64_t to_add = static_cast<std::int64_t>(fresh.size()) - already;
  ASSIGN_OR_RETURN(result.import_id,
                   internal::RecordImport(*conn_, version_, info, to_add, result.skipped));
  if (to_add > 0) {
    ASSIGN_OR_RETURN(
        result.added,
        conn_->Run("INSERT INTO events (event_id, person, kommune, day, type, attributes, "
                   "recorded_by, recorded_at, supersedes, import_id) SELECT event_id, person, "
                   "kommune, day, type, attributes, recorded_by, recorded_at, supersedes, "
                   "CAST(? AS BIGINT) FROM incoming ORDER BY ord ON CONFLICT (event_id) DO NOTHING",
                   result.import_id));
  }
  RETURN_IF_ERROR(tx.Commit());
  return result;
}

// The new events into a temporary table dropped at commit, by COPY in 1 MB chunks.
Status PgEventStore::CopyIncoming(const std::vector<const Event*>& fresh) {
  RETURN_IF_ERROR(
      conn_->Exec("CREATE TEMP TABLE incoming (ord BIGINT, event_id TEXT, person TEXT, kommune "
                  "INTEGER, day TEXT, type TEXT, attributes TEXT, recorded_by TEXT, recorded_at "
                  "TEXT, supersedes TEXT) ON COMMIT DROP"));
  RETURN_IF_ERROR(conn_->BeginCopy("COPY incoming FROM STDIN"));
  std::string buf;
  std::int64_t ord = 0;
  for (const Event* e : fresh) {
    buf += std::to_string(ord++);
    buf += '\t';
    AppendCopyRow(buf, *e, {});
    if (buf.size() > (1 << 20)) {
      RETURN_IF_ERROR(conn_->PutCopyData(buf));
      buf.clear();
    }
  }
  if (!buf.empty()) RETURN_IF_ERROR(conn_->PutCopyData(buf));
  return conn_->EndCopy().status();
}

Result<std::vector<Event>> PgEventStore::EventsOfPersons(const std::vector<std::string>& persons,
                                                         const AsOf& as_of) {
  return Select(fmt::format("SELECT {} FROM events WHERE person = ANY(CAST(? AS TEXT[])) AND "
                            "recorded_at <= ? ORDER BY seq",
                            kEventColumns),
                {ArrayLiteral(persons), as_of.value_or("9999")});
}

Result<std::vector<Event>> PgEventStore::EventsWithIds(const std::vector<std::string>& ids) {
  return Select(fmt::format("SELECT {} FROM events WHERE event_id = ANY(CAST(? AS TEXT[])) "
                            "ORDER BY seq",
                            kEventColumns),
                {ArrayLiteral(ids)});
}

namespace {

// Every stored event recorded up to `as_of` in the order of persons and arrival, the `columns`
// of each row handed to `fn` (a non-OK status stops the read), read through a cursor 20,000 rows
// at a time so that the whole store is never in the client's memory.
Status ScanEvents(db::Connection& conn, std::string_view columns, const AsOf& as_of,
                  const std::function<Status(const db::Statement&)>& fn) {
  ASSIGN_OR_RETURN(db::Transaction tx, db::Transaction::Begin(conn));
  ASSIGN_OR_RETURN(int64_t declared,
                   conn.Run(fmt::format("DECLARE all_events NO SCROLL CURSOR FOR SELECT {} FROM "
                                        "events WHERE recorded_at <= ? ORDER BY person, seq",
                                        columns),
                            as_of.value_or("9999")));
  (void)declared;
  {
    ASSIGN_OR_RETURN(auto fetch, conn.Prepare("FETCH 20000 FROM all_events"));
    for (;;) {
      int rows = 0;
      for (;;) {
        ASSIGN_OR_RETURN(bool row, fetch->Step());
        if (!row) break;
        ++rows;
        RETURN_IF_ERROR(fn(*fetch));
      }
      if (rows == 0) break;
    }
  }
  return tx.Commit();
}

}  // namespace

Status PgEventStore::ForEachEvent(const AsOf& as_of, const std::function<void(Event&&)>& fn) {
  return ScanEvents(*conn_, kEventColumns, as_of, [&](const db::Statement& row) -> Status {
    ASSIGN_OR_RETURN(Event e, internal::EventFromStatement(row));
    fn(std::move(e));
    return Status::Ok();
  });
}

Status PgEventStore::ForEachEventRow(const AsOf& as_of,
                                     const std::function<Status(const EventRow&)>& fn) {
  return ScanEvents(*conn_, internal::kEventRowColumns, as_of, [&](const db::Statement& row) {
    return fn(internal::EventRowFromStatement(row));
  });
}

Result<std::int64_t> PgEventStore::CountEvents() {
  ASSIGN_OR_RETURN(auto q, conn_->Prepare("SELECT COUNT(*) FROM events"));
  ASSIGN_OR_RETURN(bool row, q->Step());
  return row ? q->ColumnInt64(0) : 0;
}

Result<bool> PgEventStore::HasEvents() {
  ASSIGN_OR_RETURN(auto q, conn_->Prepare("SELECT COUNT(*) FROM (SELECT 1 FROM events LIMIT 1) t"));
  ASSIGN_OR_RETURN(bool row, q->Step());
  return row && q->ColumnInt64(0) > 0;
}

Result<DeclaredHorizonInfo> PgEventStore::DeclaredHorizon() {
  return internal::ReadDeclaredHorizon(*conn_, version_);
}

Status PgEventStore::ExecuteForTest(const std::string& sql) { return conn_->Exec(sql); }

}  // namespace fremdrift::cases
