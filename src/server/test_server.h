// Test support: a complete dashboard server on 127.0.0.1 and a free port, over a temp folder with
// the example register ingested, a SQLite event store with citizens of Herning (657) and
// Helsingør (217), and users of every role (password "korrekt-hest-batteri"); the auth store in
// SQLite, or at a given URL (PostgreSQL). Its clock is the system's, which a test may move on.
// Plus a small client that logs in and keeps the session cookie and CSRF token.
// Thread-safety: one fixture per test; the server serves on its own threads.
#pragma once

#include <httplib.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "server/http_server.h"

namespace fremdrift::server::testing {

inline constexpr const char* kTestPassword = "korrekt-hest-batteri";

class TestServer {
 public:
  // Builds everything under a fresh temp folder; aborts the test on failure.
  // `auth_url`: the auth store's database (e.g. a TestDatabase's postgresql:// URL); empty: a
  // SQLite file auth.db in the temp folder. `configure` may change the server's options last.
  static std::unique_ptr<TestServer> Start(
      LoginLimits limits = {}, const std::string& auth_url = "",
      const std::function<void(ServerOptions&)>& configure = nullptr);
  ~TestServer();

  int port() const { return server_->port(); }
  // The number of audit rows about `citizen` with `action` ("read", "write", "denied").
  std::int64_t AuditCount(const std::string& citizen, const std::string& action);
  AuthStore& auth() { return *auth_; }
  const ReferenceData& reference() const { return reference_; }
  const SpellStore& store() const { return *store_; }
  const std::string& dir() const { return dir_; }
  // Moves the server's clock (sessions, API tokens) `seconds` ahead of the system's.
  void AdvanceClock(std::int64_t seconds) { clock_offset_ += seconds; }
  // Citizens in the event store, by municipality.
  static constexpr const char* kHerningCitizens[] = {"a657000000000000000000000000001",
                                                     "a657000000000000000000000000002"};
  static constexpr const char* kHelsingoerCitizen = "b217000000000000000000000000001";

 private:
  std::string dir_;
  ReferenceData reference_;
  std::unique_ptr<SpellStore> store_;
  std::unique_ptr<CaseSource> cases_;
  std::unique_ptr<AuthStore> auth_;
  MeasurementRegistry registry_;
  std::unique_ptr<DashboardServer> server_;
  std::thread thread_;
  std::atomic<std::int64_t> clock_offset_{0};
};

// A logged-in client.
class Session {
 public:
  // A read timeout of 60 s: the sanitizer build on a loaded machine can take more than httplib's
  // default 5 s for a large table.
  explicit Session(int port) : client_("127.0.0.1", port) { client_.set_read_timeout(60, 0); }
  // Logs in; returns the HTTP status.
  int Login(const std::string& username, const std::string& password = kTestPassword);
  httplib::Result Get(const std::string& path);
  httplib::Result Post(const std::string& path, const std::string& json, bool with_csrf = true);
  // A counter of /api/v1/metrics (the session must be an admin's, analyst's or leader's): its
  // value, -2 when the metrics cannot be read, -3 when the counter is not there.
  std::int64_t Metric(const std::string& name);
  httplib::Client& client() { return client_; }
  const std::string& csrf() const { return csrf_; }
  const std::string& cookie() const { return cookie_; }

 private:
  httplib::Client client_;
  std::string cookie_;  // "fremdrift_session=..."
  std::string csrf_;
};

}  // namespace fremdrift::server::testing
