// PersonSet (see person_set.h).
#include "measure/person_set.h"

namespace fremdrift {

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
