// CitizenHistory: one citizen's effective events (supersessions applied), sorted by day, with the
// derived views the predicates need: events by type, start/end intervals (placements, offers,
// exemptions, visitations, ...), paid hours per month and the responsible municipality on a day.
// Kept compact (flat vectors, no per-kind maps). Immutable after construction; safe to share
// between threads.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
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

  const std::string& person() const;
  const std::vector<Event>& events() const { return events_; }  // by day, then arrival
  // Events of one type, by day.
  std::span<const Event* const> OfType(EventType type) const {
    const auto t = static_cast<std::size_t>(type);
    return {typed_.data() + type_begin_[t], typed_.data() + type_begin_[t + 1]};
  }
  // Intervals of an IntervalKinds() name ("placement"); empty for an unknown name.
  std::span<const Interval> Intervals(std::string_view kind) const;
  // Sum of the paid hours reported for month `m`.
  double PaidHours(MonthIndex m) const;
  // The municipality of the latest event on or before `day` (the first event's before any).
  int KommuneOn(DayNumber day) const;

 private:
  // Compact on purpose (a national store holds millions of histories): the events, pointers to
  // them ordered by type (then day), the first pointer of each type, the intervals ordered by
  // kind with the first of each kind, and the paid hours by month.
  std::vector<Event> events_;
  std::vector<const Event*> typed_;
  std::array<std::uint32_t, kEventTypeCount + 1> type_begin_{};
  std::vector<Interval> intervals_;
  std::vector<std::uint32_t> kind_begin_;  // IntervalKinds().size() + 1 entries, or none
  std::vector<std::pair<MonthIndex, double>> paid_hours_;  // by month
};

// The month of a "YYYY-MM" text, or -1.
MonthIndex ParseMonthText(std::string_view text);
DayNumber FirstDayOfMonth(MonthIndex m);
DayNumber LastDayOfMonth(MonthIndex m);
std::string FormatMonth(MonthIndex m);  // "2020-03"

}  // namespace fremdrift::cases
