// CitizenHistory: one citizen's effective events (supersessions applied), sorted by day, with the
// derived views the predicates need: events by type, start/end intervals (placements, offers,
// exemptions, visitations, ...), paid hours per month and the responsible municipality on a day.
// Compact, as a national store holds millions of histories: each event is a 16-byte HistoryEvent
// (history_event.h) with its attributes as interned ids (8 bytes each) in one array per history,
// the by-type view is 4 bytes an event, and there are no per-kind maps. The full events (ids,
// who recorded them) stay in the store: CitizenEvents (event_store.h) reads one citizen's.
// Immutable after construction; safe to share between threads.
#pragma once

#include <array>
#include <bit>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <limits>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "domain/period.h"
#include "eventstore/event.h"
#include "eventstore/history_event.h"

namespace fremdrift::cases {

inline constexpr DayNumber kOpenEnd = std::numeric_limits<DayNumber>::max();

struct Interval {
  DayNumber start = 0;
  DayNumber end = kOpenEnd;  // inclusive last day; kOpenEnd while open
  const HistoryEvent* start_event = nullptr;
  bool Overlaps(DayNumber first, DayNumber last) const { return start <= last && end >= first; }
  bool Covers(DayNumber day) const { return start <= day && day <= end; }
};

// The events of one type in a history, as pointers (a random-access range over 4-byte indexes).
class TypedEvents {
 public:
  class iterator {
   public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = const HistoryEvent*;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = const HistoryEvent*;
    iterator() = default;
    iterator(const HistoryEvent* base, const std::uint32_t* at) : base_(base), at_(at) {}
    const HistoryEvent* operator*() const { return base_ + *at_; }
    const HistoryEvent* operator[](difference_type n) const { return base_ + at_[n]; }
    iterator& operator++() {
      ++at_;
      return *this;
    }
    iterator operator++(int) {
      iterator old = *this;
      ++at_;
      return old;
    }
    iterator& operator--() {
      --at_;
      return *this;
    }
    iterator operator--(int) {
      iterator old = *this;
      --at_;
      return old;
    }
    iterator& operator+=(difference_type n) {
      at_ += n;
      return *this;
    }
    iterator& operator-=(difference_type n) {
      at_ -= n;
      return *this;
    }
    friend iterator operator+(iterator i, difference_type n) { return i += n; }
    friend iterator operator+(difference_type n, iterator i) { return i += n; }
    friend iterator operator-(iterator i, difference_type n) { return i -= n; }
    friend difference_type operator-(const iterator& a, const iterator& b) { return a.at_ - b.at_; }
    friend bool operator==(const iterator& a, const iterator& b) { return a.at_ == b.at_; }
    friend auto operator<=>(const iterator& a, const iterator& b) { return a.at_ <=> b.at_; }

   private:
    const HistoryEvent* base_ = nullptr;
    const std::uint32_t* at_ = nullptr;
  };

  TypedEvents(const HistoryEvent* base, const std::uint32_t* first, const std::uint32_t* last)
      : base_(base), first_(first), last_(last) {}
  iterator begin() const { return {base_, first_}; }
  iterator end() const { return {base_, last_}; }
  std::size_t size() const { return static_cast<std::size_t>(last_ - first_); }
  bool empty() const { return first_ == last_; }
  const HistoryEvent* operator[](std::size_t i) const { return base_ + first_[i]; }
  const HistoryEvent* front() const { return base_ + *first_; }
  const HistoryEvent* back() const { return base_ + last_[-1]; }

 private:
  const HistoryEvent* base_;
  const std::uint32_t* first_;
  const std::uint32_t* last_;
};

// One event as a history is built from compact input (history_rows.h reads the store so): its
// day, municipality, type, order of arrival, and its attributes as a run of `attribute_count`
// (key, value) ids of StringPool::Shared() in key order, from `first_attribute` on, unflagged.
struct CompactEvent {
  DayNumber date = 0;
  std::uint16_t kommune = 0;
  EventType type = EventType::kVisitation;
  std::uint32_t first_attribute = 0;
  std::uint32_t attribute_count = 0;
  std::int64_t seq = 0;
};

static_assert(kEventTypeCount <= 32, "a history keeps the types present as bits of 32");

class CitizenHistory {
 public:
  // `events`: one person's events that count (EffectiveEvents), in any order. Their attribute
  // texts are interned in StringPool::Shared().
  explicit CitizenHistory(const std::vector<Event>& events);
  // The same from compact input: `person`'s events that count, in any order, their attributes
  // already interned (the runs `events` name in `attributes`). Equal to the history the full
  // events would give.
  CitizenHistory(std::string person, std::span<const CompactEvent> events,
                 std::span<const HistoryAttribute> attributes);
  CitizenHistory(const CitizenHistory&) = delete;
  CitizenHistory& operator=(const CitizenHistory&) = delete;

  const std::string& person() const { return person_; }
  std::span<const HistoryEvent> events() const { return events_; }  // by day, then arrival
  // Events of one type, by day.
  TypedEvents OfType(EventType type) const {
    const auto t = static_cast<unsigned>(type);
    const std::uint32_t* first = typed_.data();
    if (((type_mask_ >> t) & 1u) == 0) return {events_.data(), first, first};
    // typed_: the first index of each type present (and the end), then the indexes.
    const auto k = static_cast<std::size_t>(std::popcount(type_mask_ & ((1u << t) - 1u)));
    const std::uint32_t* indexes = first + std::popcount(type_mask_) + 1;
    return {events_.data(), indexes + typed_[k], indexes + typed_[k + 1]};
  }
  // Intervals of an IntervalKinds() name ("placement"); empty for an unknown name.
  std::span<const Interval> Intervals(std::string_view kind) const;
  // Sum of the paid hours reported for month `m`.
  double PaidHours(MonthIndex m) const;
  // The municipality of the latest event on or before `day` (the first event's before any).
  int KommuneOn(DayNumber day) const;

 private:
  // Builds every view from compact input (both constructors end here).
  void Build(std::span<const CompactEvent> events, std::span<const HistoryAttribute> attributes);

  // Compact on purpose (a national store holds millions of histories): the events, their
  // attributes (each event's a run ending in a flagged one), the types present (a bit each) and
  // in one array the first index of each present type (and the end) followed by the events'
  // indexes ordered by type (then day), the intervals ordered by kind with the first of each
  // kind, and the paid hours by month.
  std::string person_;
  std::vector<HistoryEvent> events_;
  std::vector<HistoryAttribute> attributes_;
  std::vector<std::uint32_t> typed_;
  std::uint32_t type_mask_ = 0;  // bit t: events of type t are present
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
