// Tests of `serve --trusted-header` against a running server: the headers of a trusted proxy sign
// the person in with the role and municipality they name (KOMBIT role URIs too), and the access
// rule, the audit and the CSRF check apply as to a password login; a role that maps to nothing is
// refused in Danish and audited; a disabled account of the same name is refused; without the
// headers a local password login still works; the same headers from a peer that is not a trusted
// proxy, or with the mode off, are ignored.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "server/test_server.h"

namespace fremdrift::server::testing {
namespace {

using nlohmann::json;

std::function<void(ServerOptions&)> Configure(const std::string& proxy, bool headers) {
  return [proxy, headers](ServerOptions& options) {
    auto proxies = TrustedProxies::Parse({proxy});
    ASSERT_TRUE(proxies.ok());
    options.trusted_proxies = std::move(*proxies);
    options.trusted_header.enabled = headers;
  };
}

httplib::Result Get(int port, const std::string& path, const httplib::Headers& h) {
  httplib::Client c("127.0.0.1", port);
  c.set_read_timeout(60, 0);
  return c.Get(path, h);
}

std::size_t AuditRows(AuthStore& auth, const std::string& action, const std::string& user = "") {
  AuditFilter f;
  f.action = action;
  f.username = user;
  f.limit = 10000;
  auto rows = auth.ReadAudit(f);
  EXPECT_TRUE(rows.ok());
  return rows.ok() ? rows->size() : 0;
}

const httplib::Headers kAnna = {
    {"X-Remote-User", "Anna.B"},
    {"X-Remote-Role", "http://fremdrift.dk/roles/usersystemrole/sagsbehandler/1"},
    {"X-Remote-Kommune", "657"},
    {"X-Remote-Name", "Anna B"}};

TEST(TrustedHeaderSecurity, TheTrustedProxysHeadersSignInWithTheirRoleAndMunicipality) {
  auto server = TestServer::Start({}, "", Configure("127.0.0.1", true));
  const int port = server->port();
  auto me = Get(port, "/api/v1/me", kAnna);
  ASSERT_TRUE(me);
  ASSERT_EQ(me->status, 200) << me->body;
  const json who = json::parse(me->body);
  EXPECT_EQ(who["username"], "anna.b");
  EXPECT_EQ(who["display_name"], "Anna B");
  EXPECT_EQ(who["role"], "caseworker");
  EXPECT_EQ(who["kommune"], 657);
  const std::string csrf = who["csrf_token"];
  EXPECT_EQ(csrf.size(), 64u);
  // The access rule of the role: own citizens (audited under the person's name), not others'.
  auto own = Get(port, "/api/v1/borgere?formaal=sagsbehandling", kAnna);
  ASSERT_TRUE(own);
  EXPECT_EQ(own->status, 200) << own->body;
  EXPECT_GE(AuditRows(server->auth(), "read", "anna.b"), 1u);
  auto other = Get(port, "/api/v1/borgere?formaal=sagsbehandling&kommune=217", kAnna);
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 403);
  // One sign-in row, however many requests.
  EXPECT_EQ(AuditRows(server->auth(), "login", "anna.b"), 1u);
  // Changes need the CSRF token `me` gave.
  {
    httplib::Client c("127.0.0.1", port);
    auto refused = c.Post("/api/v1/logout", kAnna, "{}", "application/json");
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 403);
    httplib::Headers with = kAnna;
    with.emplace("X-CSRF-Token", csrf);
    auto done = c.Post("/api/v1/logout", with, "{}", "application/json");
    ASSERT_TRUE(done);
    EXPECT_EQ(done->status, 200) << done->body;
  }
  // A role that maps to nothing in fremdrift: refused in Danish, audited.
  const httplib::Headers guest = {
      {"X-Remote-User", "lis"},
      {"X-Remote-Role", "http://os2iot.dk/roles/usersystemrole/adgang/1"}};
  auto refused = Get(port, "/api/v1/me", guest);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);
  EXPECT_EQ(json::parse(refused->body)["error"]["message"].get<std::string>().rfind(
                "dit login giver ingen rolle i fremdrift (ukendt rolle)", 0),
            0u)
      << refused->body;
  EXPECT_EQ(AuditRows(server->auth(), "login_refused"), 1u);
  // An account of the same name that is disabled in fremdrift stops the person.
  ASSERT_TRUE(server->auth().SetUserStatus("sb217", UserStatus::kDisabled, "").ok());
  const httplib::Headers disabled = {
      {"X-Remote-User", "sb217"}, {"X-Remote-Role", "sagsbehandler"}, {"X-Remote-Kommune", "217"}};
  auto stopped = Get(port, "/api/v1/me", disabled);
  ASSERT_TRUE(stopped);
  EXPECT_EQ(stopped->status, 403);
  EXPECT_EQ(AuditRows(server->auth(), "login_refused"), 2u);
  // Without the headers, a local account still logs in with its password (break-glass).
  Session local(port);
  ASSERT_EQ(local.Login("admin"), 200);
  auto admin = local.Get("/api/v1/me");
  ASSERT_TRUE(admin);
  EXPECT_EQ(json::parse(admin->body)["username"], "admin");
}

TEST(TrustedHeaderSecurity, TheSameHeadersFromAnyOtherPeerOrWithTheModeOffAreIgnored) {
  const httplib::Headers eve = {
      {"X-Remote-User", "eve"}, {"X-Remote-Role", "admin"}, {"X-Remote-Kommune", "657"}};
  for (const auto& [proxy, mode] : {std::pair{"10.9.9.9", true}, std::pair{"127.0.0.1", false}}) {
    auto server = TestServer::Start({}, "", Configure(proxy, mode));
    for (const char* path : {"/api/v1/me", "/api/v1/users", "/api/v1/audit"}) {
      auto r = Get(server->port(), path, eve);
      ASSERT_TRUE(r) << path;
      EXPECT_EQ(r->status, 401) << proxy << " " << path << ": " << r->body;
    }
    EXPECT_EQ(AuditRows(server->auth(), "login", "eve"), 0u);
    // The headers do not disturb a password login either.
    Session local(server->port());
    ASSERT_EQ(local.Login("analytiker"), 200);
    httplib::Headers with = eve;
    with.emplace("Cookie", local.cookie());
    auto me = Get(server->port(), "/api/v1/me", with);
    ASSERT_TRUE(me);
    ASSERT_EQ(me->status, 200);
    EXPECT_EQ(json::parse(me->body)["username"], "analytiker");
  }
}

}  // namespace
}  // namespace fremdrift::server::testing
