// What the rule-based measurements (rettidighed, rehabilitering) share: their query (months,
// municipalities, birth days for ages, the day requirements are judged on), the citizens' birth
// days looked up in the register's spell store by pseudonym, and small helpers for dates and
// municipality names. Pure functions; thread-safe.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "eventstore/case_data.h"
#include "rules/rule_set.h"
#include "domain/reference.h"
#include "table/table.h"
#include "registry/spell_store.h"

namespace fremdrift::cases {

// Citizen (as stored: pseudonym hex or opaque id) → birth day.
using BirthDays = std::unordered_map<std::string, DayNumber>;

struct RuleQuery {
  MonthIndex from = -1;  // -1: from the first month with data
  MonthIndex to = -1;    // -1: to the last month with data, at most the judgement day's month
  const ReferenceData* reference = nullptr;  // municipality names; may be null
  std::vector<int> kommuner;                 // only these (empty: all in the store)
  const BirthDays* birth_days = nullptr;     // ages (rehabilitering); null = ages unknown
  DayNumber today = kOpenEnd;  // judgement day without "as of"; kOpenEnd = CurrentClock()
};

// The day deadlines are judged on: the "as of" day, else q.today, else the current clock's
// today (domain/clock.h: the system date in UTC unless --today or a test set it); never after
// the data's horizon (CaseData::horizon), so a deadline after the last event is open, not missed.
DayNumber JudgementDay(const CaseData& data, const RuleQuery& q);

// Birth days of the citizens in `data` found in the spell store (events imported with the
// store's key carry the same pseudonyms); citizens not in the store are left out.
BirthDays BirthDaysFromStore(const SpellStore& store, const CaseData& data);

// `day` plus `months`, keeping the day of month, clamped to the month's end.
DayNumber AddMonthsClamped(DayNumber day, int months);
MonthIndex MonthOfDay(DayNumber day);
std::string IsoDay(DayNumber day);

// Danish dates for explanations: "2. april 2020" and "12.3.2020".
std::string DanishDate(DayNumber day);
std::string ShortDanishDate(DayNumber day);
// The Danish words of a kilde_type ("kommunens fortolkning").
std::string_view SourceTypeText(std::string_view type);

std::string KommuneName(const RuleQuery& q, int code);  // "Herning", else "657"
bool KommuneWanted(const RuleQuery& q, int code);
Cell SharePct(std::int64_t num, std::int64_t den);  // missing when den == 0
// The "as of" note and the horizon note ("Opgjort til og med <judged>.", NoteKind::kHorizon).
void AddAsOfNote(Table& t, const CaseData& data, DayNumber judged);

}  // namespace fremdrift::cases
