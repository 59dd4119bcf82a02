// Calibration knobs: multipliers on the model that a profile (or the national fit) adjusts, per
// municipality and over calendar time. Inflow multipliers scale every transition weight into a
// state; `young` scales entries into unemployment states below 25; `syg_long` scales the weight of
// long sygedagpenge spells; `delvis` scales the share of partial sick-leave phases; `unge` scales
// entries into every state of offentlig forsørgelse below 30.
// Immutable while a simulation runs; safe to share between threads.
#pragma once

#include <array>
#include <vector>

#include "domain/date.h"
#include "simulate/model_params.h"

namespace fremdrift::sim {

inline constexpr int kKnobYoung = kNumModelStates;
inline constexpr int kKnobSygLong = kNumModelStates + 1;
inline constexpr int kKnobDelvis = kNumModelStates + 2;
inline constexpr int kKnobUnge = kNumModelStates + 3;
inline constexpr int kNumKnobs = kNumModelStates + 4;

struct Knobs {
  std::array<double, kNumKnobs> v;
  Knobs() { v.fill(1.0); }
};

class KnobTable {
 public:
  struct Anchor {
    WeekIndex week;
    Knobs knobs;
  };
  // Knobs for municipalities without anchors.
  Knobs& national() { return national_; }
  const Knobs& national() const { return national_; }
  // Anchors for a municipality code, kept sorted by week; knobs are interpolated linearly between
  // anchors and held constant outside them.
  std::vector<Anchor>& anchors(int kommune) { return anchors_[kommune]; }
  const std::vector<Anchor>& anchors(int kommune) const { return anchors_[kommune]; }

  // Knobs for one municipality without anchors (regional differences), instead of the national.
  void SetLocal(int kommune, const Knobs& k) {
    local_[kommune] = k;
    has_local_[kommune] = true;
  }

  // Calendar steps of one knob in one municipality, on top of the anchors: segment i covers the
  // weeks (last[i-1], last[i]], the first from the beginning of time, and the final one (index
  // last.size()) on to the end. A profile with the same figure in several months steers one
  // segment per month, so that month-to-month changes can be reproduced (docs/simulation.md).
  struct Steps {
    std::vector<WeekIndex> last;
    std::vector<double> value;  // last.size() + 1 multipliers; empty: no steps
    double At(WeekIndex w) const {
      std::size_t i = 0;
      while (i < last.size() && w > last[i]) ++i;
      return value[i];
    }
  };
  Steps& steps(int kommune, int knob) {
    if (steps_[kommune].empty()) steps_[kommune].resize(kNumKnobs);
    return steps_[kommune][knob];
  }

  double Value(int kommune, WeekIndex w, int knob) const {
    if (kommune <= 0 || kommune >= 1000) return national_.v[knob];
    double v = AnchorValue(kommune, w, knob);
    if (!steps_[kommune].empty() && !steps_[kommune][knob].value.empty()) {
      v *= steps_[kommune][knob].At(w);
    }
    return v;
  }

 private:
  double AnchorValue(int kommune, WeekIndex w, int knob) const {
    const auto& a = anchors_[kommune];
    if (a.empty()) return has_local_[kommune] ? local_[kommune].v[knob] : national_.v[knob];
    if (w <= a.front().week) return a.front().knobs.v[knob];
    if (w >= a.back().week) return a.back().knobs.v[knob];
    for (std::size_t i = 1; i < a.size(); ++i) {
      if (w <= a[i].week) {
        double f = static_cast<double>(w - a[i - 1].week) / (a[i].week - a[i - 1].week);
        return a[i - 1].knobs.v[knob] * (1 - f) + a[i].knobs.v[knob] * f;
      }
    }
    return a.back().knobs.v[knob];
  }

  Knobs national_;
  std::array<std::vector<Anchor>, 1000> anchors_;
  std::array<Knobs, 1000> local_;
  std::array<bool, 1000> has_local_{};
  std::array<std::vector<Steps>, 1000> steps_;  // per municipality: empty, or one per knob
};

}  // namespace fremdrift::sim
