// EventStore: the append-only store of case events, behind one interface with two backends:
// SQLite (`sqlite:PATH`, one file in WAL mode; the embedded default) and PostgreSQL
// (`postgresql://...`; the server option). The schema is versioned and migrated at Open(). Events
// are never updated or deleted (the schema refuses it); a correction is a new event that
// supersedes an earlier one. Thread-safety: one store object per thread (each holds one
// connection); several processes may share a database.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "eventstore/event.h"
#include "common/status.h"

namespace fremdrift::cases {

// Schema version this build writes; Open() migrates older databases up to it and refuses newer.
inline constexpr int kSchemaVersion = 7;

struct ImportInfo {
  std::string source;       // file name
  std::string imported_by;  // user
  std::string imported_at;  // timestamp
  // "YYYY-MM-DD": the day up to which the source holds events (the data's horizon), or empty.
  std::string data_as_of = {};
};

struct AppendResult {
  std::int64_t added = 0;    // events new to the store
  std::int64_t skipped = 0;  // events whose event_id was already stored (same content)
  std::int64_t import_id = 0;
};

// The days imports declared their files to hold events up to (`events import --as-of`).
struct DeclaredHorizonInfo {
  // The most recent import's declared day when it declared one, else the latest day any import
  // declared ("YYYY-MM-DD"), or nullopt.
  std::optional<std::string> day;
  bool by_latest_import = false;  // the most recent import declared a day
};

// "As of": only events recorded at or before this timestamp; nullopt = everything.
using AsOf = std::optional<std::string>;

// One stored event as ForEachEventRow hands it over: the columns a history needs, undecoded, as
// views into the statement's buffers, valid only during the call. `day` is "YYYY-MM-DD", `type`
// the type's name, `attributes` the stored "k=v|k=v" text, `supersedes` empty when it corrects
// nothing. (Who recorded it and when are not read: the "as of" cut is made by the query.)
struct EventRow {
  std::string_view event_id;
  std::string_view person;
  std::int64_t kommune = 0;
  std::string_view day;
  std::string_view type;
  std::string_view attributes;
  std::string_view supersedes;
  std::int64_t seq = 0;
};

class EventStore {
 public:
  virtual ~EventStore() = default;

  // Opens (creating if needed) the store at `url` and applies pending migrations.
  // `max_version` is for tests of the migration path (stop at an older version).
  static Result<std::unique_ptr<EventStore>> Open(const std::string& url,
                                                  int max_version = kSchemaVersion);

  virtual int schema_version() const = 0;
  virtual std::string_view backend() const = 0;  // "sqlite" or "postgresql"

  // Appends `events` in one transaction: all of them or none. An event whose event_id is already
  // stored is skipped when its content is identical and is an error otherwise.
  virtual Result<AppendResult> Append(const std::vector<Event>& events, const ImportInfo& info) = 0;

  // Every stored event of these persons, in order of arrival.
  virtual Result<std::vector<Event>> EventsOfPersons(const std::vector<std::string>& persons,
                                                     const AsOf& as_of) = 0;
  // The stored events with these ids (any person).
  virtual Result<std::vector<Event>> EventsWithIds(const std::vector<std::string>& ids) = 0;
  // Calls `fn` for every stored event recorded up to `as_of`, grouped by person, each person's
  // events in order of arrival.
  virtual Status ForEachEvent(const AsOf& as_of, const std::function<void(Event&&)>& fn) = 0;
  // The same rows in the same order, undecoded (EventRow): no Event is built, nothing is
  // allocated per row. A non-OK status from `fn` stops the read and is returned.
  virtual Status ForEachEventRow(const AsOf& as_of,
                                 const std::function<Status(const EventRow&)>& fn) = 0;
  virtual Result<std::int64_t> CountEvents() = 0;
  // Whether any event is stored (cheap at any size, unlike CountEvents).
  virtual Result<bool> HasEvents() = 0;
  // The `data_as_of` imports gave, and whether the most recent import gave one (schema
  // 6; older stores have none). Not filtered by an "as of": imports are stamped with the wall
  // clock, events with their source's time; an "as of" earlier than the horizon bounds the
  // judgement day by itself.
  virtual Result<DeclaredHorizonInfo> DeclaredHorizon() = 0;

  // Runs raw SQL (tests: proves the schema refuses updates and deletes).
  virtual Status ExecuteForTest(const std::string& sql) = 0;
};

// Keeps the events that count: drops every event superseded (or retracted) by another event in
// `events`, and the retractions themselves. Input in any order; output keeps the input order.
std::vector<Event> EffectiveEvents(std::vector<Event> events);

// One citizen's events that count, in full, by day and then arrival: the events a CitizenHistory
// holds in compact form (for the citizen's timeline, which shows ids and who recorded what).
Result<std::vector<Event>> CitizenEvents(EventStore& store, const std::string& person,
                                         const AsOf& as_of);

}  // namespace fremdrift::cases
