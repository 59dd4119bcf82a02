// Keyed pseudonyms (see pseudonym.h). HMAC-SHA-256 from OpenSSL: the inner and outer SHA-256
// states are computed once from the key, so each pseudonym costs two compressions plus the id.
#include "domain/pseudonym.h"

#include <fcntl.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <sstream>

#include "domain/cpr.h"

namespace fremdrift {

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

struct Pseudonymizer::State {
  SHA256_CTX inner;
  SHA256_CTX outer;
};

Pseudonymizer::Pseudonymizer(std::string key) : state_(std::make_unique<State>()) {
  unsigned char block[SHA256_CBLOCK] = {};
  if (key.size() > SHA256_CBLOCK) {
    SHA256(reinterpret_cast<const unsigned char*>(key.data()), key.size(), block);
  } else {
    std::memcpy(block, key.data(), key.size());
  }
  unsigned char ipad[SHA256_CBLOCK], opad[SHA256_CBLOCK];
  for (int i = 0; i < SHA256_CBLOCK; ++i) {
    ipad[i] = block[i] ^ 0x36;
    opad[i] = block[i] ^ 0x5c;
  }
  SHA256_Init(&state_->inner);
  SHA256_Update(&state_->inner, ipad, sizeof ipad);
  SHA256_Init(&state_->outer);
  SHA256_Update(&state_->outer, opad, sizeof opad);
  OPENSSL_cleanse(block, sizeof block);
}

Pseudonymizer::~Pseudonymizer() {
  if (state_) OPENSSL_cleanse(state_.get(), sizeof(State));
}

Pseudonym Pseudonymizer::Of(std::string_view id) const {
  char normalised[16];
  if (id.size() == 11 && LooksLikeCpr(id)) {
    std::memcpy(normalised, id.data(), 6);
    std::memcpy(normalised + 6, id.data() + 7, 4);
    id = std::string_view(normalised, 10);
  }
  unsigned char inner_hash[SHA256_DIGEST_LENGTH], outer_hash[SHA256_DIGEST_LENGTH];
  SHA256_CTX ctx = state_->inner;
  SHA256_Update(&ctx, id.data(), id.size());
  SHA256_Final(inner_hash, &ctx);
  ctx = state_->outer;
  SHA256_Update(&ctx, inner_hash, sizeof inner_hash);
  SHA256_Final(outer_hash, &ctx);
  Pseudonym p;
  std::memcpy(p.data(), outer_hash, p.size());
  return p;
}

#pragma GCC diagnostic pop

std::string PseudonymToHex(const Pseudonym& p) {
  static const char kHex[] = "0123456789abcdef";
  std::string out(32, '0');
  for (size_t i = 0; i < p.size(); ++i) {
    out[2 * i] = kHex[p[i] >> 4];
    out[2 * i + 1] = kHex[p[i] & 15];
  }
  return out;
}

namespace {
int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

Result<Pseudonym> PseudonymFromHex(std::string_view hex) {
  Pseudonym p{};
  if (hex.size() != 32) return InvalidArgument("a pseudonym has 32 hex digits");
  for (size_t i = 0; i < 16; ++i) {
    int hi = HexValue(hex[2 * i]), lo = HexValue(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return InvalidArgument("a pseudonym has 32 hex digits");
    p[i] = static_cast<std::uint8_t>(hi * 16 + lo);
  }
  return p;
}

Result<std::string> Pseudonymizer::ReadKeyFile(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return NotFound("key file {} does not exist", path);
  if (st.st_mode & (S_IRWXG | S_IRWXO)) {
    return PermissionDenied("key file {} is readable by others (chmod 600 it)", path);
  }
  std::ifstream in(path);
  std::string hex;
  in >> hex;
  if (hex.size() != 64) return InvalidArgument("key file {}: expected 64 hex digits", path);
  std::string key(32, '\0');
  for (size_t i = 0; i < 32; ++i) {
    int hi = HexValue(hex[2 * i]), lo = HexValue(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return InvalidArgument("key file {}: expected 64 hex digits", path);
    key[i] = static_cast<char>(hi * 16 + lo);
  }
  return key;
}

Result<std::string> Pseudonymizer::NewRandomKey() {
  std::string key(32, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(key.data()), 32) != 1) {
    return Internal("no random bytes for a new key");
  }
  return key;
}

Status Pseudonymizer::WriteKeyFile(const std::string& path, const std::string& key) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) return AlreadyExists("cannot create key file {}: {}", path, std::strerror(errno));
  static const char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char c : key) {
    hex.push_back(kHex[c >> 4]);
    hex.push_back(kHex[c & 15]);
  }
  hex.push_back('\n');
  bool ok = write(fd, hex.data(), hex.size()) == static_cast<ssize_t>(hex.size());
  ok = (fsync(fd) == 0) && ok;
  close(fd);
  if (!ok) return Internal("cannot write key file {}", path);
  return Status::Ok();
}

Result<std::string> Pseudonymizer::CreateKeyFile(const std::string& path) {
  ASSIGN_OR_RETURN(std::string key, NewRandomKey());
  RETURN_IF_ERROR(WriteKeyFile(path, key));
  return key;
}

}  // namespace fremdrift
