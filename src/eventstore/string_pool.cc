// Interned text (see string_pool.h).
#include "eventstore/string_pool.h"

#include <cstring>
#include <functional>

#include "common/check.h"

namespace fremdrift::cases {
namespace {
std::atomic<std::uint64_t> next_serial{1};  // each pool's own, for the per-thread caches
}  // namespace

StringPool::StringPool() : serial_(next_serial.fetch_add(1)) { Intern(""); }

StringPool::~StringPool() {
  for (auto& chunk : chunks_) delete[] chunk.load(std::memory_order_relaxed);
}

StringPool& StringPool::Shared() {
  static StringPool* pool = new StringPool();  // never destroyed: views of it may outlive main
  return *pool;
}

std::string_view StringPool::Store(std::string_view text) {
  if (text.empty()) return {};
  if (text.size() > kBlockBytes / 4) {  // a long text gets a block of its own
    blocks_.push_back(std::make_unique<char[]>(text.size()));
    std::memcpy(blocks_.back().get(), text.data(), text.size());
    return {blocks_.back().get(), text.size()};
  }
  if (free_left_ < text.size()) {
    blocks_.push_back(std::make_unique<char[]>(kBlockBytes));
    free_ = blocks_.back().get();
    free_left_ = kBlockBytes;
  }
  std::memcpy(free_, text.data(), text.size());
  std::string_view stored(free_, text.size());
  free_ += text.size();
  free_left_ -= text.size();
  return stored;
}

std::uint32_t StringPool::Intern(std::string_view text) {
  // Most texts repeat (kinds, groups, months): a small per-thread cache of recent ids answers
  // them without the lock. An entry names its pool by serial number, never by address.
  struct Slot {
    std::uint64_t serial = 0;
    std::uint32_t id = 0;
  };
  constexpr std::size_t kSlots = 4096;
  thread_local std::array<Slot, kSlots> cache{};
  const std::size_t hash = std::hash<std::string_view>{}(text);
  Slot& slot = cache[hash & (kSlots - 1)];
  if (slot.serial == serial_ && Text(slot.id) == text) return slot.id;
  std::lock_guard lock(mu_);
  auto it = index_.find(text);
  if (it != index_.end()) {
    slot = {serial_, it->second};
    return it->second;
  }
  const std::uint32_t id = count_;
  const std::size_t chunk = id >> kChunkBits;
  FREMDRIFT_CHECK(chunk < kMaxChunks);
  std::string_view* slots = chunks_[chunk].load(std::memory_order_relaxed);
  if (slots == nullptr) {
    slots = new std::string_view[kChunkSize];
    chunks_[chunk].store(slots, std::memory_order_release);
  }
  const std::string_view stored = Store(text);
  slots[id & (kChunkSize - 1)] = stored;
  index_.emplace(stored, id);
  ++count_;
  slot = {serial_, id};
  return id;
}

std::size_t StringPool::size() const {
  std::lock_guard lock(mu_);
  return count_;
}

}  // namespace fremdrift::cases
