// One synthetic person's life: demography (birth, sex, arrival, residence by calendar year, stays
// abroad, death, folkepension) and the semi-Markov walk through life states, written out as
// contiguous week segments with their DREAM code. Pure function of (params, knobs, person seed):
// thread-safe when each thread fills its own PersonLife.
#pragma once

#include <cstdint>
#include <vector>

#include "domain/date.h"
#include "simulate/knobs.h"
#include "simulate/model_params.h"

namespace fremdrift::sim {

// Who the person is in the population plan.
enum class PersonKind : std::uint8_t { kNative, kInMover, kImmigrant };

struct PersonSeed {
  std::uint64_t key = 0;  // stream key (from the run seed and the plan cell)
  int birth_year = 1970;
  int kommune = 0;  // the municipality the person belongs to in the plan
  PersonKind kind = PersonKind::kNative;
};

struct Segment {
  WeekIndex first = 0, last = 0;  // inclusive
  std::int16_t code = 0;          // DREAM code; 0 = no code (self-supporting)
  State state = State::kEmployed;
  Effort effort = Effort::kPassive;
  bool spell_start = false;  // first segment of a new spell of `state`
  // A short return to work (state kEmployed, no code) inside a benefit spell: the register shows
  // a few blank weeks, the spell and its forløb go on (specs/measurements.md "Forløb").
  bool interruption = false;
};

struct PersonLife {
  CivilDate birth;
  DayNumber birth_day = 0;
  bool female = false;
  PersonKind kind = PersonKind::kNative;
  WeekIndex entry_week = 0;  // 16th birthday or arrival in Denmark
  WeekIndex death_week = INT32_MAX;
  int first_year = 0;                   // of `residence`
  std::vector<std::int16_t> residence;  // municipality code per calendar year; 0 = none
  std::vector<std::pair<WeekIndex, WeekIndex>> abroad;  // [first, last] weeks abroad
  std::vector<Segment> segments;  // contiguous from entry_week to the end of the simulation

  // Municipality code of calendar year `year`, or 0.
  int KommuneInYear(int year) const {
    int i = year - first_year;
    return i >= 0 && i < static_cast<int>(residence.size()) ? residence[i] : 0;
  }
  // Municipality of week w by the Thursday rule.
  int KommuneOfWeek(WeekIndex w) const;
  // Index of the segment holding week w, or -1.
  int SegmentAt(WeekIndex w) const;
  int CodeAt(WeekIndex w) const {
    int i = SegmentAt(w);
    return i < 0 ? 0 : segments[i].code;
  }
  int AgeOnDay(DayNumber d) const { return AgeOn(birth, CivilFromDays(d)); }
};

// Population-weighted choice of municipalities (for moves).
class KommuneChooser {
 public:
  explicit KommuneChooser(const ModelParams& params);
  // A municipality other than `except`, population-weighted, from a uniform u in [0,1).
  int Choose(double u, int except) const;
  const std::vector<int>& codes() const { return codes_; }

 private:
  std::vector<int> codes_;
  std::vector<double> cumulative_;
};

struct LifeContext {
  const ModelParams* params = nullptr;
  const KnobTable* knobs = nullptr;
  const KommuneChooser* chooser = nullptr;
  WeekIndex last_week = 0;  // simulate up to and including this week
  // In-movers start in a municipality outside this set (codes; empty = all municipalities).
  const std::vector<int>* selected = nullptr;
};

// Fills `life` (cleared first). Demography only (no states) when `demography_only`.
void SimulateLife(const PersonSeed& seed, const LifeContext& ctx, PersonLife* life,
                  bool demography_only = false);

// The DREAM code for a state, effort, and date/age regime (0 for uncoded states).
int CodeFor(const ModelParams& p, State s, Effort e, bool private_sector, DayNumber day, int age);

}  // namespace fremdrift::sim
