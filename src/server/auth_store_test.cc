// Tests of the SQLite AuthStore: users, sessions (expiry, stored as digests), the append-only
// audit log.
#include "server/auth_store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "db/sqlite_db.h"

namespace fremdrift::server {
namespace {

// Users and sessions of the tests (every field named, the rest default).
User MakeUser(const std::string& name, const std::string& display, Role role, int kommune,
              const std::string& hash) {
  User u;
  u.username = name;
  u.display_name = display;
  u.role = role;
  u.kommune = kommune;
  u.password_hash = hash;
  return u;
}

Session MakeSession(const std::string& id, const std::string& user, const std::string& csrf,
                    std::int64_t created, std::int64_t expires) {
  Session s;
  s.id = id;
  s.username = user;
  s.csrf_token = csrf;
  s.created = created;
  s.expires = expires;
  return s;
}

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
  User u = MakeUser("anna.b", "Anna B", Role::kCaseworker, 657, "$argon2id$x");
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
}

// Exactly owner read/write, also for SQLite's -wal and -shm files, whatever the umask.
TEST(AuthStoreFile, IsCreatedOwnerOnlyWhateverTheUmask) {
  char tmpl[] = "/tmp/fremdrift-auth-mode-XXXXXX";
  std::string dir = mkdtemp(tmpl);
  mode_t old = ::umask(022);
  {
    auto s = OpenSqliteAuthStore(dir + "/auth.db");
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    ASSERT_TRUE((*s)->AddUser(MakeUser("anna", "Anna", Role::kAnalyst, 0, "h")).ok());
    for (const char* suffix : {"", "-wal", "-shm"}) {
      struct stat st {};
      ASSERT_EQ(::stat((dir + "/auth.db" + suffix).c_str(), &st), 0) << suffix;
      EXPECT_EQ(st.st_mode & 07777, 0600u) << "auth.db" << suffix;
    }
  }
  ::umask(old);
  std::filesystem::remove_all(dir);
}

TEST_F(AuthStoreTest, DisabledOrPendingUsersHaveNoSessions) {
  ASSERT_TRUE(store_->AddUser(MakeUser("anna", "Anna", Role::kCaseworker, 657, "h")).ok());
  User pending = MakeUser("bent", "Bent", Role::kCaseworker, 657, "h");
  pending.status = UserStatus::kPending;
  pending.requested_by = "admin1";
  ASSERT_TRUE(store_->AddUser(pending).ok());
  EXPECT_EQ(store_->FindUser("bent")->status, UserStatus::kPending);
  EXPECT_EQ(store_->FindUser("bent")->requested_by, "admin1");
  Session a = MakeSession(std::string(64, 'a'), "anna", std::string(64, 'c'), 1000, 9000);
  Session b = MakeSession(std::string(64, 'b'), "bent", std::string(64, 'c'), 1000, 9000);
  ASSERT_TRUE(store_->CreateSession(a).ok());
  ASSERT_TRUE(store_->CreateSession(b).ok());
  EXPECT_TRUE(store_->FindSession(a.id, 1001).ok());
  EXPECT_FALSE(store_->FindSession(b.id, 1001).ok());  // pending: not active
  ASSERT_TRUE(store_->SetUserStatus("anna", UserStatus::kDisabled, "").ok());
  EXPECT_EQ(store_->FindUser("anna")->status, UserStatus::kDisabled);
  EXPECT_FALSE(store_->FindSession(a.id, 1002).ok());
  // Enabling again does not bring the ended session back.
  ASSERT_TRUE(store_->SetUserStatus("anna", UserStatus::kActive, "").ok());
  EXPECT_FALSE(store_->FindSession(a.id, 1003).ok());
  EXPECT_EQ(store_->SetUserStatus("nobody", UserStatus::kDisabled, "").code(),
            StatusCode::kNotFound);
  // A new password ends the sessions too.
  ASSERT_TRUE(store_->CreateSession(a).ok());
  ASSERT_TRUE(ChangePassword(*store_, "anna", "h2").ok());
  EXPECT_FALSE(store_->FindSession(a.id, 1004).ok());
  EXPECT_EQ(store_->FindUser("anna")->password_hash, "h2");
}

TEST_F(AuthStoreTest, SessionsEndWhenIdle) {
  ASSERT_TRUE(store_->AddUser(MakeUser("anna", "Anna", Role::kLeader, 657, "h")).ok());
  Session s =
      MakeSession(std::string(64, 'a'), "anna", std::string(64, 'c'), 1000, 1000 + 8 * 3600);
  s.idle_seconds = 1800;
  ASSERT_TRUE(store_->CreateSession(s).ok());
  // Used every 29 minutes: still alive after two hours.
  std::int64_t t = 1000;
  for (int i = 0; i < 4; ++i) {
    t += 1740;
    auto found = store_->FindSession(s.id, t);
    ASSERT_TRUE(found.ok()) << t;
    EXPECT_EQ(found->last_seen, t);
  }
  EXPECT_EQ(t, 1000 + 4 * 1740);  // 116 minutes after the login
  // 30 minutes without a request: gone.
  EXPECT_FALSE(store_->FindSession(s.id, t + 1800).ok());
}

// A file from before account states and idle limits gets the new columns; its users stay active.
TEST(AuthStoreFile, OldFilesGetTheNewColumns) {
  char tmpl[] = "/tmp/fremdrift-auth-old-XXXXXX";
  std::string dir = mkdtemp(tmpl);
  const std::string path = dir + "/auth.db";
  {
    auto db = db::SqliteDb::Open(path);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db->Exec("CREATE TABLE users (username TEXT PRIMARY KEY, display_name TEXT NOT "
                         "NULL, role TEXT NOT NULL, kommune INTEGER NOT NULL, password_hash TEXT "
                         "NOT NULL, created_at TEXT NOT NULL);"
                         "CREATE TABLE sessions (digest TEXT PRIMARY KEY, username TEXT NOT NULL, "
                         "csrf_token TEXT NOT NULL, created INTEGER NOT NULL, expires INTEGER NOT "
                         "NULL);"
                         "INSERT INTO users VALUES ('anna','Anna','leader',657,'h','2020');")
                    .ok());
  }
  {
    auto s = OpenSqliteAuthStore(path);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    auto anna = (*s)->FindUser("anna");
    ASSERT_TRUE(anna.ok()) << anna.status().ToString();
    EXPECT_EQ(anna->status, UserStatus::kActive);
    Session x = MakeSession(std::string(64, 'a'), "anna", std::string(64, 'c'), 1000, 2000);
    ASSERT_TRUE((*s)->CreateSession(x).ok());
    EXPECT_TRUE((*s)->FindSession(x.id, 1500).ok());
  }
  std::filesystem::remove_all(dir);
}

TEST_F(AuthStoreTest, SessionsExpireAndAreStoredAsDigests) {
  ASSERT_TRUE(store_->AddUser(MakeUser("anna", "Anna", Role::kLeader, 657, "h")).ok());
  Session s = MakeSession(std::string(64, 'a'), "anna", std::string(64, 'c'), 1000, 2000);
  ASSERT_TRUE(store_->CreateSession(s).ok());
  EXPECT_TRUE(store_->FindSession(s.id, 1999).ok());
  EXPECT_EQ(store_->FindSession(s.id, 2000).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->FindSession(std::string(64, 'b'), 1500).status().code(), StatusCode::kNotFound);
  // The raw id is not in the file's sessions table.
  auto db = db::SqliteDb::Open(path_);
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
  auto db = db::SqliteDb::Open(path_);
  ASSERT_TRUE(db.ok());
  EXPECT_FALSE(db->Exec("UPDATE audit SET username = 'x'").ok());
  EXPECT_FALSE(db->Exec("DELETE FROM audit").ok());
  EXPECT_EQ(*store_->CountAudit(), 3);
}

}  // namespace
}  // namespace fremdrift::server
