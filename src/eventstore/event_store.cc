// EventStore::Open (backend by URL), EffectiveEvents, and helpers shared by the backends.
#include "eventstore/event_store.h"

#include <ctime>
#include <unordered_map>
#include <unordered_set>

#include "eventstore/event_store_internal.h"
#include "eventstore/pg_event_store.h"
#include "eventstore/sqlite_event_store.h"

namespace fremdrift::cases {

Result<std::unique_ptr<EventStore>> EventStore::Open(const std::string& url, int max_version) {
  if (url.rfind("sqlite:", 0) == 0) {
    std::string path = url.substr(7);
    if (path.rfind("//", 0) == 0) path = path.substr(2);
    if (path.empty()) return InvalidArgument("--db sqlite: needs a file path (sqlite:PATH)");
    return SqliteEventStore::Open(path, max_version);
  }
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    return PgEventStore::Open(url, max_version);
  }
  return InvalidArgument("--db '{}': expected sqlite:PATH or postgresql://...", url);
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

namespace internal {

std::string DayText(DayNumber day) { return FormatIsoDate(CivilFromDays(day)); }

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

Result<std::vector<const Event*>> NewEvents(const std::vector<Event>& events,
                                            const std::vector<Event>& stored,
                                            std::int64_t* skipped) {
  std::unordered_map<std::string_view, const Event*> known;
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
