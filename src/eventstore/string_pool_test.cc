// StringPool: the same text gets the same id, texts stay valid as the pool grows, and interning
// from several threads at once agrees on every id.
#include "eventstore/string_pool.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace fremdrift::cases {
namespace {

TEST(StringPoolTest, TheSameTextGetsTheSameId) {
  auto pool = std::make_unique<StringPool>();
  EXPECT_EQ(pool->Intern(""), 0u);
  const std::uint32_t a = pool->Intern("kind");
  const std::uint32_t b = pool->Intern("jobsamtale");
  EXPECT_NE(a, b);
  EXPECT_EQ(pool->Intern(std::string("kind")), a);
  EXPECT_EQ(pool->Text(a), "kind");
  EXPECT_EQ(pool->Text(b), "jobsamtale");
  EXPECT_EQ(pool->Text(0), "");
  EXPECT_EQ(pool->size(), 3u);
}

TEST(StringPoolTest, TextsStayValidAsThePoolGrows) {
  auto pool = std::make_unique<StringPool>();
  const std::string_view first = pool->Text(pool->Intern("first"));
  const std::string long_text(100000, 'x');  // a block of its own
  const std::uint32_t long_id = pool->Intern(long_text);
  std::vector<std::uint32_t> ids;
  for (int i = 0; i < 50000; ++i) ids.push_back(pool->Intern(std::to_string(i)));  // > 1 chunk
  EXPECT_EQ(first, "first");
  EXPECT_EQ(pool->Text(long_id), long_text);
  for (int i = 0; i < 50000; ++i) ASSERT_EQ(pool->Text(ids[i]), std::to_string(i));
}

TEST(StringPoolTest, ANewPoolDoesNotSeeAnEarlierPoolsIds) {
  auto first = std::make_unique<StringPool>();
  first->Intern("a");
  EXPECT_EQ(first->Intern("b"), 2u);
  first.reset();
  auto second = std::make_unique<StringPool>();  // perhaps at the same address
  EXPECT_EQ(second->Intern("b"), 1u);
  EXPECT_EQ(second->Text(1), "b");
  EXPECT_EQ(second->size(), 2u);
}

TEST(StringPoolTest, ThreadsAgreeOnIds) {
  auto pool = std::make_unique<StringPool>();
  std::vector<std::vector<std::uint32_t>> got(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < got.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20000; ++i) got[t].push_back(pool->Intern(std::to_string(i % 7000)));
    });
  }
  for (auto& th : threads) th.join();
  for (std::size_t t = 1; t < got.size(); ++t) EXPECT_EQ(got[t], got[0]);
  for (int i = 0; i < 7000; ++i) ASSERT_EQ(pool->Text(got[0][i]), std::to_string(i));
  EXPECT_EQ(pool->size(), 7001u);
}

}  // namespace
}  // namespace fremdrift::cases
