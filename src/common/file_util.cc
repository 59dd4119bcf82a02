// Files (see file_util.h).
#include "common/file_util.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

namespace fremdrift {

Result<std::string> ReadFileToString(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return NotFound("cannot open {}: {}", path, std::strerror(errno));
  std::string out;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  bool err = std::ferror(f);
  std::fclose(f);
  if (err) return Internal("error reading {}", path);
  return out;
}

Status WriteStringToFile(const std::string& path, std::string_view data) {
  AtomicFile f(path);
  RETURN_IF_ERROR(f.Open());
  RETURN_IF_ERROR(f.Write(data.data(), data.size()));
  return f.Commit();
}

bool FileExists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

MappedFile::~MappedFile() {
  if (data_ && size_) munmap(const_cast<std::uint8_t*>(data_), size_);
}

MappedFile::MappedFile(MappedFile&& o) noexcept : data_(o.data_), size_(o.size_) {
  o.data_ = nullptr;
  o.size_ = 0;
}

MappedFile& MappedFile::operator=(MappedFile&& o) noexcept {
  if (this != &o) {
    if (data_ && size_) munmap(const_cast<std::uint8_t*>(data_), size_);
    data_ = o.data_;
    size_ = o.size_;
    o.data_ = nullptr;
    o.size_ = 0;
  }
  return *this;
}

Result<MappedFile> MappedFile::Open(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY);
  if (fd < 0) return NotFound("cannot open {}: {}", path, std::strerror(errno));
  struct stat st;
  if (fstat(fd, &st) != 0) {
    close(fd);
    return Internal("cannot stat {}", path);
  }
  MappedFile m;
  m.size_ = static_cast<std::size_t>(st.st_size);
  if (m.size_ > 0) {
    void* p = mmap(nullptr, m.size_, PROT_READ, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) {
      close(fd);
      return Internal("cannot map {}: {}", path, std::strerror(errno));
    }
    m.data_ = static_cast<const std::uint8_t*>(p);
  }
  close(fd);
  return m;
}

AtomicFile::~AtomicFile() {
  if (file_) std::fclose(file_);
  if (!committed_ && !temp_path_.empty()) unlink(temp_path_.c_str());
}

Status AtomicFile::Open() {
  std::random_device rd;
  temp_path_ = fmt::format("{}.tmp-{}-{:08x}", path_, getpid(), rd());
  // Owner-only whatever the umask: these files hold (pseudonymised) citizen data.
  int fd = open(temp_path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0 && fchmod(fd, 0600) == 0) file_ = fdopen(fd, "wb");
  if (!file_) {
    std::string why = std::strerror(errno);
    if (fd >= 0) {
      close(fd);
      unlink(temp_path_.c_str());
    }
    temp_path_.clear();
    return Internal("cannot create {}: {}", path_, why);
  }
  return Status::Ok();
}

Status AtomicFile::Write(const void* data, std::size_t size) {
  if (!file_) return FailedPrecondition("write to {} before open", path_);
  if (size && std::fwrite(data, 1, size, file_) != size) {
    return Internal("cannot write {}: {}", temp_path_, std::strerror(errno));
  }
  written_ += size;
  return Status::Ok();
}

Status AtomicFile::Commit() {
  if (!file_) return FailedPrecondition("commit of {} before open", path_);
  bool ok = std::fflush(file_) == 0 && fsync(fileno(file_)) == 0;
  ok = (std::fclose(file_) == 0) && ok;
  file_ = nullptr;
  if (!ok) return Internal("cannot flush {}: {}", temp_path_, std::strerror(errno));
  if (std::rename(temp_path_.c_str(), path_.c_str()) != 0) {
    return Internal("cannot rename {} to {}: {}", temp_path_, path_, std::strerror(errno));
  }
  committed_ = true;
  return Status::Ok();
}

}  // namespace fremdrift
