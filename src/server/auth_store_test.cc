// Tests of the SQLite AuthStore: users, sessions (expiry, stored as digests), the append-only
// audit log.
#include "server/auth_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "cases/sqlite_db.h"

namespace fremdrift::server {
namespace {

class AuthStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/fremdrift-auth-test-XXXXXX";
    dir_ = mkdtemp(tmpl);
    path_ = dir_ + "/auth.db";
    auto s = OpenSqliteAuthStore(path_);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::string dir_, path_;
  std::unique_ptr<AuthStore> store_;
};

TEST_F(AuthStoreTest, Users) {
  User u{"anna.b", "Anna B", Role::kCaseworker, 657, "$argon2id$x", ""};
  ASSERT_TRUE(store_->AddUser(u).ok());
  EXPECT_EQ(store_->AddUser(u).code(), StatusCode::kAlreadyExists);
  u.username = "Bad Name";
  EXPECT_EQ(store_->AddUser(u).code(), StatusCode::kInvalidArgument);
  auto found = store_->FindUser("anna.b");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->role, Role::kCaseworker);
  EXPECT_EQ(found->kommune, 657);
  EXPECT_EQ(store_->FindUser("nobody").status().code(), StatusCode::kNotFound);
  ASSERT_TRUE(store_->SetPassword("anna.b", "$argon2id$y").ok());
  EXPECT_EQ(store_->FindUser("anna.b")->password_hash, "$argon2id$y");
  EXPECT_EQ(store_->SetPassword("nobody", "h").code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->ListUsers()->size(), 1u);
  EXPECT_EQ(std::filesystem::status(path_).permissions() & std::filesystem::perms::others_read,
            std::filesystem::perms::none);
}

TEST_F(AuthStoreTest, SessionsExpireAndAreStoredAsDigests) {
  ASSERT_TRUE(store_->AddUser({"anna", "Anna", Role::kLeader, 657, "h", ""}).ok());
  Session s{std::string(64, 'a'), "anna", std::string(64, 'c'), 1000, 2000};
  ASSERT_TRUE(store_->CreateSession(s).ok());
  EXPECT_TRUE(store_->FindSession(s.id, 1999).ok());
  EXPECT_EQ(store_->FindSession(s.id, 2000).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->FindSession(std::string(64, 'b'), 1500).status().code(), StatusCode::kNotFound);
  // The raw id is not in the file's sessions table.
  auto db = cases::SqliteDb::Open(path_);
  ASSERT_TRUE(db.ok());
  auto st = db->Prepare("SELECT count(*) FROM sessions WHERE digest = ?");
  ASSERT_TRUE(st.ok());
  ASSERT_TRUE(st->Bind(1, s.id).ok());
  ASSERT_TRUE(*st->Step());
  EXPECT_EQ(st->ColumnInt64(0), 0);
  ASSERT_TRUE(store_->DeleteSession(s.id).ok());
  EXPECT_FALSE(store_->FindSession(s.id, 1500).ok());
}

TEST_F(AuthStoreTest, AuditIsAppendOnly) {
  AuditEntry e;
  e.username = "anna";
  e.role = "caseworker";
  e.kommune = 657;
  e.action = "read";
  e.what = "/api/v1/borgere/{person}";
  std::vector<AuditEntry> batch;
  for (const char* c : {"p1", "p2", "p3"}) {
    batch.push_back(e);
    batch.back().citizen = c;
  }
  ASSERT_TRUE(store_->AppendAudit(batch).ok());
  EXPECT_EQ(*store_->CountAudit(), 3);
  AuditFilter f;
  f.citizen = "p2";
  auto read = store_->ReadAudit(f);
  ASSERT_TRUE(read.ok());
  ASSERT_EQ(read->size(), 1u);
  EXPECT_EQ((*read)[0].username, "anna");
  EXPECT_FALSE((*read)[0].at.empty());
  auto db = cases::SqliteDb::Open(path_);
  ASSERT_TRUE(db.ok());
  EXPECT_FALSE(db->Exec("UPDATE audit SET username = 'x'").ok());
  EXPECT_FALSE(db->Exec("DELETE FROM audit").ok());
  EXPECT_EQ(*store_->CountAudit(), 3);
}

}  // namespace
}  // namespace fremdrift::server
