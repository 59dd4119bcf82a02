// Sliding-window counting of failed logins (login_limiter.h).
#include "server/login_limiter.h"

#include <algorithm>

namespace fremdrift::server {

void LoginLimiter::Prune(Window& w, std::int64_t now) const {
  while (!w.empty() && w.front() <= now - limits_.window_seconds) w.pop_front();
}

std::int64_t LoginLimiter::Check(Window& w, std::int64_t now, int max) const {
  Prune(w, now);
  if (static_cast<int>(w.size()) < max) return 0;
  // Blocked until the oldest counted failure leaves the window.
  return std::max<std::int64_t>(1, w.front() + limits_.window_seconds - now);
}

std::int64_t LoginLimiter::RetryAfter(const std::string& username, const std::string& address,
                                      std::int64_t now) {
  std::lock_guard lock(mu_);
  std::int64_t wait = 0;
  if (auto it = by_user_.find(username); it != by_user_.end())
    wait = Check(it->second, now, limits_.max_failures);
  if (auto it = by_address_.find(address); it != by_address_.end()) {
    wait = std::max(wait, Check(it->second, now, limits_.max_failures_per_address));
  }
  return wait;
}

void LoginLimiter::RecordFailure(const std::string& username, const std::string& address,
                                 std::int64_t now) {
  std::lock_guard lock(mu_);
  // Bound memory under a flood of made-up names: forget everything stale first.
  if (by_user_.size() > 100000) {
    for (auto it = by_user_.begin(); it != by_user_.end();) {
      Prune(it->second, now);
      it = it->second.empty() ? by_user_.erase(it) : std::next(it);
    }
  }
  Window& u = by_user_[username];
  Prune(u, now);
  u.push_back(now);
  Window& a = by_address_[address];
  Prune(a, now);
  a.push_back(now);
}

void LoginLimiter::RecordSuccess(const std::string& username) {
  std::lock_guard lock(mu_);
  by_user_.erase(username);
}

}  // namespace fremdrift::server
