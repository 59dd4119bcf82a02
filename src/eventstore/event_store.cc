// EventStore::Open (backend by URL), EffectiveEvents, and helpers shared by the backends.
#include "eventstore/event_store.h"

#include <algorithm>
#include <ctime>
#include <unordered_map>
#include <unordered_set>

#include "eventstore/event_store_internal.h"
#include "eventstore/pg_event_store.h"
#include "eventstore/sqlite_event_store.h"

namespace fremdrift::cases {

Result<std::unique_ptr<EventStore>> EventStore::Open(const std::string& url, int max_version) {
  // The URL forms of db::Connection, except a plain path: --db names its backend.
  bool sqlite = url.rfind("sqlite:", 0) == 0;
  bool pg = url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0;
  if (!sqlite && !pg) {
    return InvalidArgument("--db '{}': expected sqlite:PATH or postgresql://...",
                           url.substr(0, url.find("://")));
  }
  auto parsed = db::ParseDatabaseUrl(url);
  if (!parsed.ok()) return InvalidArgument("--db sqlite: needs a file path (sqlite:PATH)");
  if (parsed->backend == db::Backend::kSqlite) {
    return SqliteEventStore::Open(parsed->target, max_version);
  }
  return PgEventStore::Open(parsed->target, max_version);
}

std::vector<Event> EffectiveEvents(std::vector<Event> events) {
  std::unordered_set<std::string> superseded;
  for (const Event& e : events) {
    if (!e.supersedes.empty()) superseded.insert(e.supersedes);
  }
  if (superseded.empty()) return events;
  std::vector<Event> out;
  out.reserve(events.size());
  for (Event& e : events) {
    if (e.type == EventType::kRetraction) continue;
    if (superseded.count(e.event_id) != 0) continue;
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::vector<Event>> CitizenEvents(EventStore& store, const std::string& person,
                                         const AsOf& as_of) {
  ASSIGN_OR_RETURN(std::vector<Event> events, store.EventsOfPersons({person}, as_of));
  std::vector<Event> out = EffectiveEvents(std::move(events));
  std::stable_sort(out.begin(), out.end(), [](const Event& a, const Event& b) {
    return a.date != b.date ? a.date < b.date : a.seq < b.seq;
  });
  return out;
}

namespace internal {

Result<std::unique_ptr<PipelinedAppend>> BeginPipelinedAppend(EventStore& store,
                                                              const ImportInfo& info,
                                                              std::size_t expected_events) {
  if (auto* sqlite = dynamic_cast<SqliteEventStore*>(&store)) {
    return sqlite->BeginPipelinedAppend(info, expected_events);
  }
  if (auto* pg = dynamic_cast<PgEventStore*>(&store)) {
    return pg->BeginPipelinedAppend(info, expected_events);
  }
  return std::unique_ptr<PipelinedAppend>();
}

std::string DayText(DayNumber day) { return FormatIsoDate(CivilFromDays(day)); }

Result<std::int64_t> RecordImport(db::Connection& conn, int schema_version, const ImportInfo& info,
                                  std::int64_t added, std::int64_t skipped) {
  const bool horizon = schema_version >= 6 && !info.data_as_of.empty();
  ASSIGN_OR_RETURN(auto imp,
                   conn.Prepare(horizon ? "INSERT INTO imports (source, imported_by, "
                                          "imported_at, added, skipped, data_as_of) VALUES "
                                          "(?, ?, ?, ?, ?, ?) RETURNING id"
                                        : "INSERT INTO imports (source, imported_by, "
                                          "imported_at, added, skipped) VALUES (?, ?, ?, ?, "
                                          "?) RETURNING id"));
  RETURN_IF_ERROR(imp->BindAll(info.source, info.imported_by,
                               info.imported_at.empty() ? NowTimestamp() : info.imported_at, added,
                               skipped));
  if (horizon) RETURN_IF_ERROR(imp->BindText(6, info.data_as_of));
  ASSIGN_OR_RETURN(bool has, imp->Step());
  const std::int64_t id = has ? imp->ColumnInt64(0) : 0;
  RETURN_IF_ERROR(imp->Run().status());  // to the statement's end (SQLite steps row by row)
  return id;
}

Result<DeclaredHorizonInfo> ReadDeclaredHorizon(db::Connection& conn, int schema_version) {
  DeclaredHorizonInfo info;
  if (schema_version < 6) return info;
  ASSIGN_OR_RETURN(
      auto q, conn.Prepare("SELECT (SELECT MAX(data_as_of) FROM imports WHERE data_as_of IS "
                           "NOT NULL), (SELECT data_as_of FROM imports ORDER BY id DESC LIMIT 1)"));
  ASSIGN_OR_RETURN(bool row, q->Step());
  if (!row) return info;
  info.by_latest_import = !q->ColumnIsNull(1);
  info.day = q->ColumnOptionalText(info.by_latest_import ? 1 : 0);
  return info;
}

Result<Event> EventFromRow(std::string_view event_id, std::string_view person, std::int64_t kommune,
                           std::string_view day, std::string_view type, std::string_view attributes,
                           std::string_view recorded_by, std::string_view recorded_at,
                           std::string_view supersedes, std::int64_t seq) {
  Event e;
  e.event_id = event_id;
  e.person = person;
  e.kommune = static_cast<int>(kommune);
  auto date = ParseIsoDate(day);
  if (!date.ok()) return DataLoss("stored event {} has a bad day '{}'", event_id, day);
  e.date = DaysFromCivil(*date);
  auto t = ParseEventType(type);
  if (!t.ok()) return DataLoss("stored event {} has an unknown type '{}'", event_id, type);
  e.type = *t;
  auto attrs = Attributes::Parse(attributes);
  if (!attrs.ok()) return DataLoss("stored event {}: {}", event_id, attrs.status().message());
  e.attributes = std::move(attrs).value();
  e.recorded_by = recorded_by;
  e.recorded_at = recorded_at;
  e.supersedes = supersedes;
  e.seq = seq;
  return e;
}

Result<Event> EventFromStatement(const db::Statement& s) {
  return EventFromRow(s.ColumnText(0), s.ColumnText(1), s.ColumnInt64(2), s.ColumnText(3),
                      s.ColumnText(4), s.ColumnText(5), s.ColumnText(6), s.ColumnText(7),
                      s.ColumnText(8), s.ColumnInt64(9));
}

EventRow EventRowFromStatement(const db::Statement& s) {
  return {s.ColumnText(0), s.ColumnText(1), s.ColumnInt64(2), s.ColumnText(3),
          s.ColumnText(4), s.ColumnText(5), s.ColumnText(6), s.ColumnInt64(7)};
}

bool IdsStrictlyAscending(const std::vector<Event>& events) {
  for (std::size_t i = 1; i < events.size(); ++i) {
    if (!(events[i - 1].event_id < events[i].event_id)) return false;
  }
  return true;
}

Result<std::vector<const Event*>> NewEvents(const std::vector<Event>& events,
                                            const std::vector<Event>& stored,
                                            std::int64_t* skipped) {
  if (stored.empty() && IdsStrictlyAscending(events)) {
    // Nothing stored to meet and no id repeated: every event is new.
    std::vector<const Event*> out;
    out.reserve(events.size());
    for (const Event& e : events) out.push_back(&e);
    *skipped = 0;
    return out;
  }
  std::unordered_map<std::string_view, const Event*> known;
  known.reserve(stored.size() + events.size());
  for (const Event& e : stored) known[e.event_id] = &e;
  std::vector<const Event*> out;
  out.reserve(events.size());
  *skipped = 0;
  for (const Event& e : events) {
    auto it = known.find(e.event_id);
    if (it != known.end()) {
      if (!it->second->SameContent(e)) {
        return AlreadyExists("event_id '{}' is already stored with different content", e.event_id);
      }
      ++*skipped;
      continue;
    }
    known[e.event_id] = &e;
    out.push_back(&e);
  }
  return out;
}

std::string NowTimestamp() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return buf;
}

}  // namespace internal
}  // namespace fremdrift::cases
