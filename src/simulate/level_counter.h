// Counts profile figures (full-time persons, shares, long sygedagpenge forløb, partial sick-leave
// share) directly from simulated lives, with the definitions of specs/measurements.md (Thursday
// rule, age on the last day of the forløb or of the period). Used by calibration and by tests as an
// independent check. One counter per thread; Merge() combines them.
#pragma once

#include <array>
#include <vector>

#include "domain/reference.h"
#include "simulate/life.h"
#include "simulate/profile.h"

namespace fremdrift::sim {

// The forløb break rule the profiles' figures are measured with: a gap of at least this many
// weeks without the group ends a forløb (specs/measurements.md "Forløb"; fremdrift's default).
inline constexpr int kForloebAfbrydelse = 4;

struct FigureTally {
  double total = 0;  // FTP, forløb count, or the numerator of a percentage
  double denom = 0;  // FTP of sygedagpenge for kPartialPct
  std::array<double, kNumStates> by_state{};  // FTP by simulated state
};

class LevelCounter {
 public:
  LevelCounter(const ReferenceData& ref, const std::vector<Figure>& figures);
  void Add(const PersonLife& life);
  void Merge(const LevelCounter& other);
  // The figure's measured value in the unit of its target.
  double Value(std::size_t i) const;
  const FigureTally& tally(std::size_t i) const { return tallies_[i]; }
  const std::vector<Figure>& figures() const { return *figures_; }

 private:
  int GroupOf(int code) const { return code > 0 ? group_of_code_[code] : -1; }
  const std::vector<Figure>* figures_;
  std::array<std::int16_t, 1000> group_of_code_{};
  std::vector<FigureTally> tallies_;
};

// Population and labour force by municipality, year and age band (16-19, 20-24, ..., 60-64,
// 65-66), counted on 1 January: residents (alive, in Denmark, living in the municipality in
// kom_YYYY) by their age that day; the labour force is those whose state that week is in the labour
// force (docs/formats/population.md).
class PopulationTally {
 public:
  static constexpr int kBands = 11;
  PopulationTally(std::vector<int> kommuner, int first_year, int last_year);
  void Add(const PersonLife& life, const ModelParams& params);
  void Merge(const PopulationTally& other);
  struct Cell {
    double befolkning = 0, arbejdsstyrke = 0, inactive = 0;
  };
  const Cell& cell(int kommune, int year, int band) const;
  // Sum over the bands 16-66.
  Cell Total(int kommune, int year) const;
  std::string ToCsv() const;
  static const char* BandName(int band);

 private:
  int Slot(int kommune) const { return kommune > 0 && kommune < 1000 ? slot_[kommune] : -1; }
  std::vector<int> kommuner_;
  std::array<int, 1000> slot_;
  int first_year_, last_year_;
  std::vector<Cell> cells_;
};

}  // namespace fremdrift::sim
