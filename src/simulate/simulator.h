// `fremdrift simulate`: plans the synthetic population (cohorts per municipality), sizes it to the
// population targets, calibrates the knobs to the profiles, and streams register.csv,
// population.csv and events.csv in chunks generated in parallel and written in order (bounded
// memory; output independent of the thread count). One Simulate() call at a time per object.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "domain/period.h"
#include "domain/reference.h"
#include "simulate/knobs.h"
#include "simulate/model_params.h"
#include "simulate/profile.h"

namespace fremdrift::sim {

struct SimulateOptions {
  std::vector<int> kommuner;  // municipality codes; ignored with `all`
  bool all = false;
  MonthIndex from = 0, to = 0;
  double scale = 1.0;
  std::vector<std::string> profiles;
  std::vector<Profile> extra_profiles;  // already parsed (e.g. NationalProfile)
  std::uint64_t seed = 1;
  std::string out_dir;      // empty: calibrate and count only, write nothing
  std::string params_path;  // empty: built-in data/simulate/params.toml
  int threads = 0;          // 0 = all cores
  bool progress = false;
  bool write_events = true;
  int max_iterations = 40;
  // The (single) profile's knobs apply everywhere: fits [national_knobs].
  bool fit_national = false;
};

struct FigureResult {
  std::string profile, key;
  int kommune = 0;
  MonthIndex month = 0;
  double target = 0, simulated = 0, tolerance_pct = 0;
  bool calibrated = false;  // a knob of its own steers it
};

struct SimulateSummary {
  std::uint64_t persons = 0;  // simulated
  std::uint64_t register_rows = 0;
  std::uint64_t events = 0;
  std::uint64_t register_bytes = 0;
  int calibration_iterations = 0;
  double seconds = 0, generate_seconds = 0;
  std::vector<FigureResult> figures;
};

class Simulator {
 public:
  Simulator(const ReferenceData& ref, ModelParams params) : ref_(ref), params_(std::move(params)) {}
  Status Run(const SimulateOptions& options, SimulateSummary* summary);
  // Knobs after Run() (for tests).
  const KnobTable& knobs() const { return knobs_; }

 private:
  const ReferenceData& ref_;
  ModelParams params_;
  KnobTable knobs_;
};

// A profile holding the national levels of params.toml [national] for municipality `kommune` in
// February 2019, with the municipality's population from the population table.
Result<Profile> NationalProfile(const ModelParams& params, const ReferenceData& ref, int kommune);

// `[national_knobs]` TOML for the knobs calibrated for `kommune` (started from the national ones).
std::string NationalKnobsToml(const ModelParams& params, const KnobTable& knobs, int kommune);

// A target-vs-simulated table, one line per figure.
std::string FormatFigureTable(const std::vector<FigureResult>& figures);

}  // namespace fremdrift::sim
