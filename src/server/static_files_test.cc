#include "server/static_files.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <cstdlib>

#include "common/file_util.h"

namespace fremdrift::server {
namespace {

std::string WebDir() {
  const char* src = std::getenv("FREMDRIFT_SOURCE_DIR");
  return std::string(src ? src : ".") + "/web";
}

TEST(StaticFilesTest, EveryFileOfTheWebFolderWithATypeAndAGzipCopyOfText) {
  auto files = StaticFiles::Load(WebDir());
  ASSERT_TRUE(files.ok()) << files.status().ToString();
  EXPECT_GE(files->size(), 10u);
  const StaticFile* index = files->Find("/");
  ASSERT_NE(index, nullptr);
  EXPECT_EQ(index->content_type, "text/html; charset=utf-8");
  EXPECT_EQ(index->plain, *ReadFileToString(WebDir() + "/index.html"));
  const StaticFile* d3 = files->Find("/vendor/d3.min.js");
  ASSERT_NE(d3, nullptr);
  EXPECT_EQ(d3->content_type, "text/javascript; charset=utf-8");
  EXPECT_LT(d3->gzip.size(), d3->plain.size() / 2);
  ASSERT_NE(files->Find("/css/app.css"), nullptr);
  EXPECT_EQ(files->Find("/css/app.css")->content_type, "text/css; charset=utf-8");
  ASSERT_NE(files->Find("/vendor/LICENSE.d3"), nullptr);
  EXPECT_EQ(files->Find("/vendor/LICENSE.d3")->content_type, "text/plain; charset=utf-8");
  for (const char* missing :
       {"/findes-ikke.js", "/../CMakeLists.txt", "/js/../../README.md", "//etc/passwd", "/js"}) {
    EXPECT_EQ(files->Find(missing), nullptr) << missing;
  }
  EXPECT_FALSE(StaticFiles::Load("/nonexistent-folder").ok());
}

TEST(StaticFilesTest, AcceptEncoding) {
  struct Case {
    const char* header;
    bool gzip;
  } cases[] = {
      {"gzip", true},
      {"gzip, deflate, br", true},
      {"br;q=1.0, gzip;q=0.8", true},
      {"deflate, gzip;q=0", false},
      {"gzip;q=0.0", false},
      {"deflate, br", false},
      {"*", true},
      {"", false},
      {"x-gzip-not", false},
  };
  for (const Case& c : cases) {
    httplib::Request req;
    if (*c.header) req.headers.emplace("Accept-Encoding", c.header);
    EXPECT_EQ(AcceptsGzip(req), c.gzip) << c.header;
  }
}

}  // namespace
}  // namespace fremdrift::server
