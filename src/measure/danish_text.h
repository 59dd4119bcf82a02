// Danish wording for measurement texts: numbers with decimal comma and thousands dots ("1.400",
// "3,6%"), period names ("februar 2019", "1. kvartal 2019") and the comparison words of the
// committee documents. Pure; thread-safe. (Documents use the fuller report/ formatting.)
#pragma once

#include <string>
#include <string_view>

#include "domain/period.h"

namespace fremdrift {

// 1234567.8 with 0 decimals → "1.234.568"; 3.64 with 1 → "3,6".
std::string DanishNumber(double value, int decimals);
// "februar 2019", "1. kvartal 2019", "1. halvår 2019", "2019".
std::string DanishPeriod(const Period& p);
// "samme måned sidste år", "samme kvartal sidste år", "samme halvår sidste år", "året før".
std::string_view DanishSamePeriodLastYear(PeriodKind kind);

enum class Level { kLower, kOnLevel, kHigher };
// Within ±0.1 (percentage points) is "on level with"; the comparison uses unrounded values.
Level CompareShares(double value, double other);
std::string_view LevelWord(Level level);  // "lavere", "på niveau med", "højere"

}  // namespace fremdrift
