// InputStream over plain, gzip and zstd files (see input_stream.h).
#include "common/input_stream.h"

#include <sys/stat.h>
#include <zlib.h>
#include <zstd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

namespace fremdrift {

namespace {

class FileSource {
 public:
  ~FileSource() {
    if (f_) std::fclose(f_);
  }
  Status Open(const std::string& path) {
    path_ = path;
    f_ = std::fopen(path.c_str(), "rb");
    if (!f_) return NotFound("cannot open {}: {}", path, std::strerror(errno));
    struct stat st;
    if (fstat(fileno(f_), &st) == 0) size_ = static_cast<std::uint64_t>(st.st_size);
    return Status::Ok();
  }
  Result<std::size_t> Read(char* buf, std::size_t n) {
    std::size_t got = std::fread(buf, 1, n, f_);
    if (got == 0 && std::ferror(f_)) return Internal("error reading {}", path_);
    pos_ += got;
    return got;
  }
  std::uint64_t pos_ = 0, size_ = 0;
  std::string path_;

 private:
  std::FILE* f_ = nullptr;
};

class PlainStream : public InputStream {
 public:
  explicit PlainStream(std::unique_ptr<FileSource> src) : src_(std::move(src)) {}
  Result<std::size_t> Read(char* buf, std::size_t size) override { return src_->Read(buf, size); }
  std::uint64_t compressed_position() const override { return src_->pos_; }
  std::uint64_t compressed_size() const override { return src_->size_; }
  Compression compression() const override { return Compression::kNone; }

 private:
  std::unique_ptr<FileSource> src_;
};

class GzipStream : public InputStream {
 public:
  explicit GzipStream(std::unique_ptr<FileSource> src) : src_(std::move(src)), in_(1 << 20) {
    std::memset(&z_, 0, sizeof z_);
    inflateInit2(&z_, 15 + 32);  // gzip or zlib header, concatenated members handled below
  }
  ~GzipStream() override { inflateEnd(&z_); }
  Result<std::size_t> Read(char* buf, std::size_t size) override {
    z_.next_out = reinterpret_cast<Bytef*>(buf);
    z_.avail_out = static_cast<uInt>(size);
    while (z_.avail_out == size && !done_) {
      if (z_.avail_in == 0) {
        ASSIGN_OR_RETURN(std::size_t n, src_->Read(in_.data(), in_.size()));
        if (n == 0) {
          if (!stream_end_) return DataLoss("{}: truncated gzip data", src_->path_);
          done_ = true;
          break;
        }
        z_.next_in = reinterpret_cast<Bytef*>(in_.data());
        z_.avail_in = static_cast<uInt>(n);
      }
      stream_end_ = false;
      int rc = inflate(&z_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        stream_end_ = true;
        inflateReset(&z_);  // another gzip member may follow
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        return DataLoss("{}: corrupt gzip data", src_->path_);
      }
    }
    return size - z_.avail_out;
  }
  std::uint64_t compressed_position() const override { return src_->pos_; }
  std::uint64_t compressed_size() const override { return src_->size_; }
  Compression compression() const override { return Compression::kGzip; }

 private:
  std::unique_ptr<FileSource> src_;
  std::vector<char> in_;
  z_stream z_;
  bool done_ = false, stream_end_ = false;
};

class ZstdStream : public InputStream {
 public:
  explicit ZstdStream(std::unique_ptr<FileSource> src)
      : src_(std::move(src)), in_(ZSTD_DStreamInSize()), ctx_(ZSTD_createDCtx()) {}
  ~ZstdStream() override { ZSTD_freeDCtx(ctx_); }
  Result<std::size_t> Read(char* buf, std::size_t size) override {
    ZSTD_outBuffer out{buf, size, 0};
    while (out.pos == 0 && !done_) {
      if (in_buf_.pos == in_buf_.size) {
        ASSIGN_OR_RETURN(std::size_t n, src_->Read(in_.data(), in_.size()));
        if (n == 0) {
          if (last_ret_ != 0) return DataLoss("{}: truncated zstd data", src_->path_);
          done_ = true;
          break;
        }
        in_buf_ = {in_.data(), n, 0};
      }
      last_ret_ = ZSTD_decompressStream(ctx_, &out, &in_buf_);
      if (ZSTD_isError(last_ret_)) {
        return DataLoss("{}: corrupt zstd data ({})", src_->path_, ZSTD_getErrorName(last_ret_));
      }
    }
    return out.pos;
  }
  std::uint64_t compressed_position() const override { return src_->pos_; }
  std::uint64_t compressed_size() const override { return src_->size_; }
  Compression compression() const override { return Compression::kZstd; }

 private:
  std::unique_ptr<FileSource> src_;
  std::vector<char> in_;
  ZSTD_inBuffer in_buf_{nullptr, 0, 0};
  ZSTD_DCtx* ctx_;
  std::size_t last_ret_ = 0;
  bool done_ = false;
};

}  // namespace

Result<std::unique_ptr<InputStream>> InputStream::Open(const std::string& path) {
  unsigned char magic[4] = {0, 0, 0, 0};
  {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return NotFound("cannot open {}: {}", path, std::strerror(errno));
    std::size_t n = std::fread(magic, 1, 4, f);
    std::fclose(f);
    (void)n;
  }
  auto src = std::make_unique<FileSource>();
  RETURN_IF_ERROR(src->Open(path));
  if (magic[0] == 0x1f && magic[1] == 0x8b) {
    return std::unique_ptr<InputStream>(new GzipStream(std::move(src)));
  }
  if (magic[0] == 0x28 && magic[1] == 0xb5 && magic[2] == 0x2f && magic[3] == 0xfd) {
    return std::unique_ptr<InputStream>(new ZstdStream(std::move(src)));
  }
  return std::unique_ptr<InputStream>(new PlainStream(std::move(src)));
}

}  // namespace fremdrift
