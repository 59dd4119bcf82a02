// argon2id hashing and OS randomness for the server's credentials.
#include "server/password_hash.h"

#include <argon2.h>
#include <sys/random.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <set>
#include <string>
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

std::atomic<std::uint64_t> g_verifications{0};

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Words that, alone or with digits and punctuation around them, make a guessable password.
constexpr std::array<std::string_view, 40> kCommonWords = {
    "password",   "passw0rd",  "adgangskode", "kodeord",       "hemmelig", "qwerty",
    "qwertyuiop", "asdfghjkl", "zxcvbnm",     "qwertzuiop",    "azerty",   "letmein",
    "welcome",    "velkommen", "iloveyou",    "monkey",        "dragon",   "sunshine",
    "football",   "baseball",  "superman",    "princess",      "admin",    "administrator",
    "sommer",     "vinter",    "foraar",      "efteraar",      "danmark",  "kobenhavn",
    "koebenhavn", "jobcenter", "kommune",     "sagsbehandler", "leder",    "analytiker",
    "changeme",   "secret",    "test",        "login"};

// A run where each character is the previous one plus (or minus) one: 012345678901 (digits wrap
// around), abcdefghijkl, 987654321098.
bool IsSequence(std::string_view p) {
  for (int dir : {1, -1}) {
    bool all = true;
    for (std::size_t i = 1; i < p.size() && all; ++i) {
      char a = p[i - 1], b = p[i];
      if (std::isdigit(static_cast<unsigned char>(a)) &&
          std::isdigit(static_cast<unsigned char>(b))) {
        all = (a - '0' + 10 + dir) % 10 == b - '0';
      } else {
        all = b - a == dir;
      }
    }
    if (all) return true;
  }
  return false;
}

// The password without digits and punctuation at either end.
std::string_view Core(std::string_view p) {
  auto plain = [](char c) {
    unsigned char u = static_cast<unsigned char>(c);
    return std::isdigit(u) || std::ispunct(u) || std::isspace(u);
  };
  while (!p.empty() && plain(p.front())) p.remove_prefix(1);
  while (!p.empty() && plain(p.back())) p.remove_suffix(1);
  return p;
}

}  // namespace

Status CheckPasswordPolicy(std::string_view password, std::string_view username) {
  if (password.size() < kMinPasswordLength) {
    return InvalidArgument("password: at least {} characters", kMinPasswordLength);
  }
  if (password.size() > kMaxPasswordLength) {
    return InvalidArgument("password: at most {} characters", kMaxPasswordLength);
  }
  const std::string lower = Lower(password);
  std::set<char> distinct(lower.begin(), lower.end());
  if (distinct.size() < 5) {
    return InvalidArgument("password: too few different characters (easy to guess)");
  }
  if (IsSequence(lower)) return InvalidArgument("password: a run of characters (easy to guess)");
  const std::string_view core = Core(lower);
  const std::string user = Lower(username);
  bool common = std::find(kCommonWords.begin(), kCommonWords.end(), core) != kCommonWords.end() ||
                (core.size() >= 3 && IsSequence(core)) || core == "fremdrift" ||
                (!Core(user).empty() && (core == user || core == Core(user)));
  if (common) {
    return InvalidArgument(
        "password: a common word, the username or the product's name (easy to guess)");
  }
  return Status::Ok();
}

std::uint64_t PasswordVerificationCount() { return g_verifications.load(); }

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
  g_verifications.fetch_add(1);
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
