// Danish wording (see danish_text.h).
#include "measure/danish_text.h"

#include <fmt/format.h>

#include <cmath>

namespace fremdrift {

std::string DanishNumber(double value, int decimals) {
  std::string s = fmt::format("{:.{}f}", std::fabs(value), decimals);
  std::string int_part = s.substr(0, s.find('.'));
  std::string frac = s.find('.') == std::string::npos ? "" : s.substr(s.find('.') + 1);
  std::string grouped;
  for (size_t i = 0; i < int_part.size(); ++i) {
    if (i > 0 && (int_part.size() - i) % 3 == 0) grouped += '.';
    grouped += int_part[i];
  }
  bool negative = value < 0 && s.find_first_not_of("0.") != std::string::npos;
  return (negative ? "-" : "") + grouped + (frac.empty() ? "" : "," + frac);
}

std::string DanishPeriod(const Period& p) {
  static const char* kMonths[] = {"januar",    "februar", "marts",    "april",
                                  "maj",       "juni",    "juli",     "august",
                                  "september", "oktober", "november", "december"};
  switch (p.kind) {
    case PeriodKind::kMonth:
      return fmt::format("{} {}", kMonths[p.index - 1], p.year);
    case PeriodKind::kQuarter:
      return fmt::format("{}. kvartal {}", p.index, p.year);
    case PeriodKind::kHalfYear:
      return fmt::format("{}. halvår {}", p.index, p.year);
    case PeriodKind::kYear:
      return fmt::format("{}", p.year);
  }
  return {};
}

std::string_view DanishSamePeriodLastYear(PeriodKind kind) {
  switch (kind) {
    case PeriodKind::kMonth:
      return "samme måned sidste år";
    case PeriodKind::kQuarter:
      return "samme kvartal sidste år";
    case PeriodKind::kHalfYear:
      return "samme halvår sidste år";
    case PeriodKind::kYear:
      return "året før";
  }
  return {};
}

Level CompareShares(double value, double other) {
  const double diff = value - other;
  if (std::fabs(diff) <= 0.1 + 1e-9) return Level::kOnLevel;
  return diff < 0 ? Level::kLower : Level::kHigher;
}

std::string_view LevelWord(Level level) {
  switch (level) {
    case Level::kLower:
      return "lavere";
    case Level::kOnLevel:
      return "på niveau med";
    case Level::kHigher:
      return "højere";
  }
  return {};
}

}  // namespace fremdrift
