// One citizen's derived case state (see citizen_history.h).
#include "eventstore/citizen_history.h"

#include <algorithm>
#include <bit>
#include <charconv>

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
  if (!events.empty()) person_ = events.front().person;
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
  Build(compact, attributes);
}

CitizenHistory::CitizenHistory(std::string person, std::span<const CompactEvent> events,
                               std::span<const HistoryAttribute> attributes)
    : person_(std::move(person)) {
  Build(events, attributes);
}

void CitizenHistory::Build(std::span<const CompactEvent> events,
                           std::span<const HistoryAttribute> attributes) {
  // The events in day order, then arrival.
  std::vector<std::uint32_t> order(events.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<std::uint32_t>(i);
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    const CompactEvent& x = events[a];
    const CompactEvent& y = events[b];
    return x.date != y.date ? x.date < y.date : x.seq < y.seq;
  });
  // Attributes first, sized once, so that the events can point into them.
  std::size_t attribute_count = 0;
  for (const CompactEvent& e : events) attribute_count += e.attribute_count;
  attributes_.reserve(attribute_count);
  events_.reserve(events.size());
  for (std::uint32_t i : order) {
    const CompactEvent& e = events[i];
    HistoryEvent h;
    h.date = e.date;
    h.kommune = e.kommune;
    h.type = e.type;
    if (e.attribute_count > 0) {
      h.attributes = AttributeView(attributes_.data() + attributes_.size());
      const auto run = attributes.subspan(e.first_attribute, e.attribute_count);
      attributes_.insert(attributes_.end(), run.begin(), run.end());
      attributes_.back().key |= HistoryAttribute::kLast;
    }
    events_.push_back(h);
  }
  // Indexes by type, each type's in day order (a counting sort over the day-ordered events),
  // after the first index of each type present.
  std::array<std::uint32_t, kEventTypeCount> counts{};
  for (const HistoryEvent& e : events_) ++counts[static_cast<std::size_t>(e.type)];
  type_mask_ = 0;
  for (std::size_t t = 0; t < counts.size(); ++t) {
    if (counts[t] > 0) type_mask_ |= std::uint32_t{1} << t;
  }
  const auto present = static_cast<std::size_t>(std::popcount(type_mask_));
  typed_.resize(present + 1 + events_.size());
  {
    std::array<std::uint32_t, kEventTypeCount> next{};
    std::uint32_t at = 0;
    std::size_t k = 0;
    for (std::size_t t = 0; t < counts.size(); ++t) {
      if (counts[t] == 0) continue;
      typed_[k++] = at;
      next[t] = at;
      at += counts[t];
    }
    typed_[k] = at;
    std::uint32_t* indexes = typed_.data() + present + 1;
    for (std::uint32_t i = 0; i < events_.size(); ++i) {
      indexes[next[static_cast<std::size_t>(events_[i].type)]++] = i;
    }
  }
  for (const HistoryEvent* e : OfType(EventType::kPaidHours)) {
    MonthIndex m = ParseMonthText(e->attributes.Get("month"));
    double hours = 0;
    std::string_view h = e->attributes.Get("hours");
    std::from_chars(h.data(), h.data() + h.size(), hours);
    if (m < 0) continue;
    auto it = std::lower_bound(paid_hours_.begin(), paid_hours_.end(), m,
                               [](const auto& p, MonthIndex month) { return p.first < month; });
    if (it != paid_hours_.end() && it->first == m) {
      it->second += hours;
    } else {
      paid_hours_.insert(it, {m, hours});
    }
  }
  paid_hours_.shrink_to_fit();
  const auto& kinds = IntervalKinds();
  bool any = false;
  for (const IntervalKind& kind : kinds) any = any || !OfType(kind.start).empty();
  if (!any) return;
  kind_begin_.reserve(kinds.size() + 1);
  std::vector<std::uint32_t> merged;  // indexes into events_: their order is day, then arrival
  std::vector<std::size_t> open;      // indexes into intervals_
  for (const IntervalKind& kind : kinds) {
    kind_begin_.push_back(static_cast<std::uint32_t>(intervals_.size()));
    const TypedEvents starts = OfType(kind.start);
    if (starts.empty()) continue;
    // Walk starts and ends in day order; an end closes the latest open interval with the same
    // match attribute (or the latest open one when the end does not say).
    merged.clear();
    for (const HistoryEvent* e : starts) {
      merged.push_back(static_cast<std::uint32_t>(e - events_.data()));
    }
    for (const HistoryEvent* e : OfType(kind.end)) {
      merged.push_back(static_cast<std::uint32_t>(e - events_.data()));
    }
    std::sort(merged.begin(), merged.end());
    open.clear();
    for (std::uint32_t i : merged) {
      const HistoryEvent* e = &events_[i];
      if (e->type == kind.start) {
        intervals_.push_back({e->date, kOpenEnd, e});
        open.push_back(intervals_.size() - 1);
        continue;
      }
      std::string_view key =
          kind.match_key.empty() ? std::string_view() : e->attributes.Get(kind.match_key);
      for (auto it = open.rbegin(); it != open.rend(); ++it) {
        Interval& iv = intervals_[*it];
        if (key.empty() || iv.start_event->attributes.Get(kind.match_key) == key) {
          iv.end = std::max(iv.start, e->date);
          open.erase(std::next(it).base());
          break;
        }
      }
    }
  }
  kind_begin_.push_back(static_cast<std::uint32_t>(intervals_.size()));
  intervals_.shrink_to_fit();
}

std::span<const Interval> CitizenHistory::Intervals(std::string_view kind) const {
  if (kind_begin_.empty()) return {};
  const auto& kinds = IntervalKinds();
  for (std::size_t k = 0; k < kinds.size(); ++k) {
    if (kinds[k].name == kind) {
      return {intervals_.data() + kind_begin_[k], intervals_.data() + kind_begin_[k + 1]};
    }
  }
  return {};
}

double CitizenHistory::PaidHours(MonthIndex m) const {
  auto it = std::lower_bound(paid_hours_.begin(), paid_hours_.end(), m,
                             [](const auto& p, MonthIndex month) { return p.first < month; });
  return it != paid_hours_.end() && it->first == m ? it->second : 0.0;
}

int CitizenHistory::KommuneOn(DayNumber day) const {
  if (events_.empty()) return 0;
  int kommune = events_.front().kommune;
  for (const HistoryEvent& e : events_) {
    if (e.date > day) break;
    kommune = e.kommune;
  }
  return kommune;
}

}  // namespace fremdrift::cases
