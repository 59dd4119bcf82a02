#include "server/audit_archive.h"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "domain/pseudonym.h"

namespace fremdrift::server {
namespace {

constexpr std::string_view kFormat = "fremdrift-audit-archive";

std::string HmacHex(const std::string& key, std::string_view text) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(text.data()), text.size(), mac, &len);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[mac[i] >> 4];
    out += kHex[mac[i] & 15];
  }
  return out;
}

nlohmann::json EntryJson(const AuditEntry& e) {
  return {{"seq", e.seq},       {"at", e.at},           {"username", e.username},
          {"role", e.role},     {"kommune", e.kommune}, {"action", e.action},
          {"what", e.what},     {"citizen", e.citizen}, {"detail", e.detail},
          {"remote", e.remote}, {"purpose", e.purpose}, {"hash", e.hash}};
}

Status WriteAll(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return Internal("{}: write failed: {}", path, std::strerror(errno));
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> ReadArchiveKey(const std::string& path, bool create) {
  if (create && !std::filesystem::exists(path)) return Pseudonymizer::CreateKeyFile(path);
  auto key = Pseudonymizer::ReadKeyFile(path);
  if (!key.ok()) return key.status().WithContext("archive key");
  return key;
}

std::string AuditArchiveFileName(std::int64_t first_seq, std::int64_t last_seq) {
  return fmt::format("audit-{:08d}-{:08d}.jsonl", first_seq, last_seq);
}

Status WriteAuditArchive(const std::string& path, const std::string& key,
                         const AuditArchive& archive) {
  if (archive.entries.empty()) return InvalidArgument("an archive needs entries");
  if (std::filesystem::exists(path)) return AlreadyExists("{} exists already", path);
  nlohmann::json header = {{"format", kFormat},
                           {"version", 1},
                           {"first_seq", archive.entries.front().seq},
                           {"last_seq", archive.entries.back().seq},
                           {"entries", archive.entries.size()},
                           {"prev_hash", archive.prev_hash},
                           {"last_hash", archive.entries.back().hash},
                           {"created", archive.created}};
  std::string body = header.dump() + "\n";
  for (const AuditEntry& e : archive.entries) body += EntryJson(e).dump() + "\n";
  body += nlohmann::json{{"hmac_sha256", HmacHex(key, body)}}.dump() + "\n";

  const std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Internal("cannot create {}: {}", tmp, std::strerror(errno));
  Status s = WriteAll(fd, body, tmp);
  if (s.ok() && ::fsync(fd) != 0) s = Internal("{}: fsync failed: {}", tmp, std::strerror(errno));
  ::close(fd);
  if (s.ok() && ::rename(tmp.c_str(), path.c_str()) != 0) {
    s = Internal("cannot rename {} to {}: {}", tmp, path, std::strerror(errno));
  }
  if (!s.ok()) {
    ::unlink(tmp.c_str());
    return s;
  }
  const std::string dir = std::filesystem::path(path).parent_path().string();
  int dfd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    (void)::fsync(dfd);
    ::close(dfd);
  }
  return Status::Ok();
}

Result<AuditArchive> ReadAuditArchive(const std::string& path, const std::string& key) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("archive {} not found", path);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  // The signature line is the last one; everything before it is signed.
  if (text.empty() || text.back() != '\n') return DataLoss("{}: cut short (no signature)", path);
  const std::size_t sig_start = text.rfind('\n', text.size() - 2);
  if (sig_start == std::string::npos) return DataLoss("{}: no signature line", path);
  const std::string_view signed_part(text.data(), sig_start + 1);
  std::string mac;
  try {
    auto sig = nlohmann::json::parse(text.substr(sig_start + 1));
    mac = sig.at("hmac_sha256").get<std::string>();
  } catch (const std::exception&) {
    return DataLoss("{}: the last line is not a signature", path);
  }
  const std::string expected = HmacHex(key, signed_part);
  if (mac.size() != expected.size() ||
      CRYPTO_memcmp(mac.data(), expected.data(), mac.size()) != 0) {
    return DataLoss(
        "{}: the signature does not match (the archive was changed, or signed with another key)",
        path);
  }
  AuditArchive a;
  a.path = path;
  std::istringstream lines{std::string(signed_part)};
  std::string line;
  int line_no = 0;
  std::int64_t count = -1;
  while (std::getline(lines, line)) {
    ++line_no;
    try {
      auto j = nlohmann::json::parse(line);
      if (line_no == 1) {
        if (j.at("format").get<std::string>() != kFormat || j.at("version").get<int>() != 1) {
          return DataLoss("{}: line 1: not a fremdrift audit archive (version 1)", path);
        }
        a.first_seq = j.at("first_seq").get<std::int64_t>();
        a.last_seq = j.at("last_seq").get<std::int64_t>();
        count = j.at("entries").get<std::int64_t>();
        a.prev_hash = j.at("prev_hash").get<std::string>();
        a.last_hash = j.at("last_hash").get<std::string>();
        a.created = j.at("created").get<std::string>();
        continue;
      }
      AuditEntry e;
      e.seq = j.at("seq").get<std::int64_t>();
      e.at = j.at("at").get<std::string>();
      e.username = j.at("username").get<std::string>();
      e.role = j.at("role").get<std::string>();
      e.kommune = j.at("kommune").get<int>();
      e.action = j.at("action").get<std::string>();
      e.what = j.at("what").get<std::string>();
      e.citizen = j.at("citizen").get<std::string>();
      e.detail = j.at("detail").get<std::string>();
      e.remote = j.at("remote").get<std::string>();
      e.purpose = j.at("purpose").get<std::string>();
      e.hash = j.at("hash").get<std::string>();
      a.entries.push_back(std::move(e));
    } catch (const std::exception&) {
      return DataLoss("{}: line {}: not a valid {} line", path, line_no,
                      line_no == 1 ? "header" : "entry");
    }
  }
  if (a.entries.empty() || count != static_cast<std::int64_t>(a.entries.size()) ||
      a.entries.front().seq != a.first_seq || a.entries.back().seq != a.last_seq ||
      a.entries.back().hash != a.last_hash) {
    return DataLoss("{}: line 1: the header does not describe the entries that follow", path);
  }
  return a;
}

}  // namespace fremdrift::server
