// Calendar and ISO-week arithmetic (see date.h). Day-number algorithms after H. Hinnant's
// public-domain "chrono-compatible low-level date algorithms".
#include "domain/date.h"

#include <algorithm>
#include <charconv>

namespace fremdrift {

DayNumber DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

CivilDate CivilFromDays(DayNumber z) {
  int zz = z + 719468;
  const int era = (zz >= 0 ? zz : zz - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(zz - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), static_cast<int>(m), static_cast<int>(d)};
}

bool IsLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && IsLeapYear(y)) return 29;
  return kDays[m - 1];
}

bool IsValidDate(int y, int m, int d) {
  return y >= 1800 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= DaysInMonth(y, m);
}

int Weekday(DayNumber days) {
  // 1970-01-01 was a Thursday (3).
  int w = (days + 3) % 7;
  return w < 0 ? w + 7 : w;
}

namespace {
bool ParseInt(std::string_view s, int& out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}
}  // namespace

Result<CivilDate> ParseIsoDate(std::string_view t) {
  int y, m, d;
  if (t.size() != 10 || t[4] != '-' || t[7] != '-' || !ParseInt(t.substr(0, 4), y) ||
      !ParseInt(t.substr(5, 2), m) || !ParseInt(t.substr(8, 2), d) || !IsValidDate(y, m, d)) {
    return InvalidArgument("'{}' is not a date of the form YYYY-MM-DD", t);
  }
  return CivilDate{y, m, d};
}

std::string FormatIsoDate(const CivilDate& d) {
  return fmt::format("{:04d}-{:02d}-{:02d}", d.year, d.month, d.day);
}

WeekIndex WeekOfDay(DayNumber days) {
  int rel = days - 4;
  return rel >= 0 ? rel / 7 : -((-rel + 6) / 7);
}

namespace {
// Monday of ISO week 1 of `year`: the Monday of the week that holds 4 January.
DayNumber IsoYearStart(int year) {
  DayNumber jan4 = DaysFromCivil(year, 1, 4);
  return jan4 - Weekday(jan4);
}
}  // namespace

int IsoWeeksInYear(int year) { return (IsoYearStart(year + 1) - IsoYearStart(year)) / 7; }

Result<WeekIndex> WeekFromIsoWeek(int year, int week) {
  if (week < 1 || week > IsoWeeksInYear(year)) {
    return InvalidArgument("week {} does not exist in ISO year {} ({} weeks)", week, year,
                           IsoWeeksInYear(year));
  }
  return WeekOfDay(IsoYearStart(year) + 7 * (week - 1));
}

IsoWeek IsoWeekOf(WeekIndex w) {
  int year = CivilFromDays(ThursdayOf(w)).year;
  return {year, (MondayOf(w) - IsoYearStart(year)) / 7 + 1};
}

std::string FormatIsoWeek(WeekIndex w) {
  IsoWeek iw = IsoWeekOf(w);
  return fmt::format("{:04d}-W{:02d}", iw.year, iw.week);
}

int AgeOn(const CivilDate& birth, const CivilDate& on) {
  int age = on.year - birth.year;
  if (on.month < birth.month || (on.month == birth.month && on.day < birth.day)) --age;
  return age;
}

namespace {
// The last birth day of those at least `age` years old on `on`: born on or before the same month
// and day `age` years earlier (29 February becomes 28 February in a common year).
DayNumber LastBirthDayForAge(const CivilDate& on, int age) {
  const int y = on.year - age;
  return DaysFromCivil(y, on.month, std::min(on.day, DaysInMonth(y, on.month)));
}
}  // namespace

BirthDayRange BirthDaysForAges(const CivilDate& on, int min_age, int max_age) {
  return {LastBirthDayForAge(on, max_age + 1) + 1, LastBirthDayForAge(on, min_age)};
}

}  // namespace fremdrift
