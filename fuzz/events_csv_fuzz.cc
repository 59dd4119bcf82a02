// libFuzzer target for the case-event CSV reader (docs/formats/events.md): the whole input is
// parsed and validated as an events file (columns, ids, municipalities, dates, types, typed
// attributes, timestamps, supersedes). Invariants on what it accepts: every event re-validates,
// the file written back by EventsToCsv parses to the same events, and the effective events build
// a citizen history whose intervals are well formed. Any crash, sanitizer report or broken
// invariant is a bug; crashing inputs go into fuzz/crashes/events/ as regression inputs.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "eventstore/citizen_history.h"
#include "eventstore/event_import.h"
#include "eventstore/event_store.h"
#include "common/check.h"
#include "domain/reference.h"

using namespace fremdrift;
using namespace fremdrift::cases;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const ReferenceData* ref = new ReferenceData(*ReferenceData::LoadEmbedded());
  std::string_view text(reinterpret_cast<const char*>(data), size);
  ImportOptions options;
  options.reference = ref;
  auto parsed = ParseEvents(text, "fuzz.csv", options);
  if (!parsed.ok()) {
    FREMDRIFT_CHECK(parsed.status().message().rfind("fuzz.csv", 0) == 0);
    return 0;
  }
  FREMDRIFT_CHECK(parsed->events.size() == parsed->lines.size());
  for (const Event& e : parsed->events) {
    FREMDRIFT_CHECK(!e.event_id.empty() && !e.person.empty() && !e.recorded_by.empty());
    FREMDRIFT_CHECK(ValidateAttributes(e.type, e.attributes).ok());
    FREMDRIFT_CHECK(ParseTimestamp(e.recorded_at).ok());
    FREMDRIFT_CHECK(ref->MunicipalityIndex(e.kommune) >= 0);
  }
  // Round trip: what `events list` writes is read back as the same events.
  auto again = ParseEvents(EventsToCsv(parsed->events), "again.csv", options);
  FREMDRIFT_CHECK(again.ok());
  FREMDRIFT_CHECK(again->events.size() == parsed->events.size());
  for (std::size_t i = 0; i < again->events.size(); ++i) {
    FREMDRIFT_CHECK(again->events[i].SameContent(parsed->events[i]));
  }
  // Derived state: per person, effective events → history with ordered, closed-or-open intervals.
  std::map<std::string, std::vector<Event>> by_person;
  for (const Event& e : parsed->events) by_person[e.person].push_back(e);
  for (auto& [person, events] : by_person) {
    std::vector<Event> effective = EffectiveEvents(events);
    FREMDRIFT_CHECK(effective.size() <= events.size());
    if (effective.empty()) continue;
    CitizenHistory history(std::move(effective));
    for (const IntervalKind& kind : IntervalKinds()) {
      for (const Interval& iv : history.Intervals(kind.name)) {
        FREMDRIFT_CHECK(iv.start <= iv.end);
        FREMDRIFT_CHECK(iv.start_event != nullptr && iv.start_event->type == kind.start);
      }
    }
  }
  return 0;
}
