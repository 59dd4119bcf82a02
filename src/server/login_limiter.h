// LoginLimiter: slows down password guessing. Counts failed logins per username and per client
// address in a sliding window; once either reaches the limit, further attempts are refused (with
// the seconds to wait) until the window has passed, whether or not the password is right.
// A successful login clears the username's count. Thread-safe (one mutex).
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace fremdrift::server {

struct LoginLimits {
  int max_failures = 5;               // per username within the window
  int max_failures_per_address = 30;  // per client address (offices share one NAT address)
  std::int64_t window_seconds = 900;
};

class LoginLimiter {
 public:
  explicit LoginLimiter(LoginLimits limits = {}) : limits_(limits) {}

  // 0 when an attempt may proceed, else the seconds until the next may.
  std::int64_t RetryAfter(const std::string& username, const std::string& address,
                          std::int64_t now);
  void RecordFailure(const std::string& username, const std::string& address, std::int64_t now);
  void RecordSuccess(const std::string& username);

 private:
  using Window = std::deque<std::int64_t>;
  std::int64_t Check(Window& w, std::int64_t now, int max) const;
  void Prune(Window& w, std::int64_t now) const;

  LoginLimits limits_;
  std::mutex mu_;
  std::unordered_map<std::string, Window> by_user_;
  std::unordered_map<std::string, Window> by_address_;
};

}  // namespace fremdrift::server
