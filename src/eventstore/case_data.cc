// Loading every citizen's history from the store (see case_data.h).
#include "eventstore/case_data.h"

#include <algorithm>

namespace fremdrift::cases {
namespace {

DayNumber AsOfDay(const AsOf& as_of) {
  if (!as_of) return kOpenEnd;
  auto d = ParseIsoDate(std::string_view(*as_of).substr(0, 10));
  return d.ok() ? DaysFromCivil(*d) : kOpenEnd;
}

// The horizon: the latest declared day when the most recent import declared one (it may be
// before or after the latest event); else the later of any declared day and the latest effective
// event's day, so events appended since (through the API, or an import without --as-of) count.
DayNumber HorizonDay(const CaseData& data, const DeclaredHorizonInfo& declared) {
  DayNumber day = kOpenEnd;
  if (declared.day) {
    auto d = ParseIsoDate(std::string_view(*declared.day).substr(0, 10));
    if (d.ok()) day = DaysFromCivil(*d);
    if (d.ok() && declared.by_latest_import) return day;
  }
  DayNumber latest = kOpenEnd;
  for (const auto& c : data.citizens) {
    if (c->events().empty()) continue;
    DayNumber last = c->events().back().date;  // events are by day
    if (latest == kOpenEnd || last > latest) latest = last;
  }
  if (day == kOpenEnd) return latest;
  return latest == kOpenEnd ? day : std::max(day, latest);
}

}  // namespace

Result<CaseData> CaseData::Load(EventStore& store, const AsOf& as_of) {
  CaseData data;
  data.as_of = as_of;
  data.as_of_day = AsOfDay(as_of);
  std::vector<Event> current;
  auto flush = [&] {
    if (current.empty()) return;
    std::vector<Event> effective = EffectiveEvents(std::move(current));
    if (!effective.empty()) {
      data.citizens.push_back(std::make_unique<CitizenHistory>(std::move(effective)));
    }
    current.clear();
  };
  RETURN_IF_ERROR(store.ForEachEvent(as_of, [&](Event&& e) {
    ++data.events;
    if (!current.empty() && current.front().person != e.person) flush();
    current.push_back(std::move(e));
  }));
  flush();
  ASSIGN_OR_RETURN(DeclaredHorizonInfo declared, store.DeclaredHorizon());
  data.horizon = HorizonDay(data, declared);
  return data;
}

CaseData CaseData::FromEvents(std::vector<Event> events, const AsOf& as_of,
                              const std::optional<std::string>& declared_horizon) {
  CaseData data;
  data.as_of = as_of;
  data.as_of_day = AsOfDay(as_of);
  std::stable_sort(events.begin(), events.end(),
                   [](const Event& a, const Event& b) { return a.person < b.person; });
  std::size_t i = 0;
  while (i < events.size()) {
    std::size_t j = i;
    std::vector<Event> one;
    while (j < events.size() && events[j].person == events[i].person) {
      if (!as_of || events[j].recorded_at <= *as_of) one.push_back(events[j]);
      ++j;
    }
    data.events += static_cast<std::int64_t>(one.size());
    if (!one.empty())
      data.citizens.push_back(std::make_unique<CitizenHistory>(EffectiveEvents(std::move(one))));
    i = j;
  }
  data.horizon = HorizonDay(data, {declared_horizon, declared_horizon.has_value()});
  return data;
}

}  // namespace fremdrift::cases
