// The request log: one line per request with method, a path without ids or query values, status,
// latency and user; never a CPR number, pseudonym, password or cookie. Unit tests of the path
// rule, then a real server whose log lines are captured.
#include "server/request_log.h"

#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "common/log.h"
#include "server/test_server.h"

namespace fremdrift::server::testing {
namespace {

using Params = std::multimap<std::string, std::string>;

TEST(LoggablePathTest, KeepsRoutesAndQueryNamesOnly) {
  EXPECT_EQ(LoggablePath("/api/v1/measurements/fsm2", {{"from", "2019-01"}, {"kommune", "657"}}),
            "/api/v1/measurements/fsm2?from=…&kommune=…");
  EXPECT_EQ(LoggablePath("/", {}), "/");
  EXPECT_EQ(LoggablePath("/app/index.html", {}), "/app/index.html");
  EXPECT_EQ(LoggablePath("", {}), "-");
  EXPECT_EQ(LoggablePath("*", {}), "-");
}

TEST(LoggablePathTest, CitizensBecomeAPlaceholder) {
  EXPECT_EQ(LoggablePath("/api/v1/borgere/a657000000000000000000000000001", {}),
            "/api/v1/borgere/{person}");
  EXPECT_EQ(LoggablePath("/api/v1/borgere/x", {{"as_of", "2020-01-01"}}),
            "/api/v1/borgere/{person}?as_of=…");
  EXPECT_EQ(LoggablePath("/api/v1/citizens/anything/events", {}),
            "/api/v1/citizens/{person}/events");
  EXPECT_EQ(LoggablePath("/api/v1/borgere", {{"kommune", "657"}}), "/api/v1/borgere?kommune=…");
}

TEST(LoggablePathTest, IdShapedSegmentsAndNamesAreRedacted) {
  // CPR numbers, long digit runs, pseudonym-like hex, odd characters, overlong segments.
  EXPECT_EQ(LoggablePath("/api/v1/x/0101901234", {}), "/api/v1/x/{redacted}");
  EXPECT_EQ(LoggablePath("/api/v1/x/010190-1234", {}), "/api/v1/x/{redacted}");
  EXPECT_EQ(LoggablePath("/api/v1/x/010190 1234", {}), "/api/v1/x/{redacted}");
  EXPECT_EQ(LoggablePath("/api/v1/x/lobenr123456", {}), "/api/v1/x/{redacted}");
  EXPECT_EQ(LoggablePath("/api/v1/x/0f1e2d3c4b5a69788796a5b4c3d2e1f0", {}), "/api/v1/x/{redacted}");
  EXPECT_EQ(LoggablePath("/a/ø", {}), "/a/{redacted}");
  EXPECT_EQ(LoggablePath("/a/" + std::string(65, 'x'), {}), "/a/{redacted}");
  EXPECT_EQ(LoggablePath("/a/b", {{"0101901234", "x"}, {"ok", "0101901234"}}),
            "/a/b?{redacted}=…&ok=…");
  // Names of users, measurements and files stay.
  EXPECT_EQ(LoggablePath("/api/v1/users/anna.jensen/approve", {}),
            "/api/v1/users/anna.jensen/approve");
  EXPECT_EQ(LoggablePath("/assets/app.3f2a9b1c.js", {}), "/assets/app.3f2a9b1c.js");
}

TEST(LoggablePathTest, LongPathsAreCut) {
  std::string path;
  for (int i = 0; i < 200; ++i) path += "/abc";
  std::string shown = LoggablePath(path, {});
  EXPECT_LE(shown.size(), 410u);
  EXPECT_EQ(shown.substr(shown.size() - 3), "…");
}

class RequestLogTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = TestServer::Start().release(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override {
    saved_ = CurrentLogOptions();
    ConfigureLogging({LogLevel::kInfo, LogFormat::kText});
  }
  void TearDown() override { ConfigureLogging(saved_); }

  // The captured request lines, once there are `n` (the line is written after the answer).
  // Health checks are left out: TestServer::Start() asks for one, whose line may come late.
  static std::vector<std::string> WaitForRequestLines(const LogCapture& capture, std::size_t n) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    std::vector<std::string> lines;
    for (;;) {
      lines.clear();
      for (const auto& l : capture.Lines()) {
        if ((l.find(" request ") != std::string::npos ||
             l.find(R"("msg":"request")") != std::string::npos) &&
            l.find("/api/v1/health") == std::string::npos) {
          lines.push_back(l);
        }
      }
      if (lines.size() >= n || std::chrono::steady_clock::now() > deadline) return lines;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }

  static TestServer* server_;
  LogOptions saved_;
};
TestServer* RequestLogTest::server_ = nullptr;

TEST_F(RequestLogTest, OneLinePerRequestWithoutIdsValuesOrSecrets) {
  const std::string citizen = TestServer::kHerningCitizens[0];
  const std::string cpr = "0101901234";
  LogCapture capture;
  Session s(server_->port());
  ASSERT_EQ(s.Login("sb657"), 200);
  auto one = s.Get("/api/v1/borgere/" + citizen);
  ASSERT_TRUE(one);
  EXPECT_EQ(one->status, 200) << one->body;
  auto bad = s.Get("/api/v1/measurements/fuldtidspersoner?from=2019-01&kommune=" + cpr);
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status / 100, 4);  // refused, whatever the reason
  auto by_cpr = s.Get("/api/v1/borgere/" + cpr);
  ASSERT_TRUE(by_cpr);
  // Each line is written after its answer: wait for these before asking on another connection.
  ASSERT_EQ(WaitForRequestLines(capture, 4).size(), 4u);
  httplib::Client anonymous("127.0.0.1", server_->port());
  auto me = anonymous.Get("/api/v1/me");
  ASSERT_TRUE(me);
  EXPECT_EQ(me->status, 401);

  auto lines = WaitForRequestLines(capture, 5);
  ASSERT_EQ(lines.size(), 5u);
  const std::regex shape(
      R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (info|warn) request method=[A-Z]+ path=\S+ )"
      R"(status=\d{3} ms=\d+\.\d user=\S+$)");
  for (const auto& l : lines) {
    EXPECT_TRUE(std::regex_match(l, shape)) << l;
    EXPECT_EQ(l.find(cpr), std::string::npos) << l;
    EXPECT_EQ(l.find("010190"), std::string::npos) << l;
    EXPECT_EQ(l.find(citizen), std::string::npos) << l;
    EXPECT_EQ(l.find(kTestPassword), std::string::npos) << l;
    EXPECT_EQ(l.find("session"), std::string::npos) << l;
    ASSERT_FALSE(s.csrf().empty());
    EXPECT_EQ(l.find(s.csrf()), std::string::npos) << l;
    const std::string cookie_value = s.cookie().substr(s.cookie().find('=') + 1);
    ASSERT_GE(cookie_value.size(), 16u);
    EXPECT_EQ(l.find(cookie_value), std::string::npos) << l;
  }
  EXPECT_NE(lines[0].find("method=POST path=/api/v1/login status=200"), std::string::npos)
      << lines[0];
  // A citizen lookup's purpose is a parameter like any other: its name only.
  EXPECT_NE(lines[1].find(R"(method=GET path="/api/v1/borgere/{person}?formaal=…" status=200 )"),
            std::string::npos)
      << lines[1];
  EXPECT_NE(lines[1].find(" user=sb657"), std::string::npos) << lines[1];
  // A value with "=" in it is quoted, as logfmt has it.
  EXPECT_NE(lines[2].find(R"(path="/api/v1/measurements/fuldtidspersoner?from=…&kommune=…" )"
                          "status=4"),
            std::string::npos)
      << lines[2];
  EXPECT_NE(lines[3].find(R"(path="/api/v1/borgere/{person}?formaal=…" )"), std::string::npos)
      << lines[3];
  EXPECT_NE(lines[4].find("path=/api/v1/me status=401 "), std::string::npos) << lines[4];
  EXPECT_NE(lines[4].find(" user=-"), std::string::npos) << lines[4];
}

TEST_F(RequestLogTest, JsonLinesCarryTheSameFields) {
  ConfigureLogging({LogLevel::kInfo, LogFormat::kJson});
  LogCapture capture;
  Session s(server_->port());
  ASSERT_EQ(s.Login("analytiker"), 200);
  auto r = s.Get("/api/v1/measurements/fuldtidspersoner?kommune=657&from=2019-01&to=2019-03");
  ASSERT_TRUE(r);
  auto lines = WaitForRequestLines(capture, 2);
  ASSERT_EQ(lines.size(), 2u);
  auto j = nlohmann::json::parse(lines[1]);
  EXPECT_EQ(j["level"], "info");
  EXPECT_EQ(j["msg"], "request");
  EXPECT_EQ(j["method"], "GET");
  EXPECT_EQ(j["path"], "/api/v1/measurements/fuldtidspersoner?from=…&kommune=…&to=…");
  EXPECT_EQ(j["status"], r->status);
  EXPECT_TRUE(j["ms"].is_number());
  EXPECT_GE(j["ms"].get<double>(), 0.0);
  EXPECT_EQ(j["user"], "analytiker");
  EXPECT_TRUE(j["time"].is_string());
}

TEST_F(RequestLogTest, RefusalsOfTheConnectionLoopAreLoggedToo) {
  LogCapture capture;
  httplib::Client c("127.0.0.1", server_->port());
  // A request line over the limit (8 KiB): 414 from the connection loop, before httplib parses
  // anything; the CPR-shaped path never reaches the log.
  std::string path = "/api/v1/borgere/";
  while (path.size() < 9000) path += "0101901234";
  auto r = c.Get(path);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 414);
  auto lines = WaitForRequestLines(capture, 1);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("request method=- path=- status=414 ms="), std::string::npos) << lines[0];
  EXPECT_EQ(lines[0].find("0101901234"), std::string::npos);
}

}  // namespace
}  // namespace fremdrift::server::testing
