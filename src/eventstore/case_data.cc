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
  return data;
}

CaseData CaseData::FromEvents(std::vector<Event> events, const AsOf& as_of) {
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
  return data;
}

}  // namespace fremdrift::cases
