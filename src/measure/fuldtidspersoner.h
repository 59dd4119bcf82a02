// Full-time persons (fuldtidspersoner) and persons per benefit group, area and period, as defined
// in docs/measurements.md: weeks of P with a code of the group while living in the area and inside
// the age band, divided by weeks(P); the age is taken at the end of the forløb if it ends within P,
// else at the end of P, the forløb ending after a gap of `afbrydelse` weeks. Also the offentlig
// forsørgelse total. Computed by one scan of the spell store on all cores. Thread-safe: reads the
// immutable store.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "domain/area.h"
#include "domain/period.h"
#include "domain/reference.h"
#include "measure/forloeb_scan.h"
#include "registry/spell_store.h"
#include "table/table.h"

namespace fremdrift {

inline constexpr std::string_view kOffentligForsoergelse = "offentlig_forsoergelse";
inline constexpr std::string_view kBruttoledig = "bruttoledig";
inline constexpr std::string_view kKontantUddannelseIntegration = "kontant_uddannelse_integration";

// A series: a named set of benefit codes whose weeks are counted together. Every benefit group is
// one; so are offentlig_forsoergelse (the groups marked so), bruttoledig (codes marked
// bruttoledig: the gross unemployment numerator) and kontant_uddannelse_integration.
struct Series {
  std::string id;
  std::string label;        // Danish
  std::vector<bool> codes;  // indexed by 3-digit code
};
// Every series fremdrift knows: the groups in reference order, then the totals above.
std::vector<Series> AllSeries(const ReferenceData& ref);
// The series named in `ids` (in that order); empty `ids` → every group plus offentlig_forsoergelse.
Result<std::vector<Series>> SelectSeries(const ReferenceData& ref,
                                         const std::vector<std::string>& ids);

struct AgeBand {
  int min = 16;
  int max = 66;
  bool all = false;  // no age filter (persons without birth date included)
  std::string Label() const;
};
// "16-66", "16-29", "all".
Result<AgeBand> ParseAgeBand(std::string_view text);

// One part of a breakdown (measure/breakdown.h): the persons of one sex or one value of a kept
// background column, and the weeks of codes of one visitation category. The default is everyone.
// (The age breakdown narrows the query's age band instead.)
enum class Visitation : int { kAny = -1, kUden = 0, kJobparat = 1, kAktivitetsparat = 2 };
// The visitation category of a code's match category ("jobparat", "aktivitetsparat", else uden).
Visitation VisitationOfMatch(std::string_view match);
struct Subset {
  int sex = -1;             // a Sex value (0 = unknown), or -1: any
  int attribute = -1;       // a background column kept in the store (SpellStore::attributes()),
  int attribute_code = -1;  // and the code of its value; -1: any
  Visitation visitation = Visitation::kAny;
  bool age_part = false;  // the age band is one band of the age breakdown
  bool any() const {
    return sex >= 0 || attribute >= 0 || visitation != Visitation::kAny || age_part;
  }
  bool persons_filtered() const { return sex >= 0 || attribute >= 0; }
};

struct FtpQuery {
  PeriodKind period = PeriodKind::kMonth;
  MonthIndex from = 0, to = -1;  // months, inclusive
  std::vector<AreaLevel> levels = {AreaLevel::kKommune};
  std::vector<int> kommuner;        // municipality codes; empty = all (and ukendt)
  std::vector<std::string> groups;  // series ids (groups, offentlig_forsoergelse, ...);
                                    // empty = every group and offentlig_forsoergelse
  AgeBand age;
  // The forløb break rule of the age rule (and of the forløb measurements): a gap of this many
  // weeks without the group ends a forløb (forloeb_scan.h).
  int afbrydelse = kDefaultAfbrydelse;
  // Count each person in one group per period and area: the first of their groups in the status
  // priority (StatusPriority). Full-time persons are unchanged (a week has one code).
  bool overlap_free = false;
  std::size_t threads = 0;  // 0 = all cores
  Subset subset;            // a part of a breakdown; default everyone
};

// STAR's status priority (measurements spec): the rank of a benefit group, 0 first; groups not in
// the list (barsel, orlov, folkepension, ...) share the last rank, "other".
int StatusPriority(std::string_view group_id);

// The raw result: person-weeks and distinct persons per (period, area, series).
struct FtpCube {
  std::vector<Period> periods;
  std::vector<int> weeks;           // weeks(P) per period
  std::vector<int> area_ids;        // Areas ids, in output order
  std::vector<std::string> series;  // series ids
  int group_count = 0;              // number of series
  int SeriesIndex(std::string_view id) const;
  std::vector<double> person_weeks;
  std::vector<std::int64_t> persons;
  std::size_t Index(std::size_t p, std::size_t a, std::size_t g) const {
    return (p * area_ids.size() + a) * group_count + g;
  }
  double Fuldtidspersoner(std::size_t p, std::size_t a, std::size_t g) const {
    return person_weeks[Index(p, a, g)] / weeks[p];
  }
};

// The query's cube. When the process enabled the store's memo (SpellStore::EnableMemo, as the
// server does), monthly queries without --overlap-free at the default forløb break rule are cut
// out of a whole-store cube of the age band (every month, area and series), made by one scan on
// first use; otherwise it scans the persons who can feed the selected areas.
Result<FtpCube> ComputeFtpCube(const SpellStore& store, const ReferenceData& ref,
                               const FtpQuery& query);
// Makes the whole-store cubes of these age bands now (a server calls it at start, so the first
// request does not wait), at the default forløb break rule (kDefaultAfbrydelse). Needs
// EnableMemo() first to have any lasting effect.
void PrepareStoreCubes(const SpellStore& store, const ReferenceData& ref,
                       const std::vector<AgeBand>& ages);

// The note on a table whose periods reach outside the register's weeks.
std::string IncompletePeriodNote(const SpellStore& store);

// The cube as a Table: periode, omraade, ydelsesgruppe, fuldtidspersoner, personer; one row per
// group present, plus offentlig_forsoergelse; sorted by periode, omraade, group.
Result<Table> Fuldtidspersoner(const SpellStore& store, const ReferenceData& ref,
                               const FtpQuery& query);

}  // namespace fremdrift
