// Prometheus text rendering of the server's counters (metrics.h).
#include "server/metrics.h"

#include <fmt/format.h>

namespace fremdrift::server {

void Metrics::RecordRequest(int status, double seconds) {
  int cls = status / 100;
  by_class_[cls >= 1 && cls <= 5 ? cls - 1 : 5].fetch_add(1, std::memory_order_relaxed);
  std::size_t b = 0;
  while (b < kBuckets.size() && seconds > kBuckets[b]) ++b;
  latency_[b].fetch_add(1, std::memory_order_relaxed);
  latency_micros_.fetch_add(static_cast<std::int64_t>(seconds * 1e6), std::memory_order_relaxed);
}

std::string Metrics::Render() const {
  std::string out;
  out += "# HELP fremdrift_http_requests_total HTTP requests by status class.\n";
  out += "# TYPE fremdrift_http_requests_total counter\n";
  static constexpr const char* kClass[] = {"1xx", "2xx", "3xx", "4xx", "5xx", "other"};
  std::int64_t total = 0;
  for (std::size_t i = 0; i < by_class_.size(); ++i) {
    std::int64_t n = by_class_[i].load();
    total += n;
    out += fmt::format("fremdrift_http_requests_total{{code=\"{}\"}} {}\n", kClass[i], n);
  }
  out += "# HELP fremdrift_http_request_duration_seconds Time to answer a request.\n";
  out += "# TYPE fremdrift_http_request_duration_seconds histogram\n";
  std::int64_t cumulative = 0;
  for (std::size_t b = 0; b < kBuckets.size(); ++b) {
    cumulative += latency_[b].load();
    out += fmt::format("fremdrift_http_request_duration_seconds_bucket{{le=\"{}\"}} {}\n",
                       kBuckets[b], cumulative);
  }
  cumulative += latency_[kBuckets.size()].load();
  out +=
      fmt::format("fremdrift_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {}\n", cumulative);
  out += fmt::format("fremdrift_http_request_duration_seconds_sum {}\n",
                     static_cast<double>(latency_micros_.load()) / 1e6);
  out += fmt::format("fremdrift_http_request_duration_seconds_count {}\n", cumulative);
  out += "# TYPE fremdrift_tables_computed_total counter\n";
  out += fmt::format("fremdrift_tables_computed_total {}\n", computed_.load());
  out += "# TYPE fremdrift_table_cache_hits_total counter\n";
  out += fmt::format("fremdrift_table_cache_hits_total {}\n", cache_hits_.load());
  out += "# HELP fremdrift_first_views_prepared Tables of the pages' first views prepared at start "
         "(-1: not done).\n";
  out += "# TYPE fremdrift_first_views_prepared gauge\n";
  out += fmt::format("fremdrift_first_views_prepared {}\n", first_views_.load());
  out += "# TYPE fremdrift_audit_entries_total counter\n";
  out += fmt::format("fremdrift_audit_entries_total {}\n", audit_.load());
  (void)total;
  return out;
}

}  // namespace fremdrift::server
