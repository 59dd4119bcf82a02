// Forløb extraction shared by the forløb, afgang and ressourceforløb measurements: per person, the
// maximal runs of consecutive weeks on one benefit group (not split by moves), with where they
// started and ended, the group before, and what came after. Pure functions over the immutable
// store; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/reference.h"
#include "registry/spell_store.h"

namespace fremdrift {

inline constexpr int kSelvforsoergelse = -1;  // a blank week (no benefit)
inline constexpr int kNotYetKnown = -2;       // the week lies beyond the register's last week

struct Forloeb {
  int group = 0;
  int first = 0, last = 0;  // weeks relative to the store's first week, inclusive
  bool open = false;        // runs to the register's last week (not ended)
  std::uint16_t kommune_first = 0, kommune_last = 0;
  int previous_group = kSelvforsoergelse;  // group of the last coded week before it, if any
  std::uint64_t spell_first = 0, spell_last = 0;
  int duration() const { return last - first + 1; }
};

// Per-code benefit group (index by 3-digit code).
std::vector<int> CodeGroups(const ReferenceData& ref);

// The forløb of person `i`, in time order.
void PersonForloeb(const SpellStore& store, const std::vector<int>& code_group, std::uint64_t i,
                   std::vector<Forloeb>& out);

// The group of person `i` in relative week `w`: a group index, kSelvforsoergelse for a blank week,
// kNotYetKnown beyond the register.
int GroupAtWeek(const SpellStore& store, const std::vector<int>& code_group, std::uint64_t i,
                int w);

// The end reason of an ended forløb: the group of the first coded week within the 4 weeks after
// it, kSelvforsoergelse when those weeks are blank, kNotYetKnown when they run past the register.
int EndReason(const SpellStore& store, const std::vector<int>& code_group, std::uint64_t i,
              const Forloeb& f);

// "selvforsoergelse", "ikke_opgjort" or the group id.
std::string StatusName(const ReferenceData& ref, int status);

// Duration bands (weeks) as jobindsats uses for sygedagpenge: 0-4, 5-8, 9-13, 14-26, 27-39,
// 40-52, 1-2 years, 2-3 years, over 3 years.
int DurationBand(int weeks);
const std::vector<std::string>& DurationBandNames();

}  // namespace fremdrift
