// The dashboard's static files (web/: HTML, CSS, JavaScript, vendored libraries), read once at
// start and kept in memory with a gzip copy of every text file, so that no request compresses
// anything: cpp-httplib would otherwise compress each response itself, with brotli at its
// slowest setting for clients that accept it (0.6 s of CPU for d3.min.js per request).
// Immutable after Load(); safe to share between request threads.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "common/status.h"

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace fremdrift::server {

// Whether the request's Accept-Encoding lists gzip with a weight above zero.
bool AcceptsGzip(const httplib::Request& req);

struct StaticFile {
  std::string content_type;
  std::string plain;
  std::string gzip;  // empty when compression does not pay (images, tiny files)
};

class StaticFiles {
 public:
  // Every regular file below `dir` (following no links out of it), by URL path ("/js/app.js").
  static Result<StaticFiles> Load(const std::string& dir);
  // The file for a URL path: "/" is "/index.html"; null when there is none.
  const StaticFile* Find(std::string_view url_path) const;
  // Sends `file`: gzip-compressed when the client accepts it, else plain; never compressed again.
  static void Send(const StaticFile& file, const httplib::Request& req, httplib::Response& res);
  std::size_t size() const { return files_.size(); }

 private:
  std::map<std::string, StaticFile, std::less<>> files_;
};

}  // namespace fremdrift::server
