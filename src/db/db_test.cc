// Tests of db::Connection on both backends (parameter "sqlite" or "postgresql"; PostgreSQL runs
// when FREMDRIFT_TEST_PG_URL names a server, each test in a schema of its own): values of every
// type round-trip, a reused statement bulk-inserts, transactions roll back unless committed,
// errors name the operation and never a value; and the pure helpers (URLs, SQL text).
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <optional>

#include "db/connection.h"
#include "db/sql_text.h"

namespace fremdrift::db {
namespace {

constexpr std::string_view kTable =
    "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, amount BIGINT, "
    "share DOUBLE PRECISION, note TEXT)";

std::string PgServerUrl() {
  const char* url = std::getenv("FREMDRIFT_TEST_PG_URL");
  return url != nullptr ? url : "";
}

std::string UniqueSuffix() {
  static std::atomic<int> counter{0};
  return std::to_string(getpid()) + "_" + std::to_string(counter++);
}

class DbTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgresql") {
      server_ = PgServerUrl();
      if (server_.empty()) GTEST_SKIP() << "FREMDRIFT_TEST_PG_URL is not set";
      schema_ = "db_test_" + UniqueSuffix();
      auto admin = Connection::Open(server_);
      ASSERT_TRUE(admin.ok()) << admin.status().ToString();
      ASSERT_TRUE((*admin)->Exec("CREATE SCHEMA " + schema_).ok());
      url_ = server_ + (server_.find('?') == std::string::npos ? "?" : "&") +
             "options=-csearch_path%3D" + schema_;
    } else {
      dir_ = std::filesystem::temp_directory_path() / ("fremdrift_db_test_" + UniqueSuffix());
      std::filesystem::create_directories(dir_);
      url_ = "sqlite:" + (dir_ / "t.db").string();
    }
    auto conn = Connection::Open(url_);
    ASSERT_TRUE(conn.ok()) << conn.status().ToString();
    conn_ = std::move(conn).value();
    ASSERT_TRUE(conn_->Exec(kTable).ok());
  }
  void TearDown() override {
    conn_.reset();
    if (!schema_.empty()) {
      auto admin = Connection::Open(server_);
      if (admin.ok()) (void)(*admin)->Exec("DROP SCHEMA " + schema_ + " CASCADE");
    }
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  std::int64_t Count() {
    auto st = conn_->Prepare("SELECT COUNT(*) FROM t");
    EXPECT_TRUE(st.ok());
    auto row = (*st)->Step();
    EXPECT_TRUE(row.ok() && *row);
    return (*st)->ColumnInt64(0);
  }

  std::string server_, schema_, url_;
  std::filesystem::path dir_;
  std::unique_ptr<Connection> conn_;
};

TEST_P(DbTest, ValuesOfEveryTypeRoundTrip) {
  EXPECT_EQ(BackendName(conn_->backend()), GetParam());
  const std::int64_t big = 9007199254740993;  // 2^53 + 1: not exact as a double
  const double share = 0.1;
  ASSERT_TRUE(conn_
                  ->Run("INSERT INTO t (id, name, amount, share, note) VALUES (?, ?, ?, ?, ?)", 1,
                        std::string("æøå \"quoted\" 'x' \\ \t tab"), big, share, std::nullopt)
                  .ok());
  auto st = conn_->Prepare("SELECT id, name, amount, share, note FROM t WHERE id = ?");
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  ASSERT_TRUE((*st)->Bind(1, 1).ok());
  auto row = (*st)->Step();
  ASSERT_TRUE(row.ok()) << row.status().ToString();
  ASSERT_TRUE(*row);
  EXPECT_EQ((*st)->ColumnCount(), 5);
  EXPECT_EQ((*st)->ColumnInt64(0), 1);
  EXPECT_EQ((*st)->ColumnText(1), "æøå \"quoted\" 'x' \\ \t tab");
  EXPECT_EQ((*st)->ColumnInt64(2), big);
  EXPECT_EQ((*st)->ColumnDouble(3), share);
  EXPECT_TRUE((*st)->ColumnIsNull(4));
  EXPECT_EQ((*st)->ColumnText(4), "");
  EXPECT_EQ((*st)->ColumnOptionalText(4), std::nullopt);
  EXPECT_EQ((*st)->ColumnOptionalText(1),
            std::optional<std::string>("æøå \"quoted\" 'x' \\ \t tab"));
  auto end = (*st)->Step();
  ASSERT_TRUE(end.ok());
  EXPECT_FALSE(*end);
}

TEST_P(DbTest, AReusedStatementBulkInsertsInOneTransaction) {
  const int n = 2000;
  std::int64_t expected_sum = 0;
  {
    auto tx = Transaction::Begin(*conn_);
    ASSERT_TRUE(tx.ok()) << tx.status().ToString();
    auto ins = conn_->Prepare("INSERT INTO t (id, name, amount, share) VALUES (?, ?, ?, ?)");
    ASSERT_TRUE(ins.ok());
    for (int i = 0; i < n; ++i) {
      std::int64_t amount = static_cast<std::int64_t>(i) * 1000003 % 7919;
      expected_sum += amount;
      ASSERT_TRUE((*ins)->BindAll(i, "name-" + std::to_string(i), amount, i / 8.0).ok());
      auto changed = (*ins)->Run();
      ASSERT_TRUE(changed.ok()) << changed.status().ToString();
      EXPECT_EQ(*changed, 1);
    }
    ASSERT_TRUE(tx->Commit().ok());
  }
  EXPECT_EQ(Count(), n);
  auto sum = conn_->Prepare("SELECT SUM(amount), MAX(share) FROM t");
  ASSERT_TRUE(sum.ok());
  ASSERT_TRUE(*(*sum)->Step());
  EXPECT_EQ((*sum)->ColumnInt64(0), expected_sum);
  EXPECT_EQ((*sum)->ColumnDouble(1), (n - 1) / 8.0);
}

TEST_P(DbTest, ARowsQueryIteratesAndRunsAgain) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(conn_
                    ->Run("INSERT INTO t (id, name, amount) VALUES (?, ?, ?)", i,
                          "n" + std::to_string(i), i * 10)
                    .ok());
  }
  auto st = conn_->Prepare("SELECT id FROM t WHERE amount >= ? ORDER BY id");
  ASSERT_TRUE(st.ok());
  for (int from : {0, 30, 30, 100}) {  // the same statement, run four times
    ASSERT_TRUE((*st)->Bind(1, from).ok());
    std::vector<std::int64_t> ids;
    std::int64_t hint = -2;
    for (;;) {
      auto row = (*st)->Step();
      ASSERT_TRUE(row.ok()) << row.status().ToString();
      if (!*row) break;
      if (ids.empty()) hint = (*st)->RowCountHint();
      ids.push_back((*st)->ColumnInt64(0));
    }
    std::vector<std::int64_t> expected;
    for (int i = 0; i < 5; ++i) {
      if (i * 10 >= from) expected.push_back(i);
    }
    EXPECT_EQ(ids, expected) << "from " << from;
    if (!ids.empty()) {  // the whole result where the backend holds it, else unknown
      EXPECT_EQ(hint, GetParam() == "postgresql" ? static_cast<std::int64_t>(ids.size()) : -1);
    }
    EXPECT_EQ((*st)->RowsChanged(), 0);
  }
}

TEST_P(DbTest, RebindingStartsANewRunAndKeepsTheOtherValues) {
  auto ins = conn_->Prepare("INSERT INTO t (id, name, amount) VALUES (?, ?, ?)");
  ASSERT_TRUE(ins.ok());
  ASSERT_TRUE((*ins)->BindAll(1, "a", 7).ok());
  ASSERT_TRUE((*ins)->Run().ok());
  ASSERT_TRUE((*ins)->Bind(1, 2).ok());
  ASSERT_TRUE((*ins)->Bind(2, "b").ok());
  ASSERT_TRUE((*ins)->Run().ok());  // amount stays 7
  ASSERT_TRUE((*ins)->Bind(1, 3).ok());
  ASSERT_TRUE((*ins)->Bind(2, "c").ok());
  ASSERT_TRUE((*ins)->BindNull(3).ok());
  ASSERT_TRUE((*ins)->Run().ok());
  auto st = conn_->Prepare("SELECT COUNT(*), SUM(amount) FROM t WHERE amount IS NOT NULL");
  ASSERT_TRUE(st.ok());
  ASSERT_TRUE(*(*st)->Step());
  EXPECT_EQ((*st)->ColumnInt64(0), 2);
  EXPECT_EQ((*st)->ColumnInt64(1), 14);
}

TEST_P(DbTest, NumberedPlaceholdersNameOneValueTwice) {
  ASSERT_TRUE(conn_->Run("INSERT INTO t (id, name, note) VALUES (?1, ?2, ?2)", 1, "same").ok());
  ASSERT_TRUE(conn_->Run("INSERT INTO t (id, name, note) VALUES (?, ?, 'what?')", 2, "other").ok());
  auto st = conn_->Prepare("SELECT id, note FROM t WHERE name = ?1 OR note = ?1 ORDER BY id");
  ASSERT_TRUE(st.ok());
  ASSERT_TRUE((*st)->Bind(1, "same").ok());
  ASSERT_TRUE(*(*st)->Step());
  EXPECT_EQ((*st)->ColumnInt64(0), 1);
  EXPECT_FALSE(*(*st)->Step());
  ASSERT_TRUE((*st)->Bind(1, "what?").ok());
  ASSERT_TRUE(*(*st)->Step());
  EXPECT_EQ((*st)->ColumnInt64(0), 2);
}

TEST_P(DbTest, RowsChangedCountsUpdatesAndDeletes) {
  for (int i = 0; i < 4; ++i) {
    ASSERT_TRUE(conn_
                    ->Run("INSERT INTO t (id, name, amount) VALUES (?, ?, ?)", i,
                          "n" + std::to_string(i), i % 2)
                    .ok());
  }
  auto updated = conn_->Run("UPDATE t SET note = ? WHERE amount = ?", "odd", 1);
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_EQ(*updated, 2);
  auto none = conn_->Run("UPDATE t SET note = ? WHERE amount = ?", "x", 5);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, 0);
  auto deleted = conn_->Run("DELETE FROM t WHERE amount = ?", 0);
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(*deleted, 2);
  EXPECT_EQ(Count(), 2);
}

TEST_P(DbTest, ATransactionRollsBackUnlessCommitted) {
  {
    auto tx = Transaction::Begin(*conn_);
    ASSERT_TRUE(tx.ok()) << tx.status().ToString();
    ASSERT_TRUE(conn_->Run("INSERT INTO t (id, name) VALUES (?, ?)", 1, "gone").ok());
  }  // destroyed uncommitted: rolled back
  EXPECT_EQ(Count(), 0);
  {
    auto tx = Transaction::Begin(*conn_);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(conn_->Run("INSERT INTO t (id, name) VALUES (?, ?)", 1, "kept").ok());
    ASSERT_TRUE(tx->Commit().ok());
    EXPECT_FALSE(tx->Commit().ok());  // once only
  }
  EXPECT_EQ(Count(), 1);
  // A moved transaction is rolled back once, by its new owner.
  {
    auto tx = Transaction::Begin(*conn_);
    ASSERT_TRUE(tx.ok());
    Transaction moved = std::move(tx).value();
    ASSERT_TRUE(conn_->Run("INSERT INTO t (id, name) VALUES (?, ?)", 2, "gone").ok());
  }
  EXPECT_EQ(Count(), 1);
}

TEST_P(DbTest, ErrorsNameTheOperationAndNeverAValue) {
  const std::string secret = "Pseudonym-7f3a9c";
  ASSERT_TRUE(conn_->Run("INSERT INTO t (id, name) VALUES (?, ?)", 1, secret).ok());
  auto dup = conn_->Run("INSERT INTO t (id, name) VALUES (?, ?)", 2, secret);
  ASSERT_FALSE(dup.ok());
  const std::string msg = dup.status().message();
  EXPECT_NE(msg.find(GetParam()), std::string::npos) << msg;
  EXPECT_NE(msg.find("INSERT INTO t"), std::string::npos) << msg;
  EXPECT_EQ(msg.find(secret), std::string::npos) << msg;

  auto bad = conn_->Prepare("SELECT nothing FROM missing_table WHERE x = ?");
  Status st = bad.ok() ? (*bad)->Bind(1, secret) : bad.status();
  if (st.ok()) st = (*bad)->Step().status();
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("SELECT FROM missing_table"), std::string::npos) << st.message();
  EXPECT_EQ(st.message().find(secret), std::string::npos) << st.message();

  // The connection is still usable.
  EXPECT_EQ(Count(), 1);
}

TEST_P(DbTest, ABadValueIsNotQuotedInTheError) {
  // PostgreSQL quotes a value it cannot convert; SQLite stores text in any column, so a CHECK
  // stands in for the refusal there.
  ASSERT_TRUE(conn_
                  ->Exec(GetParam() == "sqlite"
                             ? "CREATE TABLE n (v BIGINT CHECK (typeof(v) = 'integer'))"
                             : "CREATE TABLE n (v BIGINT)")
                  .ok());
  const std::string secret = "0101-Pseudonym";
  auto r = conn_->Run("INSERT INTO n (v) VALUES (?)", secret);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message().find(secret), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("INSERT INTO n"), std::string::npos) << r.status().message();
}

TEST_P(DbTest, AFailedTransactionRollsBackAndTheConnectionGoesOn) {
  {
    auto tx = Transaction::Begin(*conn_);
    ASSERT_TRUE(tx.ok());
    auto ins = conn_->Prepare("INSERT INTO t (id, name) VALUES (?, ?)");
    ASSERT_TRUE(ins.ok());
    for (int i = 0; i < 3; ++i) {  // run three times: prepared on the server on PostgreSQL
      ASSERT_TRUE((*ins)->BindAll(i, "n" + std::to_string(i)).ok());
      ASSERT_TRUE((*ins)->Run().ok());
    }
    ASSERT_TRUE((*ins)->BindAll(0, "n0").ok());
    EXPECT_FALSE((*ins)->Run().ok());  // duplicate
    if (GetParam() == "postgresql") {
      // The server refuses everything until the rollback, and a commit says so.
      EXPECT_FALSE(conn_->Run("INSERT INTO t (id, name) VALUES (?, ?)", 9, "n9").ok());
      EXPECT_FALSE(tx->Commit().ok());
    }
  }  // the statement dropped inside the failed transaction, then the rollback
  EXPECT_EQ(Count(), 0);
  for (int round = 0; round < 2; ++round) {
    auto tx = Transaction::Begin(*conn_);
    ASSERT_TRUE(tx.ok()) << tx.status().ToString();
    auto ins = conn_->Prepare("INSERT INTO t (id, name) VALUES (?, ?)");
    ASSERT_TRUE(ins.ok());
    for (int i = 0; i < 3; ++i) {
      ASSERT_TRUE((*ins)->BindAll(round * 10 + i, "r" + std::to_string(round * 10 + i)).ok());
      auto run = (*ins)->Run();
      ASSERT_TRUE(run.ok()) << run.status().ToString();
    }
    ASSERT_TRUE(tx->Commit().ok());
  }
  EXPECT_EQ(Count(), 6);
}

TEST_P(DbTest, ExecRunsSeveralStatements) {
  ASSERT_TRUE(conn_
                  ->Exec("INSERT INTO t (id, name) VALUES (1, 'a'); "
                         "INSERT INTO t (id, name) VALUES (2, 'b');")
                  .ok());
  EXPECT_EQ(Count(), 2);
  Status bad = conn_->Exec("INSERT INTO t (id, name) VALUES (3, 'c'); SELEKT 1;");
  EXPECT_FALSE(bad.ok());
}

TEST_P(DbTest, ABindOutsideTheParametersIsAnError) {
  auto st = conn_->Prepare("SELECT id FROM t WHERE id = ?");
  ASSERT_TRUE(st.ok());
  EXPECT_FALSE((*st)->Bind(2, 1).ok());
  EXPECT_FALSE((*st)->Bind(0, 1).ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, DbTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

TEST(DatabaseUrl, NamesTheBackend) {
  auto sqlite = ParseDatabaseUrl("sqlite:/tmp/x.db");
  ASSERT_TRUE(sqlite.ok());
  EXPECT_EQ(sqlite->backend, Backend::kSqlite);
  EXPECT_EQ(sqlite->target, "/tmp/x.db");
  EXPECT_EQ(ParseDatabaseUrl("sqlite:///tmp/x.db")->target, "/tmp/x.db");
  EXPECT_EQ(ParseDatabaseUrl("cases.db")->target, "cases.db");
  EXPECT_EQ(ParseDatabaseUrl("cases.db")->backend, Backend::kSqlite);
  auto pg = ParseDatabaseUrl("postgresql://u@h:5432/db?sslmode=require");
  ASSERT_TRUE(pg.ok());
  EXPECT_EQ(pg->backend, Backend::kPostgresql);
  EXPECT_EQ(pg->target, "postgresql://u@h:5432/db?sslmode=require");
  EXPECT_EQ(ParseDatabaseUrl("postgres://h/db")->backend, Backend::kPostgresql);
  EXPECT_FALSE(ParseDatabaseUrl("sqlite:").ok());
  EXPECT_FALSE(ParseDatabaseUrl("").ok());
  auto other = ParseDatabaseUrl("mysql://user:secret@h/db");
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.status().message().find("secret"), std::string::npos);
}

TEST(DatabaseUrl, AServerThatIsDownIsUnavailable) {
  auto down = Connection::Open("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2");
  ASSERT_FALSE(down.ok());
  EXPECT_EQ(down.status().code(), StatusCode::kUnavailable);
}

TEST(SqlText, DescribeNamesVerbAndTable) {
  EXPECT_EQ(DescribeSql("INSERT INTO events (a) VALUES (?)"), "INSERT INTO events");
  EXPECT_EQ(DescribeSql("select a, 'from x' FROM users u WHERE a = 'y'"), "SELECT FROM users");
  EXPECT_EQ(DescribeSql("  UPDATE sessions SET last_seen = ?"), "UPDATE sessions");
  EXPECT_EQ(DescribeSql("DELETE FROM sessions WHERE digest = ?"), "DELETE FROM sessions");
  EXPECT_EQ(DescribeSql("CREATE TABLE IF NOT EXISTS audit (seq INTEGER)"), "CREATE TABLE audit");
  EXPECT_EQ(DescribeSql("BEGIN IMMEDIATE"), "BEGIN");
  EXPECT_EQ(DescribeSql("SELECT 'secret' || ?"), "SELECT");
  EXPECT_EQ(DescribeSql(""), "statement");
}

TEST(SqlText, PlaceholdersAreNumberedOutsideQuotesAndComments) {
  int n = 0;
  EXPECT_EQ(NumberedPlaceholders("SELECT a FROM t WHERE a = ? AND b = ?", &n),
            "SELECT a FROM t WHERE a = $1 AND b = $2");
  EXPECT_EQ(n, 2);
  EXPECT_EQ(NumberedPlaceholders("SELECT '?', \"?\" FROM t -- why?\nWHERE a = ?", &n),
            "SELECT '?', \"?\" FROM t -- why?\nWHERE a = $1");
  EXPECT_EQ(n, 1);
  EXPECT_EQ(NumberedPlaceholders("x = ?2 OR y = ?1 OR z = ?", &n), "x = $2 OR y = $1 OR z = $3");
  EXPECT_EQ(n, 3);
  EXPECT_EQ(NumberedPlaceholders("SELECT 1", &n), "SELECT 1");
  EXPECT_EQ(n, 0);
}

}  // namespace
}  // namespace fremdrift::db
