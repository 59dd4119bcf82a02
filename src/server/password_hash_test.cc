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

TEST(PasswordPolicy, RefusesShortAndGuessablePasswords) {
  struct Case {
    const char* password;
    const char* username;
    bool ok;
  };
  const std::string too_long(257, 'x');
  const Case cases[] = {
      {"korrekt-hest-batteri", "anna", true},
      {"fremdrift-demo", "sb657", true},    // the demo's password: a word beside the name
      {"Tr0ub4dor&3x", "anna", true},       // exactly 12
      {"kort-kode-1", "anna", false},       // 11 characters
      {"aaaaaaaaaaaa", "anna", false},      // one character repeated
      {"abababababab", "anna", false},      // two characters repeated
      {"abcabcabcabcabc", "anna", false},   // three characters repeated
      {"012345678901", "anna", false},      // a run (digits wrap around)
      {"987654321098", "anna", false},      // a run downwards
      {"abcdefghijklm", "anna", false},     // a run of letters
      {"password1234", "anna", false},      // a common word with digits
      {"Adgangskode2024!", "anna", false},  // the same in Danish, any case
      {"!!qwertyuiop!!", "anna", false},    // a keyboard row
      {"fremdrift2024", "anna", false},     // the product's name
      {"FREMDRIFT-123", "anna", false},
      {"anna.b123456", "anna.b", false},  // the username
      {"sagsbehandler1", "anna", false},  // a role word
      {too_long.c_str(), "anna", false},  // too long (and repeated)
      {"739184628105", "anna", true},     // random digits are fine
  };
  for (const Case& c : cases) {
    Status s = CheckPasswordPolicy(c.password, c.username);
    EXPECT_EQ(s.ok(), c.ok) << c.password << ": " << s.ToString();
    if (!s.ok()) {
      EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
      EXPECT_EQ(s.message().find(c.password), std::string::npos) << "echoes the password";
    }
  }
}

TEST(PasswordHash, CountsVerifications) {
  std::uint64_t before = PasswordVerificationCount();
  (void)VerifyPassword("not-a-hash", "x");
  (void)VerifyPassword("$argon2id$garbage", "x");
  EXPECT_EQ(PasswordVerificationCount() - before, 2u);
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
