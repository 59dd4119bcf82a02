#include "registry/ingest.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

#include "common/file_util.h"
#include "registry/spell_store.h"

namespace fremdrift {
namespace {

class IngestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ref_ = std::make_unique<ReferenceData>(*ReferenceData::LoadEmbedded());
    dir_ = ::testing::TempDir() + "/ingest_" + std::to_string(getpid()) + "_" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    ASSERT_EQ(std::system(("rm -rf " + dir_ + " && mkdir -p " + dir_).c_str()), 0);
  }
  void TearDown() override { [[maybe_unused]] int rc = std::system(("rm -rf " + dir_).c_str()); }
  Result<IngestReport> Run(const std::string& csv, OnError on_error = OnError::kStop,
                           std::size_t chunk = 1 << 20) {
    EXPECT_TRUE(WriteStringToFile(dir_ + "/r.csv", csv).ok());
    IngestOptions o;
    o.register_path = dir_ + "/r.csv";
    o.store_path = dir_ + "/s.store";
    o.on_error = on_error;
    o.chunk_bytes = chunk;
    return IngestRegister(*ref_, o);
  }
  std::unique_ptr<ReferenceData> ref_;
  std::string dir_;
};

const char kGood[] =
    "\xEF\xBB\xBF"
    "cpr;kom;y_1901;y_1902;y_1903\r\n"
    "0101901234;657;730;730;\r\n"
    "0202801235;217;;890;890\r\n";

TEST_F(IngestTest, WritesStoreKeyAndReport) {
  auto r = Run(kGood);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->rows, 2u);
  EXPECT_EQ(r->persons, 2u);
  EXPECT_EQ(r->spells, 2u);
  EXPECT_TRUE(r->key_created);
  struct stat st;
  ASSERT_EQ(stat((dir_ + "/s.store.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto store = SpellStore::Open(dir_ + "/s.store");
  ASSERT_TRUE(store.ok());
  EXPECT_TRUE(store->Verify().ok());
  // No CPR number in the store, in any form.
  std::string bytes = *ReadFileToString(dir_ + "/s.store");
  EXPECT_EQ(bytes.find("0101901234"), std::string::npos);
  EXPECT_EQ(bytes.find("010190"), std::string::npos);
  std::string text = r->ToText(*ref_);
  EXPECT_NE(text.find("kontanthjaelp"), std::string::npos);
  EXPECT_EQ(text.find("0101901234"), std::string::npos);
  // The same key is reused: pseudonyms stable across ingests.
  Pseudonymizer p(*Pseudonymizer::ReadKeyFile(dir_ + "/s.store.key"));
  EXPECT_EQ(store->FindPerson(p.Of("010190-1234")), 0);
  auto again = Run(kGood);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->key_created);
}

TEST_F(IngestTest, CommaDelimiterAndSmallChunks) {
  std::string csv = "lobenr,kom,y_1901\n";
  for (int i = 0; i < 500; ++i) csv += "P" + std::to_string(i) + ",657,730\n";
  auto r = Run(csv, OnError::kStop, 64);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->persons, 500u);
}

TEST_F(IngestTest, GzipInput) {
  ASSERT_TRUE(WriteStringToFile(dir_ + "/g.csv", kGood).ok());
  ASSERT_EQ(std::system(("gzip -f " + dir_ + "/g.csv").c_str()), 0);
  IngestOptions o;
  o.register_path = dir_ + "/g.csv.gz";
  o.store_path = dir_ + "/g.store";
  auto r = IngestRegister(*ref_, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->persons, 2u);
}

TEST_F(IngestTest, StopsAtFirstBadRowInFileOrder) {
  std::string csv = "lobenr;kom;y_1901\n";
  for (int i = 0; i < 300; ++i) csv += "P" + std::to_string(i) + ";657;730\n";
  csv += "BAD1;657;000\n";  // row 302
  for (int i = 0; i < 300; ++i) csv += "Q" + std::to_string(i) + ";657;730\n";
  csv += "BAD2;657;001\n";
  auto r = Run(csv, OnError::kStop, 128);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            dir_ +
                "/r.csv, row 302, column 'y_1901': '000' is not a benefit code in "
                "reference/dream-codes.csv");
}

TEST_F(IngestTest, FailedIngestLeavesOldStore) {
  ASSERT_TRUE(Run(kGood).ok());
  std::string before = *ReadFileToString(dir_ + "/s.store");
  auto r = Run("cpr;kom;y_1901\n0101901234;657;730\n0101901234;657\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(*ReadFileToString(dir_ + "/s.store"), before);
  // Nothing half-written beside it.
  EXPECT_EQ(std::system(("test $(ls " + dir_ + " | grep -c tmp) -eq 0").c_str()), 0);
}

TEST_F(IngestTest, FirstIngestFailingCreatesNoKey) {
  auto r = Run("cpr;kom;y_1901\n0101901234;657;1\n");
  ASSERT_FALSE(r.ok());
  EXPECT_FALSE(FileExists(dir_ + "/s.store"));
  EXPECT_FALSE(FileExists(dir_ + "/s.store.key"));
}

TEST_F(IngestTest, SkipModeListsRows) {
  auto r =
      Run("cpr;kom;y_1901\n0101901234;657;730\n0101901234;657;890\n3102901234;657;730\n"
          "0303901234;657;99\n",
          OnError::kSkip);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->persons, 1u);
  ASSERT_EQ(r->skipped.size(), 3u);
  EXPECT_EQ(r->skipped[0].row, 3u);
  EXPECT_NE(r->skipped[0].message.find("the same person as row 2"), std::string::npos);
  EXPECT_EQ(r->skipped[1].row, 4u);
  EXPECT_EQ(r->skipped[1].value, "******-****");
  EXPECT_EQ(r->skipped[2].row, 5u);
  EXPECT_EQ(r->ToJson(*ref_).find("3102901234"), std::string::npos);
}

TEST_F(IngestTest, DuplicateStopsByDefault) {
  auto r = Run("cpr;kom;y_1901\n0101901234;657;730\n010190-1234;657;890\n");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("row 3: the same person as row 2"), std::string::npos);
}

TEST_F(IngestTest, EmptyAndHeaderOnly) {
  EXPECT_FALSE(Run("").ok());
  auto r = Run("cpr;kom;y_1901\n");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->persons, 0u);
}

}  // namespace
}  // namespace fremdrift
