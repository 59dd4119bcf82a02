// Forløb extraction shared by the forløb, afgang and ressourceforløb measurements: per person, the
// forløb of each benefit group (weeks of the group in which no gap of `afbrydelse` or more weeks
// without it occurs; not split by moves), with where they started and ended, the group before, and
// what came after. The break rule follows jobindsats (a forløb ends after a calendar month without
// the benefit: from 2018, for a-dagpenge from August 2019), read on weekly data as a gap of at
// least 4 weeks; `afbrydelse` 1 is the older DREAM rule. Pure functions over the immutable store;
// thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/reference.h"
#include "registry/spell_store.h"
#include "table/table.h"

namespace fremdrift {

// The weeks without a group that end a forløb of it: 4 reads jobindsats' calendar month on weekly
// data (specs/measurements.md "Forløb"); 1 is the older DREAM rule (any week without it).
inline constexpr int kDefaultAfbrydelse = 4;
inline constexpr int kMaxAfbrydelse = 52;

inline constexpr int kSelvforsoergelse = -1;  // a blank week (no benefit)
inline constexpr int kNotYetKnown = -2;       // the week lies beyond the register's last week
// A blank week in a month the register's employment columns show as employment (grad > 0, or
// without grad a branche); employment comes before self-support in STAR's status order.
inline constexpr int kBeskaeftigelse = -3;
inline constexpr int kLowestStatus = kBeskaeftigelse;  // statuses are >= this

struct Forloeb {
  int group = 0;
  int first = 0, last = 0;  // first and last week with the group, store-relative, inclusive
  int weeks_with = 0;       // weeks with the group (uger_med_ydelse): duration less the gaps
  // Not ended: fewer than `afbrydelse` weeks of data follow its last week, so it may go on.
  bool open = false;
  std::uint16_t kommune_first = 0, kommune_last = 0;
  int previous_group = kSelvforsoergelse;  // group of the last coded week before it, if any
  // The person's spells from its first to its last spell of the group; spells of other groups
  // may lie between (a gap filled with another benefit).
  std::uint64_t spell_first = 0, spell_last = 0;
  // Weeks from the first to the last week, gaps included (varighed).
  int duration() const { return last - first + 1; }
  // Whether it is ongoing at week w: w within it, or after its start while it is open (a short
  // gap at the end of the data does not end it).
  bool OngoingAt(int w) const { return w >= first && (w <= last || open); }
};

// Per-code benefit group (index by 3-digit code).
std::vector<int> CodeGroups(const ReferenceData& ref);

// PersonForloeb's default first spell: the person's first.
inline constexpr std::uint64_t kFirstSpell = ~std::uint64_t{0};

// Scratch space of PersonForloeb, kept by the caller across persons (one per thread), so the scan
// allocates nothing per person once warm.
struct ForloebScratch {
  std::vector<int> latest;  // per group: index in `out` of its latest forløb, or -1
};

// The forløb of person `i`, ordered by first week (forløb of different groups may overlap in
// time). `afbrydelse` >= 1 is the break rule (kDefaultAfbrydelse). A code whose group is -1 in
// `code_group` is left out (its weeks count as weeks without any of the groups).
// `from_spell` (default: the person's first) skips earlier spells, for a caller that knows they
// hold no code of a group in `code_group` (a forløb's previous group is then not looked up before
// it).
void PersonForloeb(const SpellStore& store, const std::vector<int>& code_group, std::uint64_t i,
                   int afbrydelse, ForloebScratch& scratch, std::vector<Forloeb>& out,
                   std::uint64_t from_spell = kFirstSpell);

// The note every forløb-based table carries (kind rule): which break rule it used, with its
// source.
Note ForloebRuleNote(int afbrydelse);

// The group of person `i` in relative week `w`: a group index, kSelvforsoergelse for a blank week,
// kNotYetKnown beyond the register.
int GroupAtWeek(const SpellStore& store, const std::vector<int>& code_group, std::uint64_t i,
                int w);

// The status of person `i` in relative week `w`: its group when the week has a code; for a blank
// week kBeskaeftigelse when the week's month (Thursday rule) is a month of employment, else
// kSelvforsoergelse; kNotYetKnown beyond the register.
int StatusAtWeek(const SpellStore& store, const std::vector<int>& code_group, std::uint64_t i,
                 int w);

// The end reason of an ended forløb: the group of the first coded week within the 4 weeks after
// it; when those weeks are blank, kBeskaeftigelse if the month of the first of them is a month of
// employment, else kSelvforsoergelse; kNotYetKnown when they run past the register.
int EndReason(const SpellStore& store, const std::vector<int>& code_group, std::uint64_t i,
              const Forloeb& f);

// "beskaeftigelse", "selvforsoergelse", "ikke_opgjort" or the group id.
std::string StatusName(const ReferenceData& ref, int status);

// The note on a table whose statuses may be "beskaeftigelse": without employment columns in the
// extract (kind missing_data) no status is, and blank weeks count as self-support; otherwise
// which columns gave employment and the months they cover (kind info).
Note EmploymentNote(const SpellStore& store);

// Duration bands (weeks) as jobindsats uses for sygedagpenge: 0-4, 5-8, 9-13, 14-26, 27-39,
// 40-52, 1-2 years, 2-3 years, over 3 years.
inline int DurationBand(int w) {
  if (w <= 4) return 0;
  if (w <= 8) return 1;
  if (w <= 13) return 2;
  if (w <= 26) return 3;
  if (w <= 39) return 4;
  if (w <= 52) return 5;
  if (w <= 104) return 6;
  if (w <= 156) return 7;
  return 8;
}
const std::vector<std::string>& DurationBandNames();

}  // namespace fremdrift
