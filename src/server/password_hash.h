// Password hashing with argon2id (libargon2): a random 16-byte salt per password and the encoded
// PHC string ("$argon2id$v=19$m=...,t=...,p=...$salt$hash") stored as is, so parameters can be
// raised later without breaking old hashes. Verification is constant-time (libargon2).
// Thread-safe: no shared state (salts from the OS random source).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace fremdrift::server {

struct Argon2Params {
  std::uint32_t time_cost = 2;           // iterations
  std::uint32_t memory_kib = 19 * 1024;  // OWASP minimum for argon2id: 19 MiB, t=2, p=1
  std::uint32_t parallelism = 1;
};

// Passwords shorter than this are refused (NIST SP 800-63B asks for at least 8; ASVS for 12).
inline constexpr std::size_t kMinPasswordLength = 12;
inline constexpr std::size_t kMaxPasswordLength = 256;

// The password rule for passwords people choose (NIST SP 800-63B 5.1.1.2): 12 to 256 characters,
// and InvalidArgument for a password that is easy to guess: a common password, the same few
// characters repeated (aaaaaaaaaaaa, abababababab), a run like 012345678901 or abcdefghijkl,
// or the username or the product's name with only digits or punctuation around it. No rules on
// character classes (NIST advises against them). The message never repeats the password.
Status CheckPasswordPolicy(std::string_view password, std::string_view username);

Result<std::string> HashPassword(std::string_view password, const Argon2Params& params = {});
// True when `password` matches the encoded hash; false on mismatch or a malformed hash.
bool VerifyPassword(std::string_view encoded, std::string_view password);
// How many argon2id verifications this process has run (tests: a login of an unknown user must
// still run one, so its answer takes as long).
std::uint64_t PasswordVerificationCount();

// `bytes` random bytes from the OS, as lowercase hex (session ids, CSRF tokens).
Result<std::string> RandomHex(std::size_t bytes);

}  // namespace fremdrift::server
