// Calendar dates as day numbers (days since 1970-01-01, proleptic Gregorian), ISO weeks as week
// indexes (weeks since the Monday 1970-01-05), and the conversions between them and ISO week-years.
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace fremdrift {

struct CivilDate {
  int year = 1970;
  int month = 1;  // 1-12
  int day = 1;    // 1-31
  friend bool operator==(const CivilDate&, const CivilDate&) = default;
};

using DayNumber = std::int32_t;  // days since 1970-01-01
using WeekIndex = std::int32_t;  // weeks since Monday 1970-01-05 (ISO week 1970-W02)

DayNumber DaysFromCivil(int year, int month, int day);
inline DayNumber DaysFromCivil(const CivilDate& d) { return DaysFromCivil(d.year, d.month, d.day); }
CivilDate CivilFromDays(DayNumber days);
bool IsLeapYear(int year);
int DaysInMonth(int year, int month);
bool IsValidDate(int year, int month, int day);
// 0 = Monday ... 6 = Sunday.
int Weekday(DayNumber days);

// Parses "YYYY-MM-DD".
Result<CivilDate> ParseIsoDate(std::string_view text);
std::string FormatIsoDate(const CivilDate& d);

// ISO weeks.
WeekIndex WeekOfDay(DayNumber days);
inline DayNumber MondayOf(WeekIndex w) { return 4 + 7 * w; }
inline DayNumber ThursdayOf(WeekIndex w) { return MondayOf(w) + 3; }
inline DayNumber SundayOf(WeekIndex w) { return MondayOf(w) + 6; }
// Number of ISO weeks (52 or 53) in ISO week-year `year`.
int IsoWeeksInYear(int year);
// Week index of ISO week `week` (1-based) of ISO week-year `year`; error if week is out of range.
Result<WeekIndex> WeekFromIsoWeek(int year, int week);
struct IsoWeek {
  int year;
  int week;
};
IsoWeek IsoWeekOf(WeekIndex w);
std::string FormatIsoWeek(WeekIndex w);  // "2019-W07"

// Age in whole years on `on` for a person born `birth`.
int AgeOn(const CivilDate& birth, const CivilDate& on);

// The birth days (as day numbers, inclusive) of everyone whose AgeOn(birth, on) lies in
// [min_age, max_age]: an age test per person becomes two integer comparisons.
struct BirthDayRange {
  DayNumber first = 0, last = -1;
  bool Contains(DayNumber birth) const { return birth >= first && birth <= last; }
};
BirthDayRange BirthDaysForAges(const CivilDate& on, int min_age, int max_age);

}  // namespace fremdrift
