// Danish wording of the committee sentences: the comparison words ("lavere", "på niveau med",
// "højere") and "samme måned sidste år". Numbers and period names come from the one Danish
// formatter, table/danish_format.h (FormatDanishNumber, FormatDanishPercent, FormatDanishPeriod).
// Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "domain/period.h"

namespace fremdrift {

// "samme måned sidste år", "samme kvartal sidste år", "samme halvår sidste år", "året før".
std::string_view DanishSamePeriodLastYear(PeriodKind kind);

enum class Level { kLower, kOnLevel, kHigher };
// Within ±0.1 (percentage points) is "on level with"; the comparison uses unrounded values.
Level CompareShares(double value, double other);
std::string_view LevelWord(Level level);  // "lavere", "på niveau med", "højere"

// The sentence a committee text adds for a preliminary (foreløbig) period, `when` in Danish words
// ("februar 2019"): "Tallene for februar 2019 er foreløbige og kan stige ved næste opdatering af
// registeret."
std::string PreliminarySentence(std::string_view when);

}  // namespace fremdrift
