// InputStream: reads a file in large blocks, decompressing gzip or zstd transparently (detected
// from the first bytes, not the name). Used by every importer so compressed registers need no
// unpacking. Thread-safety: one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "common/status.h"

namespace fremdrift {

enum class Compression { kNone, kGzip, kZstd };

class InputStream {
 public:
  virtual ~InputStream() = default;
  // Reads up to `size` bytes into `buf`; returns 0 at end of input.
  virtual Result<std::size_t> Read(char* buf, std::size_t size) = 0;
  // Bytes of the underlying (possibly compressed) file consumed so far, for progress.
  virtual std::uint64_t compressed_position() const = 0;
  virtual std::uint64_t compressed_size() const = 0;
  virtual Compression compression() const = 0;

  static Result<std::unique_ptr<InputStream>> Open(const std::string& path);
};

}  // namespace fremdrift
