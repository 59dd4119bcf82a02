// A simulated jobindsats.dk publication computed from a spell store, for demos and trials: the
// benefit tables (persons, full-time persons and shares, month by month) for the store's own
// municipalities (those the population file covers; without one, those with at least a tenth of
// the largest one's persons on benefit) and the whole country, as fremdrift computes them, with
// small deterministic differences of the kinds real publications show (most within 2 %, a few
// beyond, the latest month raised by late registrations); and STAR's benchmark (Y30R21) among
// those municipalities with a simulated expected figure. Written as API v2 responses
// (official/jobindsats_writer.h) so that they take the same import as a real response. Never a
// source of real figures: every source is named "simuleret/..." and the measurements over them
// say so. Thread-safe: reads immutable inputs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/period.h"
#include "domain/reference.h"
#include "measure/population.h"
#include "registry/spell_store.h"

namespace fremdrift::catalog {

struct SimulatedPublicationOptions {
  MonthIndex from = 0, to = -1;  // months published (to < from: the store's last 24 whole months)
  std::uint64_t seed = 1;
  std::size_t threads = 0;
};

struct SimulatedResponse {
  std::string table;   // "Y07A02"
  std::string source;  // "simuleret/Y07A02.json"
  std::string json;    // the response's text
};

// The prefix of every simulated source; figures from such a source are not jobindsats'.
inline constexpr const char* kSimulatedSourcePrefix = "simuleret/";

// One response per benefit table of official/jobindsats_tables.h and, with a population file, the
// benchmark for the last whole quarter of the range.
Result<std::vector<SimulatedResponse>> SimulatedPublication(
    const SpellStore& store, const ReferenceData& ref, const Population* population,
    const SimulatedPublicationOptions& options);

}  // namespace fremdrift::catalog
