// Tests of the publish transaction against a real PostgreSQL ($FREMDRIFT_TEST_PG_URL; skipped
// without it, run by the ctest test publish_test_postgresql). Each test writes its own schema.
#include "publish/publish.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <optional>
#include <thread>

namespace fremdrift::publish {
namespace {

using catalog::DataLevel;
using catalog::Params;

class PublishPgTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* url = std::getenv("FREMDRIFT_TEST_PG_URL");
    if (url == nullptr || *url == '\0') GTEST_SKIP() << "FREMDRIFT_TEST_PG_URL is not set";
    url_ = url;
    static std::atomic<int> counter{0};
    options_.schema = "t_publish_" + std::to_string(getpid()) + "_" + std::to_string(counter++);
    // These tests check the mechanics of publishing (types, comments, notes, replacement) on
    // small made-up counts; the hiding of small numbers is checked by tests/publish.
    options_.min_persons = 0;
    auto db = PgSession::Connect(url_);
    ASSERT_TRUE(db.ok()) << db.status().message();
    db_ = std::move(*db);
    // Two measurements whose rows depend on the run, so a test can tell runs apart.
    measurement_.id = "tal-pr-kommune";
    measurement_.title = "Tal pr. kommune";
    measurement_.description = "numbers per municipality";
    measurement_.source = "register";
    measurement_.params.resize(1);
    measurement_.params[0].name = "from";
    measurement_.level = [](const Params&) { return DataLevel::kAggregate; };
    measurement_.compute = [this](const catalog::MeasureContext&,
                                  const Params& p) -> Result<Table> {
      if (fail_) return InvalidArgument("from: the store ends before it");
      Table t({{"kommune", ColumnType::kString, ColumnRole::kDimension, "", "Kommune"},
               {"personer", ColumnType::kInteger, ColumnRole::kValue, "personer", "Personer"},
               {"andel", ColumnType::kNumber, ColumnRole::kValue, "pct", "Andel"}});
      for (int i = 0; i < run_; ++i) {
        t.AddRow({std::string(i == 0 ? "Køge\t'x'\\" : "Herning"), std::int64_t{i}, 0.1 * i});
      }
      t.AddRow({std::monostate{}, std::monostate{}, std::monostate{}});
      t.AddNote("Run " + std::to_string(run_) + " (" + p.Canonical() + ")");
      return t;
    };
  }

  void TearDown() override {
    if (db_) (void)db_->Exec("DROP SCHEMA IF EXISTS " + options_.schema + " CASCADE");
  }

  PublishPlan Plan() {
    PublishPlan plan;
    Params p;
    p.Set("from", "2019-01");
    plan.tables.push_back({&measurement_, "tal_pr_kommune", {p}, "area=kommune"});
    return plan;
  }

  Result<PublishResult> Run(int run) {
    run_ = run;
    return Publish(Plan(), ctx_, *db_, options_,
                   [this](const std::string& line) { lines_.push_back(line); });
  }

  std::string One(const std::string& sql) {
    auto rows = db_->Query(sql);
    EXPECT_TRUE(rows.ok()) << rows.status().message();
    if (!rows.ok() || rows->empty() || rows->at(0).empty()) return "<none>";
    return rows->at(0).at(0);
  }
  std::string Qualified(const std::string& name) { return options_.schema + "." + name; }

  std::string url_;
  std::unique_ptr<PgSession> db_;
  PublishOptions options_;
  catalog::MeasureContext ctx_;
  catalog::Measurement measurement_;
  int run_ = 1;
  bool fail_ = false;
  std::vector<std::string> lines_;
};

TEST_F(PublishPgTest, WritesTypedCommentedTablesNotesAndPublicering_postgresql) {
  auto result = Run(3);
  ASSERT_TRUE(result.ok()) << result.status().message();
  ASSERT_EQ(result->tables.size(), 1u);
  EXPECT_EQ(result->tables[0].rows, 4u);
  EXPECT_EQ(One("SELECT count(*) FROM " + Qualified("tal_pr_kommune")), "4");
  EXPECT_EQ(One("SELECT string_agg(column_name || ':' || data_type, ',' ORDER BY ordinal_position) "
                "FROM information_schema.columns WHERE table_schema = '" +
                options_.schema + "' AND table_name = 'tal_pr_kommune'"),
            "kommune:text,personer:bigint,andel:double precision");
  EXPECT_EQ(One("SELECT kommune FROM " + Qualified("tal_pr_kommune") + " WHERE personer = 0"),
            "Køge\t'x'\\");
  EXPECT_EQ(One("SELECT andel FROM " + Qualified("tal_pr_kommune") + " WHERE personer = 2"), "0.2");
  EXPECT_EQ(One("SELECT count(*) FROM " + Qualified("tal_pr_kommune") +
                " WHERE kommune IS NULL AND personer IS NULL AND andel IS NULL"),
            "1");
  EXPECT_EQ(One("SELECT col_description('" + Qualified("tal_pr_kommune") + "'::regclass, 2)"),
            "Personer (personer)");
  std::string comment =
      One("SELECT obj_description('" + Qualified("tal_pr_kommune") + "'::regclass, 'pg_class')");
  EXPECT_NE(comment.find("Tal pr. kommune"), std::string::npos) << comment;
  EXPECT_NE(comment.find("from=2019-01"), std::string::npos) << comment;
  EXPECT_NE(comment.find("area=kommune"), std::string::npos) << comment;
  EXPECT_NE(comment.find(result->published_at), std::string::npos) << comment;
  EXPECT_EQ(One("SELECT measurement || '|' || nr || '|' || kind || '|' || note FROM " +
                Qualified("noter")),
            "tal-pr-kommune|1|info|Run 3 (from=2019-01)");
  EXPECT_EQ(One("SELECT measurement || '|' || table_name || '|' || source || '|' || parameters || "
                "'|' || rows FROM " +
                Qualified("publicering")),
            "tal-pr-kommune|tal_pr_kommune|register|from=2019-01|4");
  EXPECT_EQ(One("SELECT count(*) FROM pg_namespace WHERE nspname = '" + options_.schema + "_ny'"),
            "0");
  ASSERT_EQ(lines_.size(), 1u);
  EXPECT_NE(lines_[0].find("tal-pr-kommune"), std::string::npos);
}

TEST_F(PublishPgTest, ASecondRunReplacesEverything_postgresql) {
  ASSERT_TRUE(Run(2).ok());
  std::string first = One("SELECT published_at FROM " + Qualified("publicering"));
  usleep(20000);
  ASSERT_TRUE(Run(5).ok());
  EXPECT_EQ(One("SELECT count(*) FROM " + Qualified("tal_pr_kommune")), "6");
  EXPECT_EQ(One("SELECT count(*) FROM " + Qualified("publicering")), "1");
  EXPECT_EQ(One("SELECT count(*) FROM " + Qualified("noter")), "1");
  EXPECT_NE(One("SELECT published_at FROM " + Qualified("publicering")), first);
}

TEST_F(PublishPgTest, AFailingMeasurementLeavesTheOldTables_postgresql) {
  ASSERT_TRUE(Run(2).ok());
  fail_ = true;
  auto result = Run(7);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().message().rfind("tal-pr-kommune: from:", 0), 0u)
      << result.status().message();
  EXPECT_EQ(One("SELECT count(*) FROM " + Qualified("tal_pr_kommune")), "3");
  EXPECT_EQ(One("SELECT count(*) FROM pg_namespace WHERE nspname = '" + options_.schema + "_ny'"),
            "0");
}

TEST_F(PublishPgTest, AViewOnThePublishedTablesStopsTheRefresh_postgresql) {
  ASSERT_TRUE(Run(2).ok());
  std::string view = options_.schema + "_mine";
  ASSERT_TRUE(db_->Exec("CREATE SCHEMA " + view + "; CREATE VIEW " + view + ".v AS SELECT * FROM " +
                        Qualified("tal_pr_kommune"))
                  .ok());
  auto result = Run(4);
  ASSERT_TRUE(db_->Exec("DROP SCHEMA " + view + " CASCADE").ok());
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find(view + ".v"), std::string::npos)
      << result.status().message();
  EXPECT_EQ(One("SELECT count(*) FROM " + Qualified("tal_pr_kommune")), "3");
  // Something else inside the schema stops it too, naming it.
  ASSERT_TRUE(db_->Exec("CREATE VIEW " + Qualified("egen") + " AS SELECT 1 AS x").ok());
  result = Run(4);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find(Qualified("egen")), std::string::npos)
      << result.status().message();
  ASSERT_TRUE(db_->Exec("DROP VIEW " + Qualified("egen")).ok());
  ASSERT_TRUE(Run(4).ok());
  EXPECT_EQ(One("SELECT count(*) FROM " + Qualified("tal_pr_kommune")), "5");
}

TEST_F(PublishPgTest, AReaderInATransactionKeepsItsTablesUntilItEnds_postgresql) {
  ASSERT_TRUE(Run(2).ok());
  auto reader = PgSession::Connect(url_);
  ASSERT_TRUE(reader.ok());
  ASSERT_TRUE((*reader)->Exec("BEGIN").ok());
  auto before = (*reader)->Query("SELECT count(*) FROM " + Qualified("tal_pr_kommune"));
  ASSERT_TRUE(before.ok());
  options_.lock_timeout = "100ms";
  std::optional<Result<PublishResult>> result;
  std::thread publisher([&] { result.emplace(Run(6)); });
  // The publisher waits for the reader's lock and tries again; the reader still sees its run.
  usleep(1500000);
  auto again = (*reader)->Query("SELECT count(*) FROM " + Qualified("tal_pr_kommune"));
  ASSERT_TRUE((*reader)->Exec("COMMIT").ok());
  publisher.join();
  ASSERT_TRUE(result->ok()) << result->status().message();
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(before->at(0).at(0), "3");
  EXPECT_EQ(again->at(0).at(0), "3");
  EXPECT_EQ(One("SELECT count(*) FROM " + Qualified("tal_pr_kommune")), "7");
  bool retried = false;
  for (const auto& line : lines_)
    retried = retried || line.find("trying again") != std::string::npos;
  EXPECT_TRUE(retried);
}

TEST_F(PublishPgTest, ARefusedConnectionHidesThePassword_postgresql) {
  auto db = PgSession::Connect("postgresql://nobody:hemmelig-kode@127.0.0.1:1/x?connect_timeout=2");
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().message().find("hemmelig"), std::string::npos) << db.status().message();
  EXPECT_NE(db.status().message().find("postgresql://nobody@127.0.0.1:1/x"), std::string::npos)
      << db.status().message();
}

}  // namespace
}  // namespace fremdrift::publish
