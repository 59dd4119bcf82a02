// Tests of API tokens for analysts' tools against a running server, with the auth store in SQLite
// and in PostgreSQL (skipped without FREMDRIFT_TEST_PG_URL): an administrator issues a token (its
// secret in that answer only); the token reads aggregates of its municipalities with no cookie and
// no CSRF token, each use audited; it is refused citizen- and staff-level data, every other
// endpoint and any write (403, Danish, audited); a token for one municipality cannot read
// another's; revoked, expired, garbled and unknown tokens get 401 (audited); a bearer header
// decides alone beside a session cookie; a token opens no operations endpoint.
#include <gtest/gtest.h>

#include <cctype>
#include <ctime>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "eventstore/test_database.h"
#include "server/bearer_token.h"
#include "server/test_server.h"

namespace fremdrift::server::testing {
namespace {

using cases::TestDatabase;
using nlohmann::json;

class TokenSecurity : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string skip = TestDatabase::SkipReason(GetParam());
    if (!skip.empty()) GTEST_SKIP() << skip;
    std::string url;  // SQLite: the fixture's own file
    if (GetParam() != "sqlite") {
      auto db = TestDatabase::Create(GetParam());
      ASSERT_TRUE(db.ok()) << db.status().ToString();
      db_.emplace(std::move(db).value());
      url = db_->url();
    }
    server_ = TestServer::Start({}, url);
    admin_ = std::make_unique<Session>(server_->port());
    ASSERT_EQ(admin_->Login("admin"), 200);
  }

  // Issues a token through the administrator's API; the answer's JSON.
  json Issue(const json& body) {
    auto r = admin_->Post("/api/v1/tokens", body.dump());
    EXPECT_TRUE(r);
    if (!r) return json();
    EXPECT_EQ(r->status, 201) << r->body;
    return json::parse(r->body, nullptr, false);
  }
  std::string IssueSecret(const json& body) {
    json j = Issue(body);
    return j.contains("token") ? j["token"].get<std::string>() : "";
  }

  // A request with "Authorization: <authorization>" and nothing else (no cookie, no CSRF).
  httplib::Result Get(const std::string& token, const std::string& path) {
    return Raw("Bearer " + token, path);
  }
  httplib::Result Raw(const std::string& authorization, const std::string& path,
                      const std::string& cookie = "") {
    httplib::Client c("127.0.0.1", server_->port());
    c.set_read_timeout(60, 0);
    httplib::Headers h{{"Authorization", authorization}};
    if (!cookie.empty()) h.emplace("Cookie", cookie);
    return c.Get(path, h);
  }
  httplib::Result Post(const std::string& token, const std::string& path, const std::string& body) {
    httplib::Client c("127.0.0.1", server_->port());
    return c.Post(path, {{"Authorization", "Bearer " + token}}, body, "application/json");
  }

  std::vector<AuditEntry> Audit(const std::string& action, const std::string& username = "") {
    AuditFilter f;
    f.action = action;
    f.username = username;
    f.limit = 100000;
    auto rows = server_->auth().ReadAudit(f);
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    return rows.ok() ? *rows : std::vector<AuditEntry>();
  }

  static std::string Message(const httplib::Result& r) {
    json j = json::parse(r->body, nullptr, false);
    if (j.is_discarded() || !j.contains("error")) return "";
    return j["error"]["message"].get<std::string>();
  }

  std::optional<TestDatabase> db_;  // destroyed after the server
  std::unique_ptr<TestServer> server_;
  std::unique_ptr<Session> admin_;
};

TEST_P(TokenSecurity, ATokenReadsAggregatesOfItsMunicipalitiesOnlyAndEachUseIsAudited) {
  json issued = Issue({{"name", "powerbi-herning"}, {"kommuner", {657}}, {"days", 30}});
  ASSERT_TRUE(issued.contains("token")) << issued.dump();
  const std::string token = issued["token"];
  EXPECT_TRUE(IsTokenShaped(token));
  EXPECT_EQ(issued["state"], "active");
  EXPECT_EQ(issued["kommuner"], json::array({657}));
  EXPECT_EQ(issued["created_by"], "admin");
  // The list shows the token, never its secret.
  auto list = admin_->Get("/api/v1/tokens");
  ASSERT_TRUE(list);
  ASSERT_EQ(list->status, 200);
  EXPECT_EQ(list->body.find(token.substr(kTokenPrefix.size())), std::string::npos);
  json tokens = json::parse(list->body)["tokens"];
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_EQ(tokens[0]["name"], "powerbi-herning");
  EXPECT_FALSE(tokens[0].contains("token"));
  ASSERT_EQ(Audit("token_issue").size(), 1u);
  EXPECT_EQ(Audit("token_issue")[0].detail.find(token), std::string::npos);

  // Without naming a municipality: its own, with its RAR and the country.
  auto own = Get(token, "/api/v1/measurements/fuldtidspersoner?from=2019-01&area=kommune,rar,land");
  ASSERT_TRUE(own);
  ASSERT_EQ(own->status, 200) << own->body;
  std::set<std::string> areas;
  const json own_body = json::parse(own->body);
  for (const auto& row : own_body["rows"]) {
    areas.insert(row["omraade"].get<std::string>());
  }
  EXPECT_EQ(areas, (std::set<std::string>{"657", "RAR Vestjylland", "Hele landet"}));
  // Naming it, in every format; the list, the reference (only 657 allowed) and the labels.
  for (const char* path :
       {"/api/v1/measurements/fuldtidspersoner?kommune=657&from=2019-02&format=csv-da",
        "/api/v1/measurements/fuldtidspersoner?kommune=657&from=2019-02&format=xlsx",
        "/api/v1/measurements/fsm2?kommune=657", "/api/v1/measurements/haandholdt?del=indikatorer",
        "/api/v1/measurements", "/api/v1/labels"}) {
    auto r = Get(token, path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 200) << path << ": " << r->body.substr(0, 300);
  }
  auto reference = Get(token, "/api/v1/reference");
  ASSERT_TRUE(reference);
  ASSERT_EQ(reference->status, 200);
  const json reference_body = json::parse(reference->body);
  for (const auto& k : reference_body["kommuner"]) {
    EXPECT_EQ(k["tilladt"].get<bool>(), k["kode"].get<int>() == 657) << k.dump();
  }
  // Another municipality's aggregates: 403 in Danish, audited.
  for (const char* path : {"/api/v1/measurements/fuldtidspersoner?kommune=217",
                           "/api/v1/measurements/fuldtidspersoner?kommune=657,217",
                           "/api/v1/measurements/fsm2?kommune=217"}) {
    auto r = Get(token, path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 403) << path;
    EXPECT_NE(Message(r).find("API-nøglen 'powerbi-herning' giver kun adgang til kommune 657"),
              std::string::npos)
        << Message(r);
  }
  EXPECT_EQ(Audit("denied", "token:powerbi-herning").size(), 3u);
  // One token_read row per request served, named after the token, with the query.
  auto reads = Audit("token_read", "token:powerbi-herning");
  ASSERT_EQ(reads.size(), 8u);
  EXPECT_EQ(reads[0].role, "token");
  EXPECT_EQ(reads[0].kommune, 657);
  EXPECT_EQ(reads[0].what, "/api/v1/measurements/fuldtidspersoner");
  EXPECT_EQ(reads[0].detail, "area=kommune,rar,land&from=2019-01");
  EXPECT_EQ(reads[0].remote, "127.0.0.1");
  // A token for every municipality reads Helsingør too; still hidden small counts (analysts').
  const std::string all = IssueSecret({{"name", "r-analyse"}, {"kommuner", "alle"}});
  auto other = Get(all, "/api/v1/measurements/fuldtidspersoner?kommune=217&from=2019-02");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 200) << other->body;
  // The token's last use is kept.
  auto again = admin_->Get("/api/v1/tokens");
  ASSERT_TRUE(again);
  const json again_body = json::parse(again->body);
  for (const auto& t : again_body["tokens"]) EXPECT_FALSE(t["last_used"].is_null());
}

TEST_P(TokenSecurity, ATokenIsRefusedCitizenAndStaffDataEveryOtherEndpointAndAnyWrite) {
  const std::string token = IssueSecret({{"name", "excel"}, {"kommuner", {657}}});
  ASSERT_FALSE(token.empty());
  const std::string citizen = TestServer::kHerningCitizens[0];
  const std::vector<std::string> gets = {
      "/api/v1/borgere?formaal=sagsbehandling&kommune=657",
      "/api/v1/borgere/" + citizen + "?formaal=sagsbehandling",
      "/api/v1/measurements/haandholdt",  // per caseworker (staff level)
      "/api/v1/measurements/haandholdt?del=sagsstamme&kommune=657",
      "/api/v1/measurements/haandholdt?del=frister&kommune=657",  // per citizen
      "/api/v1/measurements/rettidighed?del=frister",
      "/api/v1/me",
      "/api/v1/users",
      "/api/v1/audit",
      "/api/v1/tokens",
      "/api/v1/finance/budgets?kommune=657",
  };
  for (const std::string& path : gets) {
    auto r = Get(token, path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 403) << path << ": " << r->body.substr(0, 300);
    EXPECT_EQ(Message(r), kTokenOnlyAggregates) << path;
    EXPECT_EQ(r->body.find(citizen), std::string::npos) << path;
  }
  // Writes, with no cookie and so no CSRF token: refused before anything is read or written.
  const json event = {{"person", citizen},
                      {"kommune", 657},
                      {"date", "2019-02-01"},
                      {"type", "conversation"},
                      {"attributes", {{"kind", "opfoelgning"}}}};
  const std::vector<std::pair<std::string, std::string>> posts = {
      {"/api/v1/events", event.dump()},
      {"/api/v1/tokens", json{{"name", "mere"}, {"kommuner", "alle"}}.dump()},
      {"/api/v1/tokens/excel/revoke", "{}"},
      {"/api/v1/users", json{{"username", "ny"}, {"password", "x"}, {"role", "admin"}}.dump()},
      {"/api/v1/logout", "{}"},
      {"/api/v1/me/password", "{}"},
  };
  for (const auto& [path, body] : posts) {
    auto r = Post(token, path, body);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 403) << path << ": " << r->body;
    EXPECT_EQ(Message(r), kTokenOnlyAggregates) << path;
  }
  // Each refusal audited, under the token's name; nothing about a citizen read or written.
  EXPECT_EQ(Audit("denied", "token:excel").size(), gets.size() + posts.size());
  EXPECT_EQ(Audit("token_read", "token:excel").size(), 0u);
  EXPECT_EQ(server_->AuditCount(citizen, "read"), 0);
  EXPECT_EQ(server_->AuditCount(citizen, "write"), 0);
  EXPECT_EQ(server_->auth().FindUser("ny").status().code(), StatusCode::kNotFound);
  auto list = server_->auth().ListTokens();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].revoked, 0);
  // Operations: a token is not the metrics secret, and health says no more than to anyone.
  auto metrics = Get(token, "/api/v1/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->status, 401);
  auto health = Get(token, "/api/v1/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(json::parse(health->body), json({{"status", "ok"}}));
  // Beside a caseworker's session cookie the token still decides: no citizens.
  Session caseworker(server_->port());
  ASSERT_EQ(caseworker.Login("sb657"), 200);
  auto both = Raw("Bearer " + token, "/api/v1/borgere?formaal=sagsbehandling", caseworker.cookie());
  ASSERT_TRUE(both);
  EXPECT_EQ(both->status, 403);
}

TEST_P(TokenSecurity, RevokedExpiredGarbledAndUnknownTokensGet401) {
  const std::string revoked = IssueSecret({{"name", "revoked"}, {"kommuner", {657}}});
  const std::string short_lived =
      IssueSecret({{"name", "en-dag"}, {"kommuner", {657}}, {"days", 1}});
  ASSERT_FALSE(revoked.empty());
  ASSERT_FALSE(short_lived.empty());
  const std::string path = "/api/v1/measurements/fuldtidspersoner?from=2019-02";
  ASSERT_EQ(Get(revoked, path)->status, 200);
  ASSERT_EQ(Get(short_lived, path)->status, 200);

  // Revoked by an administrator: refused at once, saying why.
  auto revoke = admin_->Post("/api/v1/tokens/revoked/revoke", "{}");
  ASSERT_TRUE(revoke);
  EXPECT_EQ(revoke->status, 200) << revoke->body;
  auto after = Get(revoked, path);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 401);
  EXPECT_EQ(Message(after), "API-nøglen 'revoked' er trukket tilbage");
  EXPECT_EQ(admin_->Post("/api/v1/tokens/revoked/revoke", "{}")->status, 409);
  EXPECT_EQ(admin_->Post("/api/v1/tokens/ingen/revoke", "{}")->status, 404);
  ASSERT_EQ(Audit("token_revoke").size(), 1u);

  // Garbled, unknown, or not a Bearer token at all: 401, and no data.
  std::string flipped = short_lived;
  flipped.back() = flipped.back() == 'a' ? 'b' : 'a';
  std::string upper = short_lived;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const std::vector<std::string> headers = {
      "Bearer " + flipped,  // the right shape, unknown
      "Bearer " + short_lived.substr(kTokenPrefix.size()),
      "Bearer " + short_lived + "0",
      "Bearer " + short_lived.substr(0, short_lived.size() - 1),
      "Bearer " + upper,
      "Bearer fdt_",
      "Bearer",
      "Bearer " + short_lived + " " + short_lived,
      "Bearer fdt_" + std::string(64, 'g'),
      "Bearer ' OR 1=1 --",
      "Basic " + short_lived,  // another scheme: no session either
  };
  for (const std::string& h : headers) {
    auto r = Raw(h, path);
    ASSERT_TRUE(r) << h;
    EXPECT_EQ(r->status, 401) << h << ": " << r->body;
    EXPECT_EQ(r->body.find("\"rows\""), std::string::npos) << h;
  }
  // A garbled token beside a valid administrator's cookie: the bearer header decides.
  auto beside = Raw("Bearer " + flipped, "/api/v1/users", admin_->cookie());
  ASSERT_TRUE(beside);
  EXPECT_EQ(beside->status, 401);
  // Two Authorization headers: refused.
  {
    httplib::Client c("127.0.0.1", server_->port());
    httplib::Headers h{{"Authorization", "Bearer " + short_lived},
                       {"Authorization", "Bearer " + flipped}};
    auto two = c.Get(path, h);
    ASSERT_TRUE(two);
    EXPECT_EQ(two->status, 401);
  }
  // Failures are audited (the first few from an address one row each, the rest summed up), and
  // never with the secret.
  auto failed = Audit("token_failed");
  EXPECT_GE(failed.size(), 5u);
  bool named_revoked = false;
  for (const auto& e : failed) {
    named_revoked |= e.detail == "revoked token name=revoked";
    EXPECT_EQ(e.detail.find(short_lived.substr(kTokenPrefix.size(), 16)), std::string::npos)
        << e.detail;
  }
  EXPECT_TRUE(named_revoked);

  // Expired: the clock moves past the day (the admin session ends with it).
  server_->AdvanceClock(86400 + 1);
  auto expired = Get(short_lived, path);
  ASSERT_TRUE(expired);
  EXPECT_EQ(expired->status, 401);
  EXPECT_EQ(Message(expired).rfind("API-nøglen 'en-dag' udløb ", 0), 0u) << Message(expired);
  auto states = server_->auth().ListTokens();
  ASSERT_TRUE(states.ok());
  std::set<std::string> seen;
  for (const auto& t : *states) {
    seen.insert(t.name + "=" + std::string(TokenState(t, std::time(nullptr) + 86400 + 1)));
  }
  EXPECT_EQ(seen, (std::set<std::string>{"en-dag=expired", "revoked=revoked"}));
}

TEST_P(TokenSecurity, OnlyAnAdministratorIssuesTokensAndBadRequestsAreRefused) {
  Session analyst(server_->port());
  ASSERT_EQ(analyst.Login("analytiker"), 200);
  const json good = {{"name", "powerbi"}, {"kommuner", {657}}};
  EXPECT_EQ(analyst.Post("/api/v1/tokens", good.dump())->status, 403);
  EXPECT_EQ(analyst.Get("/api/v1/tokens")->status, 403);
  EXPECT_EQ(admin_->Post("/api/v1/tokens", good.dump(), /*with_csrf=*/false)->status, 403);
  struct Case {
    json body;
    std::string message_starts;
  };
  const Case cases[] = {
      {{{"kommuner", {657}}}, "name:"},
      {{{"name", "Power BI"}, {"kommuner", {657}}}, "name:"},
      {{{"name", "powerbi"}}, "kommuner:"},
      {{{"name", "powerbi"}, {"kommuner", json::array()}}, "kommuner:"},
      {{{"name", "powerbi"}, {"kommuner", "657"}}, "kommuner:"},
      {{{"name", "powerbi"}, {"kommuner", {999}}}, "kommuner: 999"},
      {{{"name", "powerbi"}, {"kommuner", {"657"}}}, "kommuner:"},
      {{{"name", "powerbi"}, {"kommuner", {657}}, {"days", 0}}, "days:"},
      {{{"name", "powerbi"}, {"kommuner", {657}}, {"days", 367}}, "days:"},
      {{{"name", "powerbi"}, {"kommuner", {657}}, {"days", "30"}}, "days:"},
  };
  for (const Case& c : cases) {
    auto r = admin_->Post("/api/v1/tokens", c.body.dump());
    ASSERT_TRUE(r) << c.body.dump();
    EXPECT_EQ(r->status, 400) << c.body.dump() << ": " << r->body;
    EXPECT_EQ(Message(r).rfind(c.message_starts, 0), 0u) << c.body.dump() << ": " << Message(r);
  }
  EXPECT_EQ(admin_->Post("/api/v1/tokens", good.dump())->status, 201);
  EXPECT_EQ(admin_->Post("/api/v1/tokens", good.dump())->status, 409);
  EXPECT_EQ(Audit("token_issue").size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, TokenSecurity, ::testing::ValuesIn(TestDatabase::Backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace fremdrift::server::testing
