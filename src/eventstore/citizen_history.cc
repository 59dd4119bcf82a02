// One citizen's derived case state (see citizen_history.h).
#include "eventstore/citizen_history.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstring>
#include <new>

#include "common/check.h"

namespace fremdrift::cases {

MonthIndex ParseMonthText(std::string_view text) {
  if (text.size() != 7 || text[4] != '-') return -1;
  int y = 0, m = 0;
  auto r1 = std::from_chars(text.data(), text.data() + 4, y);
  auto r2 = std::from_chars(text.data() + 5, text.data() + 7, m);
  if (r1.ec != std::errc() || r2.ec != std::errc() || m < 1 || m > 12) return -1;
  return MakeMonth(y, m);
}

DayNumber FirstDayOfMonth(MonthIndex m) { return DaysFromCivil(YearOfMonth(m), MonthOfYear(m), 1); }

DayNumber LastDayOfMonth(MonthIndex m) { return FirstDayOfMonth(m + 1) - 1; }

std::string FormatMonth(MonthIndex m) {
  return fmt::format("{:04d}-{:02d}", YearOfMonth(m), MonthOfYear(m));
}

CitizenHistory::CitizenHistory(const std::vector<Event>& events) {
  std::vector<CompactEvent> compact;
  compact.reserve(events.size());
  std::size_t attribute_count = 0;
  for (const Event& e : events) attribute_count += e.attributes.items().size();
  std::vector<HistoryAttribute> attributes;
  attributes.reserve(attribute_count);
  StringPool& pool = StringPool::Shared();
  for (const Event& e : events) {
    CompactEvent c;
    c.date = e.date;
    c.kommune = static_cast<std::uint16_t>(e.kommune);
    c.type = e.type;
    c.first_attribute = static_cast<std::uint32_t>(attributes.size());
    c.attribute_count = static_cast<std::uint32_t>(e.attributes.items().size());
    c.seq = e.seq;
    for (const auto& [key, value] : e.attributes.items()) {
      attributes.push_back({pool.Intern(key), pool.Intern(value)});
    }
    compact.push_back(c);
  }
  Build(events.empty() ? std::string_view() : std::string_view(events.front().person), compact,
        attributes);
}

CitizenHistory::CitizenHistory(std::string_view person, std::span<const CompactEvent> events,
                               std::span<const HistoryAttribute> attributes) {
  Build(person, events, attributes);
}

CitizenHistory::~CitizenHistory() { ::operator delete(block_); }

namespace {

// What a history is built in before it is copied into its one block; kept per thread, so that
// building one allocates only the block.
struct Scratch {
  struct Event {
    DayNumber date;
    std::uint16_t kommune;
    EventType type;
    std::uint32_t first_attribute;  // into `attributes`; attribute_count 0: none
    std::uint32_t attribute_count;
  };
  struct Span {
    DayNumber start;
    DayNumber end;
    std::uint32_t event;  // index of the start event
  };
  std::vector<std::uint32_t> order;
  std::vector<Event> events;
  std::vector<HistoryAttribute> attributes;
  std::vector<std::uint32_t> typed;
  std::vector<Span> intervals;
  std::vector<std::uint32_t> kind_begin;
  std::vector<std::pair<MonthIndex, double>> paid;
  std::vector<std::uint32_t> merged;
  std::vector<std::size_t> open;
};

std::size_t AlignUp(std::size_t n, std::size_t a) { return (n + a - 1) / a * a; }

}  // namespace

void CitizenHistory::Build(std::string_view person, std::span<const CompactEvent> events,
                           std::span<const HistoryAttribute> attributes) {
  thread_local Scratch s;
  // The events in day order, then arrival.
  s.order.resize(events.size());
  for (std::size_t i = 0; i < s.order.size(); ++i) s.order[i] = static_cast<std::uint32_t>(i);
  std::stable_sort(s.order.begin(), s.order.end(), [&](std::uint32_t a, std::uint32_t b) {
    const CompactEvent& x = events[a];
    const CompactEvent& y = events[b];
    return x.date != y.date ? x.date < y.date : x.seq < y.seq;
  });
  s.events.clear();
  s.attributes.clear();
  for (std::uint32_t i : s.order) {
    const CompactEvent& e = events[i];
    Scratch::Event h{e.date, e.kommune, e.type, static_cast<std::uint32_t>(s.attributes.size()),
                     e.attribute_count};
    if (e.attribute_count > 0) {
      const auto run = attributes.subspan(e.first_attribute, e.attribute_count);
      s.attributes.insert(s.attributes.end(), run.begin(), run.end());
      s.attributes.back().key |= HistoryAttribute::kLast;
    }
    s.events.push_back(h);
  }
  auto view = [&](const Scratch::Event& e) {
    return e.attribute_count == 0 ? AttributeView()
                                  : AttributeView(s.attributes.data() + e.first_attribute);
  };
  // Indexes by type, each type's in day order (a counting sort over the day-ordered events),
  // after the first index of each type present.
  std::array<std::uint32_t, kEventTypeCount> counts{};
  for (const Scratch::Event& e : s.events) ++counts[static_cast<std::size_t>(e.type)];
  std::uint32_t mask = 0;
  for (std::size_t t = 0; t < counts.size(); ++t) {
    if (counts[t] > 0) mask |= std::uint32_t{1} << t;
  }
  const auto present = static_cast<std::size_t>(std::popcount(mask));
  s.typed.resize(present + 1 + s.events.size());
  std::array<std::uint32_t, kEventTypeCount> type_first{};  // index into typed's indexes
  {
    std::array<std::uint32_t, kEventTypeCount> next{};
    std::uint32_t at = 0;
    std::size_t k = 0;
    for (std::size_t t = 0; t < counts.size(); ++t) {
      if (counts[t] == 0) continue;
      s.typed[k++] = at;
      type_first[t] = at;
      next[t] = at;
      at += counts[t];
    }
    s.typed[k] = at;
    std::uint32_t* indexes = s.typed.data() + present + 1;
    for (std::uint32_t i = 0; i < s.events.size(); ++i) {
      indexes[next[static_cast<std::size_t>(s.events[i].type)]++] = i;
    }
  }
  const std::uint32_t* indexes = s.typed.data() + present + 1;
  auto of_type = [&](EventType type) {
    const auto t = static_cast<std::size_t>(type);
    return std::span<const std::uint32_t>(indexes + type_first[t], counts[t]);
  };
  s.paid.clear();
  for (std::uint32_t i : of_type(EventType::kPaidHours)) {
    const AttributeView a = view(s.events[i]);
    MonthIndex m = ParseMonthText(a.Get("month"));
    double hours = 0;
    std::string_view h = a.Get("hours");
    std::from_chars(h.data(), h.data() + h.size(), hours);
    if (m < 0) continue;
    auto it = std::lower_bound(s.paid.begin(), s.paid.end(), m,
                               [](const auto& p, MonthIndex month) { return p.first < month; });
    if (it != s.paid.end() && it->first == m) {
      it->second += hours;
    } else {
      s.paid.insert(it, {m, hours});
    }
  }
  const auto& kinds = IntervalKinds();
  s.intervals.clear();
  s.kind_begin.clear();
  bool any = false;
  for (const IntervalKind& kind : kinds) any = any || counts[static_cast<std::size_t>(kind.start)];
  if (any) {
    for (const IntervalKind& kind : kinds) {
      s.kind_begin.push_back(static_cast<std::uint32_t>(s.intervals.size()));
      const auto starts = of_type(kind.start);
      if (starts.empty()) continue;
      // Walk starts and ends in day order; an end closes the latest open interval with the same
      // match attribute (or the latest open one when the end does not say).
      s.merged.assign(starts.begin(), starts.end());
      const auto ends = of_type(kind.end);
      s.merged.insert(s.merged.end(), ends.begin(), ends.end());
      std::sort(s.merged.begin(), s.merged.end());
      s.open.clear();
      for (std::uint32_t i : s.merged) {
        const Scratch::Event& e = s.events[i];
        if (e.type == kind.start) {
          s.intervals.push_back({e.date, kOpenEnd, i});
          s.open.push_back(s.intervals.size() - 1);
          continue;
        }
        std::string_view key =
            kind.match_key.empty() ? std::string_view() : view(e).Get(kind.match_key);
        for (auto it = s.open.rbegin(); it != s.open.rend(); ++it) {
          Scratch::Span& iv = s.intervals[*it];
          if (key.empty() || view(s.events[iv.event]).Get(kind.match_key) == key) {
            iv.end = std::max(iv.start, e.date);
            s.open.erase(std::next(it).base());
            break;
          }
        }
      }
    }
    s.kind_begin.push_back(static_cast<std::uint32_t>(s.intervals.size()));
  }
  // The one block: 8-byte aligned parts first.
  static_assert(alignof(HistoryEvent) <= 8 && alignof(Interval) <= 8 && alignof(PaidMonth) <= 8);
  std::size_t size = s.events.size() * sizeof(HistoryEvent);
  interval_at_ = static_cast<std::uint32_t>(size);
  size += s.intervals.size() * sizeof(Interval);
  paid_at_ = static_cast<std::uint32_t>(size);
  size += s.paid.size() * sizeof(PaidMonth);
  const std::size_t attribute_at = size;
  size += s.attributes.size() * sizeof(HistoryAttribute);
  typed_at_ = static_cast<std::uint32_t>(size);
  size += s.typed.size() * sizeof(std::uint32_t);
  kind_begin_at_ = static_cast<std::uint32_t>(size);
  size += s.kind_begin.size() * sizeof(std::uint32_t);
  person_at_ = static_cast<std::uint32_t>(size);
  size += person.size();
  FREMDRIFT_CHECK(size <= std::numeric_limits<std::uint32_t>::max());
  block_size_ = static_cast<std::uint32_t>(AlignUp(std::max<std::size_t>(size, 1), 8));
  block_ = static_cast<std::byte*>(::operator new(block_size_));
  event_count_ = static_cast<std::uint32_t>(s.events.size());
  paid_count_ = static_cast<std::uint32_t>(s.paid.size());
  person_size_ = static_cast<std::uint32_t>(person.size());
  type_mask_ = mask;
  auto* out_attributes = reinterpret_cast<HistoryAttribute*>(block_ + attribute_at);
  if (!s.attributes.empty()) {
    std::memcpy(out_attributes, s.attributes.data(),
                s.attributes.size() * sizeof(HistoryAttribute));
  }
  auto* out_events = reinterpret_cast<HistoryEvent*>(block_);
  for (std::size_t i = 0; i < s.events.size(); ++i) {
    const Scratch::Event& e = s.events[i];
    HistoryEvent* h = new (out_events + i) HistoryEvent();
    h->date = e.date;
    h->kommune = e.kommune;
    h->type = e.type;
    if (e.attribute_count > 0) h->attributes = AttributeView(out_attributes + e.first_attribute);
  }
  auto* out_intervals = reinterpret_cast<Interval*>(block_ + interval_at_);
  for (std::size_t i = 0; i < s.intervals.size(); ++i) {
    const Scratch::Span& iv = s.intervals[i];
    new (out_intervals + i) Interval{iv.start, iv.end, out_events + iv.event};
  }
  auto* out_paid = reinterpret_cast<PaidMonth*>(block_ + paid_at_);
  for (std::size_t i = 0; i < s.paid.size(); ++i) {
    new (out_paid + i) PaidMonth{s.paid[i].first, s.paid[i].second};
  }
  std::memcpy(block_ + typed_at_, s.typed.data(), s.typed.size() * sizeof(std::uint32_t));
  if (!s.kind_begin.empty()) {
    std::memcpy(block_ + kind_begin_at_, s.kind_begin.data(),
                s.kind_begin.size() * sizeof(std::uint32_t));
  }
  if (!person.empty()) std::memcpy(block_ + person_at_, person.data(), person.size());
}

std::span<const Interval> CitizenHistory::Intervals(std::string_view kind) const {
  if (kind_begin_at_ == person_at_) return {};  // no intervals
  const auto* begin = reinterpret_cast<const std::uint32_t*>(block_ + kind_begin_at_);
  const auto* intervals = reinterpret_cast<const Interval*>(block_ + interval_at_);
  const auto& kinds = IntervalKinds();
  for (std::size_t k = 0; k < kinds.size(); ++k) {
    if (kinds[k].name == kind) return {intervals + begin[k], intervals + begin[k + 1]};
  }
  return {};
}

double CitizenHistory::PaidHours(MonthIndex m) const {
  const auto* first = reinterpret_cast<const PaidMonth*>(block_ + paid_at_);
  const auto* last = first + paid_count_;
  const auto* it = std::lower_bound(
      first, last, m, [](const PaidMonth& p, MonthIndex month) { return p.month < month; });
  return it != last && it->month == m ? it->hours : 0.0;
}

int CitizenHistory::KommuneOn(DayNumber day) const {
  const std::span<const HistoryEvent> all = events();
  if (all.empty()) return 0;
  int kommune = all.front().kommune;
  for (const HistoryEvent& e : all) {
    if (e.date > day) break;
    kommune = e.kommune;
  }
  return kommune;
}

}  // namespace fremdrift::cases
