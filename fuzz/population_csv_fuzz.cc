// libFuzzer target for the population file (docs/formats/population.md): the input is parsed as a
// population CSV and, when accepted, summed over every area at every level, for several age bands
// and for years before, inside and after the file's years. Invariants: the year used lies in the
// file's years (substituted exactly when it differs), covered municipalities are among the area's,
// sums are not negative, and the whole country's sum over all ages is the sum of its
// municipalities'. Any crash, sanitizer report or broken invariant is a bug; crashing inputs go
// into fuzz/crashes/population/ as regression inputs.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/check.h"
#include "domain/area.h"
#include "domain/reference.h"
#include "measure/population.h"

using namespace fremdrift;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const ReferenceData* ref = new ReferenceData(*ReferenceData::LoadEmbedded());
  static const Areas* areas = new Areas(*ref);
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto pop = Population::Parse(text, "fuzz.csv", *ref);
  if (!pop.ok()) {
    FREMDRIFT_CHECK(pop.status().message().rfind("fuzz.csv", 0) == 0);
    return 0;
  }
  FREMDRIFT_CHECK(pop->first_year() <= pop->last_year());
  AgeBand all;
  all.all = true;
  const AgeBand bands[] = {AgeBand{16, 66, false}, AgeBand{16, 29, false}, AgeBand{30, 49, false},
                           AgeBand{0, 130, false}, all};
  const int years[] = {pop->first_year() - 1, pop->first_year(), pop->last_year(),
                       pop->last_year() + 1};
  for (int year : years) {
    double sum_kommuner = 0;
    for (const AgeBand& band : bands) {
      for (int id = 0; id < areas->count(); ++id) {
        auto v = pop->For(*areas, id, year, band);
        if (!v.ok()) continue;
        FREMDRIFT_CHECK(v->year_used >= pop->first_year() && v->year_used <= pop->last_year());
        FREMDRIFT_CHECK(v->substituted == (v->year_used != year));
        FREMDRIFT_CHECK(v->covered > 0 && v->covered <= v->municipalities);
        FREMDRIFT_CHECK(static_cast<int>(v->covered_municipalities.size()) == v->covered);
        for (int k : v->covered_municipalities) {
          FREMDRIFT_CHECK(k >= 0 && k < areas->municipality_count());
          FREMDRIFT_CHECK(areas->Containing(areas->LevelOf(id), k) == id);
        }
        // Not negative (a sum of huge figures may reach infinity, never NaN).
        FREMDRIFT_CHECK(v->befolkning >= 0 && v->arbejdsstyrke >= 0);
        if (band.all && areas->LevelOf(id) == AreaLevel::kKommune) sum_kommuner += v->befolkning;
        if (band.all && id == areas->land_id() && std::isfinite(v->befolkning)) {
          FREMDRIFT_CHECK(std::fabs(v->befolkning - sum_kommuner) <=
                          1e-9 * std::fmax(1.0, v->befolkning));
        }
      }
    }
  }
  return 0;
}
