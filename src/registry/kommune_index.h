// KommuneIndex: for every municipality code, the persons (store positions, ascending) with at
// least one benefit spell while living there. A measurement for one municipality or a RAR area
// then scans only those persons instead of the whole country. Built on first use from the spell
// columns (one pass, O(spells)) and kept with the open store; immutable and thread-safe after
// Build().
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace fremdrift {

class SpellStore;

class KommuneIndex {
 public:
  static constexpr int kCodes = 1000;  // 3-digit codes; 0 = unknown municipality
  static KommuneIndex Build(const SpellStore& store);

  // Persons with a spell in municipality `code`, ascending.
  std::span<const std::uint32_t> persons(int code) const {
    return {persons_.data() + offsets_[code], persons_.data() + offsets_[code + 1]};
  }
  // The union of persons(code) over `codes`, ascending and without repeats.
  std::vector<std::uint32_t> Union(const std::vector<int>& codes) const;

 private:
  std::vector<std::uint64_t> offsets_;  // kCodes + 1
  std::vector<std::uint32_t> persons_;
};

}  // namespace fremdrift
