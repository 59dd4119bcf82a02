// Writes figures as a jobindsats API v2 data response (the structure ParseJobindsatsResponse
// reads; docs/formats/jobindsats.md): a JSON list with one element holding "Variables" (each a
// "Label") and "Data" (rows of values in the same order). Used by `fremdrift simulate
// --jobindsats-from` to give a simulated installation official figures to reconcile with and a
// benchmark, through the same import a real response takes. Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "official/jobindsats_tables.h"

namespace fremdrift::official {

// One row of a benefit table (Y07A02, PTVA02, ...): an area as jobindsats names it ("Herning",
// "Hele landet"), a period as jobindsats writes it ("2021M03"), and the measures; an absent
// measure is written as null (not published).
struct BenefitResponseRow {
  std::string area, period;
  std::optional<double> personer, fuldtidspersoner, andel_arbejdsstyrke, andel_befolkning;
};

// One row of the benchmark (Y30R21): area, period ("2021QMAT04"), the benchmark group's label
// ("Ydelsesgrupper i alt"), and the figures.
struct BenchmarkResponseRow {
  std::string area, period, group_label;
  double forventet_antal = 0, faktisk_antal = 0, forventet_andel = 0, faktisk_andel = 0;
  int placering = 0;
};

std::string BenefitResponseJson(const std::vector<BenefitResponseRow>& rows);
std::string BenchmarkResponseJson(const std::vector<BenchmarkResponseRow>& rows);

}  // namespace fremdrift::official
