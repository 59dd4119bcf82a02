// The promises of docs/security.md and docs/formats/http-api.md that hold for every answer,
// asserted against a real server on 127.0.0.1: the exact hardening headers on every kind of
// endpoint, a citizen read refused (and no citizen data sent) when its audit row cannot be
// written, and CPR numbers in many shapes (with and without a dash, with spaces, URL-encoded,
// inside JSON) never echoed by an answer nor written to the audit.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "server/test_server.h"

namespace fremdrift::server::testing {
namespace {

using nlohmann::json;

constexpr const char* kCsp =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
    "form-action 'self'; base-uri 'none'";

// Runs one statement on the server's own auth database, as another process would.
void ExecOnAuthDb(const std::string& dir, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir + "/auth.db").c_str(), &db), SQLITE_OK);
  sqlite3_busy_timeout(db, 5000);
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  const std::string message = error ? error : "";
  sqlite3_free(error);
  sqlite3_close(db);
  ASSERT_EQ(rc, SQLITE_OK) << message;
}

TEST(SecurityPromises, EveryKindOfAnswerCarriesTheExactHardeningHeaders) {
  auto server = TestServer::Start();
  Session s(server->port());
  ASSERT_EQ(s.Login("analytiker"), 200);
  httplib::Client anonymous("127.0.0.1", server->port());
  struct Case {
    const char* what;
    httplib::Result r;
    const char* cache_control;  // the exact value, "" = no header
  };
  std::vector<Case> cases;
  cases.push_back({"the page", anonymous.Get("/"), "no-cache"});
  cases.push_back({"a script", anonymous.Get("/js/app.js"), "no-cache"});
  cases.push_back({"a missing file", anonymous.Get("/findes-ikke.js"), ""});
  cases.push_back({"health", anonymous.Get("/api/v1/health"), "no-store"});
  cases.push_back({"the API without a login", anonymous.Get("/api/v1/me"), "no-store"});
  cases.push_back({"login refused",
                   anonymous.Post("/api/v1/login",
                                  json{{"username", "analytiker"}, {"password", "forkert-kode-1"}}
                                      .dump(),
                                  "application/json"),
                   "no-store"});
  cases.push_back({"me", s.Get("/api/v1/me"), "no-store"});
  cases.push_back(
      {"a measurement", s.Get("/api/v1/measurements/fuldtidspersoner?kommune=657"), "no-store"});
  cases.push_back({"a bad parameter",
                   s.Get("/api/v1/measurements/fuldtidspersoner?kommune=abc"), "no-store"});
  cases.push_back({"an unknown API path", s.Get("/api/v1/findes-ikke"), "no-store"});
  for (const Case& c : cases) {
    ASSERT_TRUE(c.r) << c.what;
    const httplib::Response& r = *c.r;
    EXPECT_EQ(r.get_header_value("Content-Security-Policy"), kCsp) << c.what;
    EXPECT_EQ(r.get_header_value("X-Frame-Options"), "DENY") << c.what;
    EXPECT_EQ(r.get_header_value("X-Content-Type-Options"), "nosniff") << c.what;
    EXPECT_EQ(r.get_header_value("Referrer-Policy"), "no-referrer") << c.what;
    EXPECT_EQ(r.get_header_value("Cache-Control"), c.cache_control) << c.what;
    // Plain HTTP without --behind-tls-proxy: no HSTS (it would be ignored, and wrong).
    EXPECT_FALSE(r.has_header("Strict-Transport-Security")) << c.what;
  }
}

TEST(SecurityPromises, ACitizenReadIsRefusedWhenItsAuditCannotBeWritten) {
  auto server = TestServer::Start();
  Session cw(server->port());
  ASSERT_EQ(cw.Login("sb657"), 200);
  const std::string citizen = TestServer::kHerningCitizens[0];
  const std::string path = "/api/v1/borgere/" + citizen;
  auto before = cw.Get(path);
  ASSERT_TRUE(before);
  ASSERT_EQ(before->status, 200) << before->body;
  ASSERT_NE(before->body.find("haendelser"), std::string::npos);
  // The audit table refuses every new row, as a full disk or a broken database would.
  ExecOnAuthDb(server->dir(),
               "CREATE TRIGGER audit_broken BEFORE INSERT ON audit "
               "BEGIN SELECT RAISE(ABORT, 'audit unavailable'); END;");
  for (const std::string& p : {path, std::string("/api/v1/borgere")}) {
    auto refused = cw.Get(p);
    ASSERT_TRUE(refused) << p;
    EXPECT_GE(refused->status, 500) << p << ": " << refused->body;
    EXPECT_EQ(refused->body.find(citizen), std::string::npos) << p << ": " << refused->body;
    EXPECT_EQ(refused->body.find("haendelser"), std::string::npos) << p << ": " << refused->body;
  }
  ExecOnAuthDb(server->dir(), "DROP TRIGGER audit_broken;");
  auto after = cw.Get(path);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 200) << after->body;
}

TEST(SecurityPromises, CprNumbersInAnyShapeAreNeverEchoedNorAudited) {
  auto server = TestServer::Start();
  Session s(server->port());
  ASSERT_EQ(s.Login("sb657"), 200);
  // One CPR number, written as users and attackers write it.
  const std::vector<std::string> shapes = {"0101801234", "010180-1234", "010180 1234",
                                           "010180%2D1234", "010180%2d1234", "%30101801234",
                                           "010180%201234"};
  std::vector<std::string> paths;
  for (const std::string& cpr : shapes) {
    paths.push_back("/api/v1/borgere/" + cpr);
    paths.push_back("/api/v1/measurements/fuldtidspersoner?kommune=" + cpr);
    paths.push_back("/api/v1/measurements/fuldtidspersoner?kommune=657&group=" + cpr);
    paths.push_back("/api/v1/measurements/haandholdt?del=frister&person=" + cpr);
    paths.push_back("/api/v1/findes-ikke/" + cpr);
  }
  auto never_echoed = [](const std::string& where, const std::string& body) {
    for (const char* digits : {"0101801234", "010180-1234", "010180 1234", "1801234"}) {
      EXPECT_EQ(body.find(digits), std::string::npos) << where << ": " << body;
    }
  };
  for (const std::string& p : paths) {
    auto r = s.Get(p);
    ASSERT_TRUE(r) << p;
    EXPECT_GE(r->status, 400) << p;
    never_echoed(p, r->body);
  }
  // Inside JSON bodies: every text field of an event, and a login name.
  const json base = {{"person", TestServer::kHerningCitizens[0]},
                     {"kommune", 657},
                     {"date", "2019-12-30"},
                     {"type", "company_placement_start"},
                     {"attributes", {{"company", "Firma ApS"}}}};
  for (const std::string& cpr : {std::string("0101801234"), std::string("010180-1234"),
                                 std::string("010180 1234")}) {
    std::vector<json> bodies;
    json person = base;
    person["person"] = cpr;
    bodies.push_back(person);
    json attribute = base;
    attribute["attributes"]["company"] = "Firma, CPR " + cpr;
    bodies.push_back(attribute);
    json supersedes = base;
    supersedes["supersedes"] = cpr;
    bodies.push_back(supersedes);
    for (const json& body : bodies) {
      auto r = s.Post("/api/v1/events", body.dump());
      ASSERT_TRUE(r);
      EXPECT_EQ(r->status, 400) << body.dump() << ": " << r->body;
      never_echoed(body.dump(), r->body);
    }
    httplib::Client c("127.0.0.1", server->port());
    auto login = c.Post("/api/v1/login", json{{"username", cpr}, {"password", "x"}}.dump(),
                        "application/json");
    ASSERT_TRUE(login);
    never_echoed("login as " + cpr, login->body);
  }
  auto audit = server->auth().ReadAudit({.limit = 100000});
  ASSERT_TRUE(audit.ok());
  ASSERT_FALSE(audit->empty());
  for (const auto& e : *audit) {
    never_echoed("audit", e.username + "|" + e.what + "|" + e.detail + "|" + e.citizen);
  }
}

}  // namespace
}  // namespace fremdrift::server::testing
