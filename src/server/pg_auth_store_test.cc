// The AuthStore contract on both backends (PostgreSQL skipped with a message when
// FREMDRIFT_TEST_PG_URL is unset): users, account states, lockout, sessions with expiry and idle
// limit, the append-only audit table, API tokens by digest (last use, revocation); and two stores
// on one database (two instances) that share sessions, lockouts and tokens and extend one audit
// chain while appending at the same time.
#include <gtest/gtest.h>

#include <thread>

#include "eventstore/test_database.h"
#include "server/audit_chain.h"
#include "server/auth_store.h"

namespace fremdrift::server {
namespace {

using cases::TestDatabase;

User MakeUser(const std::string& name, Role role, int kommune) {
  User u;
  u.username = name;
  u.display_name = "Navn " + name;
  u.role = role;
  u.kommune = kommune;
  u.password_hash = "$argon2id$hash-of-" + name;
  return u;
}

class SharedAuthStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string skip = TestDatabase::SkipReason(GetParam());
    if (!skip.empty()) GTEST_SKIP() << skip;
    auto db = TestDatabase::Create(GetParam());
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_.emplace(std::move(db).value());
    a_ = Open();
    b_ = Open();
  }
  std::unique_ptr<AuthStore> Open() {
    auto s = OpenAuthStore(db_->url());
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::move(s).value() : nullptr;
  }
  std::optional<TestDatabase> db_;
  std::unique_ptr<AuthStore> a_, b_;
};

TEST_P(SharedAuthStoreTest, UsersAndStates) {
  ASSERT_TRUE(a_->AddUser(MakeUser("sb657", Role::kCaseworker, 657)).ok());
  EXPECT_EQ(a_->AddUser(MakeUser("sb657", Role::kAnalyst, 0)).code(), StatusCode::kAlreadyExists);
  auto u = b_->FindUser("sb657");
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  EXPECT_EQ(u->role, Role::kCaseworker);
  EXPECT_EQ(u->kommune, 657);
  EXPECT_EQ(u->status, UserStatus::kActive);
  EXPECT_EQ(b_->FindUser("nobody").status().code(), StatusCode::kNotFound);
  ASSERT_TRUE(a_->SetUserStatus("sb657", UserStatus::kPending, "admin1").ok());
  u = b_->FindUser("sb657");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->status, UserStatus::kPending);
  EXPECT_EQ(u->requested_by, "admin1");
  ASSERT_TRUE(a_->SetPassword("sb657", "new").ok());
  auto list = b_->ListUsers();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].password_hash, "new");
}

TEST_P(SharedAuthStoreTest, LockoutCountsAcrossInstances) {
  ASSERT_TRUE(a_->AddUser(MakeUser("an1", Role::kAnalyst, 0)).ok());
  const std::int64_t now = 1'800'000'000;
  ASSERT_TRUE(a_->RecordFailedLogin("an1", now, 3, 600).ok());
  ASSERT_TRUE(b_->RecordFailedLogin("an1", now + 1, 3, 600).ok());
  auto u = a_->RecordFailedLogin("an1", now + 2, 3, 600);
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  EXPECT_EQ(u->failed_logins, 3);
  EXPECT_EQ(u->locked_until, now + 2 + 600);
  auto seen = b_->FindUser("an1");
  ASSERT_TRUE(seen.ok());
  EXPECT_TRUE(seen->LockedAt(now + 100));
  EXPECT_FALSE(seen->LockedAt(now + 700));
  // After the lock runs out a failure starts a fresh count.
  auto later = b_->RecordFailedLogin("an1", now + 700, 3, 600);
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(later->failed_logins, 1);
  EXPECT_EQ(later->locked_until, 0);
  ASSERT_TRUE(a_->ClearFailedLogins("an1").ok());
  EXPECT_EQ(b_->FindUser("an1")->failed_logins, 0);
}

TEST_P(SharedAuthStoreTest, SessionsAreShared) {
  ASSERT_TRUE(a_->AddUser(MakeUser("sb657", Role::kCaseworker, 657)).ok());
  Session s;
  s.id = std::string(64, 'a');
  s.username = "sb657";
  s.csrf_token = std::string(64, 'c');
  s.created = 1000;
  s.expires = 5000;
  s.idle_seconds = 100;
  ASSERT_TRUE(a_->CreateSession(s).ok());
  auto found = b_->FindSession(s.id, 1050);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_EQ(found->csrf_token, s.csrf_token);
  EXPECT_EQ(found->last_seen, 1050);
  EXPECT_TRUE(a_->FindSession(s.id, 1140).ok());   // idle 90 s since 1050
  EXPECT_FALSE(a_->FindSession(s.id, 1300).ok());  // idle too long
  EXPECT_FALSE(b_->FindSession(std::string(64, 'b'), 1050).ok());
  ASSERT_TRUE(a_->SetUserStatus("sb657", UserStatus::kDisabled, "").ok());
  EXPECT_FALSE(b_->FindSession(s.id, 1050).ok());
}

TEST_P(SharedAuthStoreTest, TokensAreFoundByDigestAndSharedWithTheirRevocation) {
  ApiToken t;
  t.name = "powerbi-herning";
  t.kommuner = {657, 217};
  t.created_by = "admin1";
  t.created = 1000;
  t.expires = 1000 + 86400;
  const std::string digest(64, 'd');
  ASSERT_TRUE(a_->AddToken(t, digest).ok());
  EXPECT_EQ(b_->AddToken(t, std::string(64, 'e')).code(), StatusCode::kAlreadyExists);
  t.name = "Ugyldigt Navn";
  EXPECT_EQ(a_->AddToken(t, std::string(64, 'f')).code(), StatusCode::kInvalidArgument);
  auto found = b_->FindToken(digest, 2000);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_EQ(found->name, "powerbi-herning");
  EXPECT_EQ(found->kommuner, (std::vector<int>{657, 217}));
  EXPECT_EQ(found->created_by, "admin1");
  EXPECT_EQ(found->expires, 1000 + 86400);
  EXPECT_EQ(found->last_used, 2000);
  EXPECT_EQ(a_->FindToken(digest, 2030)->last_used, 2000);  // kept to the minute
  EXPECT_EQ(a_->FindToken(digest, 2060)->last_used, 2060);
  EXPECT_EQ(a_->FindToken(std::string(64, '0'), 2000).status().code(), StatusCode::kNotFound);
  // An expired token is found (the server says why it refuses it) but its last use stays.
  EXPECT_EQ(a_->FindToken(digest, 1000 + 86400 + 500)->last_used, 2060);
  ApiToken all;
  all.name = "alle";
  all.created = 1000;
  all.expires = 5000;
  ASSERT_TRUE(b_->AddToken(all, std::string(64, '1')).ok());
  auto list = a_->ListTokens();
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].name, "alle");
  EXPECT_TRUE((*list)[0].kommuner.empty());
  ASSERT_TRUE(a_->RevokeToken("powerbi-herning", "admin2", 3000).ok());
  EXPECT_EQ(b_->RevokeToken("powerbi-herning", "admin2", 3001).code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(b_->RevokeToken("ingen", "admin2", 3001).code(), StatusCode::kNotFound);
  auto revoked = b_->FindToken(digest, 3100);
  ASSERT_TRUE(revoked.ok());
  EXPECT_EQ(revoked->revoked, 3000);
  EXPECT_EQ(revoked->revoked_by, "admin2");
  EXPECT_FALSE(revoked->UsableAt(3100));
  EXPECT_EQ(revoked->last_used, 2060);
}

TEST_P(SharedAuthStoreTest, TwoInstancesAppendOneChain) {
  constexpr int kPerThread = 40;
  auto append = [](AuthStore* store, const std::string& who) {
    for (int i = 0; i < kPerThread; ++i) {
      AuditEntry e;
      e.username = who;
      e.role = "caseworker";
      e.kommune = 657;
      e.action = "read";
      e.what = "/api/v1/borgere/{person}";
      e.citizen = fmt::format("{:032x}", i);
      e.purpose = "opfølgning";
      e.remote = "10.0.0.1";
      ASSERT_TRUE(store->AppendAudit({e, e}).ok());
    }
  };
  std::thread ta(append, a_.get(), "sb1");
  std::thread tb(append, b_.get(), "sb2");
  ta.join();
  tb.join();
  auto count = a_->CountAudit();
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 4 * kPerThread);
  auto report = VerifyAuditChain(*b_);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->entries, 4 * kPerThread);
  AuditFilter f;
  f.username = "sb2";
  f.limit = 1000;
  auto mine = a_->ReadAudit(f);
  ASSERT_TRUE(mine.ok());
  EXPECT_EQ(mine->size(), 2u * kPerThread);
  EXPECT_EQ(mine->front().purpose, "opfølgning");
}

INSTANTIATE_TEST_SUITE_P(Backends, SharedAuthStoreTest,
                         ::testing::ValuesIn(TestDatabase::Backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace fremdrift::server
