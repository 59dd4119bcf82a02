// Areas (see area.h).
#include "domain/area.h"

#include <charconv>

namespace fremdrift {

Result<AreaLevel> ParseAreaLevel(std::string_view t) {
  if (t == "kommune") return AreaLevel::kKommune;
  if (t == "rar") return AreaLevel::kRar;
  if (t == "region") return AreaLevel::kRegion;
  if (t == "land") return AreaLevel::kLand;
  return InvalidArgument("area '{}' is not one of kommune, rar, region, land", t);
}

Areas::Areas(const ReferenceData& ref)
    : ref_(&ref),
      m_(static_cast<int>(ref.municipalities().size())),
      rars_(static_cast<int>(ref.rar_names().size())),
      regions_(static_cast<int>(ref.region_names().size())) {
  for (const auto& m : ref.municipalities()) labels_.push_back(fmt::format("{:03d}", m.code));
  labels_.emplace_back(kUnknownArea);
  for (const auto& r : ref.rar_names()) labels_.push_back(r);
  for (const auto& r : ref.region_names()) labels_.push_back(r);
  labels_.emplace_back(kWholeCountry);
}

AreaLevel Areas::LevelOf(int id) const {
  if (id <= m_) return AreaLevel::kKommune;
  if (id < m_ + 1 + rars_) return AreaLevel::kRar;
  if (id < m_ + 1 + rars_ + regions_) return AreaLevel::kRegion;
  return AreaLevel::kLand;
}

int Areas::Containing(AreaLevel level, int kommune) const {
  switch (level) {
    case AreaLevel::kKommune:
      return kommune;
    case AreaLevel::kRar:
      return kommune < m_ ? RarId(ref_->municipalities()[kommune].rar) : -1;
    case AreaLevel::kRegion:
      return kommune < m_ ? RegionId(ref_->municipalities()[kommune].region) : -1;
    case AreaLevel::kLand:
      return land_id();
  }
  return -1;
}

std::vector<int> Areas::IdsOf(AreaLevel level) const {
  std::vector<int> ids;
  for (int i = 0; i < count(); ++i) {
    if (LevelOf(i) == level) ids.push_back(i);
  }
  return ids;
}

Result<int> Areas::Find(std::string_view text) const {
  int code = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), code);
  if (ec == std::errc() && p == text.data() + text.size()) {
    int idx = ref_->MunicipalityIndex(code);
    if (idx < 0) return NotFound("municipality {} is not in reference/kommuner.csv", text);
    return idx;
  }
  for (int i = 0; i < count(); ++i) {
    if (labels_[i] == text) return i;
  }
  for (int i = 0; i < m_; ++i) {
    if (ref_->municipalities()[i].name == text) return i;
  }
  return NotFound("'{}' is not a municipality, RAR area, region or 'Hele landet'", text);
}

}  // namespace fremdrift
