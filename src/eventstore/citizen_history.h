// CitizenHistory: one citizen's effective events (supersessions applied), sorted by day, with the
// derived views the predicates need: events by type, start/end intervals (placements, offers,
// exemptions, visitations, ...), paid hours per month and the responsible municipality on a day.
// Immutable after construction; safe to share between threads.
#pragma once

#include <array>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

#include "eventstore/event.h"
#include "domain/period.h"

namespace fremdrift::cases {

inline constexpr DayNumber kOpenEnd = std::numeric_limits<DayNumber>::max();

struct Interval {
  DayNumber start = 0;
  DayNumber end = kOpenEnd;  // inclusive last day; kOpenEnd while open
  const Event* start_event = nullptr;
  bool Overlaps(DayNumber first, DayNumber last) const { return start <= last && end >= first; }
  bool Covers(DayNumber day) const { return start <= day && day <= end; }
};

class CitizenHistory {
 public:
  // `events`: one person's events that count (EffectiveEvents), in any order.
  explicit CitizenHistory(std::vector<Event> events);
  CitizenHistory(const CitizenHistory&) = delete;
  CitizenHistory& operator=(const CitizenHistory&) = delete;

  const std::string& person() const { return person_; }
  const std::vector<Event>& events() const { return events_; }  // by day, then arrival
  // Events of one type, by day.
  const std::vector<const Event*>& OfType(EventType type) const {
    return by_type_[static_cast<int>(type)];
  }
  // Intervals of an IntervalKinds() name ("placement"); empty for an unknown name.
  const std::vector<Interval>& Intervals(std::string_view kind) const;
  // Sum of the paid hours reported for month `m`.
  double PaidHours(MonthIndex m) const;
  // The municipality of the latest event on or before `day` (the first event's before any).
  int KommuneOn(DayNumber day) const;

 private:
  std::string person_;
  std::vector<Event> events_;
  std::array<std::vector<const Event*>, kEventTypeCount> by_type_;
  std::unordered_map<std::string_view, std::vector<Interval>> intervals_;
  std::unordered_map<MonthIndex, double> paid_hours_;
};

// The month of a "YYYY-MM" text, or -1.
MonthIndex ParseMonthText(std::string_view text);
DayNumber FirstDayOfMonth(MonthIndex m);
DayNumber LastDayOfMonth(MonthIndex m);
std::string FormatMonth(MonthIndex m);  // "2020-03"

}  // namespace fremdrift::cases
