// Test support for the history load: generated case events with corrections, chained corrections
// and retractions (some citizens left with nothing), and a history described as text in full
// (events, attributes, the by-type view, intervals, paid hours), so that two ways of building a
// history can be compared. Test-only; pure.
#pragma once

#include <fmt/format.h>

#include <random>
#include <string>
#include <vector>

#include "eventstore/citizen_history.h"
#include "eventstore/event.h"

namespace fremdrift::cases {

// "YYYY-MM-DDT09:00:00" on `day`.
inline std::string RecordedAtOnDay(DayNumber day) {
  return FormatIsoDate(CivilFromDays(day)) + "T09:00:00";
}

// Events of `persons` citizens ("h0000", ...), in order of arrival (seq 0: not stored yet), made
// from `seed`: visitations, placements, conversations, paid hours and CV registrations over
// 2020, some corrected (also a correction again), some retracted, one citizen in five with every
// event retracted. Recorded the day after their day, or later for a correction.
inline std::vector<Event> GenerateCaseEvents(std::uint32_t seed, int persons) {
  std::mt19937 rng(seed);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<std::uint32_t>(n)); };
  std::vector<Event> out;
  int next_id = 0;
  for (int p = 0; p < persons; ++p) {
    const std::string person = fmt::format("h{:04d}", p);
    const bool retract_all = p % 5 == 3;
    std::vector<std::size_t> theirs;  // indexes into `out` of this citizen's events
    const int n = 1 + pick(10);
    for (int k = 0; k < n; ++k) {
      Event e;
      e.event_id = fmt::format("s{}-{}", seed, next_id++);
      e.person = person;
      e.kommune = pick(4) == 0 ? 217 : 657;
      e.date = DaysFromCivil(2020, 1 + pick(12), 1 + pick(28));
      e.recorded_by = "sb";
      e.recorded_at = RecordedAtOnDay(e.date + 1 + pick(3));
      switch (pick(6)) {
        case 0:
          e.type = EventType::kVisitation;
          e.attributes =
              *Attributes::Parse(pick(2) ? "group=1|project=fsm2" : "project=haandholdt");
          break;
        case 1:
          e.type = EventType::kPlacementStart;
          e.attributes =
              *Attributes::Parse(pick(2) ? "kind=loentilskud" : "kind=virksomhedspraktik");
          break;
        case 2:
          e.type = EventType::kPlacementEnd;
          e.attributes = *Attributes::Parse(pick(2) ? "kind=loentilskud" : "");
          break;
        case 3:
          e.type = EventType::kPaidHours;
          e.attributes = *Attributes::Parse(
              fmt::format("hours={}.5|month=2020-{:02d}", pick(40), 1 + pick(12)));
          break;
        case 4:
          e.type = EventType::kConversation;
          e.attributes = *Attributes::Parse(pick(2) ? "kind=foerste" : "kind=jobsamtale");
          break;
        default:
          e.type = EventType::kCvRegistered;
          break;
      }
      theirs.push_back(out.size());
      out.push_back(e);
      // Now and then a correction of an earlier event of theirs (perhaps itself a correction).
      if (!retract_all && pick(4) == 0) {
        Event c = out[theirs[static_cast<std::size_t>(pick(static_cast<int>(theirs.size())))]];
        c.supersedes = c.event_id;
        c.event_id = fmt::format("s{}-{}", seed, next_id++);
        c.date += pick(5);
        c.recorded_at = RecordedAtOnDay(c.date + 2 + pick(20));
        theirs.push_back(out.size());
        out.push_back(c);
      }
    }
    // Retractions: every event of one citizen in five, else now and then one.
    const std::size_t count = theirs.size();
    for (std::size_t k = 0; k < count; ++k) {
      if (!retract_all && pick(6) != 0) continue;
      const Event& target = out[theirs[k]];
      Event r;
      r.event_id = fmt::format("s{}-{}", seed, next_id++);
      r.person = person;
      r.kommune = target.kommune;
      r.date = target.date;
      r.type = EventType::kRetraction;
      r.recorded_by = "sb";
      r.recorded_at = RecordedAtOnDay(target.date + 5 + pick(30));
      r.supersedes = target.event_id;
      out.push_back(r);
    }
  }
  return out;
}

// Everything a history holds, as text.
inline std::string DescribeHistory(const CitizenHistory& h) {
  std::string out = std::string(h.person()) + "\n";
  const HistoryEvent* base = h.events().data();
  for (const HistoryEvent& e : h.events()) {
    out += fmt::format("{} {} {} {}\n", e.date, e.kommune, EventTypeName(e.type),
                       e.attributes.ToString());
  }
  for (int t = 0; t < kEventTypeCount; ++t) {
    out += fmt::format("type {}:", t);
    for (const HistoryEvent* e : h.OfType(static_cast<EventType>(t)))
      out += fmt::format(" {}", e - base);
    out += "\n";
  }
  for (const IntervalKind& kind : IntervalKinds()) {
    out += std::string(kind.name) + ":";
    for (const Interval& iv : h.Intervals(kind.name)) {
      out += fmt::format(" [{} {} {}]", iv.start, iv.end, iv.start_event - base);
    }
    out += "\n";
  }
  for (MonthIndex m = MakeMonth(2019, 12); m <= MakeMonth(2021, 1); ++m) {
    if (h.PaidHours(m) != 0) out += fmt::format("hours {} {}\n", FormatMonth(m), h.PaidHours(m));
  }
  out += fmt::format("kommune on 2020-06-15: {}\n", h.KommuneOn(DaysFromCivil(2020, 6, 15)));
  return out;
}

}  // namespace fremdrift::cases
