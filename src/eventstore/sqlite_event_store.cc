// SQLite backend of the event store (see sqlite_event_store.h).
#include "eventstore/sqlite_event_store.h"

#include <algorithm>

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

Result<AppendResult> SqliteEventStore::Append(const std::vector<Event>& events,
                                              const ImportInfo& info) {
  if (version_ < 2)
    return FailedPrecondition("event store schema {} is too old to append", version_);
  ASSIGN_OR_RETURN(db::Transaction tx, db::Transaction::Begin(*conn_));
  std::vector<std::string> ids;
  ids.reserve(events.size());
  for (const Event& e : events) ids.push_back(e.event_id);
  ASSIGN_OR_RETURN(std::vector<Event> stored, EventsWithIds(ids));
  AppendResult result;
  ASSIGN_OR_RETURN(std::vector<const Event*> fresh,
                   internal::NewEvents(events, stored, &result.skipped));

  ASSIGN_OR_RETURN(result.import_id,
                   internal::RecordImport(*conn_, version_, info,
                                          static_cast<std::int64_t>(fresh.size()), result.skipped));

  ASSIGN_OR_RETURN(auto ins,
                   conn_->Prepare("INSERT INTO events (event_id, person, kommune, day, type, "
                                  "attributes, recorded_by, recorded_at, supersedes, import_id) "
                                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  for (const Event* e : fresh) {
    RETURN_IF_ERROR(ins->BindText(1, e->event_id));
    RETURN_IF_ERROR(ins->BindText(2, e->person));
    RETURN_IF_ERROR(ins->BindInt64(3, e->kommune));
    RETURN_IF_ERROR(ins->BindText(4, internal::DayText(e->date)));
    RETURN_IF_ERROR(ins->BindText(5, EventTypeName(e->type)));
    RETURN_IF_ERROR(ins->BindText(6, e->attributes.ToString()));
    RETURN_IF_ERROR(ins->BindText(7, e->recorded_by));
    RETURN_IF_ERROR(ins->BindText(8, e->recorded_at));
    if (e->supersedes.empty()) {
      RETURN_IF_ERROR(ins->BindNull(9));
    } else {
      RETURN_IF_ERROR(ins->BindText(9, e->supersedes));
    }
    RETURN_IF_ERROR(ins->BindInt64(10, result.import_id));
    RETURN_IF_ERROR(ins->Step().status());
  }
  result.added = static_cast<std::int64_t>(fresh.size());
  ins.reset();
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

Result<std::int64_t> SqliteEventStore::CountEvents() {
  ASSIGN_OR_RETURN(auto q, conn_->Prepare("SELECT COUNT(*) FROM events"));
  ASSIGN_OR_RETURN(bool row, q->Step());
  return row ? q->ColumnInt64(0) : 0;
}

Result<DeclaredHorizonInfo> SqliteEventStore::DeclaredHorizon() {
  return internal::ReadDeclaredHorizon(*conn_, version_);
}

Status SqliteEventStore::ExecuteForTest(const std::string& sql) { return conn_->Exec(sql); }

}  // namespace fremdrift::cases
