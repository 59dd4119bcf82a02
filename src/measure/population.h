// Population: the denominators of shares (befolkning, arbejdsstyrke) per municipality, year and
// age band (and, when the file has a `koen` column, sex), read from a population file (docs/formats/population.md) and summed over an area and
// an age band (16-66, 16-29, ...). Immutable after loading; thread-safe.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "domain/area.h"
#include "domain/reference.h"
#include "measure/fuldtidspersoner.h"

namespace fremdrift {

class Population {
 public:
  static Result<Population> Load(const std::string& path, const ReferenceData& ref);
  static Result<Population> Parse(std::string_view text, std::string_view filename,
                                  const ReferenceData& ref);

  struct Value {
    double befolkning = 0;
    double arbejdsstyrke = 0;
    int year_used = 0;                        // the year whose figures were used
    bool substituted = false;                 // year_used differs from the year asked for
    int municipalities = 0;                   // in the area
    int covered = 0;                          // of them, with figures in the file for year_used
    std::vector<int> covered_municipalities;  // their indexes (Areas ids)
  };
  // Sum over the municipalities of `area_id` and the bands that make up `band`, of both sexes
  // (`sex` -1) or of one (a Sex value). NotFound for an area without municipalities (ukendt);
  // InvalidArgument when the file's bands cannot make up `band` exactly; FailedPrecondition for
  // one sex when the file has no figures by sex (no `koen` column) or for unknown sex.
  Result<Value> For(const Areas& areas, int area_id, int year, const AgeBand& band,
                    int sex = -1) const;
  // Whether the file gives figures by sex (a `koen` column with values).
  bool has_sex() const { return has_sex_; }
  int first_year() const { return first_year_; }
  int last_year() const { return last_year_; }

 private:
  struct Band {
    int min, max;
    int sex;  // 0: both sexes; 1 mand, 2 kvinde
    double befolkning, arbejdsstyrke;
  };
  // (municipality index, year) → bands.
  std::map<std::pair<int, int>, std::vector<Band>> rows_;
  int first_year_ = 0, last_year_ = 0;
  bool has_sex_ = false;
};

// "<store>.population.csv": where `ingest --population` keeps the file beside a store.
std::string PopulationPathForStore(const std::string& store_path);

}  // namespace fremdrift
