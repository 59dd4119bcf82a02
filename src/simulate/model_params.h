// The simulator's model parameters (data/simulate/params.toml): the life states, their duration
// distributions and transition weights by age band, effort (indsats) patterns inside benefit
// spells, demography and the dated regime changes. Loaded and validated once; immutable and
// shareable.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "domain/date.h"

namespace fremdrift::sim {

// Life states. The first group are model states with durations; the last three are set by
// demography (folkepension at the legal age, living abroad, dead).
enum class State : std::uint8_t {
  kEmployed,
  kInactive,  // self-supporting outside the labour force
  kEducation,
  kDagpenge,
  kKhJobparat,         // kontanthjælp / uddannelseshjælp, jobparat
  kKhAktivitetsparat,  // kontanthjælp / uddannelseshjælp, aktivitetsparat
  kIntegration,
  kSygedagpenge,
  kJobafklaring,
  kRessourceforloeb,
  kRevalidering,
  kFleksjob,
  kLedighedsydelse,
  kFoertidspension,
  kEfterloen,
  kBarsel,
  kFolkepension,
  kAbroad,
  kDead,
};
inline constexpr int kNumStates = 19;
inline constexpr int kNumModelStates = 16;  // states with parameters (not folkepension/abroad/dead)
std::string_view StateName(State s);
// -1 when unknown.
int StateFromName(std::string_view name);

// Effort kinds inside a benefit spell.
enum class Effort : std::uint8_t { kPassive, kGuidance, kPlacement, kWageSubsidy };
inline constexpr int kNumEfforts = 4;

// Age bands used by the parameters: 16-24, 25-34, 35-44, 45-54, 55+.
inline constexpr int kNumAgeBands = 5;
inline int ParamAgeBand(int age) {
  return age < 25 ? 0 : age < 35 ? 1 : age < 45 ? 2 : age < 55 ? 3 : 4;
}

struct EffortParams {
  double share = 0;                             // share of spells with any effort
  double first_after_weeks = 8;                 // mean passive weeks before the first effort
  double gap_weeks = 10;                        // mean passive weeks between efforts
  std::array<double, 3> kind_weights{1, 0, 0};  // guidance, placement, wage subsidy
  std::array<double, 3> mean_weeks{6, 8, 20};
  double private_share = 0.5;
};

struct StateParams {
  double labour_force = 0;  // share of the state's people in the labour force (true = 1)
  bool absorbing = false;   // lasts until folkepension / death
  std::vector<double> weights{1}, means{52};  // duration: mixture of exponentials (weeks)
  std::array<double, kNumAgeBands> duration_age{1, 1, 1, 1, 1};
  std::array<double, kNumModelStates> duration_prev{};  // 0 = 1 (no change)
  int min_weeks = 1;
  int max_weeks = 0;  // 0 = no cap
  std::array<double, kNumModelStates> next{};
  std::array<std::array<double, kNumAgeBands>, kNumModelStates> next_age{};
  std::array<double, kNumModelStates> next_female{};  // 0 = 1
  int entry_min_age = 16, entry_max_age = 99;
  int fallback = -1;  // state used before `available_from`
  DayNumber available_from = INT32_MIN;
  EffortParams effort;
  // Short interruptions: the share of spells of at least 10 weeks that hold one return to work of
  // 1..interruption_max_weeks weeks (blank register weeks, employed in the grad columns).
  double interruption_share = 0;
  int interruption_max_weeks = 3;
};

struct ModelParams {
  std::array<StateParams, kNumModelStates> states;
  // Demography.
  double female_share = 0.5;
  double mortality_a = 2e-5, mortality_b = 0.095;  // Gompertz hazard per year: a * exp(b * age)
  std::array<double, kNumAgeBands> move_rate{};    // per year, to another municipality
  std::array<double, kNumAgeBands> emigration_rate{};
  double abroad_mean_years = 3, abroad_return_share = 0.6;
  double immigrant_share = 0.08;
  int immigrant_min_age = 18, immigrant_max_age = 40;
  double immigrant_integration_share = 0.5;
  double population_16_66_share = 0.645;          // of the total population table
  std::array<double, kNumModelStates> initial{};  // state at 16
  // Regimes.
  DayNumber uddannelseshjaelp_from = 0;   // kh under 30 coded as uddannelseshjælp from this day
  DayNumber integrationsydelse_from = 0;  // 70x codes from here, 71x before
  DayNumber rehab_team_from = 0;
  DayNumber syg_reform_from = 0;  // sygedagpenge 22-week review → jobafklaring
  int syg_reform_weeks = 22;
  double syg_reform_to_jobafklaring = 0.5;
  double foertidspension_under40_factor_after = 0.05;
  DayNumber foertidspension_reform = 0;
  std::array<double, 5> ressourceforloeb_years{0.2, 0.3, 0.2, 0.1, 0.2};  // P(1..5 years)
  double delvis_rask_share = 0.2;  // share of sygedagpenge spells with a partial phase
  double efterloen_share_before_1954 = 0.35, efterloen_share_later = 0.2;
  // Events.
  double on_time_share = 0.88;
  double fsm2_group2_share = 0.2;
  int fsm2_min_age = 30;
  double fsm2_jobformidler_share = 0.85;
  double fsm2_paid_hours_monthly = 0.18;
  double fsm2_exemption_share = 0.15;
  // The pool "Håndholdt indsats i ressourceforløb": the municipalities that ran it and its period
  // (data/models/haandholdt.toml); their ressourceforløb citizens are visited to the project.
  std::vector<int> haandholdt_kommuner;
  DayNumber haandholdt_from = 0, haandholdt_to = 0;
  double mentor_share = 0.4;
  // The first year of the register's monthly employment columns (grad_/branche_; DREAM: 2008).
  int employment_columns_from = 2008;
  int caseworkers_per_municipality = 12;
  // National levels (share of the labour force, %, or full-time persons per 100 in the labour
  // force) that the default parameters reproduce; checked by a test.
  std::vector<std::pair<std::string, double>> national_levels;
  // Calibration knobs for municipalities without a profile ([national_knobs], written by
  // `fremdrift simulate --fit-national`): state inflow multipliers, then young, syg_long, delvis,
  // unge.
  std::array<double, kNumModelStates + 4> national_knobs;
  // Regional differences no profile calibrates ([rar_knobs."RAR name"]): multipliers on the
  // national knobs for every municipality of the RAR area that has no profile of its own.
  std::vector<std::pair<std::string, std::array<double, kNumModelStates + 4>>> rar_knobs;
  // Population sizes by municipality code (16-66, persons); filled from the table.
  std::array<double, 1000> population_16_66{};

  // Loads params.toml and the population table (`kommuner_befolkning.csv` beside it).
  static Result<ModelParams> Load(const std::string& params_path);
  // The copies of data/simulate/ built into the binary.
  static Result<ModelParams> LoadDefault();
};

// Legal folkepension age in months for a birth date (the 2006 and 2011 agreements, as dated in
// docs/simulation.md).
int FolkepensionAgeMonths(const CivilDate& birth);
// Efterløn age in months (5 years before folkepension, 3 years for those born 1959 or later).
int EfterloenAgeMonths(const CivilDate& birth);
// `birth` plus `months` months (day clamped).
DayNumber AddMonths(const CivilDate& birth, int months);

}  // namespace fremdrift::sim
