// CaseData: every citizen's history as the event store held it at an "as of" time — the input of
// all pool measurements. Loaded in one pass over the store (the histories built in parallel), and
// brought up to date after an append by reading only the appended citizens again. Immutable after
// loading; safe to share.
#pragma once

#include <memory>
#include <vector>

#include "eventstore/citizen_history.h"
#include "eventstore/event_store.h"

namespace fremdrift::cases {

struct CaseData {
  // In the store's order of persons; shared, so that an update keeps every unchanged history.
  std::vector<std::shared_ptr<const CitizenHistory>> citizens;
  AsOf as_of;
  DayNumber as_of_day = kOpenEnd;  // the day of `as_of`; kOpenEnd when everything counts
  // The data's horizon: the day up to which the store holds events. The `--as-of` of the latest
  // import when it gave one (EventStore::DeclaredHorizon); else the later of the latest day any
  // import declared and the latest event's day; kOpenEnd when there are neither. Nothing after it
  // is judged: a deadline after it is open.
  DayNumber horizon = kOpenEnd;
  std::int64_t events = 0;

  static Result<CaseData> Load(EventStore& store, const AsOf& as_of);
  // This data (the current state: loaded without an "as of") after `appended` events of `persons`
  // were added to `store`: their histories are read again, every other one is shared, and the
  // horizon is found again. The cost grows with the persons' events, not the store's (apart from
  // copying the list of citizens).
  Result<CaseData> WithPersonsReloaded(EventStore& store, const std::vector<std::string>& persons,
                                       std::int64_t appended) const;
  // From events already in memory (tests); `declared_horizon` ("YYYY-MM-DD") stands for the
  // latest import's --as-of.
  static CaseData FromEvents(std::vector<Event> events, const AsOf& as_of,
                             const std::optional<std::string>& declared_horizon = std::nullopt);
};

}  // namespace fremdrift::cases
