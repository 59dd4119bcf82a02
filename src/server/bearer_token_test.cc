// Tests of API tokens (bearer_token.h): the Authorization header and the token's shape as tables;
// issuing by the rules of a TokenSpec (a table of refused specs), the secret shown once and kept
// only as its digest (not in the SQLite file), a token's state. The store's token methods on both
// backends are in pg_auth_store_test.cc, the server's use of tokens in security_tokens_test.cc.
#include "server/bearer_token.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

namespace fremdrift::server {
namespace {

TEST(BearerCredential, ReadsTheBearerSchemeOnly) {
  struct Case {
    std::string header;
    std::optional<std::string> credential;  // nullopt: not a Bearer header
  };
  const Case cases[] = {
      {"Bearer fdt_abc", "fdt_abc"},
      {"bearer fdt_abc", "fdt_abc"},  // the scheme's case does not matter (RFC 9110 11.1)
      {"BEARER   fdt_abc  ", "fdt_abc"},
      {"  Bearer\tfdt_abc", "fdt_abc"},
      {"Bearer", ""},
      {"Bearer   ", ""},
      {"Bearer a b", "a b"},  // not token-shaped: refused later
      {"Bearerfdt_abc", std::nullopt},
      {"Basic YW5hbHl0aWtlcjpodW5k", std::nullopt},
      {"Token fdt_abc", std::nullopt},
      {"", std::nullopt},
      {"Bear", std::nullopt},
  };
  for (const Case& c : cases) {
    std::optional<std::string_view> got = BearerCredential(c.header);
    ASSERT_EQ(got.has_value(), c.credential.has_value()) << "'" << c.header << "'";
    if (got) {
      EXPECT_EQ(std::string(*got), *c.credential) << "'" << c.header << "'";
    }
  }
}

TEST(BearerCredential, TokenShape) {
  const std::string hex64(64, 'a');
  struct Case {
    std::string credential;
    bool shaped;
  };
  const Case cases[] = {
      {"fdt_" + hex64, true},
      {"fdt_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", true},
      {"fdt_" + std::string(64, 'A'), false},  // upper case: not what is issued
      {"fdt_" + std::string(63, 'a'), false},
      {"fdt_" + hex64 + "a", false},
      {"fdt_" + std::string(64, 'g'), false},
      {"FDT_" + hex64, false},
      {"xyz_" + hex64, false},
      {hex64, false},
      {"fdt_", false},
      {"", false},
      {"fdt_" + std::string(63, 'a') + " ", false},
  };
  for (const Case& c : cases) EXPECT_EQ(IsTokenShaped(c.credential), c.shaped) << c.credential;
}

class IssueTokenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/fremdrift-token-test-XXXXXX";
    dir_ = mkdtemp(tmpl);
    auto store = OpenSqliteAuthStore(dir_ + "/auth.db");
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
    auto ref = ReferenceData::LoadEmbedded();
    ASSERT_TRUE(ref.ok()) << ref.status().ToString();
    reference_ = std::move(*ref);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  static TokenSpec Spec(const std::string& name, std::vector<int> kommuner, int days = 90) {
    TokenSpec s;
    s.name = name;
    s.kommuner = std::move(kommuner);
    s.days = days;
    s.by = "admin";
    return s;
  }
  std::string dir_;
  std::unique_ptr<AuthStore> store_;
  ReferenceData reference_;
};

constexpr std::int64_t kNow = 1'800'000'000;

TEST_F(IssueTokenTest, TheSecretIsShownOnceAndStoredOnlyAsItsDigest) {
  auto issued = IssueToken(*store_, reference_, Spec("powerbi-herning", {657, 217}, 30), kNow);
  ASSERT_TRUE(issued.ok()) << issued.status().ToString();
  EXPECT_TRUE(IsTokenShaped(issued->secret)) << issued->secret;
  EXPECT_EQ(issued->token.expires, kNow + 30 * 86400);
  auto found = store_->FindToken(TokenDigest(issued->secret), kNow + 5);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_EQ(found->name, "powerbi-herning");
  EXPECT_EQ(found->kommuner, (std::vector<int>{657, 217}));
  EXPECT_EQ(found->created_by, "admin");
  EXPECT_EQ(found->created, kNow);
  EXPECT_TRUE(found->UsableAt(kNow + 30 * 86400 - 1));
  EXPECT_FALSE(found->UsableAt(kNow + 30 * 86400));
  EXPECT_EQ(store_->FindToken(TokenDigest(issued->secret + "0"), kNow).status().code(),
            StatusCode::kNotFound);
  // A second token has another secret.
  auto other = IssueToken(*store_, reference_, Spec("r-analyse", {657}), kNow);
  ASSERT_TRUE(other.ok());
  EXPECT_NE(other->secret, issued->secret);
  // The database holds the digest, never the secret (its random part neither).
  store_.reset();  // closes the file (its WAL checkpointed)
  std::string bytes;
  for (const char* f : {"/auth.db", "/auth.db-wal"}) {
    std::ifstream in(dir_ + f, std::ios::binary);
    std::ostringstream buf;
    buf << in.rdbuf();
    bytes += buf.str();
  }
  EXPECT_NE(bytes.find(TokenDigest(issued->secret)), std::string::npos);
  for (const std::string& secret : {issued->secret, other->secret}) {
    EXPECT_EQ(bytes.find(secret.substr(kTokenPrefix.size())), std::string::npos);
  }
}

TEST_F(IssueTokenTest, TheRulesOfATokenSpec) {
  TokenSpec all = Spec("alle-kommuner", {});
  all.all_kommuner = true;
  ASSERT_TRUE(IssueToken(*store_, reference_, all, kNow).ok());
  ASSERT_TRUE(IssueToken(*store_, reference_, Spec("en-dag", {657}, 1), kNow).ok());
  ASSERT_TRUE(IssueToken(*store_, reference_, Spec("et-aar", {657}, kMaxTokenDays), kNow).ok());
  struct Case {
    TokenSpec spec;
    std::string message_starts;  // of the InvalidArgument
  };
  TokenSpec both = Spec("begge", {657});
  both.all_kommuner = true;
  const Case cases[] = {
      {Spec("A B", {657}), "name:"},
      {Spec("x", {657}), "name:"},
      {Spec(std::string(65, 'a'), {657}), "name:"},
      {Spec("nul-dage", {657}, 0), "days:"},
      {Spec("for-lang", {657}, kMaxTokenDays + 1), "days:"},
      {Spec("ingen-kommune", {}), "kommuner:"},  // no scope by mistake
      {both, "kommuner:"},
      {Spec("ukendt", {999}), "kommuner: 999"},
      {Spec("to-gange", {657, 217, 657}), "kommuner: 657 is given twice"},
  };
  for (const Case& c : cases) {
    auto r = IssueToken(*store_, reference_, c.spec, kNow);
    ASSERT_FALSE(r.ok()) << c.spec.name;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << c.spec.name;
    EXPECT_EQ(r.status().message().rfind(c.message_starts, 0), 0u)
        << c.spec.name << ": " << r.status().message();
  }
  EXPECT_EQ(IssueToken(*store_, reference_, Spec("en-dag", {217}), kNow).status().code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(store_->ListTokens()->size(), 3u);
}

TEST(TokenWords, StateAndMunicipalities) {
  ApiToken t;
  t.expires = 100;
  EXPECT_EQ(TokenState(t, 99), "active");
  EXPECT_EQ(TokenState(t, 100), "expired");
  t.revoked = 50;
  EXPECT_EQ(TokenState(t, 99), "revoked");
  EXPECT_EQ(KommunerText({}), "alle");
  EXPECT_EQ(KommunerText({657, 217}), "657, 217");
  t.kommuner = {657};
  EXPECT_TRUE(TokenMayRead(t, 657));
  EXPECT_FALSE(TokenMayRead(t, 217));
  t.kommuner = {};
  EXPECT_TRUE(TokenMayRead(t, 217));
  t.name = "powerbi";
  EXPECT_EQ(t.AuditName(), "token:powerbi");
}

}  // namespace
}  // namespace fremdrift::server
