// BackendTest: the googletest fixture of every suite that runs against both event-store backends
// (parameter "sqlite" or "postgresql"): a fresh database (TestDatabase) and an open EventStore per
// test, skipped with a reason where the backend cannot run. Test-only; one test at a time.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>

#include "eventstore/event_store.h"
#include "eventstore/test_database.h"

namespace fremdrift::cases {

class BackendTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string skip = TestDatabase::SkipReason(GetParam());
    if (!skip.empty()) GTEST_SKIP() << skip;
    auto db = TestDatabase::Create(GetParam());
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_.emplace(std::move(db).value());
    auto store = EventStore::Open(db_->url());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
  }
  // For a derived SetUp after BackendTest::SetUp(): whether to stop there.
  bool NotReady() const { return IsSkipped() || HasFatalFailure(); }

  std::optional<TestDatabase> db_;
  std::unique_ptr<EventStore> store_;
};

}  // namespace fremdrift::cases
