#include "common/data_dir.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace fremdrift {
namespace {

namespace fs = std::filesystem;

class DataDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::path(::testing::TempDir()) /
            ("fremdrift_data_dir_" + std::to_string(getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(base_);
    fs::create_directories(base_);
  }
  void TearDown() override { fs::remove_all(base_); }

  // A file (and its folders).
  std::string Touch(const fs::path& relative, const std::string& text = "x") {
    fs::path p = base_ / relative;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
    return p.string();
  }
  // A folder with the source tree's shape.
  std::string SourceTree(const fs::path& relative) {
    fs::create_directories(base_ / relative / "data" / "models");
    Touch(relative / "web" / "index.html");
    return (base_ / relative).string();
  }

  fs::path base_;
};

TEST_F(DataDirTest, InstalledBesideTheBinary) {
  std::string binary = Touch("prefix/bin/fremdrift");
  fs::create_directories(base_ / "prefix/share/fremdrift/data/models");
  auto dir = FindDataDirFor("", binary);
  ASSERT_TRUE(dir.ok()) << dir.status().message();
  EXPECT_EQ(dir->root, (base_ / "prefix/share/fremdrift").string());
  EXPECT_EQ(dir->found_by, "installed beside the binary");
  EXPECT_EQ(dir->Path("data/rules"), (base_ / "prefix/share/fremdrift/data/rules").string());
}

TEST_F(DataDirTest, BuildTreeMarkerNamesTheSourceTree) {
  std::string source = SourceTree("checkout");
  Touch(fs::path("elsewhere/build") / kSourceDirMarker, source + "\n");
  std::string binary = Touch("elsewhere/build/src/app/fremdrift");
  auto dir = FindDataDirFor("", binary);
  ASSERT_TRUE(dir.ok()) << dir.status().message();
  EXPECT_EQ(dir->root, source);
  EXPECT_NE(dir->found_by.find(std::string(kSourceDirMarker)), std::string::npos);
}

TEST_F(DataDirTest, BuildTreeInsideTheSourceTree) {
  std::string source = SourceTree("checkout");
  std::string binary = Touch("checkout/build/rel/src/app/fremdrift");
  auto dir = FindDataDirFor("", binary);
  ASSERT_TRUE(dir.ok()) << dir.status().message();
  EXPECT_EQ(dir->root, source);
}

TEST_F(DataDirTest, MarkerNamingAMissingTreeIsAnError) {
  Touch(fs::path("build") / kSourceDirMarker, (base_ / "gone").string());
  std::string binary = Touch("build/src/app/fremdrift");
  auto dir = FindDataDirFor("", binary);
  ASSERT_FALSE(dir.ok());
  EXPECT_EQ(dir.status().code(), StatusCode::kNotFound);
  EXPECT_NE(dir.status().message().find((base_ / "gone").string()), std::string::npos);
}

TEST_F(DataDirTest, NothingFoundNamesWhatWasLookedFor) {
  std::string binary = Touch("lone/bin/fremdrift");
  auto dir = FindDataDirFor("", binary);
  ASSERT_FALSE(dir.ok());
  const std::string m = dir.status().message();
  EXPECT_NE(m.find("FREMDRIFT_DATA_DIR"), std::string::npos) << m;
  EXPECT_NE(m.find((base_ / "lone/share/fremdrift").string()), std::string::npos) << m;
  EXPECT_NE(m.find(std::string(kSourceDirMarker)), std::string::npos) << m;
  EXPECT_NE(m.find("data/models"), std::string::npos) << m;
}

TEST_F(DataDirTest, EnvironmentComesFirst) {
  std::string source = SourceTree("checkout");
  std::string binary = Touch("prefix/bin/fremdrift");
  fs::create_directories(base_ / "prefix/share/fremdrift/data/models");
  auto dir = FindDataDirFor(source + "/", binary);
  ASSERT_TRUE(dir.ok()) << dir.status().message();
  EXPECT_EQ(dir->root, source);
  EXPECT_EQ(dir->found_by, "$FREMDRIFT_DATA_DIR");
}

TEST_F(DataDirTest, EnvironmentWithoutDataIsAnError) {
  fs::create_directories(base_ / "empty");
  std::string binary = Touch("prefix/bin/fremdrift");
  fs::create_directories(base_ / "prefix/share/fremdrift/data/models");
  auto dir = FindDataDirFor((base_ / "empty").string(), binary);
  ASSERT_FALSE(dir.ok());
  EXPECT_NE(dir.status().message().find((base_ / "empty").string()), std::string::npos);
}

TEST_F(DataDirTest, DataPathTakesItsVariableFirst) {
  ASSERT_EQ(setenv("FREMDRIFT_DATA_DIR_TEST_VAR", "/some/where", 1), 0);
  EXPECT_EQ(DataPath("FREMDRIFT_DATA_DIR_TEST_VAR", "data/models"), "/some/where");
  unsetenv("FREMDRIFT_DATA_DIR_TEST_VAR");
  std::string path = DataPath("FREMDRIFT_DATA_DIR_TEST_VAR", "data/models");
  EXPECT_TRUE(path.ends_with("/data/models")) << path;
}

// This test binary sits in a build tree: it finds the source tree it was built from through the
// build tree's marker, as ctest's $FREMDRIFT_SOURCE_DIR names it.
TEST(DataDirOfThisBinary, FindsTheSourceTree) {
  if (const char* env = std::getenv("FREMDRIFT_DATA_DIR"); env && *env) {
    GTEST_SKIP() << "FREMDRIFT_DATA_DIR is set";
  }
  auto dir = FindDataDir();
  ASSERT_TRUE(dir.ok()) << dir.status().message();
  EXPECT_TRUE(fs::is_directory(dir->Path("data/models")));
  EXPECT_TRUE(fs::is_regular_file(dir->Path("web/index.html")));
  if (const char* src = std::getenv("FREMDRIFT_SOURCE_DIR"); src && *src) {
    EXPECT_TRUE(fs::equivalent(dir->root, src)) << dir->root << " vs " << src;
  }
}

}  // namespace
}  // namespace fremdrift
