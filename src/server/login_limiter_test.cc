// Tests of the login rate limiter with a hand-driven clock.
#include "server/login_limiter.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace fremdrift::server {
namespace {

TEST(LoginLimiter, BlocksAUsernameAfterTheLimitUntilTheWindowPasses) {
  LoginLimiter l({.max_failures = 3, .max_failures_per_address = 100, .window_seconds = 60});
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(l.RetryAfter("anna", "10.0.0.1", 1000 + i), 0);
    l.RecordFailure("anna", "10.0.0.1", 1000 + i);
  }
  EXPECT_EQ(l.RetryAfter("anna", "10.0.0.2", 1003), 57);  // the first failure leaves at 1060
  EXPECT_EQ(l.RetryAfter("bent", "10.0.0.1", 1003), 0);   // another user from the same address
  EXPECT_EQ(l.RetryAfter("anna", "10.0.0.1", 1059), 1);
  EXPECT_EQ(l.RetryAfter("anna", "10.0.0.1", 1060), 0);  // only two failures left in the window
}

TEST(LoginLimiter, BlocksAnAddressTryingManyNames) {
  LoginLimiter l({.max_failures = 5, .max_failures_per_address = 4, .window_seconds = 60});
  for (int i = 0; i < 4; ++i) l.RecordFailure("navn" + std::to_string(i), "10.0.0.9", 100);
  EXPECT_GT(l.RetryAfter("helt-ny", "10.0.0.9", 101), 0);
  EXPECT_EQ(l.RetryAfter("helt-ny", "10.0.0.8", 101), 0);
}

TEST(LoginLimiter, SuccessClearsTheUsername) {
  LoginLimiter l({.max_failures = 2, .max_failures_per_address = 100, .window_seconds = 60});
  l.RecordFailure("anna", "a", 1);
  l.RecordSuccess("anna");
  l.RecordFailure("anna", "a", 2);
  EXPECT_EQ(l.RetryAfter("anna", "a", 3), 0);
}

TEST(LoginLimiter, BeginCountsTheAttemptSoParallelGuessesGetOnlyTheLimitThrough) {
  LoginLimiter l({.max_failures = 5, .max_failures_per_address = 1000, .window_seconds = 900});
  std::atomic<int> allowed{0}, refused{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 60; ++i) {
    threads.emplace_back([&] {
      LoginAttempt a = l.Begin("le217", "10.0.0.1", 5000);
      (a.retry_after == 0 ? allowed : refused).fetch_add(1);
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(allowed.load(), 5);
  EXPECT_EQ(refused.load(), 55);
}

TEST(LoginLimiter, RefusalsAreAuditedOncePerWindowAndTheRestCounted) {
  LoginLimiter l({.max_failures = 2, .max_failures_per_address = 1000, .window_seconds = 100});
  EXPECT_EQ(l.Begin("anna", "a", 0).retry_after, 0);
  EXPECT_EQ(l.Begin("anna", "a", 1).retry_after, 0);
  LoginAttempt first = l.Begin("anna", "a", 2);
  EXPECT_EQ(first.retry_after, 98);  // until the failure at 0 leaves the window
  EXPECT_TRUE(first.audit_refusal);
  EXPECT_EQ(first.unreported_refusals, 0);
  for (int t = 3; t < 10; ++t) {
    LoginAttempt a = l.Begin("anna", "a", t);
    EXPECT_GT(a.retry_after, 0);
    EXPECT_FALSE(a.audit_refusal);
  }
  // Another address for the same name is its own row.
  EXPECT_TRUE(l.Begin("anna", "b", 10).audit_refusal);
  // After the refusal window (from t = 2) ends, the next attempt reports the 7 counted ones.
  LoginAttempt later = l.Begin("anna", "a", 102);
  EXPECT_EQ(later.unreported_refusals, 7);
  EXPECT_EQ(later.retry_after, 0);  // the failures at 0 and 1 have left the window
  EXPECT_EQ(l.Begin("anna", "a", 103).unreported_refusals, 0);
}

TEST(LoginLimiter, SucceededUncountsTheAttempt) {
  LoginLimiter l({.max_failures = 2, .max_failures_per_address = 2, .window_seconds = 60});
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(l.Begin("anna", "a", 10 + i).retry_after, 0);
    l.Succeeded("anna", "a", 10 + i);
  }
  // Five good logins from one address leave no count behind: a wrong one is still allowed.
  EXPECT_EQ(l.Begin("bent", "a", 20).retry_after, 0);
  EXPECT_EQ(l.Begin("carl", "a", 21).retry_after, 0);
  EXPECT_GT(l.Begin("dora", "a", 22).retry_after, 0);  // two failures from "a": the limit
}

}  // namespace
}  // namespace fremdrift::server
