// Test support: a fresh, empty event-store database for one test, on either backend. SQLite: a
// file in a new temporary folder. PostgreSQL: a new schema in the server named by the environment
// variable FREMDRIFT_TEST_PG_URL (scripts/pg-test-server prints one), selected through the URL's
// search_path; dropped again by the destructor. Thread-safety: one test at a time.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"

namespace fremdrift::cases {

class TestDatabase {
 public:
  // Backends every shared suite runs against.
  static std::vector<std::string> Backends() { return {"sqlite", "postgresql"}; }
  // The PostgreSQL server URL from the environment, or empty.
  static std::string PgServerUrl();
  // A message for GTEST_SKIP when `backend` cannot run here, or empty when it can.
  static std::string SkipReason(const std::string& backend);

  static Result<TestDatabase> Create(const std::string& backend);
  TestDatabase(TestDatabase&& other) noexcept;
  TestDatabase& operator=(TestDatabase&&) = delete;
  TestDatabase(const TestDatabase&) = delete;
  ~TestDatabase();

  const std::string& url() const { return url_; }
  const std::string& dir() const { return dir_; }  // a scratch folder for the test's files

 private:
  TestDatabase() = default;
  std::string backend_;
  std::string url_;
  std::string dir_;
  std::string schema_;
};

}  // namespace fremdrift::cases
