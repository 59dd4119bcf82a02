// Case events (docs/formats/events.md) told from one simulated life: rehabilitation-team meetings
// and decisions before ressourceforløb / fleksjob / førtidspension, coordinating caseworkers,
// conversations, plans, mentors and offers in ressourceforløb, FSM2 visitations (groups 1/2, job
// brokers, placements, paid hours) for aktivitetsparate over 30 in Dec 2019 - Dec 2021, and
// conversations on kontant-/uddannelseshjælp, mostly but not always on time; and, for rettidighed,
// benefit_start/benefit_end for the weeks coded kontanthjælp, uddannelseshjælp, jobafklaring,
// ressourceforløb and ledighedsydelse, contact conversations on jobafklaring and ledighedsydelse
// and offers in the first months on kontant-/uddannelseshjælp. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "simulate/life.h"

namespace fremdrift::sim {

struct CaseEvent {
  DayNumber date = 0;
  int kommune = 0;
  std::string type;
  std::string attributes;  // "k=v|k=v"
  int delay_days = 0;      // recorded_at - date
};

inline constexpr const char* kEventsHeader =
    "event_id;person;kommune;date;type;attributes;recorded_by;recorded_at;supersedes\n";

// The person's events dated within [MondayOf(first), SundayOf(last)], sorted by date.
std::vector<CaseEvent> MakeCaseEvents(const PersonLife& life, WeekIndex first, WeekIndex last,
                                      const ModelParams& params, std::uint64_t key);

// Appends the events as CSV rows (ids `<lobenr>-<n>`).
void AppendEventRows(const std::vector<CaseEvent>& events, const std::string& lobenr,
                     std::string* out);

}  // namespace fremdrift::sim
