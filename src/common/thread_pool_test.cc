#include "common/thread_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>

namespace fremdrift {
namespace {

TEST(ThreadPoolTest, RunsEveryTask) {
  ThreadPool pool(2);
  std::atomic<int> sum{0};
  pool.ParallelFor(1000, [&](std::size_t i) { sum += static_cast<int>(i); });
  EXPECT_EQ(sum.load(), 999 * 1000 / 2);
}

TEST(ThreadPoolTest, ExceptionIsRecorded) {
  ThreadPool pool(2);
  pool.Submit([] { throw std::runtime_error("boom"); });
  pool.Wait();
  EXPECT_EQ(pool.first_error(), "boom");
}

}  // namespace
}  // namespace fremdrift
