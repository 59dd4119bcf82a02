// HistoryEvent: one event as a citizen's history keeps it, 16 bytes: the day, the municipality,
// the type and a view of its attributes (interned key and value ids in the history's own array,
// the last one flagged, texts in StringPool::Shared()). What only the store and the timeline need
// (event id, who recorded it and when, what it corrects) is left in the store: read the citizen's
// events again for it (CitizenEvents in event_store.h). Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/date.h"
#include "eventstore/event.h"
#include "eventstore/string_pool.h"

namespace fremdrift::cases {

struct HistoryAttribute {
  static constexpr std::uint32_t kLast = std::uint32_t{1} << 31;  // flag on the last one's key
  std::uint32_t key = 0;  // StringPool id, | kLast on the event's last attribute
  std::uint32_t value = 0;
};

// The attributes of one HistoryEvent, in key order (as Attributes keeps them).
class AttributeView {
 public:
  AttributeView() = default;
  explicit AttributeView(const HistoryAttribute* first) : first_(first) {}

  // The value of `key`, or empty when absent.
  std::string_view Get(std::string_view key) const {
    if (first_ == nullptr) return {};
    const StringPool& pool = StringPool::Shared();
    for (const HistoryAttribute* a = first_;; ++a) {
      if (pool.Text(a->key & ~HistoryAttribute::kLast) == key) return pool.Text(a->value);
      if (a->key & HistoryAttribute::kLast) return {};
    }
  }
  bool Has(std::string_view key) const;
  bool empty() const { return first_ == nullptr; }
  // The key=value pairs, in key order.
  std::vector<std::pair<std::string_view, std::string_view>> items() const;
  // The canonical text form ("k=v|k=v"), as Attributes::ToString() writes it.
  std::string ToString() const;

 private:
  const HistoryAttribute* first_ = nullptr;
};

struct HistoryEvent {
  AttributeView attributes;
  DayNumber date = 0;
  std::uint16_t kommune = 0;
  EventType type = EventType::kVisitation;
};
static_assert(sizeof(HistoryEvent) == 16, "a history event is kept small on purpose");

}  // namespace fremdrift::cases
