// PeriodGrid and AreaSelection: the lookup tables every register measurement scans with — which
// reporting period each store week belongs to (Thursday rule), each period's last week and last
// day, and which selected output areas each municipality code feeds. Immutable after Build();
// thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "common/status.h"
#include "domain/area.h"
#include "domain/period.h"
#include "registry/spell_store.h"
#include "table/table.h"

namespace fremdrift {

struct PeriodGrid {
  std::vector<Period> periods;
  std::vector<int> weeks;             // weeks(P)
  int first_rel = 0, last_rel = -1;   // store-relative weeks covered by the periods and store
  std::vector<int> period_of_week;    // per relative week in [first_rel, last_rel]
  std::vector<int> period_last_rel;   // last week of each period, store-relative
  std::vector<CivilDate> period_end;  // Sunday of each period's last week
  int span = 0;                       // the store's last relative week

  static Result<PeriodGrid> Build(const SpellStore& store, PeriodKind kind, MonthIndex from,
                                  MonthIndex to);
  bool empty() const { return last_rel < first_rel; }
  // Period of a store-relative week, or -1 outside the grid.
  int PeriodOf(int w) const {
    return w < first_rel || w > last_rel ? -1 : period_of_week[w - first_rel];
  }
  // True if any period reaches outside the store's weeks.
  bool ExceedsStore(const SpellStore& store) const;
};

// The register's preliminary (foreløbige) months, first..last: its latest month, the one holding its
// last week by the Thursday rule; when the register ends before that month's last week (mid-month),
// that month is incomplete and the month before it, the latest whole month, is preliminary too.
// Late registrations raise these months' figures at the next update (specs/measurements.md).
struct PreliminaryMonths {
  MonthIndex first = 0, last = -1;
  bool Overlaps(const Period& p) const { return FirstMonth(p) <= last && LastMonth(p) >= first; }
};
PreliminaryMonths PreliminaryMonthsOf(const SpellStore& store);
// The note (kind preliminary) for a table showing `periods`, when any of them holds a preliminary
// month: which months are foreløbige and why.
std::optional<Note> PreliminaryNote(const SpellStore& store, const std::vector<Period>& periods);

struct AreaSelection {
  std::vector<int> area_ids;                    // Areas ids in output order
  std::vector<std::vector<int>> kommune_areas;  // per 3-digit code (0 = unknown): positions

  // The areas of `levels`, limited to those holding `kommuner` (municipality codes) when given
  // (the country is never limited).
  static Result<AreaSelection> Build(const ReferenceData& ref, const std::vector<AreaLevel>& levels,
                                     const std::vector<int>& kommuner);
};

}  // namespace fremdrift
