// Danish wording (see danish_text.h).
#include "measure/danish_text.h"

#include <fmt/format.h>

#include <cmath>

namespace fremdrift {

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

std::string PreliminarySentence(std::string_view when) {
  return fmt::format(
      "Tallene for {} er foreløbige og kan stige ved næste opdatering af registeret.", when);
}

}  // namespace fremdrift
