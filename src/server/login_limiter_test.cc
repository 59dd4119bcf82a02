// Tests of the login rate limiter with a hand-driven clock.
#include "server/login_limiter.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace fremdrift::server
