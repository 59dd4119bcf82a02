// Tests for the simulator's random streams.
#include "simulate/rng.h"

#include <gtest/gtest.h>

namespace fremdrift::sim {
namespace {

TEST(RngTest, SameKeySameStream) {
  Rng a(StreamKey(42, {1, 2, 3})), b(StreamKey(42, {1, 2, 3}));
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a.Next(), b.Next());
}

TEST(RngTest, KeysAndSeedsGiveDifferentStreams) {
  EXPECT_NE(StreamKey(42, {1, 2, 3}), StreamKey(42, {1, 2, 4}));
  EXPECT_NE(StreamKey(42, {1, 2, 3}), StreamKey(43, {1, 2, 3}));
  EXPECT_NE(StreamKey(42, {1, 2}), StreamKey(42, {2, 1}));
}

TEST(RngTest, UniformMomentsAndRange) {
  Rng r(StreamKey(7, {}));
  double sum = 0, sum_exp = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    double u = r.Uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
    sum_exp += r.Exponential(10);
  }
  EXPECT_NEAR(sum / n, 0.5, 0.005);
  EXPECT_NEAR(sum_exp / n, 10.0, 0.15);
  for (int i = 0; i < 1000; ++i) {
    int x = r.Int(3, 5);
    ASSERT_GE(x, 3);
    ASSERT_LE(x, 5);
  }
}

}  // namespace
}  // namespace fremdrift::sim
