// PersonSet (see person_set.h).
#include "measure/person_set.h"

namespace fremdrift {

namespace {

// Whether person i belongs to the subset's persons.
bool InSubset(const SpellStore& st, const Subset& subset, std::uint64_t i) {
  if (subset.sex >= 0 && static_cast<int>(st.sex(i)) != subset.sex) return false;
  if (subset.attribute >= 0 && st.attribute(subset.attribute, i) != subset.attribute_code) {
    return false;
  }
  return true;
}

}  // namespace

PersonSet PersonSet::For(const SpellStore& st, const AreaSelection& areas, const Subset& subset) {
  PersonSet s = For(st, areas);
  if (!subset.persons_filtered()) return s;
  std::vector<std::uint32_t> kept;
  for (std::uint64_t k = 0; k < s.size(); ++k) {
    if (InSubset(st, subset, s[k])) kept.push_back(static_cast<std::uint32_t>(s[k]));
  }
  s.all_ = false;
  s.list_ = std::move(kept);
  return s;
}

PersonSet PersonSet::For(const SpellStore& st, const AreaSelection& areas) {
  PersonSet s;
  s.count_ = st.person_count();
  std::vector<int> feeding;
  for (int code = 0; code < static_cast<int>(areas.kommune_areas.size()); ++code) {
    if (!areas.kommune_areas[code].empty()) feeding.push_back(code);
  }
  // Most municipalities (the whole country, several regions): scan everyone.
  if (feeding.size() > 50) return s;
  std::vector<std::uint32_t> list = st.kommune_index().Union(feeding);
  // A list is only worth it when it leaves out most persons.
  if (list.size() * 2 > st.person_count()) return s;
  s.all_ = false;
  s.list_ = std::move(list);
  return s;
}

}  // namespace fremdrift
