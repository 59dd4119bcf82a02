// Areas: a municipality (or `ukendt` for weeks whose municipality is unknown), a RAR area, a
// region, or the whole country ("Hele landet"). Area ids are dense integers so measurements can
// index arrays: [0, M) municipalities in reference order, M = ukendt, then RARs, regions, and the
// country. Immutable after construction; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "domain/reference.h"

namespace fremdrift {

enum class AreaLevel { kKommune, kRar, kRegion, kLand };

Result<AreaLevel> ParseAreaLevel(std::string_view text);  // kommune|rar|region|land

inline constexpr std::string_view kWholeCountry = "Hele landet";
inline constexpr std::string_view kUnknownArea = "ukendt";

class Areas {
 public:
  explicit Areas(const ReferenceData& ref);

  int municipality_count() const { return m_; }
  int unknown_id() const { return m_; }
  int count() const { return m_ + 1 + rars_ + regions_ + 1; }
  int land_id() const { return count() - 1; }
  int RarId(int rar) const { return m_ + 1 + rar; }
  int RegionId(int region) const { return m_ + 1 + rars_ + region; }
  AreaLevel LevelOf(int id) const;
  // The output label: municipality code ("657"), "ukendt", RAR/region name, or "Hele landet".
  const std::string& Label(int id) const { return labels_[id]; }
  // The area of `level` that holds municipality index `kommune` (or the unknown id).
  int Containing(AreaLevel level, int kommune) const;
  // All ids of a level (kommune level includes ukendt).
  std::vector<int> IdsOf(AreaLevel level) const;
  // Resolves a label or municipality code/name to an id.
  Result<int> Find(std::string_view text) const;

 private:
  const ReferenceData* ref_;
  int m_, rars_, regions_;
  std::vector<std::string> labels_;
};

}  // namespace fremdrift
