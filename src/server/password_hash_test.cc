// Tests of argon2id hashing and the random tokens.
#include "server/password_hash.h"

#include <gtest/gtest.h>

namespace fremdrift::server {
namespace {

TEST(PasswordHash, VerifiesOnlyTheRightPassword) {
  auto h = HashPassword("korrekt-hest-batteri");
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  EXPECT_EQ(h->rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0), 0u) << *h;
  EXPECT_TRUE(VerifyPassword(*h, "korrekt-hest-batteri"));
  EXPECT_FALSE(VerifyPassword(*h, "korrekt-hest-batterI"));
  EXPECT_FALSE(VerifyPassword(*h, ""));
}

TEST(PasswordHash, SaltsDiffer) {
  auto a = HashPassword("samme-adgangskode");
  auto b = HashPassword("samme-adgangskode");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
}

TEST(PasswordHash, RefusesShortPasswordsAndMalformedHashes) {
  EXPECT_EQ(HashPassword("kort").status().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(VerifyPassword("plaintext", "plaintext"));
  EXPECT_FALSE(VerifyPassword("$argon2id$garbage", "x"));
  EXPECT_FALSE(VerifyPassword("$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA", "x"));
}

TEST(RandomHex, LengthAndUniqueness) {
  auto a = RandomHex(32);
  auto b = RandomHex(32);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->size(), 64u);
  EXPECT_NE(*a, *b);
  EXPECT_EQ(a->find_first_not_of("0123456789abcdef"), std::string::npos);
}

}  // namespace
}  // namespace fremdrift::server
