// Published key figures a municipality is calibrated to (data/reference/profiles/*.toml), turned
// into measurable figure definitions: which codes, ages, month and denominator each published
// number refers to (docs/simulation.md lists the names understood). Value types; thread-compatible.
#pragma once

#include <bitset>
#include <string>
#include <vector>

#include "common/status.h"
#include "domain/period.h"
#include "domain/reference.h"

namespace fremdrift::sim {

enum class FigureKind {
  kFtp,                 // full-time persons of `codes`, ages [age_lo, age_hi]
  kShareOfLabourForce,  // 100 * FTP / denominator
  kForloebOver26,       // ongoing forløb of `codes` at the month's last week, longer than 26 weeks
  kPartialPct,          // 100 * FTP(code 899) / FTP(sygedagpenge)
};

struct Figure {
  std::string key;  // as in the profile, e.g. "share_of_labour_force.a_dagpenge"
  FigureKind kind = FigureKind::kFtp;
  std::bitset<1000> codes;
  std::vector<std::string> groups;  // group ids the codes come from (for `fremdrift measure`)
  bool bruttoledig_only = false;
  int age_lo = 16, age_hi = 66;
  MonthIndex month = 0;
  double denominator = 0;  // labour force, for shares
  // A share of the labour force of ages [age_lo, age_hi] other than 16-66: the denominator is the
  // simulated labour force of those ages (set by the calibration from its population tally).
  bool denominator_from_population = false;
  double target = 0;
  int kommune = 0;
};

struct Profile {
  std::string path;
  int kommune = 0;
  MonthIndex month = 0;  // the profile's `period`
  double tolerance_pct = 3;
  double befolkning = 0, arbejdsstyrke = 0;  // [estimate], 16-66
  std::vector<Figure> figures;
  std::vector<std::string> ignored;  // national comparison figures (not about this municipality)
};

Result<Profile> LoadProfile(const std::string& path, const ReferenceData& ref);
// From profile TOML text; `origin` names it in errors.
Result<Profile> ParseProfile(std::string_view text, const std::string& origin,
                             const ReferenceData& ref);

}  // namespace fremdrift::sim
