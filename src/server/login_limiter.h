// LoginLimiter: slows down password guessing. Counts login attempts per username and per client
// address in a sliding window. An attempt is counted under the lock *before* its password is
// checked (Begin), and uncounted only when it succeeds (Succeeded), so parallel guesses get no
// more through than the limit. Once either count reaches its limit, further attempts are refused
// (with the seconds to wait) until the window has passed, whether or not the password is right.
// Refusals are also summarised for the audit log: the first refusal of a username and address in
// a window is logged, the rest are counted and reported in one row later (see LoginAttempt).
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
  // The account lock (kept in the auth store, so it outlives a restart): after max_failures
  // failed logins in a row the user is locked for this long; 0: until `fremdrift users unlock`.
  std::int64_t lockout_seconds = 900;
};

struct LoginAttempt {
  // 0: go ahead and check the password (the attempt already counts as a failure until
  // Succeeded); else refused, and the seconds until the next attempt may proceed.
  std::int64_t retry_after = 0;
  // Refused: write a "login_limited" audit row for this attempt (the first refusal of this
  // username and address in a window). Later refusals in the window are only counted.
  bool audit_refusal = false;
  // Refusals of this username and address that were counted but not yet written to the audit
  // (from a window that has ended): write one row saying how many, then they are forgotten.
  std::int64_t unreported_refusals = 0;
};

class LoginLimiter {
 public:
  explicit LoginLimiter(LoginLimits limits = {}) : limits_(limits) {}

  // Checks and, when allowed, counts the attempt in one step.
  LoginAttempt Begin(const std::string& username, const std::string& address, std::int64_t now);
  // The attempt begun at `now` had the right password: clears the username's count and takes
  // the attempt off the address's count.
  void Succeeded(const std::string& username, const std::string& address, std::int64_t now);

  // Lower-level pieces (tests): the wait without counting, and counting a failure.
  std::int64_t RetryAfter(const std::string& username, const std::string& address,
                          std::int64_t now);
  void RecordFailure(const std::string& username, const std::string& address, std::int64_t now);
  void RecordSuccess(const std::string& username);

 private:
  using Window = std::deque<std::int64_t>;
  struct Refusals {
    std::int64_t window_start = 0;  // time of the audited refusal
    std::int64_t unreported = 0;    // counted since then
  };
  std::int64_t Check(Window& w, std::int64_t now, int max) const;
  void Prune(Window& w, std::int64_t now) const;
  std::int64_t RetryAfterLocked(const std::string& username, const std::string& address,
                                std::int64_t now);
  void RecordFailureLocked(const std::string& username, const std::string& address,
                           std::int64_t now);

  LoginLimits limits_;
  std::mutex mu_;
  std::unordered_map<std::string, Window> by_user_;
  std::unordered_map<std::string, Window> by_address_;
  std::unordered_map<std::string, Refusals> refusals_;  // key: username '\n' address
};

}  // namespace fremdrift::server
