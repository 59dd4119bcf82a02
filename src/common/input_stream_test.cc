#include "common/input_stream.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>

#include "common/file_util.h"

namespace fremdrift {
namespace {

std::string ReadAll(const std::string& path, Compression expect) {
  auto s = InputStream::Open(path);
  EXPECT_TRUE(s.ok());
  if (!s.ok()) return {};
  EXPECT_EQ((*s)->compression(), expect);
  std::string out;
  char buf[7];  // small buffer: exercises refills
  while (true) {
    auto n = (*s)->Read(buf, sizeof buf);
    EXPECT_TRUE(n.ok());
    if (!n.ok() || *n == 0) break;
    out.append(buf, *n);
  }
  return out;
}

TEST(InputStreamTest, PlainGzipZstd) {
  std::string dir = ::testing::TempDir() + "/fremdrift_is_" + std::to_string(getpid());
  ASSERT_EQ(std::system(("mkdir -p " + dir).c_str()), 0);
  std::string text;
  for (int i = 0; i < 5000; ++i) text += "id;y_1901\n" + std::to_string(i) + ";730\n";
  ASSERT_TRUE(WriteStringToFile(dir + "/r.csv", text).ok());
  EXPECT_EQ(ReadAll(dir + "/r.csv", Compression::kNone), text);
  ASSERT_EQ(std::system(("gzip -kf " + dir + "/r.csv").c_str()), 0);
  EXPECT_EQ(ReadAll(dir + "/r.csv.gz", Compression::kGzip), text);
  if (std::system("command -v zstd >/dev/null") == 0) {
    ASSERT_EQ(std::system(("zstd -qf " + dir + "/r.csv -o " + dir + "/r.csv.zst").c_str()), 0);
    EXPECT_EQ(ReadAll(dir + "/r.csv.zst", Compression::kZstd), text);
  }
  ASSERT_EQ(std::system(("rm -rf " + dir).c_str()), 0);
}

TEST(InputStreamTest, TruncatedGzipIsDataLoss) {
  std::string dir = ::testing::TempDir() + "/fremdrift_is2_" + std::to_string(getpid());
  ASSERT_EQ(std::system(("mkdir -p " + dir).c_str()), 0);
  std::string text(100000, 'x');
  ASSERT_TRUE(WriteStringToFile(dir + "/r.csv", text).ok());
  ASSERT_EQ(std::system(
                ("gzip -f " + dir + "/r.csv && head -c 60 " + dir + "/r.csv.gz > " + dir + "/t.gz")
                    .c_str()),
            0);
  auto s = InputStream::Open(dir + "/t.gz");
  ASSERT_TRUE(s.ok());
  char buf[4096];
  Status last;
  while (true) {
    auto n = (*s)->Read(buf, sizeof buf);
    if (!n.ok()) {
      last = n.status();
      break;
    }
    if (*n == 0) break;
  }
  EXPECT_EQ(last.code(), StatusCode::kDataLoss);
  ASSERT_EQ(std::system(("rm -rf " + dir).c_str()), 0);
}

}  // namespace
}  // namespace fremdrift
