#include "backup/backup.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include "common/file_util.h"
#include "db/sqlite_db.h"

namespace fremdrift::backup {
namespace {

namespace fs = std::filesystem;

constexpr const char* kManifest = "manifest.json";

std::string NowUtc() {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Status MakePrivateDir(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Internal("cannot create {}: {}", dir.string(), ec.message());
  if (::chmod(dir.c_str(), 0700) != 0) return Internal("cannot chmod {}", dir.string());
  return Status::Ok();
}

// Copies a plain file through open descriptors (a store replaced by a rename meanwhile is copied
// whole, as it was when opened), owner-only. AlreadyExists when `to` exists.
Status CopyPrivate(const std::string& from, const std::string& to) {
  int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) return NotFound("cannot open {}", from);
  int out = ::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (out < 0) {
    ::close(in);
    if (errno == EEXIST) return AlreadyExists("{} exists", to);
    return Internal("cannot create {}", to);
  }
  std::vector<char> buf(1 << 20);
  Status st = Status::Ok();
  for (;;) {
    ssize_t n = ::read(in, buf.data(), buf.size());
    if (n == 0) break;
    if (n < 0) {
      st = Internal("cannot read {}", from);
      break;
    }
    for (ssize_t done = 0; done < n;) {
      ssize_t w = ::write(out, buf.data() + done, static_cast<std::size_t>(n - done));
      if (w <= 0) {
        st = Internal("cannot write {}", to);
        break;
      }
      done += w;
    }
    if (!st.ok()) break;
  }
  if (st.ok() && ::fsync(out) != 0) st = Internal("cannot sync {}", to);
  ::close(in);
  ::close(out);
  return st;
}

Result<std::string> SqlitePath(const std::string& url) {
  if (url.rfind("postgresql:", 0) == 0 || url.rfind("postgres:", 0) == 0) {
    return InvalidArgument(
        "--db: a PostgreSQL database is backed up with pg_dump (docs/drift.md), not here");
  }
  return url.rfind("sqlite:", 0) == 0 ? url.substr(7) : url;
}

Status AddFile(const fs::path& dir, const std::string& role, const std::string& rel, Manifest& m) {
  const std::string full = (dir / rel).string();
  ASSIGN_OR_RETURN(std::string sum, FileSha256(full));
  std::error_code ec;
  const auto size = fs::file_size(full, ec);
  if (ec) return Internal("cannot stat {}", full);
  m.files.push_back({role, rel, static_cast<std::uint64_t>(size), std::move(sum)});
  return Status::Ok();
}

Status BackupSqlite(const std::string& source, const fs::path& dir, const std::string& role,
                    Manifest& m) {
  if (!fs::exists(source)) return NotFound("{} database {} not found", role, source);
  ASSIGN_OR_RETURN(db::SqliteDb src, db::SqliteDb::Open(source));
  const std::string rel = "data/" + fs::path(source).filename().string();
  RETURN_IF_ERROR(src.BackupTo((dir / rel).string()).WithContext(role + " database"));
  return AddFile(dir, role, rel, m);
}

Status WriteManifest(const fs::path& dir, const Manifest& m) {
  nlohmann::json files = nlohmann::json::array();
  for (const auto& f : m.files) {
    files.push_back({{"role", f.role}, {"path", f.path}, {"size", f.size}, {"sha256", f.sha256}});
  }
  nlohmann::json j = {{"format", m.format}, {"created", m.created}, {"files", files}};
  const std::string path = (dir / kManifest).string();
  RETURN_IF_ERROR(WriteStringToFile(path, j.dump(2) + "\n"));
  ::chmod(path.c_str(), 0600);
  return Status::Ok();
}

Result<Manifest> ReadManifest(const std::string& dir) {
  const std::string path = (fs::path(dir) / kManifest).string();
  auto text = ReadFileToString(path);
  if (!text.ok()) return DataLoss("{}: no manifest ({})", dir, text.status().message());
  Manifest m;
  try {
    auto j = nlohmann::json::parse(*text);
    m.format = j.at("format").get<int>();
    m.created = j.at("created").get<std::string>();
    for (const auto& f : j.at("files")) {
      m.files.push_back({f.at("role").get<std::string>(), f.at("path").get<std::string>(),
                         f.at("size").get<std::uint64_t>(), f.at("sha256").get<std::string>()});
    }
  } catch (const std::exception& e) {
    return DataLoss("{}: the manifest cannot be read: {}", path, e.what());
  }
  if (m.format != 1) return DataLoss("{}: manifest format {} is not known", path, m.format);
  for (const auto& f : m.files) {
    const fs::path p(f.path);
    if (p.is_absolute() || f.path.find("..") != std::string::npos ||
        (p.parent_path() != "data" && p.parent_path() != "key")) {
      return DataLoss("{}: manifest names a file outside the backup: {}", path, f.path);
    }
  }
  return m;
}

}  // namespace

Result<std::string> FileSha256(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return NotFound("cannot open {}", path);
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
  std::vector<char> buf(1 << 20);
  for (;;) {
    ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n == 0) break;
    if (n < 0) {
      ::close(fd);
      return Internal("cannot read {}", path);
    }
    EVP_DigestUpdate(ctx.get(), buf.data(), static_cast<std::size_t>(n));
  }
  ::close(fd);
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx.get(), md, &len);
  std::string hex;
  for (unsigned int i = 0; i < len; ++i) hex += fmt::format("{:02x}", md[i]);
  return hex;
}

Result<Manifest> TakeBackup(const Sources& sources, const std::string& dir) {
  if (sources.store.empty() && sources.db.empty() && sources.auth_db.empty()) {
    return InvalidArgument("nothing to back up: give --store, --db and/or --auth-db");
  }
  std::string db_path;
  if (!sources.db.empty()) {
    ASSIGN_OR_RETURN(db_path, SqlitePath(sources.db));
  }
  const fs::path final_dir(dir);
  if (fs::exists(final_dir)) return AlreadyExists("backup folder {} exists", dir);
  const fs::path tmp = final_dir.string() + ".partial";
  std::error_code ec;
  fs::remove_all(tmp, ec);
  RETURN_IF_ERROR(MakePrivateDir(tmp / "data"));
  RETURN_IF_ERROR(MakePrivateDir(tmp / "key"));
  ::chmod(tmp.c_str(), 0700);

  Manifest m;
  m.created = NowUtc();
  auto run = [&]() -> Status {
    if (!db_path.empty()) RETURN_IF_ERROR(BackupSqlite(db_path, tmp, "cases", m));
    if (!sources.auth_db.empty()) {
      RETURN_IF_ERROR(BackupSqlite(sources.auth_db, tmp, "auth", m));
    }
    if (!sources.store.empty()) {
      const std::string name = fs::path(sources.store).filename().string();
      if (!fs::exists(sources.store)) return NotFound("store {} not found", sources.store);
      RETURN_IF_ERROR(CopyPrivate(sources.store, (tmp / "data" / name).string()));
      RETURN_IF_ERROR(AddFile(tmp, "store", "data/" + name, m));
      const std::string pop = sources.store + ".population.csv";
      if (fs::exists(pop)) {
        RETURN_IF_ERROR(CopyPrivate(pop, (tmp / "data" / (name + ".population.csv")).string()));
        RETURN_IF_ERROR(AddFile(tmp, "population", "data/" + name + ".population.csv", m));
      }
      const std::string key = sources.store + ".key";
      if (fs::exists(key)) {
        RETURN_IF_ERROR(CopyPrivate(key, (tmp / "key" / (name + ".key")).string()));
        RETURN_IF_ERROR(AddFile(tmp, "key", "key/" + name + ".key", m));
      }
    }
    RETURN_IF_ERROR(WriteManifest(tmp, m));
    fs::rename(tmp, final_dir, ec);
    if (ec) return Internal("cannot rename {} to {}: {}", tmp.string(), dir, ec.message());
    return Status::Ok();
  };
  if (Status st = run(); !st.ok()) {
    fs::remove_all(tmp, ec);
    return st;
  }
  return m;
}

Result<Manifest> VerifyBackup(const std::string& dir) {
  ASSIGN_OR_RETURN(Manifest m, ReadManifest(dir));
  std::set<std::string> listed;
  for (const auto& f : m.files) {
    const std::string full = (fs::path(dir) / f.path).string();
    if (!fs::exists(full)) return DataLoss("{}: {} is missing", dir, f.path);
    auto sum = FileSha256(full);
    if (!sum.ok()) return DataLoss("{}: {} cannot be read", dir, f.path);
    std::error_code ec;
    if (fs::file_size(full, ec) != f.size || *sum != f.sha256) {
      return DataLoss("{}: {} has changed since the backup (checksum differs)", dir, f.path);
    }
    listed.insert(f.path);
  }
  for (const char* sub : {"data", "key"}) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(fs::path(dir) / sub, ec)) {
      const std::string rel = std::string(sub) + "/" + e.path().filename().string();
      if (!listed.count(rel)) return DataLoss("{}: {} is not in the manifest", dir, rel);
    }
  }
  return m;
}

Result<Manifest> Restore(const std::string& dir, const std::string& to) {
  ASSIGN_OR_RETURN(Manifest m, VerifyBackup(dir));
  const fs::path target(to);
  for (const auto& f : m.files) {
    const fs::path dest = target / fs::path(f.path).filename();
    if (fs::exists(dest))
      return AlreadyExists("{} exists; restore into an empty folder", dest.string());
  }
  if (!fs::exists(target)) RETURN_IF_ERROR(MakePrivateDir(target));
  for (const auto& f : m.files) {
    const fs::path dest = target / fs::path(f.path).filename();
    RETURN_IF_ERROR(CopyPrivate((fs::path(dir) / f.path).string(), dest.string()));
    ASSIGN_OR_RETURN(std::string sum, FileSha256(dest.string()));
    if (sum != f.sha256)
      return DataLoss("{}: restored copy differs from the backup", dest.string());
  }
  return m;
}

}  // namespace fremdrift::backup
