// PeriodGrid and AreaSelection (see period_grid.h).
#include "measure/period_grid.h"

#include <algorithm>

#include "registry/row_parser.h"
#include "table/danish_format.h"

namespace fremdrift {

PreliminaryMonths PreliminaryMonthsOf(const SpellStore& st) {
  const MonthIndex latest = MonthOfWeek(st.last_week());
  const bool mid_month = WeeksOfMonths(latest, latest).last > st.last_week();
  return {mid_month ? latest - 1 : latest, latest};
}

std::optional<Note> PreliminaryNote(const SpellStore& st, const std::vector<Period>& periods) {
  const PreliminaryMonths pm = PreliminaryMonthsOf(st);
  if (std::none_of(periods.begin(), periods.end(),
                   [&](const Period& p) { return pm.Overlaps(p); })) {
    return std::nullopt;
  }
  auto month = [](MonthIndex m) {
    return FormatDanishPeriod(PeriodOfMonth(PeriodKind::kMonth, m));
  };
  const std::string late =
      "sene registreringer hæver typisk tallene, når registeret opdateres næste gang.";
  if (pm.first == pm.last) {
    return Note{NoteKind::kPreliminary,
                fmt::format("Foreløbige tal: {} er registerets seneste måned; {}", month(pm.last),
                            late)};
  }
  return Note{NoteKind::kPreliminary,
              fmt::format("Foreløbige tal: registeret slutter midt i {} (uge {}), så {} er "
                          "ufuldstændig, og {}, den seneste hele måned, er også foreløbig; {}",
                          month(pm.last), FormatIsoWeek(st.last_week()), month(pm.last),
                          month(pm.first), late)};
}

Result<PeriodGrid> PeriodGrid::Build(const SpellStore& st, PeriodKind kind, MonthIndex from,
                                     MonthIndex to) {
  if (to < from) return InvalidArgument("--to is before --from");
  PeriodGrid g;
  g.periods = PeriodsBetween(kind, from, to);
  if (g.periods.size() > 20000) return InvalidArgument("too many periods");
  g.span = st.last_week() - st.first_week();
  if (g.periods.empty()) return g;
  WeekRange all = WeeksOfMonths(FirstMonth(g.periods.front()), LastMonth(g.periods.back()));
  g.first_rel = std::max(0, all.first - st.first_week());
  g.last_rel = std::min(g.span, all.last - st.first_week());
  if (g.last_rel >= g.first_rel) g.period_of_week.assign(g.last_rel - g.first_rel + 1, -1);
  for (size_t p = 0; p < g.periods.size(); ++p) {
    WeekRange r = WeeksOf(g.periods[p]);
    g.weeks.push_back(r.size());
    g.period_last_rel.push_back(r.last - st.first_week());
    g.period_end.push_back(CivilFromDays(SundayOf(r.last)));
    for (WeekIndex w = r.first; w <= r.last; ++w) {
      int rel = w - st.first_week();
      if (rel >= g.first_rel && rel <= g.last_rel) {
        g.period_of_week[rel - g.first_rel] = static_cast<int>(p);
      }
    }
  }
  return g;
}

bool PeriodGrid::ExceedsStore(const SpellStore& st) const {
  if (periods.empty()) return false;
  WeekRange all = WeeksOfMonths(FirstMonth(periods.front()), LastMonth(periods.back()));
  return all.first < st.first_week() || all.last > st.last_week();
}

Result<AreaSelection> AreaSelection::Build(const ReferenceData& ref,
                                           const std::vector<AreaLevel>& levels,
                                           const std::vector<int>& kommuner) {
  Areas areas(ref);
  AreaSelection sel;
  std::vector<int> filter;
  for (int code : kommuner) {
    int idx = ref.MunicipalityIndex(code);
    if (idx < 0) return InvalidArgument("--kommune: {} is not a municipality code", code);
    filter.push_back(idx);
  }
  std::vector<int> pos(areas.count(), -1);
  for (AreaLevel level : levels) {
    for (int id : areas.IdsOf(level)) {
      bool keep = filter.empty() || level == AreaLevel::kLand;
      for (int k : filter) keep = keep || areas.Containing(level, k) == id;
      if (keep && pos[id] < 0) {
        pos[id] = static_cast<int>(sel.area_ids.size());
        sel.area_ids.push_back(id);
      }
    }
  }
  sel.kommune_areas.assign(1000, {});
  for (int code = 0; code < 1000; ++code) {
    int k = code == kUnknownKommune ? areas.unknown_id() : ref.MunicipalityIndex(code);
    if (k < 0) continue;
    for (AreaLevel level : levels) {
      int id = areas.Containing(level, k);
      if (id >= 0 && pos[id] >= 0) sel.kommune_areas[code].push_back(pos[id]);
    }
  }
  return sel;
}

}  // namespace fremdrift
