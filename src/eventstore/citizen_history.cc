// One citizen's derived case state (see citizen_history.h).
#include "eventstore/citizen_history.h"

#include <algorithm>
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

CitizenHistory::CitizenHistory(std::vector<Event> events) : events_(std::move(events)) {
  std::stable_sort(events_.begin(), events_.end(), [](const Event& a, const Event& b) {
    return a.date != b.date ? a.date < b.date : a.seq < b.seq;
  });
  if (!events_.empty()) person_ = events_.front().person;
  for (const Event& e : events_) {
    by_type_[static_cast<int>(e.type)].push_back(&e);
    if (e.type == EventType::kPaidHours) {
      MonthIndex m = ParseMonthText(e.attributes.Get("month"));
      double hours = 0;
      std::string_view h = e.attributes.Get("hours");
      std::from_chars(h.data(), h.data() + h.size(), hours);
      if (m >= 0) paid_hours_[m] += hours;
    }
  }
  for (const IntervalKind& kind : IntervalKinds()) {
    const auto& starts = OfType(kind.start);
    if (starts.empty()) continue;
    std::vector<Interval>& out = intervals_[kind.name];
    // Walk starts and ends in day order; an end closes the latest open interval with the same
    // match attribute (or the latest open one when the end does not say).
    std::vector<const Event*> merged = starts;
    const auto& ends = OfType(kind.end);
    merged.insert(merged.end(), ends.begin(), ends.end());
    std::stable_sort(merged.begin(), merged.end(), [](const Event* a, const Event* b) {
      return a->date != b->date ? a->date < b->date : a->seq < b->seq;
    });
    std::vector<std::size_t> open;  // indexes into out
    for (const Event* e : merged) {
      if (e->type == kind.start) {
        out.push_back({e->date, kOpenEnd, e});
        open.push_back(out.size() - 1);
        continue;
      }
      std::string_view key =
          kind.match_key.empty() ? std::string_view() : e->attributes.Get(kind.match_key);
      for (auto it = open.rbegin(); it != open.rend(); ++it) {
        Interval& iv = out[*it];
        if (key.empty() || iv.start_event->attributes.Get(kind.match_key) == key) {
          iv.end = std::max(iv.start, e->date);
          open.erase(std::next(it).base());
          break;
        }
      }
    }
  }
}

const std::vector<Interval>& CitizenHistory::Intervals(std::string_view kind) const {
  static const std::vector<Interval> kEmpty;
  auto it = intervals_.find(kind);
  return it == intervals_.end() ? kEmpty : it->second;
}

double CitizenHistory::PaidHours(MonthIndex m) const {
  auto it = paid_hours_.find(m);
  return it == paid_hours_.end() ? 0.0 : it->second;
}

int CitizenHistory::KommuneOn(DayNumber day) const {
  if (events_.empty()) return 0;
  int kommune = events_.front().kommune;
  for (const Event& e : events_) {
    if (e.date > day) break;
    kommune = e.kommune;
  }
  return kommune;
}

}  // namespace fremdrift::cases
