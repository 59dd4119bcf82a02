// A history's compact event (see history_event.h).
#include "eventstore/history_event.h"

namespace fremdrift::cases {

bool AttributeView::Has(std::string_view key) const {
  if (first_ == nullptr) return false;
  const StringPool& pool = StringPool::Shared();
  for (const HistoryAttribute* a = first_;; ++a) {
    if (pool.Text(a->key & ~HistoryAttribute::kLast) == key) return true;
    if (a->key & HistoryAttribute::kLast) return false;
  }
}

std::vector<std::pair<std::string_view, std::string_view>> AttributeView::items() const {
  std::vector<std::pair<std::string_view, std::string_view>> out;
  if (first_ == nullptr) return out;
  const StringPool& pool = StringPool::Shared();
  for (const HistoryAttribute* a = first_;; ++a) {
    out.emplace_back(pool.Text(a->key & ~HistoryAttribute::kLast), pool.Text(a->value));
    if (a->key & HistoryAttribute::kLast) break;
  }
  return out;
}

std::string AttributeView::ToString() const {
  std::string out;
  for (const auto& [k, v] : items()) {
    if (!out.empty()) out += '|';
    out.append(k).append("=").append(v);
  }
  return out;
}

}  // namespace fremdrift::cases
