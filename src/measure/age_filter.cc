// AgeFilter (see age_filter.h).
#include "measure/age_filter.h"

namespace fremdrift {

AgeFilter AgeFilter::Build(const SpellStore& store, const PeriodGrid& grid, int min_age,
                           int max_age, bool all) {
  AgeFilter f;
  f.all_ = all;
  if (all) return f;
  f.period_last_rel_ = grid.period_last_rel;
  for (const CivilDate& end : grid.period_end) {
    f.period_end_.push_back(BirthDaysForAges(end, min_age, max_age));
  }
  // Every week a forløb can end in: the store's weeks (a forløb never ends after its last week).
  const int weeks = store.last_week() - store.first_week() + 1;
  f.week_end_.reserve(weeks);
  for (int w = 0; w < weeks; ++w) {
    f.week_end_.push_back(
        BirthDaysForAges(CivilFromDays(SundayOf(store.first_week() + w)), min_age, max_age));
  }
  return f;
}

}  // namespace fremdrift
