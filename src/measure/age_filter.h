// AgeFilter: the age test of the forløb age rule (specs/measurements.md) as integer comparisons.
// A person counts in a period if their age is in the band on the reference day: the Sunday of
// the week their forløb ended when it ended within the period, else the period's last day. The
// filter precomputes, for every period end and every store week's Sunday, the range of birth
// days in the band, so the scans compare a birth day with two numbers instead of converting
// dates. Immutable after Build(); thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "domain/date.h"
#include "measure/period_grid.h"
#include "registry/spell_store.h"

namespace fremdrift {

class AgeFilter {
 public:
  // all = no filter (persons without a birth date count too).
  static AgeFilter Build(const SpellStore& store, const PeriodGrid& grid, int min_age, int max_age,
                         bool all);

  // Whether a person born on `birth_day` (or kUnknownBirth) counts in period `p` for a forløb
  // whose last week is `forloeb_last` (store-relative) and that is `open` (runs to the end of the
  // register).
  bool InBand(std::int32_t birth_day, int p, int forloeb_last, bool open) const {
    if (all_) return true;
    if (birth_day == kUnknownBirth) return false;
    const bool ended = !open && forloeb_last <= period_last_rel_[p];
    return (ended ? week_end_[forloeb_last] : period_end_[p]).Contains(birth_day);
  }
  bool all() const { return all_; }

 private:
  bool all_ = true;
  std::vector<int> period_last_rel_;
  std::vector<BirthDayRange> period_end_;  // per period
  std::vector<BirthDayRange> week_end_;    // per store-relative week: its Sunday
};

}  // namespace fremdrift
