// Reporting periods (see period.h).
#include "domain/period.h"

#include <charconv>

namespace fremdrift {

namespace {
bool ParseInt(std::string_view s, int& out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}
int MonthsIn(PeriodKind k) {
  switch (k) {
    case PeriodKind::kMonth:
      return 1;
    case PeriodKind::kQuarter:
      return 3;
    case PeriodKind::kHalfYear:
      return 6;
    case PeriodKind::kYear:
      return 12;
  }
  return 1;
}
}  // namespace

Result<PeriodKind> ParsePeriodKind(std::string_view t) {
  if (t == "month" || t == "maaned") return PeriodKind::kMonth;
  if (t == "quarter" || t == "kvartal") return PeriodKind::kQuarter;
  if (t == "halfyear" || t == "halvaar") return PeriodKind::kHalfYear;
  if (t == "year" || t == "aar") return PeriodKind::kYear;
  return InvalidArgument("period '{}' is not one of month, quarter, halfyear, year", t);
}

std::string_view PeriodKindName(PeriodKind k) {
  switch (k) {
    case PeriodKind::kMonth:
      return "month";
    case PeriodKind::kQuarter:
      return "quarter";
    case PeriodKind::kHalfYear:
      return "halfyear";
    case PeriodKind::kYear:
      return "year";
  }
  return "month";
}

MonthIndex FirstMonth(const Period& p) {
  return MakeMonth(p.year, 1) + (p.index - 1) * MonthsIn(p.kind);
}

MonthIndex LastMonth(const Period& p) { return FirstMonth(p) + MonthsIn(p.kind) - 1; }

Period PeriodOfMonth(PeriodKind kind, MonthIndex m) {
  int n = MonthsIn(kind);
  return {kind, YearOfMonth(m), (MonthOfYear(m) - 1) / n + 1};
}

std::string FormatPeriod(const Period& p) {
  switch (p.kind) {
    case PeriodKind::kMonth:
      return fmt::format("{:04d}-{:02d}", p.year, p.index);
    case PeriodKind::kQuarter:
      return fmt::format("{:04d}-Q{}", p.year, p.index);
    case PeriodKind::kHalfYear:
      return fmt::format("{:04d}-H{}", p.year, p.index);
    case PeriodKind::kYear:
      return fmt::format("{:04d}", p.year);
  }
  return {};
}

Result<Period> ParsePeriod(std::string_view t) {
  int year = 0;
  if (t.size() < 4 || !ParseInt(t.substr(0, 4), year) || year < 1900 || year > 2200) {
    return InvalidArgument("'{}' is not a period (YYYY, YYYY-MM, YYYY-Qn or YYYY-Hn)", t);
  }
  if (t.size() == 4) return Period{PeriodKind::kYear, year, 1};
  int n = 0;
  if (t.size() == 7 && t[4] == '-' && (t[5] == 'Q' || t[5] == 'q') && ParseInt(t.substr(6), n) &&
      n >= 1 && n <= 4) {
    return Period{PeriodKind::kQuarter, year, n};
  }
  if (t.size() == 7 && t[4] == '-' && (t[5] == 'H' || t[5] == 'h') && ParseInt(t.substr(6), n) &&
      n >= 1 && n <= 2) {
    return Period{PeriodKind::kHalfYear, year, n};
  }
  if (t.size() == 7 && t[4] == '-' && ParseInt(t.substr(5), n) && n >= 1 && n <= 12) {
    return Period{PeriodKind::kMonth, year, n};
  }
  return InvalidArgument("'{}' is not a period (YYYY, YYYY-MM, YYYY-Qn or YYYY-Hn)", t);
}

WeekRange WeeksOfMonths(MonthIndex first, MonthIndex last) {
  DayNumber first_day = DaysFromCivil(YearOfMonth(first), MonthOfYear(first), 1);
  DayNumber last_day = DaysFromCivil(YearOfMonth(last), MonthOfYear(last),
                                     DaysInMonth(YearOfMonth(last), MonthOfYear(last)));
  // First week whose Thursday >= first_day; last week whose Thursday <= last_day.
  WeekIndex w0 = WeekOfDay(first_day);
  if (ThursdayOf(w0) < first_day) ++w0;
  WeekIndex w1 = WeekOfDay(last_day);
  if (ThursdayOf(w1) > last_day) --w1;
  return {w0, w1};
}

MonthIndex MonthOfWeek(WeekIndex w) {
  CivilDate d = CivilFromDays(ThursdayOf(w));
  return MakeMonth(d.year, d.month);
}

Result<MonthIndex> ParseMonthBound(std::string_view text, bool end) {
  ASSIGN_OR_RETURN(Period p, ParsePeriod(text));
  return end ? LastMonth(p) : FirstMonth(p);
}

std::vector<Period> PeriodsBetween(PeriodKind kind, MonthIndex from, MonthIndex to) {
  std::vector<Period> out;
  if (to < from) return out;
  Period p = PeriodOfMonth(kind, from);
  while (FirstMonth(p) <= to) {
    out.push_back(p);
    p = PeriodOfMonth(kind, LastMonth(p) + 1);
  }
  return out;
}

}  // namespace fremdrift
