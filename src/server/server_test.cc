// End-to-end tests of the HTTP API on a real server (127.0.0.1, free port): login and sessions,
// the API's Tables equal the measurement's own, role and municipality checks on every
// citizen-level endpoint, audit entries for every citizen read, CSRF, login rate limiting, error
// shapes (400 naming the parameter, 404, 403, never a CPR number) and a fuzzed set of bad requests.
#include <gtest/gtest.h>
#include <zlib.h>

#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>

#include "measure/fuldtidspersoner.h"
#include "table/suppression.h"
#include "table/table_format.h"
#include "server/test_server.h"

namespace fremdrift::server::testing {
namespace {

using nlohmann::json;

class ServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = TestServer::Start().release(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static int Port() { return server_->port(); }
  static std::int64_t AuditCount(const std::string& citizen, const std::string& action) {
    return server_->AuditCount(citizen, action);
  }
  static TestServer* server_;
};
TestServer* ServerTest::server_ = nullptr;

const char* const kHerning1 = TestServer::kHerningCitizens[0];
const char* const kHelsingoer = TestServer::kHelsingoerCitizen;

TEST_F(ServerTest, HealthIsOpenAndTheApiNeedsALogin) {
  httplib::Client c("127.0.0.1", Port());
  auto h = c.Get("/api/v1/health");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->status, 200);
  EXPECT_EQ(h->body, R"({"status":"ok"})");  // nothing more without a login
  for (const char* path : {"/api/v1/measurements", "/api/v1/measurements/fuldtidspersoner",
                           "/api/v1/borgere", "/api/v1/me", "/api/v1/reference",
                           "/api/v1/labels"}) {
    auto r = c.Get(path);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401) << path;
    EXPECT_EQ(json::parse(r->body)["error"]["code"], "unauthenticated") << path;
  }
  auto m = c.Get("/api/v1/metrics");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->status, 401);
  // Logged in: the full health and the metrics.
  Session s(Port());
  ASSERT_EQ(s.Login("analytiker"), 200);
  auto full = s.Get("/api/v1/health");
  ASSERT_TRUE(full);
  EXPECT_EQ(json::parse(full->body)["store"]["persons"], 4000);
  auto metrics = s.Get("/api/v1/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->status, 200);
  EXPECT_NE(metrics->body.find("fremdrift_http_requests_total"), std::string::npos);
}

TEST_F(ServerTest, LoginSetsAHardenedCookie) {
  httplib::Client c("127.0.0.1", Port());
  auto r =
      c.Post("/api/v1/login", json{{"username", "analytiker"}, {"password", kTestPassword}}.dump(),
             "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  std::string cookie = r->get_header_value("Set-Cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_EQ(cookie.find("Secure"), std::string::npos);  // plain HTTP in tests
  EXPECT_EQ(json::parse(r->body)["role"], "analyst");
  EXPECT_EQ(r->get_header_value("X-Frame-Options"), "DENY");
  EXPECT_FALSE(r->get_header_value("Content-Security-Policy").empty());
  Session s(Port());
  EXPECT_EQ(s.Login("analytiker", "forkert-adgangskode"), 401);
  EXPECT_EQ(s.Login("findes-ikke", "forkert-adgangskode"), 401);
  // A form posted from another site is refused.
  auto form = c.Post("/api/v1/login", "username=analytiker&password=x",
                     "application/x-www-form-urlencoded");
  ASSERT_TRUE(form);
  EXPECT_EQ(form->status, 400);
  httplib::Headers foreign = {{"Origin", "https://evil.example"}};
  auto cross = c.Post("/api/v1/login", foreign,
                      json{{"username", "analytiker"}, {"password", kTestPassword}}.dump(),
                      "application/json");
  ASSERT_TRUE(cross);
  EXPECT_EQ(cross->status, 403);
}

TEST_F(ServerTest, MeasurementJsonIsTheMeasurementsOwnTable) {
  Session s(Port());
  ASSERT_EQ(s.Login("analytiker"), 200);
  auto r = s.Get(
      "/api/v1/measurements/fuldtidspersoner?from=2019-01&to=2019-06&area=kommune,rar,"
      "land&kommune=657,217");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  FtpQuery q;
  q.from = MakeMonth(2019, 1);
  q.to = MakeMonth(2019, 6);
  q.levels = {AreaLevel::kKommune, AreaLevel::kRar, AreaLevel::kLand};
  q.kommuner = {657, 217};
  auto table = Fuldtidspersoner(server_->store(), server_->reference(), q);
  ASSERT_TRUE(table.ok());
  table->title = table->title.empty() ? "Fuldtidspersoner pr. ydelsesgruppe" : table->title;
  // An analyst has no citizen access: the Table as published, small counts not shown.
  const Table shown = SuppressForPublication(
      *table, StandardSuppressionSpec(*table, kDefaultMinPersons, &server_->reference()),
      SuppressedCell::kEmpty);
  std::ostringstream expected;
  WriteTableJson(shown, expected);
  EXPECT_EQ(json::parse(r->body), json::parse(expected.str()));
  EXPECT_GT(table->rows().size(), 20u);
  // CSV for Danish Excel (csv-da), plain CSV (csv: what `fremdrift measure --format csv` prints)
  // and XLSX downloads of the same Table.
  auto csv = s.Get("/api/v1/measurements/fuldtidspersoner?from=2019-01&kommune=657&format=csv-da");
  ASSERT_TRUE(csv);
  EXPECT_EQ(csv->status, 200);
  EXPECT_EQ(csv->body.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(csv->get_header_value("Content-Disposition").find("fuldtidspersoner.csv"),
            std::string::npos);
  auto plain = s.Get("/api/v1/measurements/fuldtidspersoner?from=2019-01&kommune=657&format=csv");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->status, 200);
  FtpQuery one_month;
  one_month.from = one_month.to = MakeMonth(2019, 1);
  one_month.kommuner = {657};
  auto one_table = Fuldtidspersoner(server_->store(), server_->reference(), one_month);
  ASSERT_TRUE(one_table.ok());
  std::ostringstream plain_expected;
  WriteTableCsv(SuppressForPublication(*one_table,
                                       StandardSuppressionSpec(*one_table, kDefaultMinPersons,
                                                               &server_->reference()),
                                       SuppressedCell::kEmpty),
                plain_expected);
  EXPECT_EQ(plain->body, plain_expected.str());
  auto xlsx = s.Get("/api/v1/measurements/fuldtidspersoner?from=2019-01&kommune=657&format=xlsx");
  ASSERT_TRUE(xlsx);
  EXPECT_EQ(xlsx->status, 200);
  EXPECT_EQ(xlsx->body.substr(0, 2), "PK");
}

TEST_F(ServerTest, BadRequestsNameTheParameter) {
  Session s(Port());
  ASSERT_EQ(s.Login("analytiker"), 200);
  struct Case {
    const char* path;
    int status;
    const char* in_message;
  };
  for (const Case& c : {
           Case{"/api/v1/measurements/fuldtidspersoner?from=2019-13", 400, "from:"},
           Case{"/api/v1/measurements/fuldtidspersoner?from=2019-01&to=2018-01", 400, "to:"},
           Case{"/api/v1/measurements/fuldtidspersoner?area=planet", 400, "area:"},
           Case{"/api/v1/measurements/fuldtidspersoner?kommune=999", 400, "kommune:"},
           Case{"/api/v1/measurements/fuldtidspersoner?kommune=abc", 400, "kommune:"},
           Case{"/api/v1/measurements/fuldtidspersoner?group=nope", 400, "group:"},
           Case{"/api/v1/measurements/fuldtidspersoner?age=99-1", 400, "age:"},
           Case{"/api/v1/measurements/fuldtidspersoner?frm=2019-01", 400, "frm:"},
           Case{"/api/v1/measurements/fuldtidspersoner?format=pdf", 400, "format:"},
           Case{"/api/v1/measurements/haandholdt?del=alt", 400, "del:"},
           Case{"/api/v1/measurements/findes-ikke", 404, "findes-ikke"},
           Case{"/api/v1/findes-ikke", 404, ""},
       }) {
    auto r = s.Get(c.path);
    ASSERT_TRUE(r) << c.path;
    EXPECT_EQ(r->status, c.status) << c.path << " " << r->body;
    auto body = json::parse(r->body, nullptr, false);
    ASSERT_FALSE(body.is_discarded()) << c.path;
    EXPECT_NE(body["error"]["message"].get<std::string>().find(c.in_message), std::string::npos)
        << c.path << " " << r->body;
    // The codes are identifiers, as docs/formats/http-api.md lists them.
    EXPECT_EQ(body["error"]["code"], c.status == 400 ? "invalid_argument" : "not_found") << c.path;
  }
}

// Who may not read single citizens (analyst, admin) gets no count of 1-4 persons: empty in JSON and
// csv, "<5" in csv-da; a caseworker of the municipality gets the exact figures.
TEST_F(ServerTest, SmallNumbersAreNotShownWithoutCitizenAccess) {
  const std::string path =
      "/api/v1/measurements/fuldtidspersoner?from=2019-01&to=2019-06&area=kommune&kommune=657";
  FtpQuery q;
  q.from = MakeMonth(2019, 1);
  q.to = MakeMonth(2019, 6);
  q.kommuner = {657};
  auto exact = Fuldtidspersoner(server_->store(), server_->reference(), q);
  ASSERT_TRUE(exact.ok());
  const int pc = exact->ColumnIndex("personer");
  int small = 0;
  for (const auto& row : exact->rows()) {
    const double n = CellToDouble(row[pc]);
    small += n > 0 && n < kDefaultMinPersons;
  }
  ASSERT_GT(small, 0) << "the example register gives Herning no small count to hide";
  auto count_small = [](const json& body) {
    int n = 0, missing = 0;
    for (const auto& row : body["rows"]) {
      if (row["personer"].is_null()) {
        ++missing;
      } else if (row["personer"].get<int>() > 0 && row["personer"].get<int>() < 5) {
        ++n;
      }
    }
    return std::make_pair(n, missing);
  };
  for (const char* user : {"analytiker", "admin"}) {
    Session s(Port());
    ASSERT_EQ(s.Login(user), 200);
    auto r = s.Get(path);
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    json body = json::parse(r->body);
    auto [shown_small, hidden] = count_small(body);
    EXPECT_EQ(shown_small, 0) << user;
    EXPECT_GE(hidden, small) << user;
    bool noted = false;
    for (const auto& note : body["notes"]) {
      noted = noted || note.get<std::string>().find("Tal under 5 personer") != std::string::npos;
    }
    EXPECT_TRUE(noted) << user;
    auto da = s.Get(path + "&format=csv-da");
    ASSERT_TRUE(da);
    EXPECT_NE(da->body.find(";<5"), std::string::npos) << user;
  }
  Session sb(Port());
  ASSERT_EQ(sb.Login("sb657"), 200);
  auto r = sb.Get(path);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  auto [shown_small, hidden] = count_small(json::parse(r->body));
  EXPECT_EQ(shown_small, small);
  EXPECT_EQ(hidden, 0);
}

// Static files come from memory, gzip-compressed once at start for clients that accept it, never
// compressed per request (cpp-httplib would use brotli at its slowest setting for "br").
TEST_F(ServerTest, StaticFilesAreSentPrecompressed) {
  httplib::Client c("127.0.0.1", Port());
  c.set_decompress(false);
  auto plain = c.Get("/vendor/d3.min.js");
  ASSERT_TRUE(plain);
  ASSERT_EQ(plain->status, 200);
  EXPECT_FALSE(plain->has_header("Content-Encoding"));
  EXPECT_EQ(plain->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  auto gz = c.Get("/vendor/d3.min.js", {{"Accept-Encoding", "gzip, deflate, br"}});
  ASSERT_TRUE(gz);
  ASSERT_EQ(gz->status, 200);
  EXPECT_EQ(gz->get_header_value("Content-Encoding"), "gzip");
  EXPECT_LT(gz->body.size(), plain->body.size() / 2);
  auto br = c.Get("/vendor/d3.min.js", {{"Accept-Encoding", "br"}});
  ASSERT_TRUE(br);
  EXPECT_FALSE(br->has_header("Content-Encoding"));
  EXPECT_EQ(br->body.size(), plain->body.size());
  auto index = c.Get("/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_NE(index->body.find("<html lang=\"da\">"), std::string::npos);
  EXPECT_FALSE(index->get_header_value("Content-Security-Policy").empty());
  auto missing = c.Get("/findes-ikke.js");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
}

// A large table is sent gzip-compressed to a client that accepts it (browsers do), and plain to
// one that does not; both decode to the same JSON.
TEST_F(ServerTest, LargeTablesAreGzippedForClientsThatAcceptIt) {
  Session s(Port());
  ASSERT_EQ(s.Login("analytiker"), 200);
  const std::string path =
      "/api/v1/measurements/fuldtidspersoner?from=2019-01&to=2019-12&area=kommune,rar,land";
  auto plain = s.Get(path);
  ASSERT_TRUE(plain);
  ASSERT_EQ(plain->status, 200);
  EXPECT_FALSE(plain->has_header("Content-Encoding"));
  ASSERT_GT(plain->body.size(), 4096u);
  for (const char* accept :
       {"gzip", "gzip, deflate, br", "br;q=1.0, gzip;q=0.8", "gzip;q=0", "deflate"}) {
    httplib::Headers h{{"Cookie", s.cookie()}, {"Accept-Encoding", accept}};
    s.client().set_decompress(false);  // see the bytes as sent
    auto r = s.client().Get(path, h);
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200);
    EXPECT_EQ(r->get_header_value("Vary"), "Accept-Encoding");
    const bool gz =
        std::string(accept).find("gzip") != std::string::npos && std::string(accept) != "gzip;q=0";
    if (!gz) {
      EXPECT_FALSE(r->has_header("Content-Encoding")) << accept;
      EXPECT_EQ(r->body, plain->body) << accept;
      continue;
    }
    EXPECT_EQ(r->get_header_value("Content-Encoding"), "gzip") << accept;
    EXPECT_LT(r->body.size(), plain->body.size() / 4) << accept;
    z_stream zs{};
    ASSERT_EQ(inflateInit2(&zs, 15 + 16), Z_OK);
    std::string out(plain->body.size() + 1, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(r->body.data());
    zs.avail_in = static_cast<uInt>(r->body.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    EXPECT_EQ(inflate(&zs, Z_FINISH), Z_STREAM_END) << accept;
    out.resize(zs.total_out);
    inflateEnd(&zs);
    EXPECT_EQ(out, plain->body) << accept;
  }
}

TEST_F(ServerTest, NoCprNumberIsEverEchoed) {
  Session s(Port());
  ASSERT_EQ(s.Login("sb657"), 200);
  for (const char* path : {"/api/v1/borgere/0101801234", "/api/v1/borgere/010180-1234",
                           "/api/v1/measurements/fuldtidspersoner?kommune=0101801234",
                           "/api/v1/measurements/fuldtidspersoner?group=0101801234"}) {
    auto r = s.Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_GE(r->status, 400) << path;
    EXPECT_EQ(r->body.find("0101801234"), std::string::npos) << path << r->body;
    EXPECT_EQ(r->body.find("010180-1234"), std::string::npos) << path << r->body;
  }
  auto audit = server_->auth().ReadAudit({.limit = 100000});
  for (const auto& e : *audit) {
    EXPECT_EQ(e.detail.find("0101801234"), std::string::npos) << e.detail;
  }
}

TEST_F(ServerTest, MunicipalityBoundUsersSeeOnlyTheirOwnAggregates) {
  Session s(Port());
  ASSERT_EQ(s.Login("leder657"), 200);
  auto own = s.Get("/api/v1/measurements/fuldtidspersoner?from=2019-01&area=kommune,rar,land");
  ASSERT_TRUE(own);
  ASSERT_EQ(own->status, 200);
  std::set<std::string> areas;
  const json own_body = json::parse(own->body);
  for (const auto& row : own_body["rows"]) areas.insert(row["omraade"].get<std::string>());
  EXPECT_EQ(areas, (std::set<std::string>{"657", "RAR Vestjylland", "Hele landet"}));
  for (const char* path : {"/api/v1/measurements/fuldtidspersoner?kommune=217",
                           "/api/v1/measurements/fuldtidspersoner?kommune=657,217",
                           "/api/v1/measurements/fsm2?kommune=217"}) {
    auto r = s.Get(path);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 403) << path;
  }
}

TEST_F(ServerTest, EveryCitizenEndpointRefusesOtherMunicipalitiesAndOtherRoles) {
  const std::string own = kHerning1;
  struct Endpoint {
    std::string path;  // GET, or POST when body is set
    std::string body;
    std::string other_path;  // the same for a Helsingør citizen / municipality
    std::string other_body;
  };
  auto event = [](const std::string& person, int kommune) {
    return json{{"person", person},
                {"kommune", kommune},
                {"date", "2019-02-01"},
                {"type", "conversation"},
                {"attributes", {{"kind", "opfoelgning"}}}}
        .dump();
  };
  std::vector<Endpoint> endpoints = {
      {"/api/v1/borgere/" + own, "", std::string("/api/v1/borgere/") + kHelsingoer, ""},
      {"/api/v1/borgere?kommune=657", "", "/api/v1/borgere?kommune=217", ""},
      {"/api/v1/measurements/haandholdt?del=frister&kommune=657", "",
       "/api/v1/measurements/haandholdt?del=frister&kommune=217", ""},
      {"/api/v1/events", event(own, 657), "/api/v1/events", event(kHelsingoer, 217)},
  };
  // The caseworker of 657: own allowed, other refused with 403.
  Session cw(Port());
  ASSERT_EQ(cw.Login("sb657"), 200);
  for (const auto& e : endpoints) {
    auto ok = e.body.empty() ? cw.Get(e.path) : cw.Post(e.path, e.body);
    ASSERT_TRUE(ok) << e.path;
    EXPECT_LT(ok->status, 300) << e.path << " " << ok->body;
    auto refused =
        e.other_body.empty() ? cw.Get(e.other_path) : cw.Post(e.other_path, e.other_body);
    ASSERT_TRUE(refused) << e.other_path;
    // One citizen of another municipality: 404, the answer for one who does not exist.
    const bool one_citizen = e.other_path.rfind("/api/v1/borgere/", 0) == 0;
    EXPECT_EQ(refused->status, one_citizen ? 404 : 403) << e.other_path << " " << refused->body;
    EXPECT_EQ(refused->body.find(kHelsingoer + 1), std::string::npos);
  }
  // Posting an event in one's own municipality for another municipality's citizen: refused.
  auto steal = cw.Post("/api/v1/events", event(kHelsingoer, 657));
  ASSERT_TRUE(steal);
  EXPECT_EQ(steal->status, 403);
  // Analyst and admin: no citizen data at all.
  for (const char* user : {"analytiker", "admin"}) {
    Session s(Port());
    ASSERT_EQ(s.Login(user), 200);
    for (const auto& e : endpoints) {
      auto r = e.body.empty() ? s.Get(e.path) : s.Post(e.path, e.body);
      ASSERT_TRUE(r);
      EXPECT_EQ(r->status, 403) << user << " " << e.path << " " << r->body;
    }
  }
  // Caseloads per caseworker: leader yes, caseworker no.
  auto staff = cw.Get("/api/v1/measurements/haandholdt?del=sagsstamme");
  ASSERT_TRUE(staff);
  EXPECT_EQ(staff->status, 403);
  Session leader(Port());
  ASSERT_EQ(leader.Login("leder657"), 200);
  auto lead = leader.Get("/api/v1/measurements/haandholdt?del=sagsstamme");
  ASSERT_TRUE(lead);
  EXPECT_EQ(lead->status, 200) << lead->body;
  // Refusals are audited.
  EXPECT_GE(AuditCount(kHelsingoer, "denied"), 2);
}

TEST_F(ServerTest, EveryCitizenReadIsAudited) {
  Session cw(Port());
  ASSERT_EQ(cw.Login("sb657"), 200);
  const std::int64_t before1 = AuditCount(kHerning1, "read");
  const std::int64_t before2 = AuditCount(TestServer::kHerningCitizens[1], "read");
  auto one = cw.Get(std::string("/api/v1/borgere/") + kHerning1);
  ASSERT_TRUE(one);
  ASSERT_EQ(one->status, 200) << one->body;
  auto body = json::parse(one->body);
  EXPECT_EQ(body["kommune"], 657);
  EXPECT_GE(body["haendelser"].size(), 4u);
  EXPECT_EQ(AuditCount(kHerning1, "read"), before1 + 1);
  auto list = cw.Get("/api/v1/borgere");
  ASSERT_TRUE(list);
  ASSERT_EQ(list->status, 200);
  EXPECT_EQ(json::parse(list->body)["borgere"].size(), 2u);
  EXPECT_EQ(AuditCount(kHerning1, "read"), before1 + 2);
  EXPECT_EQ(AuditCount(TestServer::kHerningCitizens[1], "read"), before2 + 1);
  auto deadlines = cw.Get("/api/v1/measurements/haandholdt?del=frister");
  ASSERT_TRUE(deadlines);
  ASSERT_EQ(deadlines->status, 200) << deadlines->body;
  // Served from the cache the second time, audited both times.
  auto again = cw.Get("/api/v1/measurements/haandholdt?del=frister");
  ASSERT_TRUE(again);
  EXPECT_EQ(AuditCount(kHerning1, "read"), before1 + 4);
  const json again_body = json::parse(again->body);
  for (const auto& row : again_body["rows"]) {
    EXPECT_EQ(row["kommune"], "657");
  }
}

TEST_F(ServerTest, ChangesNeedTheCsrfToken) {
  Session cw(Port());
  ASSERT_EQ(cw.Login("sb657"), 200);
  const std::string body = json{{"person", kHerning1},
                                {"kommune", 657},
                                {"date", "2019-03-01"},
                                {"type", "conversation"},
                                {"attributes", {{"kind", "jobsamtale"}}}}
                               .dump();
  auto none = cw.Post("/api/v1/events", body, /*with_csrf=*/false);
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 403);
  httplib::Headers wrong = {{"Cookie", cw.cookie()}, {"X-CSRF-Token", std::string(64, '0')}};
  auto bad = cw.client().Post("/api/v1/events", wrong, body, "application/json");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 403);
  const std::int64_t writes = AuditCount(kHerning1, "write");
  auto good = cw.Post("/api/v1/events", body);
  ASSERT_TRUE(good);
  EXPECT_EQ(good->status, 201) << good->body;
  EXPECT_EQ(AuditCount(kHerning1, "write"), writes + 1);
  // The new event is visible at once.
  auto timeline = json::parse(cw.Get(std::string("/api/v1/borgere/") + kHerning1)->body);
  bool seen = false;
  for (const auto& e : timeline["haendelser"]) {
    seen = seen || (e["dato"] == "2019-03-01" && e["registreret_af"] == "sb657");
  }
  EXPECT_TRUE(seen);
  // Logout needs it too, and ends the session.
  auto logout_bad = cw.Post("/api/v1/logout", "{}", false);
  ASSERT_TRUE(logout_bad);
  EXPECT_EQ(logout_bad->status, 403);
  auto logout = cw.Post("/api/v1/logout", "{}");
  ASSERT_TRUE(logout);
  EXPECT_EQ(logout->status, 200);
  EXPECT_EQ(cw.Get("/api/v1/me")->status, 401);
}

TEST_F(ServerTest, AdminManagesUsersAndReadsTheAudit) {
  Session admin(Port());
  ASSERT_EQ(admin.Login("admin"), 200);
  auto add = admin.Post("/api/v1/users", json{{"username", "ny.bruger"},
                                              {"password", "en-lang-adgangskode"},
                                              {"role", "analyst"},
                                              {"kommune", 573}}
                                             .dump());
  ASSERT_TRUE(add);
  EXPECT_EQ(add->status, 201) << add->body;
  Session fresh(Port());
  EXPECT_EQ(fresh.Login("ny.bruger", "en-lang-adgangskode"), 200);
  auto audit = admin.Get("/api/v1/audit?action=user_add");
  ASSERT_TRUE(audit);
  EXPECT_EQ(audit->status, 200);
  EXPECT_GE(json::parse(audit->body)["audit"].size(), 1u);
  Session cw(Port());
  ASSERT_EQ(cw.Login("sb657"), 200);
  EXPECT_EQ(cw.Get("/api/v1/audit")->status, 403);
  EXPECT_EQ(cw.Get("/api/v1/users")->status, 403);
}

TEST_F(ServerTest, FuzzedRequestsNeverCrashOrLeak) {
  Session s(Port());
  ASSERT_EQ(s.Login("sb657"), 200);
  std::mt19937 rng(20240601);
  const std::vector<std::string> paths = {"/api/v1/measurements/fuldtidspersoner",
                                          "/api/v1/measurements/fsm2",
                                          "/api/v1/measurements/haandholdt",
                                          "/api/v1/measurements/pool",
                                          "/api/v1/borgere",
                                          "/api/v1/borgere/",
                                          "/api/v1/events",
                                          "/api/v1/login",
                                          "/api/v1/users",
                                          "/api/v1/audit",
                                          "/api/v1/me",
                                          "/api/v1/reference",
                                          "/",
                                          "/index.html",
                                          "/../../etc/passwd"};
  const std::vector<std::string> names = {"from",  "to",  "period", "area", "kommune",
                                          "group", "age", "format", "del",  "model",
                                          "limit", "q",   "x"};
  const std::vector<std::string> values = {"",
                                           "2019-01",
                                           "2019-Q5",
                                           "9999-99",
                                           "-1",
                                           "657",
                                           "217,657",
                                           "0101801234",
                                           "%00",
                                           "%ff%fe",
                                           "'; DROP TABLE users; --",
                                           std::string(3000, 'a'),
                                           "kommune,rar,land",
                                           "1e309",
                                           "all",
                                           "16-",
                                           "../",
                                           "\xc3\x28",
                                           "frister",
                                           "fsm2",
                                           "nan",
                                           "2147483648"};
  auto pick = [&](const auto& v) { return v[rng() % v.size()]; };
  int answered = 0;
  for (int i = 0; i < 600; ++i) {
    std::string path = pick(paths);
    if (path == "/api/v1/borgere/") path += pick(values).substr(0, 90);
    std::string query;
    int n = static_cast<int>(rng() % 4);
    for (int k = 0; k < n; ++k) {
      query +=
          (k ? "&" : "?") + pick(names) + "=" + httplib::detail::encode_query_param(pick(values));
    }
    const bool post = rng() % 3 == 0;
    // Built by hand so invalid UTF-8 reaches the server as is.
    std::string body =
        rng() % 2 ? pick(values) : "{\"" + pick(names) + "\":\"" + pick(values) + "\"}";
    const bool csrf = rng() % 2;
    httplib::Result r = post ? s.Post(path + query, body, csrf) : s.Get(path + query);
    if (!r) continue;
    ++answered;
    EXPECT_NE(r->status, 500) << path << query;
    EXPECT_EQ(r->body.find("0101801234"), std::string::npos) << path << query;
    EXPECT_EQ(r->body.find("root:x:0"), std::string::npos) << path << query;
  }
  EXPECT_GT(answered, 550);
  httplib::Client c("127.0.0.1", Port());
  auto health = c.Get("/api/v1/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
}

TEST(ServerRateLimit, LoginsAreRateLimited) {
  auto server =
      TestServer::Start({.max_failures = 3, .max_failures_per_address = 50, .window_seconds = 600});
  Session s(server->port());
  for (int i = 0; i < 3; ++i) EXPECT_EQ(s.Login("sb657", "forkert-adgangskode"), 401);
  // Blocked now, even with the right password.
  httplib::Client c("127.0.0.1", server->port());
  auto r = c.Post("/api/v1/login", json{{"username", "sb657"}, {"password", kTestPassword}}.dump(),
                  "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 429);
  EXPECT_FALSE(r->get_header_value("Retry-After").empty());
  // Other users are not blocked.
  EXPECT_EQ(s.Login("leder657"), 200);
  AuditFilter f;
  f.action = "login_failed";
  EXPECT_EQ(server->auth().ReadAudit(f)->size(), 3u);
}

}  // namespace
}  // namespace fremdrift::server::testing
