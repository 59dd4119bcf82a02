// argon2id hashing and OS randomness for the server's credentials.
#include "server/password_hash.h"

#include <argon2.h>
#include <sys/random.h>

#include <vector>

namespace fremdrift::server {
namespace {

Status FillRandom(unsigned char* out, std::size_t n) {
  std::size_t done = 0;
  while (done < n) {
    ssize_t got = getrandom(out + done, n - done, 0);
    if (got < 0) return Internal("getrandom failed");
    done += static_cast<std::size_t>(got);
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> HashPassword(std::string_view password, const Argon2Params& params) {
  if (password.size() < kMinPasswordLength) {
    return InvalidArgument("password: at least {} characters", kMinPasswordLength);
  }
  unsigned char salt[16];
  RETURN_IF_ERROR(FillRandom(salt, sizeof salt));
  const std::size_t hash_len = 32;
  std::size_t encoded_len = argon2_encodedlen(params.time_cost, params.memory_kib,
                                              params.parallelism, sizeof salt, hash_len, Argon2_id);
  std::vector<char> encoded(encoded_len);
  int rc = argon2id_hash_encoded(params.time_cost, params.memory_kib, params.parallelism,
                                 password.data(), password.size(), salt, sizeof salt, hash_len,
                                 encoded.data(), encoded.size());
  if (rc != ARGON2_OK) return Internal("argon2id: {}", argon2_error_message(rc));
  return std::string(encoded.data());
}

bool VerifyPassword(std::string_view encoded, std::string_view password) {
  if (encoded.rfind("$argon2id$", 0) != 0) return false;
  std::string e(encoded);  // NUL-terminated copy
  return argon2id_verify(e.c_str(), password.data(), password.size()) == ARGON2_OK;
}

Result<std::string> RandomHex(std::size_t bytes) {
  std::vector<unsigned char> raw(bytes);
  RETURN_IF_ERROR(FillRandom(raw.data(), raw.size()));
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes * 2);
  for (unsigned char c : raw) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

}  // namespace fremdrift::server
