// Helpers shared by the two event-store backends (not part of the public interface): rows to
// events, the duplicate-id check, and the migration driver's bookkeeping. Pure; thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "db/connection.h"
#include "eventstore/event.h"
#include "eventstore/event_store.h"

namespace fremdrift::cases::internal {

// An append into a store that holds no events, fed piece by piece while the rest of the file is
// still being parsed (the import's pipeline). All of it happens in one transaction, begun by
// BeginPipelinedAppend, which also records the import; destroying the object before Finish()
// succeeded rolls everything back (as does a kill of the process), so the store is as it was. The
// caller checks the events before Finish(): every id strictly greater than the one before (the
// store is empty, so none is stored), every row valid, the store checks passed.
class PipelinedAppend {
 public:
  virtual ~PipelinedAppend() = default;
  // Inserts `events` (the next rows of the file, in order) after those added before.
  virtual Status Add(const Event* events, std::size_t count) = 0;
  // Sets the import's counts, builds what the append put off (secondary indexes) and commits.
  virtual Result<AppendResult> Finish() = 0;
};

// Begins a pipelined append of about `expected_events` events when `store` holds no events
// (checked inside the append's transaction, which holds the store's write lock from then on);
// null when it holds some (then EventStore::Append is the way).
Result<std::unique_ptr<PipelinedAppend>> BeginPipelinedAppend(EventStore& store,
                                                              const ImportInfo& info,
                                                              std::size_t expected_events);

// The columns every event query selects, in EventFromStatement's order.
inline constexpr std::string_view kEventColumns =
    "event_id, person, kommune, day, type, attributes, recorded_by, recorded_at, "
    "COALESCE(supersedes, ''), seq";

// The columns ForEachEventRow selects, in EventRowFromStatement's order.
inline constexpr std::string_view kEventRowColumns =
    "event_id, person, kommune, day, type, attributes, COALESCE(supersedes, ''), seq";

// PostgreSQL: the advisory lock that serialises importers and migrations ("fremdrif").
inline constexpr std::int64_t kEventsAdvisoryLock = 0x6672656d64726966;

// Builds an event from the current row of a statement that selected kEventColumns.
Result<Event> EventFromStatement(const db::Statement& row);

// A view of the current row of a statement that selected kEventRowColumns (valid until the
// statement moves on).
EventRow EventRowFromStatement(const db::Statement& row);

// Builds an event from a stored row's text columns.
Result<Event> EventFromRow(std::string_view event_id, std::string_view person, std::int64_t kommune,
                           std::string_view day, std::string_view type, std::string_view attributes,
                           std::string_view recorded_by, std::string_view recorded_at,
                           std::string_view supersedes, std::int64_t seq);

std::string DayText(DayNumber day);

// Records one import (source, who, when, counts and, from schema version 6, its declared
// horizon) in `imports`; its id. Both backends, inside their append transaction.
Result<std::int64_t> RecordImport(db::Connection& conn, int schema_version, const ImportInfo& info,
                                  std::int64_t added, std::int64_t skipped);

// The horizon imports declared (`events import --as-of`), from schema version 6 on; both backends.
Result<DeclaredHorizonInfo> ReadDeclaredHorizon(db::Connection& conn, int schema_version);

// True when each event's id is greater than the one before (so no id is repeated).
bool IdsStrictlyAscending(const std::vector<Event>& events);

// Splits `events` into those to insert and the count already stored; an id stored (or repeated in
// `events`) with different content is an error.
Result<std::vector<const Event*>> NewEvents(const std::vector<Event>& events,
                                            const std::vector<Event>& stored,
                                            std::int64_t* skipped);

// The current UTC time as "YYYY-MM-DDTHH:MM:SS".
std::string NowTimestamp();

}  // namespace fremdrift::cases::internal
