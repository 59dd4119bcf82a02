#include "common/file_util.h"

#include <gtest/gtest.h>
#include <unistd.h>

namespace fremdrift {
namespace {

std::string TempPath(const std::string& name) {
  return ::testing::TempDir() + "/fremdrift_" + std::to_string(getpid()) + "_" + name;
}

TEST(FileUtilTest, AtomicWriteAndMap) {
  std::string path = TempPath("atomic");
  ASSERT_TRUE(WriteStringToFile(path, "hello").ok());
  auto m = MappedFile::Open(path);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(m->data()), m->size()), "hello");
  unlink(path.c_str());
}

TEST(FileUtilTest, UncommittedWriteLeavesOldFile) {
  std::string path = TempPath("keep");
  ASSERT_TRUE(WriteStringToFile(path, "old").ok());
  std::string temp;
  {
    AtomicFile f(path);
    ASSERT_TRUE(f.Open().ok());
    ASSERT_TRUE(f.Write("new data", 8).ok());
    temp = f.temp_path();
    EXPECT_TRUE(FileExists(temp));
  }
  EXPECT_FALSE(FileExists(temp));
  EXPECT_EQ(*ReadFileToString(path), "old");
  unlink(path.c_str());
}

TEST(FileUtilTest, MissingFile) {
  EXPECT_EQ(ReadFileToString("/nonexistent/x").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(MappedFile::Open("/nonexistent/x").status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace fremdrift
