// Predicates over a citizen's state in a month, written as small expressions in the model files:
//   at_end(visitation, project=fsm2) and group(fsm2, 1) and not at_end(exemption)
//   paid_hours(min=30) or during(education, kind=su|ordinaer)
// Primitives (docs/cases.md): ever, in_month, during, at_end, group, paid_hours, true, false;
// combined with and/or/not and parentheses; a bare name refers to a named definition of the model.
// A month context made for a citizen (MonthContext::ForCitizen) shows the predicates only the
// citizen's stay in the municipality responsible on the reference day: what that jobcenter holds.
// Parsed once, evaluated many times. Immutable after parsing; safe to share between threads.
#pragma once

#include <limits>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "eventstore/citizen_history.h"
#include "common/status.h"

namespace fremdrift::cases {

// The month being measured: its first day and the reference day (the month's last day, or the
// "as of" day when that falls inside the month). Status predicates look at the reference day,
// activity predicates at [first, ref].
struct MonthContext {
  MonthIndex month = 0;
  DayNumber first = 0;
  DayNumber ref = 0;
  // ForCitizen: the municipality the citizen is counted in (0 from Of()), and when `scoped` (the
  // citizen's events are more than one municipality's) only events recorded by it dated on or
  // after `since` count: the current stay there (an interval counts by its start event).
  int kommune = 0;
  bool scoped = false;
  DayNumber since = std::numeric_limits<DayNumber>::min();
  static MonthContext Of(MonthIndex m, DayNumber as_of_day);
  // As Of(), scoped to the citizen's stay in the municipality of their latest event on or before
  // the reference day (the one they are counted in; paid_hours, dated when reported, do not move
  // anyone): a citizen who moved is measured in the new municipality on its own events only, and
  // the old one's events (its "left") are not seen there.
  static MonthContext ForCitizen(const CitizenHistory& citizen, MonthIndex m, DayNumber as_of_day);
  bool Sees(const HistoryEvent& e) const {
    return !scoped || (e.kommune == kommune && e.date >= since);
  }
};

// An event type with attribute conditions: `decision(kind=ressourceforloeb)`; each condition
// lists accepted values separated by '|'. Used by predicates and deadlines.
struct EventMatcher {
  EventType type = EventType::kVisitation;
  std::vector<std::pair<std::string, std::vector<std::string>>> conditions;
  bool Matches(const HistoryEvent& e) const;
  bool Matches(const Event& e) const;
  // Parses "type(key=a|b, ...)" or a bare "type".
  static Result<EventMatcher> Parse(std::string_view text);
};

class Predicate {
 public:
  struct Node;
  Predicate();
  ~Predicate();
  Predicate(Predicate&&) noexcept;
  Predicate& operator=(Predicate&&) noexcept;
  Predicate(const Predicate&) = delete;
  Predicate& operator=(const Predicate&) = delete;

  // Parses `text`; bare names are looked up in `definitions` (name → expression text).
  static Result<Predicate> Parse(std::string_view text,
                                 const std::map<std::string, std::string>& definitions = {});
  bool Evaluate(const CitizenHistory& citizen, const MonthContext& month) const;
  const std::string& text() const { return text_; }

 private:
  std::unique_ptr<Node> root_;
  std::string text_;
};

}  // namespace fremdrift::cases
