// The finance API on a real server: imports through POST /api/v1/finance/import (CSRF, roles,
// own municipality only, all or nothing with file/line/column errors, audited), the stored
// budget's follow-up equal to the one computed from the file, and the grant's appropriations and
// payout status.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "common/file_util.h"
#include "finance/budget_followup.h"
#include "server/test_server.h"

namespace fremdrift::server::testing {
namespace {

using nlohmann::json;

std::string Source(const std::string& relative) {
  auto text = ReadFileToString(std::string(FREMDRIFT_SOURCE_DIR_FOR_TESTS) + "/" + relative);
  EXPECT_TRUE(text.ok()) << relative;
  return text.ok() ? *text : "";
}

json Files(const std::vector<std::string>& paths) {
  json files = json::array();
  for (const auto& p : paths)
    files.push_back({{"name", p.substr(p.rfind('/') + 1)}, {"text", Source(p)}});
  return {{"files", files}};
}

class FinanceApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = TestServer::Start().release(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static TestServer* server_;
};
TestServer* FinanceApiTest::server_ = nullptr;

TEST_F(FinanceApiTest, ImportRolesAndReads) {
  const json budget = Files({"data/examples/budget/sbu_2019-09.csv"});
  const json grant = Files({"data/examples/grants/fsm2_herning.csv",
                            "data/examples/grants/fsm2_herning_bevillinger.csv",
                            "data/examples/grants/fsm2_herning_rater.csv"});
  Session analyst(server_->port()), leader(server_->port()), admin(server_->port()),
      caseworker(server_->port());
  ASSERT_EQ(analyst.Login("analytiker"), 200);
  ASSERT_EQ(leader.Login("leder657"), 200);
  ASSERT_EQ(admin.Login("admin"), 200);
  ASSERT_EQ(caseworker.Login("sb657"), 200);

  // Who may import what.
  auto no_csrf = leader.Post("/api/v1/finance/import", grant.dump(), false);
  ASSERT_TRUE(no_csrf);
  EXPECT_EQ(no_csrf->status, 403);
  EXPECT_EQ(analyst.Post("/api/v1/finance/import", grant.dump())->status, 403);
  EXPECT_EQ(caseworker.Post("/api/v1/finance/import", grant.dump())->status, 403);
  EXPECT_EQ(leader.Post("/api/v1/finance/import", budget.dump())->status, 403);  // Helsingør's
  // A bad file: nothing stored, the message names file, line and column.
  json bad = grant;
  bad["files"].push_back(
      {{"name", "regnskab.csv"},
       {"text", "grant;account;date;expenses\nherning-fsm2;final;2022-31-01;5\n"}});
  auto refused = leader.Post("/api/v1/finance/import", bad.dump());
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 400);
  EXPECT_NE(json::parse(refused->body)["error"]["message"].get<std::string>().find(
                "regnskab.csv:2: column 'date'"),
            std::string::npos)
      << refused->body;
  EXPECT_TRUE(json::parse(leader.Get("/api/v1/finance/grants")->body)["tilsagn"].empty());

  auto ok = leader.Post("/api/v1/finance/import", grant.dump());
  ASSERT_TRUE(ok);
  ASSERT_EQ(ok->status, 201) << ok->body;
  json r = json::parse(ok->body);
  EXPECT_EQ(r["added"], 7);
  ASSERT_EQ(r["warnings"].size(), 1u);
  auto ok2 = admin.Post("/api/v1/finance/import", budget.dump());
  ASSERT_EQ(ok2->status, 201) << ok2->body;
  AuditFilter f;
  f.action = "write";
  f.limit = 1000;
  int writes = 0;
  auto audit = server_->auth().ReadAudit(f);
  ASSERT_TRUE(audit.ok());
  for (const auto& e : *audit) writes += e.what == "/api/v1/finance/import";
  EXPECT_EQ(writes, 2);

  // Reads: the leader sees Herning's grant, not Helsingør's budget; the analyst sees both.
  auto grants = leader.Get("/api/v1/finance/grants");
  ASSERT_EQ(grants->status, 200);
  json g = json::parse(grants->body)["tilsagn"].at(0);
  EXPECT_EQ(g["id"], "herning-fsm2");
  EXPECT_EQ(g["tilskud"], 2235074);
  std::vector<std::int64_t> years;
  for (const auto& a : g["bevillinger"]) years.push_back(a["udgift"].get<std::int64_t>());
  EXPECT_EQ(years, (std::vector<std::int64_t>{631215, 858805, 745053}));
  EXPECT_EQ(g["registreret_af"], "leder657");
  EXPECT_EQ(g["trin"].size(), 3u);
  EXPECT_EQ(g["trin"][0]["i_alt"], 1117537);
  EXPECT_EQ(g["udbetalingsregel"], "tilsagnets rater");
  // The grant's pool indicators are computed once: asked again, the page's grants come from the
  // server's cache, with the same figures.
  const std::int64_t computed = leader.Metric("fremdrift_tables_computed_total");
  const std::int64_t hits = leader.Metric("fremdrift_table_cache_hits_total");
  auto again = leader.Get("/api/v1/finance/grants");
  ASSERT_EQ(again->status, 200);
  EXPECT_EQ(again->body, grants->body);
  EXPECT_EQ(leader.Metric("fremdrift_tables_computed_total"), computed);
  EXPECT_EQ(leader.Metric("fremdrift_table_cache_hits_total"), hits + 1);
  EXPECT_EQ(leader.Get("/api/v1/finance/budget?kommune=217")->status, 403);
  EXPECT_EQ(caseworker.Get("/api/v1/finance/grants")->status, 403);
  EXPECT_EQ(caseworker.Get("/api/v1/finance/budgets")->status, 403);
  auto b = analyst.Get("/api/v1/finance/budget?kommune=217&month=2019-09");
  ASSERT_EQ(b->status, 200) << b->body;
  json body = json::parse(b->body);
  auto file = LoadBudgetCsv(std::string(FREMDRIFT_SOURCE_DIR_FOR_TESTS) +
                            "/data/examples/budget/sbu_2019-09.csv");
  ASSERT_TRUE(file.ok());
  auto want = ComputeBudgetFollowUp(*file);
  ASSERT_TRUE(want.ok());
  Table t = BudgetFollowUpTable(*want, 1000);
  ASSERT_EQ(body["tabel"]["rows"].size(), t.rows().size());
  for (size_t i = 0; i < t.rows().size(); ++i) {
    for (size_t c = 1; c < t.columns().size(); ++c) {
      EXPECT_EQ(body["tabel"]["rows"][i][t.columns()[c].name].get<std::int64_t>(),
                std::get<std::int64_t>(t.rows()[i][c]))
          << i << " " << t.columns()[c].name;
    }
  }
  EXPECT_EQ(body["dato"], "2019-09-30");
  EXPECT_EQ(body["kontrol"].size(), want->inconsistencies.size());
  json budgets = json::parse(analyst.Get("/api/v1/finance/budgets")->body)["budgetter"];
  ASSERT_EQ(budgets.size(), 1u);
  EXPECT_EQ(budgets[0]["maaneder"], (json{"2019-08", "2019-09"}));
  EXPECT_EQ(analyst.Get("/api/v1/finance/budget?kommune=217&as_of=2000-01-01")->status, 404);
  EXPECT_EQ(analyst.Get("/api/v1/finance/budget")->status, 400);
}

}  // namespace
}  // namespace fremdrift::server::testing
