// SQLite backend of the event store (see sqlite_event_store.h).
#include "eventstore/sqlite_event_store.h"

#include <algorithm>

#include "eventstore/event_store_internal.h"
#include "eventstore/migrations.h"

namespace fremdrift::cases {
namespace {

constexpr std::string_view kColumns =
    "event_id, person, kommune, day, type, attributes, recorded_by, recorded_at, "
    "COALESCE(supersedes, ''), seq";

Result<Event> RowToEvent(const SqliteStatement& s) {
  return internal::EventFromRow(s.ColumnText(0), s.ColumnText(1), s.ColumnInt64(2), s.ColumnText(3),
                                s.ColumnText(4), s.ColumnText(5), s.ColumnText(6), s.ColumnText(7),
                                s.ColumnText(8), s.ColumnInt64(9));
}

// Rolls back unless committed.
class Transaction {
 public:
  explicit Transaction(SqliteDb& db) : db_(db) {}
  ~Transaction() {
    if (open_) (void)db_.Exec("ROLLBACK");
  }
  Status Begin() {
    RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
    open_ = true;
    return Status::Ok();
  }
  Status Commit() {
    RETURN_IF_ERROR(db_.Exec("COMMIT"));
    open_ = false;
    return Status::Ok();
  }

 private:
  SqliteDb& db_;
  bool open_ = false;
};

}  // namespace

Result<std::unique_ptr<EventStore>> SqliteEventStore::Open(const std::string& path,
                                                           int max_version) {
  ASSIGN_OR_RETURN(SqliteDb db, SqliteDb::Open(path));
  RETURN_IF_ERROR(db.Exec("PRAGMA journal_mode=WAL"));
  RETURN_IF_ERROR(db.Exec("PRAGMA synchronous=NORMAL"));
  RETURN_IF_ERROR(db.Exec("PRAGMA foreign_keys=ON"));
  std::unique_ptr<SqliteEventStore> store(new SqliteEventStore(std::move(db)));
  Status st = store->Migrate(max_version);
  if (!st.ok()) return st.WithContext(path);
  return std::unique_ptr<EventStore>(std::move(store));
}

Status SqliteEventStore::Migrate(int max_version) {
  RETURN_IF_ERROR(
      db_.Exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
               "description TEXT NOT NULL, applied_at TEXT NOT NULL)"));
  for (;;) {
    Transaction tx(db_);
    RETURN_IF_ERROR(tx.Begin());
    ASSIGN_OR_RETURN(auto q,
                     db_.Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
    ASSIGN_OR_RETURN(bool row, q.Step());
    version_ = row ? static_cast<int>(q.ColumnInt64(0)) : 0;
    q = SqliteStatement();
    RETURN_IF_ERROR(CheckSchemaNotNewer(version_));
    const Migration* next = NextMigration(version_, max_version);
    if (next == nullptr) return tx.Commit();
    RETURN_IF_ERROR(
        db_.Exec(next->sqlite_sql)
            .WithContext(fmt::format("migration {} ({})", next->version, next->description)));
    ASSIGN_OR_RETURN(auto ins, db_.Prepare("INSERT INTO schema_migrations VALUES (?, ?, ?)"));
    RETURN_IF_ERROR(ins.Bind(1, static_cast<std::int64_t>(next->version)));
    RETURN_IF_ERROR(ins.Bind(2, next->description));
    RETURN_IF_ERROR(ins.Bind(3, internal::NowTimestamp()));
    ASSIGN_OR_RETURN(bool unused, ins.Step());
    (void)unused;
    ins = SqliteStatement();
    RETURN_IF_ERROR(tx.Commit());
  }
}

Result<AppendResult> SqliteEventStore::Append(const std::vector<Event>& events,
                                              const ImportInfo& info) {
  if (version_ < 2)
    return FailedPrecondition("event store schema {} is too old to append", version_);
  Transaction tx(db_);
  RETURN_IF_ERROR(tx.Begin());
  std::vector<std::string> ids;
  ids.reserve(events.size());
  for (const Event& e : events) ids.push_back(e.event_id);
  ASSIGN_OR_RETURN(std::vector<Event> stored, EventsWithIds(ids));
  AppendResult result;
  ASSIGN_OR_RETURN(std::vector<const Event*> fresh,
                   internal::NewEvents(events, stored, &result.skipped));

  ASSIGN_OR_RETURN(auto imp,
                   db_.Prepare("INSERT INTO imports (source, imported_by, imported_at, added, "
                               "skipped) VALUES (?, ?, ?, ?, ?)"));
  RETURN_IF_ERROR(imp.Bind(1, info.source));
  RETURN_IF_ERROR(imp.Bind(2, info.imported_by));
  RETURN_IF_ERROR(
      imp.Bind(3, info.imported_at.empty() ? internal::NowTimestamp() : info.imported_at));
  RETURN_IF_ERROR(imp.Bind(4, static_cast<std::int64_t>(fresh.size())));
  RETURN_IF_ERROR(imp.Bind(5, result.skipped));
  ASSIGN_OR_RETURN(bool unused, imp.Step());
  (void)unused;
  ASSIGN_OR_RETURN(auto idq, db_.Prepare("SELECT last_insert_rowid()"));
  ASSIGN_OR_RETURN(bool has, idq.Step());
  result.import_id = has ? idq.ColumnInt64(0) : 0;

  ASSIGN_OR_RETURN(auto ins,
                   db_.Prepare("INSERT INTO events (event_id, person, kommune, day, type, "
                               "attributes, recorded_by, recorded_at, supersedes, import_id) "
                               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  for (const Event* e : fresh) {
    ins.Reset();
    RETURN_IF_ERROR(ins.Bind(1, e->event_id));
    RETURN_IF_ERROR(ins.Bind(2, e->person));
    RETURN_IF_ERROR(ins.Bind(3, static_cast<std::int64_t>(e->kommune)));
    RETURN_IF_ERROR(ins.Bind(4, internal::DayText(e->date)));
    RETURN_IF_ERROR(ins.Bind(5, EventTypeName(e->type)));
    RETURN_IF_ERROR(ins.Bind(6, e->attributes.ToString()));
    RETURN_IF_ERROR(ins.Bind(7, e->recorded_by));
    RETURN_IF_ERROR(ins.Bind(8, e->recorded_at));
    if (e->supersedes.empty()) {
      RETURN_IF_ERROR(ins.BindNull(9));
    } else {
      RETURN_IF_ERROR(ins.Bind(9, e->supersedes));
    }
    RETURN_IF_ERROR(ins.Bind(10, result.import_id));
    ASSIGN_OR_RETURN(bool r, ins.Step());
    (void)r;
  }
  result.added = static_cast<std::int64_t>(fresh.size());
  RETURN_IF_ERROR(tx.Commit());
  return result;
}

Result<std::vector<Event>> SqliteEventStore::Lookup(std::string_view sql,
                                                    const std::vector<std::string>& keys,
                                                    const AsOf& as_of) {
  ASSIGN_OR_RETURN(auto q, db_.Prepare(sql));
  std::vector<Event> out;
  for (const std::string& key : keys) {
    q.Reset();
    RETURN_IF_ERROR(q.Bind(1, key));
    RETURN_IF_ERROR(q.Bind(2, as_of.value_or("9999")));
    for (;;) {
      ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) break;
      ASSIGN_OR_RETURN(Event e, RowToEvent(q));
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
                         kColumns),
             persons, as_of));
  std::sort(out.begin(), out.end(), [](const Event& a, const Event& b) { return a.seq < b.seq; });
  return out;
}

Result<std::vector<Event>> SqliteEventStore::EventsWithIds(const std::vector<std::string>& ids) {
  return Lookup(
      fmt::format("SELECT {} FROM events WHERE event_id = ? AND recorded_at <= ?", kColumns), ids,
      std::nullopt);
}

Status SqliteEventStore::ForEachEvent(const AsOf& as_of, const std::function<void(Event&&)>& fn) {
  ASSIGN_OR_RETURN(
      auto q, db_.Prepare(fmt::format(
                  "SELECT {} FROM events WHERE recorded_at <= ? ORDER BY person, seq", kColumns)));
  RETURN_IF_ERROR(q.Bind(1, as_of.value_or("9999")));
  for (;;) {
    ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    ASSIGN_OR_RETURN(Event e, RowToEvent(q));
    fn(std::move(e));
  }
  return Status::Ok();
}

Result<std::int64_t> SqliteEventStore::CountEvents() {
  ASSIGN_OR_RETURN(auto q, db_.Prepare("SELECT COUNT(*) FROM events"));
  ASSIGN_OR_RETURN(bool row, q.Step());
  return row ? q.ColumnInt64(0) : 0;
}

Status SqliteEventStore::ExecuteForTest(const std::string& sql) { return db_.Exec(sql); }

}  // namespace fremdrift::cases
