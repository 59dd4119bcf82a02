// SQLite backend of the event store (see sqlite_event_store.h).
#include "eventstore/sqlite_event_store.h"

#include <algorithm>
#include <optional>

#include "common/thread_pool.h"
#include "db/sqlite_connection.h"
#include "eventstore/event_store_internal.h"
#include "eventstore/migrations.h"

namespace fremdrift::cases {

using internal::kEventColumns;

Result<std::unique_ptr<EventStore>> SqliteEventStore::Open(const std::string& path,
                                                           int max_version) {
  ASSIGN_OR_RETURN(std::unique_ptr<db::SqliteConnection> conn, db::SqliteConnection::Open(path));
  RETURN_IF_ERROR(conn->Exec("PRAGMA journal_mode=WAL"));
  RETURN_IF_ERROR(conn->Exec("PRAGMA synchronous=NORMAL"));
  std::unique_ptr<SqliteEventStore> store(new SqliteEventStore(std::move(conn)));
  auto version = MigrateSchema(*store->conn_, max_version);
  if (!version.ok()) return version.status().WithContext(path);
  store->version_ = *version;
  return std::unique_ptr<EventStore>(std::move(store));
}

namespace {

constexpr int kInsertColumns = 10;
// Rows per INSERT statement of an append: one statement inserts many rows, so its per-statement
// cost (cursors, the AUTOINCREMENT counter) is paid once per batch.
constexpr int kRowsPerInsert = 64;
// An append of at least this many new events into a store holding fewer events than it adds drops
// the two secondary indexes (migrations 1 and 2) at its start and builds them again at its end,
// inside its transaction: one sort is much faster than inserting each row into each index, and a
// rebuild costs at most about as much as the rows added. A kill rolls the drop back with the rest.
constexpr std::size_t kBulkEvents = 10000;
constexpr const char* kDropSecondaryIndexes =
    "DROP INDEX events_person; DROP INDEX events_recorded_at;";
constexpr const char* kCreateSecondaryIndexes =
    "CREATE INDEX events_person ON events (person, seq); "
    "CREATE INDEX events_recorded_at ON events (recorded_at);";
// The page cache an append may use (KiB; SQLite's default is 2,000), so that the indexes' pages
// stay in memory while rows go in and their rebuild sorts in memory; set back when it ends.
constexpr int kAppendCacheKib = 256 * 1024;

std::string InsertSql(int rows) {
  std::string sql =
      "INSERT INTO events (event_id, person, kommune, day, type, attributes, recorded_by, "
      "recorded_at, supersedes, import_id) VALUES ";
  for (int r = 0; r < rows; ++r) sql += r == 0 ? "(?,?,?,?,?,?,?,?,?,?)" : ",(?,?,?,?,?,?,?,?,?,?)";
  return sql;
}

// Binds `e` as row `row` (0-based) of an InsertSql statement.
Status BindRow(db::Statement& ins, int row, const Event& e, std::int64_t import_id) {
  const int b = row * kInsertColumns;
  RETURN_IF_ERROR(ins.BindText(b + 1, e.event_id));
  RETURN_IF_ERROR(ins.BindText(b + 2, e.person));
  RETURN_IF_ERROR(ins.BindInt64(b + 3, e.kommune));
  RETURN_IF_ERROR(ins.BindText(b + 4, internal::DayText(e.date)));
  RETURN_IF_ERROR(ins.BindText(b + 5, EventTypeName(e.type)));
  RETURN_IF_ERROR(ins.BindText(b + 6, e.attributes.ToString()));
  RETURN_IF_ERROR(ins.BindText(b + 7, e.recorded_by));
  RETURN_IF_ERROR(ins.BindText(b + 8, e.recorded_at));
  if (e.supersedes.empty()) {
    RETURN_IF_ERROR(ins.BindNull(b + 9));
  } else {
    RETURN_IF_ERROR(ins.BindText(b + 9, e.supersedes));
  }
  return ins.BindInt64(b + 10, import_id);
}

// Sets the connection's page cache for the length of an append, and lets SQLite sort an index
// being built on the worker threads (FREMDRIFT_THREADS); then sets both back.
class AppendCache {
 public:
  explicit AppendCache(db::Connection& conn) : conn_(conn) {
    if (auto q = conn.Prepare("PRAGMA cache_size"); q.ok()) {
      if (auto row = (*q)->Step(); row.ok() && *row) before_ = (*q)->ColumnInt64(0);
    }
    (void)conn.Exec(fmt::format("PRAGMA cache_size = -{}; PRAGMA threads = {}", kAppendCacheKib,
                                ThreadPool::DefaultThreads()));
  }
  ~AppendCache() {
    (void)conn_.Exec(fmt::format("PRAGMA cache_size = {}; PRAGMA threads = 0", before_));
  }
  AppendCache(const AppendCache&) = delete;
  AppendCache& operator=(const AppendCache&) = delete;

 private:
  db::Connection& conn_;
  std::int64_t before_ = -2000;
};

// Inserts rows through a prepared statement of kRowsPerInsert rows, the rest one by one.
class RowInserter {
 public:
  static Result<RowInserter> Prepare(db::Connection& conn, std::int64_t import_id) {
    RowInserter r;
    r.import_id_ = import_id;
    ASSIGN_OR_RETURN(r.many_, conn.Prepare(InsertSql(kRowsPerInsert)));
    ASSIGN_OR_RETURN(r.one_, conn.Prepare(InsertSql(1)));
    return r;
  }
  // Inserts event(0) ... event(count - 1).
  template <typename At>
  Status Insert(std::size_t count, const At& event) {
    std::size_t i = 0;
    for (; i + kRowsPerInsert <= count; i += kRowsPerInsert) {
      for (int r = 0; r < kRowsPerInsert; ++r) {
        RETURN_IF_ERROR(BindRow(*many_, r, event(i + static_cast<std::size_t>(r)), import_id_));
      }
      RETURN_IF_ERROR(many_->Step().status());
    }
    for (; i < count; ++i) {
      RETURN_IF_ERROR(BindRow(*one_, 0, event(i), import_id_));
      RETURN_IF_ERROR(one_->Step().status());
    }
    return Status::Ok();
  }

 private:
  std::int64_t import_id_ = 0;
  std::unique_ptr<db::Statement> many_, one_;
};

// The pipelined append (event_store.h) on SQLite: one write transaction from the start (BEGIN
// IMMEDIATE, so no other writer comes between the emptiness check and the commit); a large one
// drops the secondary indexes and builds them again in Finish, as Append does.
class SqlitePipelinedAppend final : public internal::PipelinedAppend {
 public:
  SqlitePipelinedAppend(db::Connection& conn, db::Transaction tx)
      : cache_(conn), conn_(conn), tx_(std::move(tx)) {}

  Status Start(int version, const ImportInfo& info, std::size_t expected_events) {
    ASSIGN_OR_RETURN(import_id_, internal::RecordImport(conn_, version, info, 0, 0));
    bulk_ = expected_events >= kBulkEvents;
    if (bulk_) RETURN_IF_ERROR(conn_.Exec(kDropSecondaryIndexes));
    ASSIGN_OR_RETURN(inserter_, RowInserter::Prepare(conn_, import_id_));
    return Status::Ok();
  }

  Status Add(const Event* events, std::size_t count) override {
    RETURN_IF_ERROR(inserter_->Insert(count, [&](std::size_t i) -> const Event& {
      return events[i];
    }));
    added_ += static_cast<std::int64_t>(count);
    return Status::Ok();
  }

  Result<AppendResult> Finish() override {
    inserter_.reset();
    RETURN_IF_ERROR(
        conn_.Run("UPDATE imports SET added = ?, skipped = 0 WHERE id = ?", added_, import_id_)
            .status());
    if (bulk_) RETURN_IF_ERROR(conn_.Exec(kCreateSecondaryIndexes));
    RETURN_IF_ERROR(tx_.Commit());
    AppendResult result;
    result.added = added_;
    result.import_id = import_id_;
    return result;
  }

 private:
  AppendCache cache_;
  db::Connection& conn_;
  db::Transaction tx_;
  std::optional<RowInserter> inserter_;
  std::int64_t import_id_ = 0;
  std::int64_t added_ = 0;
  bool bulk_ = false;
};

}  // namespace

Result<std::unique_ptr<internal::PipelinedAppend>> SqliteEventStore::BeginPipelinedAppend(
    const ImportInfo& info, std::size_t expected_events) {
  if (version_ < 2) return std::unique_ptr<internal::PipelinedAppend>();  // Append says why
  ASSIGN_OR_RETURN(db::Transaction tx, db::Transaction::Begin(*conn_));
  ASSIGN_OR_RETURN(bool any, HasEvents());
  if (any) return std::unique_ptr<internal::PipelinedAppend>();  // rolled back
  auto append = std::make_unique<SqlitePipelinedAppend>(*conn_, std::move(tx));
  RETURN_IF_ERROR(append->Start(version_, info, expected_events));
  return std::unique_ptr<internal::PipelinedAppend>(std::move(append));
}

Result<AppendResult> SqliteEventStore::Append(const std::vector<Event>& events,
                                              const ImportInfo& info) {
  if (version_ < 2)
    return FailedPrecondition("event store schema {} is too old to append", version_);
  AppendCache cache(*conn_);
  ASSIGN_OR_RETURN(db::Transaction tx, db::Transaction::Begin(*conn_));
  // Events are never deleted, so the highest seq is the number of events stored.
  std::int64_t stored_count = 0;
  {
    ASSIGN_OR_RETURN(auto q, conn_->Prepare("SELECT COALESCE(MAX(seq), 0) FROM events"));
    ASSIGN_OR_RETURN(bool row, q->Step());
    stored_count = row ? q->ColumnInt64(0) : 0;
  }
  std::vector<Event> stored;
  if (stored_count > 0) {
    std::vector<std::string> ids;
    ids.reserve(events.size());
    for (const Event& e : events) ids.push_back(e.event_id);
    ASSIGN_OR_RETURN(stored, EventsWithIds(ids));
  }
  AppendResult result;
  ASSIGN_OR_RETURN(std::vector<const Event*> fresh,
                   internal::NewEvents(events, stored, &result.skipped));
  stored = {};

  ASSIGN_OR_RETURN(result.import_id,
                   internal::RecordImport(*conn_, version_, info,
                                          static_cast<std::int64_t>(fresh.size()), result.skipped));
  const bool bulk = fresh.size() >= kBulkEvents &&
                    static_cast<std::int64_t>(fresh.size()) > stored_count;
  if (bulk) RETURN_IF_ERROR(conn_->Exec(kDropSecondaryIndexes));
  {
    ASSIGN_OR_RETURN(RowInserter inserter, RowInserter::Prepare(*conn_, result.import_id));
    RETURN_IF_ERROR(inserter.Insert(fresh.size(),
                                    [&](std::size_t i) -> const Event& { return *fresh[i]; }));
  }
  if (bulk) RETURN_IF_ERROR(conn_->Exec(kCreateSecondaryIndexes));
  result.added = static_cast<std::int64_t>(fresh.size());
  RETURN_IF_ERROR(tx.Commit());
  return result;
}

Result<std::vector<Event>> SqliteEventStore::Lookup(std::string_view sql,
                                                    const std::vector<std::string>& keys,
                                                    const AsOf& as_of) {
  ASSIGN_OR_RETURN(auto q, conn_->Prepare(sql));
  RETURN_IF_ERROR(q->BindText(2, as_of.value_or("9999")));
  std::vector<Event> out;
  for (const std::string& key : keys) {
    RETURN_IF_ERROR(q->BindText(1, key));
    for (;;) {
      ASSIGN_OR_RETURN(bool row, q->Step());
      if (!row) break;
      ASSIGN_OR_RETURN(Event e, internal::EventFromStatement(*q));
      out.push_back(std::move(e));
    }
  }
  return out;
}

Result<std::vector<Event>> SqliteEventStore::EventsOfPersons(
    const std::vector<std::string>& persons, const AsOf& as_of) {
  ASSIGN_OR_RETURN(
      std::vector<Event> out,
      Lookup(fmt::format("SELECT {} FROM events WHERE person = ? AND recorded_at <= ? ORDER BY seq",
                         kEventColumns),
             persons, as_of));
  std::sort(out.begin(), out.end(), [](const Event& a, const Event& b) { return a.seq < b.seq; });
  return out;
}

Result<std::vector<Event>> SqliteEventStore::EventsWithIds(const std::vector<std::string>& ids) {
  return Lookup(
      fmt::format("SELECT {} FROM events WHERE event_id = ? AND recorded_at <= ?", kEventColumns),
      ids, std::nullopt);
}

Status SqliteEventStore::ForEachEvent(const AsOf& as_of, const std::function<void(Event&&)>& fn) {
  ASSIGN_OR_RETURN(auto q, conn_->Prepare(fmt::format(
                               "SELECT {} FROM events WHERE recorded_at <= ? ORDER BY person, seq",
                               kEventColumns)));
  RETURN_IF_ERROR(q->BindText(1, as_of.value_or("9999")));
  for (;;) {
    ASSIGN_OR_RETURN(bool row, q->Step());
    if (!row) break;
    ASSIGN_OR_RETURN(Event e, internal::EventFromStatement(*q));
    fn(std::move(e));
  }
  return Status::Ok();
}

Status SqliteEventStore::ForEachEventRow(const AsOf& as_of,
                                         const std::function<Status(const EventRow&)>& fn) {
  ASSIGN_OR_RETURN(auto q, conn_->Prepare(fmt::format(
                               "SELECT {} FROM events WHERE recorded_at <= ? ORDER BY person, seq",
                               internal::kEventRowColumns)));
  RETURN_IF_ERROR(q->BindText(1, as_of.value_or("9999")));
  for (;;) {
    ASSIGN_OR_RETURN(bool row, q->Step());
    if (!row) break;
    RETURN_IF_ERROR(fn(internal::EventRowFromStatement(*q)));
  }
  return Status::Ok();
}

Result<std::int64_t> SqliteEventStore::CountEvents() {
  ASSIGN_OR_RETURN(auto q, conn_->Prepare("SELECT COUNT(*) FROM events"));
  ASSIGN_OR_RETURN(bool row, q->Step());
  return row ? q->ColumnInt64(0) : 0;
}

Result<bool> SqliteEventStore::HasEvents() {
  ASSIGN_OR_RETURN(auto q, conn_->Prepare("SELECT COUNT(*) FROM (SELECT 1 FROM events LIMIT 1)"));
  ASSIGN_OR_RETURN(bool row, q->Step());
  return row && q->ColumnInt64(0) > 0;
}

Result<DeclaredHorizonInfo> SqliteEventStore::DeclaredHorizon() {
  return internal::ReadDeclaredHorizon(*conn_, version_);
}

Status SqliteEventStore::ExecuteForTest(const std::string& sql) { return conn_->Exec(sql); }

}  // namespace fremdrift::cases
