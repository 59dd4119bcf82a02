// KommuneIndex (see kommune_index.h).
#include "registry/kommune_index.h"

#include <algorithm>

#include "registry/spell_store.h"

namespace fremdrift {

KommuneIndex KommuneIndex::Build(const SpellStore& st) {
  KommuneIndex ix;
  // Two passes over the spells: count the (municipality, person) pairs, then fill them in person
  // order, so every list comes out ascending. `last` remembers the last person added per code.
  std::vector<std::uint64_t> count(kCodes + 1, 0);
  std::vector<std::int64_t> last(kCodes, -1);
  const std::uint16_t* kom = st.spell_kommune();
  for (std::uint64_t i = 0; i < st.person_count(); ++i) {
    for (std::uint64_t s = st.spell_begin(i); s < st.spell_end(i); ++s) {
      const int k = kom[s] < kCodes ? kom[s] : 0;
      if (last[k] != static_cast<std::int64_t>(i)) {
        last[k] = static_cast<std::int64_t>(i);
        count[k + 1]++;
      }
    }
  }
  for (int k = 0; k < kCodes; ++k) count[k + 1] += count[k];
  ix.offsets_ = count;
  ix.persons_.resize(count[kCodes]);
  std::fill(last.begin(), last.end(), -1);
  for (std::uint64_t i = 0; i < st.person_count(); ++i) {
    for (std::uint64_t s = st.spell_begin(i); s < st.spell_end(i); ++s) {
      const int k = kom[s] < kCodes ? kom[s] : 0;
      if (last[k] != static_cast<std::int64_t>(i)) {
        last[k] = static_cast<std::int64_t>(i);
        ix.persons_[count[k]++] = static_cast<std::uint32_t>(i);
      }
    }
  }
  return ix;
}

std::vector<std::uint32_t> KommuneIndex::Union(const std::vector<int>& codes) const {
  std::vector<std::uint32_t> out;
  for (int c : codes) {
    if (c < 0 || c >= kCodes) continue;
    auto p = persons(c);
    out.insert(out.end(), p.begin(), p.end());
  }
  if (codes.size() > 1) {
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
  }
  return out;
}

}  // namespace fremdrift
