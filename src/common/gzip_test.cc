#include "common/gzip.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "common/file_util.h"

namespace fremdrift {
namespace {

// What the system's `gzip -dc` makes of `compressed`.
std::string Gunzip(const std::string& compressed) {
  const std::string path = ::testing::TempDir() + "/fremdrift_gz_" + std::to_string(getpid());
  EXPECT_TRUE(WriteStringToFile(path + ".gz", compressed).ok());
  EXPECT_EQ(std::system(("gzip -dcq " + path + ".gz > " + path).c_str()), 0);
  auto text = ReadFileToString(path);
  std::remove(path.c_str());
  std::remove((path + ".gz").c_str());
  return text.ok() ? *text : "<unreadable>";
}

TEST(GzipTest, RoundTripsThroughTheGzipTool) {
  std::string json = "{\"rows\":[";
  for (int i = 0; i < 20000; ++i)
    json += "{\"period\":\"2019-01\",\"value\":" + std::to_string(i) + "},";
  json += "]}";
  for (int level : {1, 6, 9}) {
    auto z = GzipCompress(json, level);
    ASSERT_TRUE(z.ok()) << z.status().ToString();
    EXPECT_EQ(static_cast<unsigned char>((*z)[0]), 0x1f);  // gzip magic
    EXPECT_EQ(static_cast<unsigned char>((*z)[1]), 0x8b);
    EXPECT_LT(z->size(), json.size() / 5) << "level " << level;
    EXPECT_EQ(Gunzip(*z), json) << "level " << level;
  }
}

TEST(GzipTest, EmptyInput) {
  auto z = GzipCompress("");
  ASSERT_TRUE(z.ok());
  EXPECT_EQ(Gunzip(*z), "");
}

}  // namespace
}  // namespace fremdrift
