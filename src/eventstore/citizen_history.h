// CitizenHistory: one citizen's effective events (supersessions applied), sorted by day, with the
// derived views the predicates need: events by type, start/end intervals (placements, offers,
// exemptions, visitations, ...), paid hours per month and the responsible municipality on a day.
// Compact, as a national store holds millions of histories: each event is a 16-byte HistoryEvent
// (history_event.h) with its attributes as interned ids (8 bytes each), the by-type view is 4
// bytes an event, there are no per-kind maps, and all of it (the person's id too) lies in one
// allocation a history. The full events (ids,
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
#include <string_view>
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

// A citizen's id as a history keeps it: a view of the history's own copy (valid while the
// history lives), convertible to std::string.
class PersonId : public std::string_view {
 public:
  PersonId() = default;
  explicit PersonId(std::string_view id) : std::string_view(id) {}
  operator std::string() const { return std::string(data(), size()); }
};

class CitizenHistory {
 public:
  // `events`: one person's events that count (EffectiveEvents), in any order. Their attribute
  // texts are interned in StringPool::Shared().
  explicit CitizenHistory(const std::vector<Event>& events);
  // The same from compact input: `person`'s events that count, in any order, their attributes
  // already interned (the runs `events` name in `attributes`). Equal to the history the full
  // events would give.
  CitizenHistory(std::string_view person, std::span<const CompactEvent> events,
                 std::span<const HistoryAttribute> attributes);
  ~CitizenHistory();
  CitizenHistory(const CitizenHistory&) = delete;
  CitizenHistory& operator=(const CitizenHistory&) = delete;

  PersonId person() const {
    return PersonId(std::string_view(reinterpret_cast<const char*>(block_) + person_at_,
                                     person_size_));
  }
  std::span<const HistoryEvent> events() const {  // by day, then arrival
    return {reinterpret_cast<const HistoryEvent*>(block_), event_count_};
  }
  // Events of one type, by day.
  TypedEvents OfType(EventType type) const {
    const auto t = static_cast<unsigned>(type);
    const auto* base = reinterpret_cast<const HistoryEvent*>(block_);
    const auto* first = reinterpret_cast<const std::uint32_t*>(block_ + typed_at_);
    if (((type_mask_ >> t) & 1u) == 0) return {base, first, first};
    // The typed array: the first index of each type present (and the end), then the indexes.
    const std::size_t k = BitCount(type_mask_ & ((1u << t) - 1u));
    const std::uint32_t* indexes = first + BitCount(type_mask_) + 1;
    return {base, indexes + first[k], indexes + first[k + 1]};
  }
  // Intervals of an IntervalKinds() name ("placement"); empty for an unknown name.
  std::span<const Interval> Intervals(std::string_view kind) const;
  // Sum of the paid hours reported for month `m`.
  double PaidHours(MonthIndex m) const;
  // The municipality of the latest event on or before `day` (the first event's before any).
  int KommuneOn(DayNumber day) const;
  // The bytes this history holds (its object and its one block), for measuring.
  std::size_t MemoryBytes() const { return sizeof(*this) + block_size_; }

 private:
  // std::popcount inline (without a popcount instruction in the target it is a library call).
  static constexpr std::size_t BitCount(std::uint32_t x) {
    x = x - ((x >> 1) & 0x55555555u);
    x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
    return static_cast<std::size_t>((((x + (x >> 4)) & 0x0F0F0F0Fu) * 0x01010101u) >> 24);
  }
  struct PaidMonth {
    MonthIndex month;
    double hours;
  };
  // Builds every view from compact input (both constructors end here).
  void Build(std::string_view person, std::span<const CompactEvent> events,
             std::span<const HistoryAttribute> attributes);

  // Compact on purpose (a national store holds millions of histories): everything lies in one
  // block, one allocation a history: the events (by day, then arrival), the intervals ordered by
  // kind, the paid hours by month, the events' attributes (each event's a run ending in a
  // flagged one), the typed array (the first index of each present type and the end, then the
  // events' indexes ordered by type, then day), the first interval of each kind (and the end;
  // none when there are no intervals) and the person's id. Byte offsets into the block:
  std::byte* block_ = nullptr;
  std::uint32_t block_size_ = 0;
  std::uint32_t event_count_ = 0;
  std::uint32_t interval_at_ = 0;
  std::uint32_t paid_at_ = 0;
  std::uint32_t paid_count_ = 0;
  std::uint32_t typed_at_ = 0;
  std::uint32_t kind_begin_at_ = 0;  // == person_at_ when there are no intervals
  std::uint32_t person_at_ = 0;
  std::uint32_t person_size_ = 0;
  std::uint32_t type_mask_ = 0;  // bit t: events of type t are present
};

// The month of a "YYYY-MM" text, or -1.
MonthIndex ParseMonthText(std::string_view text);
DayNumber FirstDayOfMonth(MonthIndex m);
DayNumber LastDayOfMonth(MonthIndex m);
std::string FormatMonth(MonthIndex m);  // "2020-03"

}  // namespace fremdrift::cases
