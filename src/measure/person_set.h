// PersonSet: the persons a register measurement must scan. When the selected areas are fed by
// only some municipalities (one municipality, a RAR area, a region), that is the union of those
// municipalities' persons from the store's KommuneIndex; otherwise everyone. Scans split the set
// into contiguous parts, one per thread. Immutable after For(); thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "measure/fuldtidspersoner.h"
#include "measure/period_grid.h"
#include "registry/spell_store.h"

namespace fremdrift {

class PersonSet {
 public:
  // The persons who can contribute to `areas`; with `subset`, only those of its sex and kept
  // background value (a part of a breakdown).
  static PersonSet For(const SpellStore& store, const AreaSelection& areas,
                       const Subset& subset);
  static PersonSet For(const SpellStore& store, const AreaSelection& areas);

  std::uint64_t size() const { return all_ ? count_ : list_.size(); }
  // The k-th person (store position) of the set.
  std::uint64_t operator[](std::uint64_t k) const { return all_ ? k : list_[k]; }
  bool all() const { return all_; }

 private:
  bool all_ = true;
  std::uint64_t count_ = 0;
  std::vector<std::uint32_t> list_;
};

}  // namespace fremdrift
