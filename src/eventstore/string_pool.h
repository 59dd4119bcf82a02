// StringPool: interned text (the attribute keys and values of the per-citizen histories), each
// distinct text stored once and named by a 32-bit id. Texts are never freed, so a view of one
// stays valid for the life of the pool; the process-wide pool (Shared()) therefore grows with the
// distinct texts the stores it loaded held, not with their events or with reloads.
// Thread-safety: Intern() may be called from any thread (a per-thread cache of recent texts, else
// one mutex); Text() takes no lock and is
// safe for any id the caller obtained from Intern() (on any thread that happens-before it).
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace fremdrift::cases {

class StringPool {
 public:
  StringPool();
  ~StringPool();
  StringPool(const StringPool&) = delete;
  StringPool& operator=(const StringPool&) = delete;

  // The pool the histories use (never destroyed).
  static StringPool& Shared();

  // The id of `text` (0 for the empty text); the same text always gets the same id.
  std::uint32_t Intern(std::string_view text);
  // The text of an id from Intern().
  std::string_view Text(std::uint32_t id) const {
    return chunks_[id >> kChunkBits].load(std::memory_order_acquire)[id & (kChunkSize - 1)];
  }
  std::size_t size() const;  // distinct texts, the empty one included

 private:
  static constexpr unsigned kChunkBits = 14;
  static constexpr std::size_t kChunkSize = std::size_t{1} << kChunkBits;
  static constexpr std::size_t kMaxChunks = std::size_t{1} << (31 - kChunkBits);
  static constexpr std::size_t kBlockBytes = 64 * 1024;

  std::string_view Store(std::string_view text);  // copies into the blocks (mu_ held)

  const std::uint64_t serial_;  // unique per pool (the per-thread caches' key)
  mutable std::mutex mu_;
  std::unordered_map<std::string_view, std::uint32_t> index_;
  std::vector<std::unique_ptr<char[]>> blocks_;
  char* free_ = nullptr;
  std::size_t free_left_ = 0;
  std::uint32_t count_ = 0;
  std::array<std::atomic<std::string_view*>, kMaxChunks> chunks_{};
};

}  // namespace fremdrift::cases
