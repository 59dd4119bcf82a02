// The audit log's hash chain: intact after appends in several batches and after reopening; an
// entry changed, deleted or inserted directly in the database (the append-only triggers dropped,
// as the file's owner can) is found and named; entries from before the chain are counted.
#include "server/audit_chain.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "db/sqlite_db.h"

namespace fremdrift::server {
namespace {

namespace fs = std::filesystem;

AuditEntry Entry(const std::string& user, const std::string& action, const std::string& citizen) {
  AuditEntry e;
  e.username = user;
  e.role = "caseworker";
  e.kommune = 657;
  e.action = action;
  e.what = "/api/v1/citizens";
  e.citizen = citizen;
  e.remote = "127.0.0.1";
  return e;
}

class AuditChainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (fs::temp_directory_path() /
             ("fremdrift_audit_chain_" + std::to_string(::getpid()) + "_" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db"))
                .string();
    fs::remove(path_);
  }
  void TearDown() override {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path_ + suffix);
  }
  // Six entries in three batches.
  void Fill() {
    auto store = OpenSqliteAuthStore(path_);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->AppendAudit({Entry("sb657", "login", "")}).ok());
    ASSERT_TRUE(
        (*store)->AppendAudit({Entry("sb657", "read", "p1"), Entry("sb657", "read", "p2")}).ok());
    ASSERT_TRUE((*store)
                    ->AppendAudit({Entry("sb657", "read", "p3"), Entry("sb657", "write", "p3"),
                                   Entry("sb657", "logout", "")})
                    .ok());
  }
  // Runs SQL on the file as its owner would, without the append-only triggers.
  void Tamper(const std::string& sql) {
    auto db = db::SqliteDb::Open(path_);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db->Exec("DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;").ok());
    ASSERT_TRUE(db->Exec(sql).ok()) << sql;
  }
  Result<AuditChainReport> Verify() {
    auto store = OpenSqliteAuthStore(path_);
    if (!store.ok()) return store.status();
    return VerifyAuditChain(**store);
  }
  std::string path_;
};

TEST_F(AuditChainTest, IntactChainVerifies) {
  Fill();
  auto r = Verify();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->entries, 6);
  EXPECT_EQ(r->legacy, 0);
  // Appending after reopening continues the chain.
  auto store = OpenSqliteAuthStore(path_);
  ASSERT_TRUE((*store)->AppendAudit({Entry("leder657", "login", "")}).ok());
  r = VerifyAuditChain(**store);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->entries, 7);
}

TEST_F(AuditChainTest, AChangedEntryIsNamed) {
  Fill();
  Tamper("UPDATE audit SET citizen = 'p9' WHERE seq = 3");
  auto r = Verify();
  ASSERT_EQ(r.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(r.status().message().find("audit entry 3:"), std::string::npos) << r.status().message();
}

TEST_F(AuditChainTest, ADeletedEntryIsNamed) {
  Fill();
  Tamper("DELETE FROM audit WHERE seq = 4");
  auto r = Verify();
  ASSERT_EQ(r.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(r.status().message().find("audit entry 5: follows entry 3"), std::string::npos)
      << r.status().message();
}

TEST_F(AuditChainTest, AnInsertedOrRenumberedEntryIsNamed) {
  Fill();
  // Entries 4.. moved up one and a forged entry 4 put in with a hash of the right shape.
  Tamper(
      "UPDATE audit SET seq = seq + 100 WHERE seq >= 4; UPDATE audit SET seq = seq - 99 "
      "WHERE seq >= 104; INSERT INTO audit (seq, at, username, role, kommune, action, what, "
      "citizen, detail, remote, hash) SELECT 4, at, username, role, kommune, 'read', what, "
      "'p7', detail, remote, hash FROM audit WHERE seq = 3");
  auto r = Verify();
  ASSERT_EQ(r.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(r.status().message().find("audit entry 4:"), std::string::npos) << r.status().message();
}

TEST_F(AuditChainTest, EntriesFromBeforeTheChainAreCounted) {
  {
    auto store = OpenSqliteAuthStore(path_);
    ASSERT_TRUE(store.ok());
  }
  {
    auto db = db::SqliteDb::Open(path_);
    ASSERT_TRUE(db->Exec("INSERT INTO audit (at, username, role, kommune, action, what, citizen, "
                         "detail, remote) VALUES ('2026-01-01T00:00:00Z', 'a', 'admin', 0, "
                         "'login', '/api/v1/login', '', '', 'x'), ('2026-01-01T00:00:01Z', 'a', "
                         "'admin', 0, 'logout', '/api/v1/logout', '', '', 'x')")
                    .ok());
  }
  Fill();
  auto r = Verify();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->entries, 8);
  EXPECT_EQ(r->legacy, 2);
  // An entry without a hash after the chain began is an insertion.
  Tamper(
      "INSERT INTO audit (seq, at, username, role, kommune, action, what, citizen, detail, "
      "remote) VALUES (9, '2026-01-02T00:00:00Z', 'a', 'admin', 0, 'read', 'x', 'p1', '', "
      "'x')");
  r = Verify();
  ASSERT_EQ(r.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(r.status().message().find("audit entry 9:"), std::string::npos) << r.status().message();
}

}  // namespace
}  // namespace fremdrift::server
