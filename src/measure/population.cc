// Population denominators (see population.h).
#include "measure/population.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "common/csv.h"
#include "common/file_util.h"

namespace fremdrift {

std::string PopulationPathForStore(const std::string& store_path) {
  return store_path + ".population.csv";
}

Result<Population> Population::Load(const std::string& path, const ReferenceData& ref) {
  ASSIGN_OR_RETURN(std::string text, ReadFileToString(path));
  return Parse(text, path, ref);
}

namespace {
bool Int(std::string_view s, int& v) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return !s.empty() && ec == std::errc() && p == s.data() + s.size();
}
bool Number(const std::string& s, double& v) {
  std::string t = s;
  std::replace(t.begin(), t.end(), ',', '.');
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  return !t.empty() && ec == std::errc() && p == t.data() + t.size() && v >= 0 && std::isfinite(v);
}
}  // namespace

Result<Population> Population::Parse(std::string_view text, std::string_view file,
                                     const ReferenceData& ref) {
  ASSIGN_OR_RETURN(CsvDocument doc, ParseCsvDocument(text, file));
  for (const char* c : {"kommune", "aar", "aldersgruppe", "befolkning", "arbejdsstyrke"}) {
    if (doc.Column(c) < 0) return InvalidArgument("{}: missing column '{}'", file, c);
  }
  const int ck = doc.Column("kommune"), cy = doc.Column("aar"), cb = doc.Column("aldersgruppe"),
            cp = doc.Column("befolkning"), ca = doc.Column("arbejdsstyrke"),
            cs = doc.Column("koen");
  Population pop;
  pop.first_year_ = 1 << 30;
  pop.last_year_ = -1;
  for (size_t r = 0; r < doc.rows.size(); ++r) {
    const auto& row = doc.rows[r];
    const int line = doc.line_numbers[r];
    auto bad = [&](int col, std::string_view why) {
      return InvalidArgument("{}, row {}, column '{}': '{}' {}", file, line, doc.header[col],
                             row[col], why);
    };
    int code = 0, year = 0;
    if (!Int(row[ck], code) || ref.MunicipalityIndex(code) < 0) {
      return bad(ck, "is not a municipality code in reference/kommuner.csv");
    }
    if (!Int(row[cy], year) || year < 1900 || year > 2200) return bad(cy, "is not a year");
    Band b{};
    const std::string& band = row[cb];
    auto dash = band.find('-');
    if (dash == std::string::npos || !Int(std::string_view(band).substr(0, dash), b.min) ||
        !Int(std::string_view(band).substr(dash + 1), b.max) || b.min > b.max) {
      return bad(cb, "is not an age band MIN-MAX");
    }
    b.sex = 0;
    if (cs >= 0) {
      const std::string& k = row[cs];
      if (k == "mand" || k == "M" || k == "m" || k == "1") {
        b.sex = 1;
      } else if (k == "kvinde" || k == "K" || k == "k" || k == "2") {
        b.sex = 2;
      } else if (!k.empty() && k != "i_alt") {
        return bad(cs, "is not mand, kvinde (M, K, 1, 2) or blank");
      }
      if (b.sex != 0) pop.has_sex_ = true;
    }
    if (!Number(row[cp], b.befolkning)) return bad(cp, "is not a number");
    if (!Number(row[ca], b.arbejdsstyrke)) return bad(ca, "is not a number");
    auto& bands = pop.rows_[{ref.MunicipalityIndex(code), year}];
    for (const auto& o : bands) {
      if (b.sex == o.sex && b.min <= o.max && o.min <= b.max)
        return bad(cb, "overlaps another band of this row's year and sex");
    }
    bands.push_back(b);
    pop.first_year_ = std::min(pop.first_year_, year);
    pop.last_year_ = std::max(pop.last_year_, year);
  }
  if (pop.rows_.empty()) return InvalidArgument("{}: no rows", file);
  return pop;
}

Result<Population::Value> Population::For(const Areas& areas, int area_id, int year,
                                          const AgeBand& band, int sex) const {
  if (sex == 0) return FailedPrecondition("the population is not counted for unknown sex");
  if (sex > 0 && !has_sex_) {
    return FailedPrecondition("the population file has no figures by sex (no 'koen' column)");
  }
  Value v;
  // The file's year nearest to `year` (the later of two as near); years inside the file's range
  // can be missing too.
  v.year_used = first_year_;
  for (const auto& [key, unused] : rows_) {
    const int d = std::abs(key.second - year), best = std::abs(v.year_used - year);
    if (d < best || (d == best && key.second > v.year_used)) v.year_used = key.second;
  }
  v.substituted = v.year_used != year;
  const AreaLevel level = areas.LevelOf(area_id);
  bool any = false;
  for (int k = 0; k < areas.municipality_count(); ++k) {
    if (areas.Containing(level, k) != area_id) continue;
    ++v.municipalities;
    auto it = rows_.find({k, v.year_used});
    if (it == rows_.end()) continue;
    // The rows of the sex asked for; for both sexes the rows without sex, or else the sum of
    // the two sexes' rows (each must make up the band).
    std::vector<int> sexes = {sex};
    if (sex < 0) {
      const bool unsexed = std::any_of(it->second.begin(), it->second.end(),
                                       [](const Band& b) { return b.sex == 0; });
      sexes = unsexed ? std::vector<int>{0} : std::vector<int>{1, 2};
    }
    double befolkning = 0, arbejdsstyrke = 0;
    bool complete = true;
    for (int s : sexes) {
      int covered = 0;
      for (const auto& b : it->second) {
        if (b.sex != s) continue;
        if (band.all || (b.min >= band.min && b.max <= band.max)) {
          befolkning += b.befolkning;
          arbejdsstyrke += b.arbejdsstyrke;
          covered += b.max - b.min + 1;
        }
      }
      if (!band.all && covered != band.max - band.min + 1) complete = false;
    }
    if (!complete && sex > 0) {
      return FailedPrecondition("the population file has no figures by sex for ages {} in {}",
                                band.Label(), areas.Label(area_id));
    }
    if (!complete) {
      return InvalidArgument("the population file's age bands do not make up ages {}",
                             band.Label());
    }
    ++v.covered;
    v.covered_municipalities.push_back(k);
    v.befolkning += befolkning;
    v.arbejdsstyrke += arbejdsstyrke;
    any = true;
  }
  if (!any) return NotFound("no population figures for {} in {}", areas.Label(area_id), year);
  return v;
}

}  // namespace fremdrift
