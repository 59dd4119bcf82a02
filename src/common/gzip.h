// gzip compression of a whole buffer (RFC 1952), for HTTP responses sent with
// `Content-Encoding: gzip`. Reading gzip input is in input_stream.h.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace fremdrift {

// The gzip member of `data` (zlib's deflate with a gzip header), at zlib level `level` (1-9).
Result<std::string> GzipCompress(std::string_view data, int level = 6);

}  // namespace fremdrift
