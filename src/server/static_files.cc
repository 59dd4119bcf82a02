// Static files served from memory (see static_files.h).
#include "server/static_files.h"

#include <httplib.h>

#include <cstdlib>
#include <filesystem>

#include "common/file_util.h"
#include "common/gzip.h"

namespace fremdrift::server {
namespace {

// Content types carry a charset for text, which also keeps cpp-httplib from compressing them.
std::string ContentTypeOf(const std::filesystem::path& p) {
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".svg", "image/svg+xml; charset=utf-8"},
      {".txt", "text/plain; charset=utf-8"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
  };
  auto it = kTypes.find(p.extension().string());
  if (it != kTypes.end()) return it->second;
  // Extensionless files in web/ are licences (vendor/LICENSE.d3 has ".d3").
  if (p.filename().string().rfind("LICENSE", 0) == 0) return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

}  // namespace

bool AcceptsGzip(const httplib::Request& req) {
  const std::string accept = req.get_header_value("Accept-Encoding");
  std::size_t pos = 0;
  while (pos < accept.size()) {
    std::size_t end = accept.find(',', pos);
    if (end == std::string::npos) end = accept.size();
    std::string item = accept.substr(pos, end - pos);
    pos = end + 1;
    const auto first = item.find_first_not_of(' ');
    if (first == std::string::npos) continue;
    item = item.substr(first);
    const auto semi = item.find(';');
    std::string coding = item.substr(0, semi);
    while (!coding.empty() && coding.back() == ' ') coding.pop_back();
    if (coding != "gzip" && coding != "*") continue;
    if (semi == std::string::npos) return true;
    const auto q = item.find("q=", semi);
    return q == std::string::npos || std::strtod(item.c_str() + q + 2, nullptr) > 0;
  }
  return false;
}

Result<StaticFiles> StaticFiles::Load(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return NotFound("--web: folder {} does not exist", dir);
  StaticFiles out;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (!it->is_regular_file(ec) || it->is_symlink(ec)) continue;
    const fs::path rel = fs::relative(it->path(), dir, ec);
    if (ec) break;
    StaticFile f;
    f.content_type = ContentTypeOf(it->path());
    ASSIGN_OR_RETURN(f.plain, ReadFileToString(it->path().string()));
    if (f.content_type.find("charset") != std::string::npos && f.plain.size() > 1024) {
      ASSIGN_OR_RETURN(std::string z, GzipCompress(f.plain, 9));
      if (z.size() < f.plain.size() * 9 / 10) f.gzip = std::move(z);
    }
    out.files_.emplace("/" + rel.generic_string(), std::move(f));
  }
  if (ec) return Unavailable("--web: cannot read {}: {}", dir, ec.message());
  return out;
}

const StaticFile* StaticFiles::Find(std::string_view url_path) const {
  if (url_path == "/") url_path = "/index.html";
  auto it = files_.find(url_path);
  return it == files_.end() ? nullptr : &it->second;
}

void StaticFiles::Send(const StaticFile& file, const httplib::Request& req,
                       httplib::Response& res) {
  res.status = 200;
  res.set_header("Vary", "Accept-Encoding");
  res.set_header("Cache-Control", "no-cache");
  const bool gzip = !file.gzip.empty() && AcceptsGzip(req);
  if (gzip) res.set_header("Content-Encoding", "gzip");
  const std::string* body = gzip ? &file.gzip : &file.plain;
  // A content provider of known length: cpp-httplib sends it as it is (set_content would let it
  // compress text/* again, per request). The files outlive the server's requests.
  res.set_content_provider(body->size(), file.content_type,
                           [body](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                             return sink.write(body->data() + offset, length);
                           });
}

}  // namespace fremdrift::server
