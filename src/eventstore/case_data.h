// CaseData: every citizen's history as the event store held it at an "as of" time — the input of
// all pool measurements. Loaded in one pass over the store. Immutable after loading; safe to share.
#pragma once

#include <memory>
#include <vector>

#include "eventstore/citizen_history.h"
#include "eventstore/event_store.h"

namespace fremdrift::cases {

struct CaseData {
  std::vector<std::unique_ptr<CitizenHistory>> citizens;
  AsOf as_of;
  DayNumber as_of_day = kOpenEnd;  // the day of `as_of`; kOpenEnd when everything counts
  std::int64_t events = 0;

  static Result<CaseData> Load(EventStore& store, const AsOf& as_of);
  // From events already in memory (tests).
  static CaseData FromEvents(std::vector<Event> events, const AsOf& as_of);
};

}  // namespace fremdrift::cases
