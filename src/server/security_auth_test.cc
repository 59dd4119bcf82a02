// Tests of logins and accounts against a running server: parallel guessing gets no more than the
// limit through and floods the audit with a bounded number of rows; unknown users still cost a
// hash; a second administrator must approve accounts with citizen access; disabled users and
// changed passwords end sessions; one session cookie only; the __Host- cookie and the idle limit
// (on a small server with a hand-driven clock); a citizen read is refused when its audit cannot be
// written.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "db/sqlite_db.h"
#include "server/api.h"
#include "server/password_hash.h"
#include "server/test_server.h"

namespace fremdrift::server::testing {
namespace {

using nlohmann::json;

int LoginStatus(int port, const std::string& username, const std::string& password) {
  httplib::Client c("127.0.0.1", port);
  auto r = c.Post("/api/v1/login", json{{"username", username}, {"password", password}}.dump(),
                  "application/json");
  return r ? r->status : 0;
}

std::size_t AuditRows(AuthStore& auth, const std::string& action) {
  AuditFilter f;
  f.action = action;
  f.limit = 10000;
  auto rows = auth.ReadAudit(f);
  EXPECT_TRUE(rows.ok());
  return rows.ok() ? rows->size() : 0;
}

void AddActiveUser(AuthStore& auth, const std::string& name, Role role, int kommune) {
  auto hash = HashPassword(kTestPassword);
  ASSERT_TRUE(hash.ok());
  User u;
  u.username = name;
  u.display_name = name;
  u.role = role;
  u.kommune = kommune;
  u.password_hash = *hash;
  ASSERT_TRUE(auth.AddUser(u).ok());
}

TEST(LoginSecurity, ParallelWrongPasswordsGetOnlyTheLimitThroughAndFewAuditRows) {
  auto server = TestServer::Start();  // 5 failures per username within 15 minutes
  const std::uint64_t verified_before = PasswordVerificationCount();
  std::atomic<int> unauthorized{0}, limited{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 60; ++i) {
    threads.emplace_back([&, i] {
      // The fixture serves 8 connections at once and answers 503 beyond: try again until the
      // login itself answers.
      int status = 0;
      for (int tries = 0; tries < 500 && (status == 0 || status == 503); ++tries) {
        if (tries > 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
        status = LoginStatus(server->port(), "sb217", "forkert-adgangskode-" + std::to_string(i));
      }
      (status == 401 ? unauthorized : status == 429 ? limited : other).fetch_add(1);
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(other.load(), 0);
  EXPECT_LE(unauthorized.load(), 5);
  EXPECT_GE(unauthorized.load(), 1);
  EXPECT_EQ(unauthorized.load() + limited.load(), 60);
  // Only the attempts let through ran argon2id.
  EXPECT_EQ(PasswordVerificationCount() - verified_before,
            static_cast<std::uint64_t>(unauthorized.load()));
  // One row per failed check, and the refusals summed up: not one row per request.
  EXPECT_EQ(AuditRows(server->auth(), "login_failed"), static_cast<std::size_t>(unauthorized));
  EXPECT_LE(AuditRows(server->auth(), "login_limited"), 2u);
  EXPECT_GE(AuditRows(server->auth(), "login_limited"), 1u);
  // The right password is refused too while the limit holds.
  EXPECT_EQ(LoginStatus(server->port(), "sb217", kTestPassword), 429);
  // Other users from the same address still get in.
  EXPECT_EQ(LoginStatus(server->port(), "sb657", kTestPassword), 200);
}

TEST(LoginSecurity, UnknownUsersAreCheckedAgainstADummyHash) {
  auto server = TestServer::Start();
  const std::uint64_t before = PasswordVerificationCount();
  EXPECT_EQ(LoginStatus(server->port(), "findes.ikke", "en-lang-adgangskode"), 401);
  EXPECT_EQ(PasswordVerificationCount() - before, 1u);
  EXPECT_EQ(LoginStatus(server->port(), "sb657", "en-lang-adgangskode"), 401);
  EXPECT_EQ(PasswordVerificationCount() - before, 2u);
}

TEST(AccountSecurity, ADisplayNameMustBeShortText) {
  auto server = TestServer::Start();
  Session a(server->port());
  ASSERT_EQ(a.Login("admin"), 200);
  auto add = [&](const std::string& username, const json& display_name) {
    auto r = a.Post("/api/v1/users", json{{"username", username},
                                          {"password", "en-lang-adgangskode"},
                                          {"role", "analyst"},
                                          {"display_name", display_name}}
                                         .dump());
    return r ? r->status : 0;
  };
  EXPECT_EQ(add("navn1", 42), 400);  // not text: a clear 400, never a 500
  EXPECT_EQ(add("navn2", json::array({"a"})), 400);
  EXPECT_EQ(add("navn3", std::string(101, 'a')), 400);
  EXPECT_EQ(add("navn4", "Anna 010190-1234"), 400);
  EXPECT_EQ(add("navn5", "Anna Ærø"), 201);
  EXPECT_EQ(server->auth().FindUser("navn5")->display_name, "Anna Ærø");
  EXPECT_FALSE(server->auth().FindUser("navn1").ok());
}

TEST(AccountSecurity, AccountsWithCitizenAccessNeedASecondAdministrator) {
  auto server = TestServer::Start();
  AddActiveUser(server->auth(), "admin2", Role::kAdmin, 0);  // as `fremdrift users add` would
  Session a(server->port());
  ASSERT_EQ(a.Login("admin"), 200);
  auto add = a.Post("/api/v1/users", json{{"username", "x657"},
                                          {"password", "en-lang-adgangskode"},
                                          {"role", "caseworker"},
                                          {"kommune", 657}}
                                         .dump());
  ASSERT_TRUE(add);
  ASSERT_EQ(add->status, 201) << add->body;
  EXPECT_EQ(json::parse(add->body)["status"], "pending");
  EXPECT_EQ(LoginStatus(server->port(), "x657", "en-lang-adgangskode"), 403);
  // The creator may not approve their own request.
  auto own = a.Post("/api/v1/users/x657/approve", "{}");
  ASSERT_TRUE(own);
  EXPECT_EQ(own->status, 403) << own->body;
  EXPECT_EQ(LoginStatus(server->port(), "x657", "en-lang-adgangskode"), 403);
  // Nor may they make a second administrator to do it: that one waits too.
  auto helper = a.Post(
      "/api/v1/users",
      json{{"username", "admin3"}, {"password", "en-lang-adgangskode"}, {"role", "admin"}}.dump());
  ASSERT_TRUE(helper);
  EXPECT_EQ(helper->status, 201);
  EXPECT_EQ(LoginStatus(server->port(), "admin3", "en-lang-adgangskode"), 403);
  // An analyst (no citizen access) is active at once.
  auto analyst = a.Post(
      "/api/v1/users",
      json{{"username", "analytiker2"}, {"password", "en-lang-adgangskode"}, {"role", "analyst"}}
          .dump());
  ASSERT_TRUE(analyst);
  EXPECT_EQ(json::parse(analyst->body)["status"], "active");
  EXPECT_EQ(LoginStatus(server->port(), "analytiker2", "en-lang-adgangskode"), 200);
  // A different administrator approves: now the caseworker may log in.
  Session b(server->port());
  ASSERT_EQ(b.Login("admin2"), 200);
  auto approve = b.Post("/api/v1/users/x657/approve", "{}");
  ASSERT_TRUE(approve);
  EXPECT_EQ(approve->status, 200) << approve->body;
  EXPECT_EQ(LoginStatus(server->port(), "x657", "en-lang-adgangskode"), 200);
  // A new password set by an administrator makes the account wait again.
  auto reset =
      a.Post("/api/v1/users/x657/password", json{{"password", "et-andet-langt-ord"}}.dump());
  ASSERT_TRUE(reset);
  EXPECT_EQ(reset->status, 200) << reset->body;
  EXPECT_EQ(LoginStatus(server->port(), "x657", "et-andet-langt-ord"), 403);
  EXPECT_EQ(b.Post("/api/v1/users/x657/approve", "{}")->status, 200);
  EXPECT_EQ(LoginStatus(server->port(), "x657", "et-andet-langt-ord"), 200);
  // Weak passwords are refused through the API.
  for (const char* weak : {"0123456789", "012345678901", "aaaaaaaaaaaa", "fremdrift2024"}) {
    auto r = a.Post("/api/v1/users",
                    json{{"username", "svag"}, {"password", weak}, {"role", "analyst"}}.dump());
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << weak;
  }
  EXPECT_EQ(AuditRows(server->auth(), "user_approve"), 2u);
}

TEST(AccountSecurity, DisablingAUserEndsTheirSessionsAndRefusesLogin) {
  auto server = TestServer::Start();
  Session cw(server->port());
  ASSERT_EQ(cw.Login("sb657"), 200);
  ASSERT_EQ(cw.Get("/api/v1/me")->status, 200);
  Session a(server->port());
  ASSERT_EQ(a.Login("admin"), 200);
  auto off = a.Post("/api/v1/users/sb657/disable", "{}");
  ASSERT_TRUE(off);
  EXPECT_EQ(off->status, 200) << off->body;
  EXPECT_EQ(cw.Get("/api/v1/me")->status, 401);
  EXPECT_EQ(LoginStatus(server->port(), "sb657", kTestPassword), 403);
  // Enabling a caseworker through the API needs a second administrator again.
  auto on = a.Post("/api/v1/users/sb657/enable", "{}");
  ASSERT_TRUE(on);
  EXPECT_EQ(json::parse(on->body)["status"], "pending");
  EXPECT_EQ(LoginStatus(server->port(), "sb657", kTestPassword), 403);
  // Only administrators manage accounts; an administrator cannot disable themself.
  Session analyst(server->port());
  ASSERT_EQ(analyst.Login("analytiker"), 200);
  EXPECT_EQ(analyst.Post("/api/v1/users/leder657/disable", "{}")->status, 403);
  EXPECT_EQ(a.Post("/api/v1/users/admin/disable", "{}")->status, 400);
}

TEST(AccountSecurity, ANewPasswordEndsTheOldSessions) {
  auto server = TestServer::Start();
  // The user's own change, through the API.
  Session old_cookie(server->port());
  ASSERT_EQ(old_cookie.Login("leder657"), 200);
  Session self(server->port());
  ASSERT_EQ(self.Login("leder657"), 200);
  auto weak =
      self.Post("/api/v1/me/password",
                json{{"password", kTestPassword}, {"new_password", "leder657-2024"}}.dump());
  ASSERT_TRUE(weak);
  EXPECT_EQ(weak->status, 400);  // the username with digits
  auto wrong = self.Post(
      "/api/v1/me/password",
      json{{"password", "forkert-gammel-kode"}, {"new_password", "ny-lang-kode-7"}}.dump());
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 401);
  auto changed =
      self.Post("/api/v1/me/password",
                json{{"password", kTestPassword}, {"new_password", "ny-lang-kode-7"}}.dump());
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->status, 200) << changed->body;
  EXPECT_EQ(old_cookie.Get("/api/v1/me")->status, 401);
  EXPECT_EQ(self.Get("/api/v1/me")->status, 401);
  EXPECT_EQ(LoginStatus(server->port(), "leder657", kTestPassword), 401);
  EXPECT_EQ(LoginStatus(server->port(), "leder657", "ny-lang-kode-7"), 200);
  // An administrator's reset, through the API (an analyst: active at once).
  Session analyst(server->port());
  ASSERT_EQ(analyst.Login("analytiker"), 200);
  Session a(server->port());
  ASSERT_EQ(a.Login("admin"), 200);
  auto reset =
      a.Post("/api/v1/users/analytiker/password", json{{"password", "nulstillet-kode-9"}}.dump());
  ASSERT_TRUE(reset);
  EXPECT_EQ(reset->status, 200) << reset->body;
  EXPECT_EQ(analyst.Get("/api/v1/me")->status, 401);
  EXPECT_EQ(LoginStatus(server->port(), "analytiker", "nulstillet-kode-9"), 200);
  // `fremdrift users passwd` goes through the same ChangePassword (auth_store_test.cc).
}

TEST(SessionSecurity, TwoSessionCookiesAreRefused) {
  auto server = TestServer::Start();
  Session s(server->port());
  ASSERT_EQ(s.Login("sb657"), 200);
  const std::string good = s.cookie();  // "fremdrift_session=..."
  ASSERT_EQ(good.rfind("fremdrift_session=", 0), 0u) << good;
  const std::string bogus = "fremdrift_session=" + std::string(64, 'f');
  httplib::Client c("127.0.0.1", server->port());
  auto me = [&](const std::string& cookie) {
    auto r = c.Get("/api/v1/me", {{"Cookie", cookie}});
    return r ? r->status : 0;
  };
  EXPECT_EQ(me(good), 200);
  EXPECT_EQ(me("theme=dark; " + good + "; lang=da"), 200);
  EXPECT_EQ(me(good + "; " + bogus), 401);
  EXPECT_EQ(me(bogus + "; " + good), 401);
  EXPECT_EQ(me(good + "; " + good), 401);
  // Two Cookie header lines count together.
  auto two = c.Get("/api/v1/me", {{"Cookie", good}, {"Cookie", bogus}});
  ASSERT_TRUE(two);
  EXPECT_EQ(two->status, 401);
}

TEST(SessionSecurity, CookieParsing) {
  EXPECT_EQ(*SessionIdFromCookies("a=1; fremdrift_session=abc; b=2", kSessionCookie), "abc");
  EXPECT_FALSE(SessionIdFromCookies("a=1", kSessionCookie).ok());
  EXPECT_FALSE(SessionIdFromCookies("fremdrift_session=", kSessionCookie).ok());
  EXPECT_FALSE(
      SessionIdFromCookies("fremdrift_session=a; fremdrift_session=a", kSessionCookie).ok());
  EXPECT_FALSE(SessionIdFromCookies("xfremdrift_session=abc", kSessionCookie).ok());
  // Under the __Host- name only that cookie counts; a plain one beside it is ignored.
  EXPECT_EQ(*SessionIdFromCookies("fremdrift_session=evil; __Host-fremdrift_session=abc",
                                  kSecureSessionCookie),
            "abc");
  EXPECT_FALSE(SessionIdFromCookies("fremdrift_session=evil", kSecureSessionCookie).ok());
  EXPECT_EQ(SessionIdFromCookies(std::string("fremdrift_session=") + std::string(129, 'a'),
                                 kSessionCookie)
                .status()
                .code(),
            StatusCode::kUnauthenticated);
}

// A small server (users only, no register or cases) with options the fixture does not set.
class SmallServer {
 public:
  explicit SmallServer(ServerOptions options) {
    char tmpl[] = "/tmp/fremdrift-security-test-XXXXXX";
    dir_ = mkdtemp(tmpl);
    auto ref = ReferenceData::LoadEmbedded();
    EXPECT_TRUE(ref.ok());
    reference_ = std::move(*ref);
    auto auth = OpenSqliteAuthStore(dir_ + "/auth.db");
    EXPECT_TRUE(auth.ok());
    auth_ = std::move(*auth);
    AddActiveUser(*auth_, "analytiker", Role::kAnalyst, 0);
    options.port = 0;
    options.threads = 4;
    options.clock = [this] { return now_.load(); };
    ServerSources sources{&reference_, nullptr, nullptr, nullptr, auth_.get(), &registry_};
    server_ = std::make_unique<DashboardServer>(options, sources);
    Status bound = server_->Bind();
    EXPECT_TRUE(bound.ok()) << bound.ToString();
    thread_ = std::thread([s = server_.get()] { (void)s->Run(); });
    httplib::Client probe("127.0.0.1", server_->port());
    for (int i = 0; i < 200; ++i) {
      if (auto r = probe.Get("/api/v1/health"); r && r->status == 200) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  ~SmallServer() {
    server_->Stop();
    thread_.join();
    server_.reset();
    std::filesystem::remove_all(dir_);
  }
  int port() const { return server_->port(); }
  AuthStore& auth() { return *auth_; }
  std::atomic<std::int64_t> now_{1'800'000'000};

 private:
  std::string dir_;
  ReferenceData reference_;
  std::unique_ptr<AuthStore> auth_;
  MeasurementRegistry registry_;
  std::unique_ptr<DashboardServer> server_;
  std::thread thread_;
};

TEST(SessionSecurity, BehindATlsProxyTheCookieIsSecureWithTheHostPrefix) {
  ServerOptions options;
  options.secure_cookies = true;
  SmallServer server(options);
  httplib::Client c("127.0.0.1", server.port());
  auto r =
      c.Post("/api/v1/login", json{{"username", "analytiker"}, {"password", kTestPassword}}.dump(),
             "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  const std::string set = r->get_header_value("Set-Cookie");
  EXPECT_EQ(set.rfind("__Host-fremdrift_session=", 0), 0u) << set;
  for (const char* attr : {"; Secure", "; Path=/;", "; HttpOnly", "; SameSite=Strict"}) {
    EXPECT_NE(set.find(attr), std::string::npos) << attr << " in " << set;
  }
  EXPECT_EQ(set.find("Domain"), std::string::npos) << set;
  // The browser speaks HTTPS to the proxy, so it is told to keep to HTTPS.
  EXPECT_EQ(r->get_header_value("Strict-Transport-Security"), "max-age=31536000");
  const std::string cookie = set.substr(0, set.find(';'));
  auto me = c.Get("/api/v1/me", {{"Cookie", cookie}});
  ASSERT_TRUE(me);
  EXPECT_EQ(me->status, 200);
  // The plain name is not a session here.
  auto plain =
      c.Get("/api/v1/me", {{"Cookie", "fremdrift_session=" + cookie.substr(cookie.find('=') + 1)}});
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->status, 401);
}

// Logs in from `client` as a proxy in front would report it; returns the HTTP status.
int LoginVia(int port, const std::string& client, const std::string& username,
             const std::string& password) {
  httplib::Client c("127.0.0.1", port);
  auto r = c.Post("/api/v1/login", {{"X-Forwarded-For", "203.0.113.9, " + client}},
                  json{{"username", username}, {"password", password}}.dump(), "application/json");
  return r ? r->status : 0;
}

TEST(SessionSecurity, BehindATlsProxyTheLoginLimitIsPerClientNotPerProxy) {
  ServerOptions options;
  options.secure_cookies = true;
  options.trusted_proxies = *TrustedProxies::Parse({"127.0.0.1", "::1"});
  options.login_limits.max_failures = 100;
  options.login_limits.max_failures_per_address = 3;
  SmallServer server(options);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(LoginVia(server.port(), "10.0.0.1", "ukendt" + std::to_string(i), "forkert-kode-1"),
              401);
  }
  // That client is held back, even with the right password; another behind the same proxy is not.
  EXPECT_EQ(LoginVia(server.port(), "10.0.0.1", "analytiker", kTestPassword), 429);
  EXPECT_EQ(LoginVia(server.port(), "10.0.0.2", "analytiker", kTestPassword), 200);
  // The audit names the client, not the proxy.
  AuditFilter f;
  f.action = "login_failed";
  f.limit = 100;
  auto rows = server.auth().ReadAudit(f);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 3u);
  for (const auto& row : *rows) EXPECT_EQ(row.remote, "10.0.0.1");
}

// --behind-tls-proxy alone no longer makes X-Forwarded-For believed: a peer that is not a trusted
// proxy cannot pick its own address.
TEST(SessionSecurity, BehindATlsProxyWithoutTrustedProxiesForwardedForIsIgnored) {
  ServerOptions options;
  options.secure_cookies = true;
  options.login_limits.max_failures = 100;
  options.login_limits.max_failures_per_address = 3;
  SmallServer server(options);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(LoginVia(server.port(), "10.0.0." + std::to_string(i), "ukendt", "forkert-kode-1"),
              401);
  }
  EXPECT_EQ(LoginVia(server.port(), "10.0.0.9", "analytiker", kTestPassword), 429);
  AuditFilter f;
  f.action = "login_failed";
  auto rows = server.auth().ReadAudit(f);
  ASSERT_TRUE(rows.ok());
  for (const auto& row : *rows) EXPECT_EQ(row.remote, "127.0.0.1");
}

// A trusted proxy's X-Forwarded-Proto: https makes that request's cookie Secure and sends HSTS;
// the same header from an untrusted peer does nothing.
TEST(SessionSecurity, ATrustedProxysHttpsMakesTheCookieSecure) {
  for (bool trusted : {true, false}) {
    ServerOptions options;
    if (trusted) options.trusted_proxies = *TrustedProxies::Parse({"127.0.0.0/8"});
    SmallServer server(options);
    httplib::Client c("127.0.0.1", server.port());
    auto r = c.Post("/api/v1/login",
                    {{"X-Forwarded-For", "198.51.100.7"}, {"X-Forwarded-Proto", "https"}},
                    json{{"username", "analytiker"}, {"password", kTestPassword}}.dump(),
                    "application/json");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    const std::string set = r->get_header_value("Set-Cookie");
    EXPECT_EQ(set.find("; Secure") != std::string::npos, trusted) << set;
    EXPECT_EQ(set.rfind("__Host-", 0) == 0, trusted) << set;
    EXPECT_EQ(r->has_header("Strict-Transport-Security"), trusted);
    AuditFilter f;
    f.action = "login";
    auto rows = server.auth().ReadAudit(f);
    ASSERT_TRUE(rows.ok());
    ASSERT_EQ(rows->size(), 1u);
    EXPECT_EQ(rows->front().remote, trusted ? "198.51.100.7" : "127.0.0.1");
  }
}

// After login_max_failures wrong passwords in a row the account is locked: the right password
// then gets the same answer as a wrong one (401, same message), audited as login_locked; the lock
// outlives the limiter's window and ends after the lockout, or when cleared (users unlock).
TEST(AccountSecurity, AnAccountIsLockedAfterTooManyFailedLogins) {
  ServerOptions options;
  options.login_limits.max_failures = 3;
  options.login_limits.max_failures_per_address = 100;
  options.login_limits.window_seconds = 60;
  options.login_limits.lockout_seconds = 3600;
  SmallServer server(options);
  auto login = [&](const std::string& user, const std::string& pw) {
    httplib::Client c("127.0.0.1", server.port());
    auto r = c.Post("/api/v1/login", json{{"username", user}, {"password", pw}}.dump(),
                    "application/json");
    return r ? std::make_pair(r->status, r->body) : std::make_pair(0, std::string());
  };
  for (int i = 0; i < 3; ++i) EXPECT_EQ(login("analytiker", "forkert-kode-1").first, 401);
  server.now_ += 120;  // past the limiter's window: only the lock holds it back
  auto wrong_unknown = login("findes-ikke", "forkert-kode-1");
  auto locked = login("analytiker", kTestPassword);
  EXPECT_EQ(locked.first, 401);
  EXPECT_EQ(locked.second, wrong_unknown.second);  // no telling a locked account from none
  EXPECT_EQ(AuditRows(server.auth(), "login_locked"), 1u);
  EXPECT_TRUE(server.auth().FindUser("analytiker")->LockedAt(server.now_));
  server.now_ += 3600;  // the lock ends
  EXPECT_EQ(login("analytiker", kTestPassword).first, 200);
  EXPECT_EQ(server.auth().FindUser("analytiker")->failed_logins, 0);
  // Locked again, then unlocked by an operator.
  for (int i = 0; i < 3; ++i) EXPECT_EQ(login("analytiker", "forkert-kode-2").first, 401);
  server.now_ += 120;
  EXPECT_EQ(login("analytiker", kTestPassword).first, 401);
  ASSERT_TRUE(server.auth().ClearFailedLogins("analytiker").ok());
  EXPECT_EQ(login("analytiker", kTestPassword).first, 200);
}

TEST(SessionSecurity, WithoutAProxyForwardedForIsIgnored) {
  ServerOptions options;
  options.login_limits.max_failures = 100;
  options.login_limits.max_failures_per_address = 3;
  SmallServer server(options);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(LoginVia(server.port(), "10.0.0." + std::to_string(i), "ukendt",
                       "forkert-kode-" + std::to_string(i)),
              401);
  }
  // A client cannot escape the limit by naming another address.
  EXPECT_EQ(LoginVia(server.port(), "10.0.0.9", "analytiker", kTestPassword), 429);
}

TEST(SessionSecurity, ASessionEndsAfterTheIdleLimit) {
  ServerOptions options;
  options.session_idle_seconds = 30 * 60;
  SmallServer server(options);
  Session s(server.port());
  ASSERT_EQ(s.Login("analytiker"), 200);
  // A request every 20 minutes keeps it alive past an hour.
  for (int i = 0; i < 4; ++i) {
    server.now_ += 20 * 60;
    ASSERT_EQ(s.Get("/api/v1/me")->status, 200) << i;
  }
  server.now_ += 30 * 60;  // 30 minutes unused
  EXPECT_EQ(s.Get("/api/v1/me")->status, 401);
}

TEST(AuditSecurity, ACitizenReadIsRefusedWhenItsAuditCannotBeWritten) {
  auto server = TestServer::Start();
  Session cw(server->port());
  ASSERT_EQ(cw.Login("sb657"), 200);
  const std::string path = std::string("/api/v1/borgere/") + TestServer::kHerningCitizens[0];
  auto before = cw.Get(path);
  ASSERT_TRUE(before);
  ASSERT_EQ(before->status, 200);  // readable while the audit works
  {
    // The audit log refuses every new read row (as a full disk or a broken file would).
    auto db = db::SqliteDb::Open(server->dir() + "/auth.db");
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db->Exec("CREATE TRIGGER audit_broken BEFORE INSERT ON audit WHEN "
                         "NEW.action = 'read' BEGIN SELECT RAISE(ABORT, 'disk full'); END;")
                    .ok());
  }
  const std::int64_t rows = *server->auth().CountAudit();
  auto r = cw.Get(path);
  ASSERT_TRUE(r);
  EXPECT_GE(r->status, 500) << r->body;
  auto body = json::parse(r->body, nullptr, false);
  ASSERT_TRUE(body.is_object()) << r->body;
  EXPECT_EQ(body.size(), 1u) << r->body;  // only {"error": ...}
  EXPECT_TRUE(body.contains("error"));
  EXPECT_EQ(r->body.find("haendelser"), std::string::npos);
  EXPECT_EQ(*server->auth().CountAudit(), rows);
  // The list of citizens too.
  auto list = cw.Get("/api/v1/borgere");
  ASSERT_TRUE(list);
  EXPECT_GE(list->status, 500);
  EXPECT_EQ(list->body.find(TestServer::kHerningCitizens[0]), std::string::npos);
}

// The audit lives only in the SQLite auth file (there is no PostgreSQL auth store), so there is
// no TRUNCATE to refuse; SQLite's equivalent, DELETE without WHERE, and UPDATE are refused.
TEST(AuditSecurity, TheAuditCannotBeEmptiedOrChanged) {
  auto server = TestServer::Start();
  ASSERT_EQ(LoginStatus(server->port(), "sb657", kTestPassword), 200);
  const std::int64_t rows = *server->auth().CountAudit();
  ASSERT_GE(rows, 1);
  auto db = db::SqliteDb::Open(server->dir() + "/auth.db");
  ASSERT_TRUE(db.ok());
  EXPECT_FALSE(db->Exec("DELETE FROM audit").ok());
  EXPECT_FALSE(db->Exec("DELETE FROM audit WHERE action = 'login'").ok());
  EXPECT_FALSE(db->Exec("UPDATE audit SET username = 'x'").ok());
  EXPECT_EQ(*server->auth().CountAudit(), rows);
}

}  // namespace
}  // namespace fremdrift::server::testing
