// Metrics: request counters and a latency histogram for /api/v1/metrics in the Prometheus text
// format, plus counts of computed Tables, cache hits and audit entries.
// Thread-safety: lock-free atomic counters; Render() may run beside updates.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

namespace fremdrift::server {

class Metrics {
 public:
  // Upper bounds (seconds) of the latency buckets.
  static constexpr std::array<double, 10> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,  0.1,    0.25,  1.0,  5.0};

  void RecordRequest(int status, double seconds);
  void CountComputed() { computed_.fetch_add(1, std::memory_order_relaxed); }
  void CountCacheHit() { cache_hits_.fetch_add(1, std::memory_order_relaxed); }
  // The first views prepared at start (warmup.h): -1 while preparing or not asked, then the
  // number of Tables.
  void SetFirstViewsPrepared(std::int64_t tables) { first_views_.store(tables); }
  void CountAudit(std::int64_t n) { audit_.fetch_add(n, std::memory_order_relaxed); }
  std::string Render() const;

 private:
  std::array<std::atomic<std::int64_t>, 6> by_class_{};  // 1xx..5xx, other
  std::array<std::atomic<std::int64_t>, kBuckets.size() + 1> latency_{};
  std::atomic<std::int64_t> latency_micros_{0};
  std::atomic<std::int64_t> computed_{0}, cache_hits_{0}, audit_{0};
  std::atomic<std::int64_t> first_views_{-1};
};

}  // namespace fremdrift::server
