// Reporting periods (month, quarter, half-year, year) and the week-to-period rule: a week belongs
// to the period that contains its Thursday. Months are numbered as MonthIndex = year*12 + month-1.
// Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "domain/date.h"

namespace fremdrift {

enum class PeriodKind { kMonth, kQuarter, kHalfYear, kYear };

using MonthIndex = int;  // year * 12 + (month - 1)
inline MonthIndex MakeMonth(int year, int month) { return year * 12 + month - 1; }
inline int YearOfMonth(MonthIndex m) { return m / 12; }
inline int MonthOfYear(MonthIndex m) { return m % 12 + 1; }

struct Period {
  PeriodKind kind = PeriodKind::kMonth;
  int year = 0;
  int index = 1;  // month 1-12, quarter 1-4, half 1-2; 1 for a year
  friend bool operator==(const Period&, const Period&) = default;
};

struct WeekRange {
  WeekIndex first = 0;
  WeekIndex last = -1;  // inclusive
  int size() const { return last - first + 1; }
  bool Contains(WeekIndex w) const { return w >= first && w <= last; }
};

Result<PeriodKind> ParsePeriodKind(std::string_view text);  // month|quarter|halfyear|year
std::string_view PeriodKindName(PeriodKind kind);

MonthIndex FirstMonth(const Period& p);
MonthIndex LastMonth(const Period& p);
// The period of `kind` that contains month `m`.
Period PeriodOfMonth(PeriodKind kind, MonthIndex m);
// "2019-02", "2019-Q1", "2019-H1", "2019".
std::string FormatPeriod(const Period& p);
// Parses a period written as FormatPeriod does.
Result<Period> ParsePeriod(std::string_view text);

// The weeks whose Thursday lies in months [first, last].
WeekRange WeeksOfMonths(MonthIndex first, MonthIndex last);
inline WeekRange WeeksOf(const Period& p) { return WeeksOfMonths(FirstMonth(p), LastMonth(p)); }
// The month that contains the week's Thursday.
MonthIndex MonthOfWeek(WeekIndex w);

// A --from / --to bound: "YYYY-MM", "YYYY-Qn", "YYYY-Hn" or "YYYY"; `end` picks the period's last
// month instead of its first.
Result<MonthIndex> ParseMonthBound(std::string_view text, bool end);
// Every period of `kind` that overlaps months [from, to], in order.
std::vector<Period> PeriodsBetween(PeriodKind kind, MonthIndex from, MonthIndex to);

}  // namespace fremdrift
