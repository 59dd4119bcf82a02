#include "domain/pseudonym.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fremdrift {
namespace {

TEST(PseudonymTest, KnownHmacVector) {
  // RFC 4231 test case 2: HMAC-SHA-256(key "Jefe", "what do ya want for nothing?").
  Pseudonymizer p("Jefe");
  EXPECT_EQ(PseudonymToHex(p.Of("what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c7");
}

TEST(PseudonymTest, CprNormalisedAndKeyed) {
  Pseudonymizer a("key one"), b("key two");
  EXPECT_EQ(a.Of("010165-1234"), a.Of("0101651234"));
  EXPECT_NE(a.Of("0101651234"), b.Of("0101651234"));
  EXPECT_NE(a.Of("0101651234"), a.Of("0101651235"));
  std::string hex = PseudonymToHex(a.Of("x"));
  EXPECT_EQ(*PseudonymFromHex(hex), a.Of("x"));
  EXPECT_FALSE(PseudonymFromHex("zz").ok());
}

TEST(PseudonymTest, KeyFile) {
  std::string path = ::testing::TempDir() + "/fremdrift_key_" + std::to_string(getpid());
  unlink(path.c_str());
  auto key = Pseudonymizer::CreateKeyFile(path);
  ASSERT_TRUE(key.ok());
  struct stat st;
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(*Pseudonymizer::ReadKeyFile(path), *key);
  EXPECT_FALSE(Pseudonymizer::CreateKeyFile(path).ok());  // never overwrites a key
  chmod(path.c_str(), 0644);
  EXPECT_EQ(Pseudonymizer::ReadKeyFile(path).status().code(), StatusCode::kPermissionDenied);
  unlink(path.c_str());
}

}  // namespace
}  // namespace fremdrift
