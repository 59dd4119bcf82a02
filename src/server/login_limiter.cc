// Sliding-window counting of login attempts (login_limiter.h).
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

std::int64_t LoginLimiter::RetryAfterLocked(const std::string& username, const std::string& address,
                                            std::int64_t now) {
  std::int64_t wait = 0;
  if (auto it = by_user_.find(username); it != by_user_.end())
    wait = Check(it->second, now, limits_.max_failures);
  if (auto it = by_address_.find(address); it != by_address_.end()) {
    wait = std::max(wait, Check(it->second, now, limits_.max_failures_per_address));
  }
  return wait;
}

void LoginLimiter::RecordFailureLocked(const std::string& username, const std::string& address,
                                       std::int64_t now) {
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

LoginAttempt LoginLimiter::Begin(const std::string& username, const std::string& address,
                                 std::int64_t now) {
  std::lock_guard lock(mu_);
  LoginAttempt out;
  const std::string key = username + '\n' + address;
  auto ref = refusals_.find(key);
  const bool window_over =
      ref != refusals_.end() && ref->second.window_start + limits_.window_seconds <= now;
  if (window_over) {
    out.unreported_refusals = ref->second.unreported;
    refusals_.erase(ref);
    ref = refusals_.end();
  }
  out.retry_after = RetryAfterLocked(username, address, now);
  if (out.retry_after == 0) {
    RecordFailureLocked(username, address, now);  // until Succeeded says otherwise
    return out;
  }
  if (ref == refusals_.end()) {
    if (refusals_.size() > 100000) {  // a flood of made-up names: drop finished windows
      for (auto it = refusals_.begin(); it != refusals_.end();) {
        bool over = it->second.window_start + limits_.window_seconds <= now;
        it = over ? refusals_.erase(it) : std::next(it);
      }
    }
    refusals_[key] = {now, 0};
    out.audit_refusal = true;
  } else {
    ++ref->second.unreported;
  }
  return out;
}

void LoginLimiter::Succeeded(const std::string& username, const std::string& address,
                             std::int64_t now) {
  std::lock_guard lock(mu_);
  by_user_.erase(username);
  if (auto it = by_address_.find(address); it != by_address_.end()) {
    Window& w = it->second;
    if (auto pos = std::find(w.rbegin(), w.rend(), now); pos != w.rend()) {
      w.erase(std::next(pos).base());
    }
    if (w.empty()) by_address_.erase(it);
  }
}

std::int64_t LoginLimiter::RetryAfter(const std::string& username, const std::string& address,
                                      std::int64_t now) {
  std::lock_guard lock(mu_);
  return RetryAfterLocked(username, address, now);
}

void LoginLimiter::RecordFailure(const std::string& username, const std::string& address,
                                 std::int64_t now) {
  std::lock_guard lock(mu_);
  RecordFailureLocked(username, address, now);
}

void LoginLimiter::RecordSuccess(const std::string& username) {
  std::lock_guard lock(mu_);
  by_user_.erase(username);
}

}  // namespace fremdrift::server
