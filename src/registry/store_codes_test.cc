#include "registry/store_codes.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>

#include "common/file_util.h"
#include "registry/ingest.h"

namespace fremdrift {
namespace {

class StoreCodesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ref_ = std::make_unique<ReferenceData>(*ReferenceData::LoadEmbedded());
    dir_ = ::testing::TempDir() + "/store_codes_" + std::to_string(getpid()) + "_" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    ASSERT_EQ(std::system(("rm -rf " + dir_ + " && mkdir -p " + dir_).c_str()), 0);
    ASSERT_TRUE(WriteStringToFile(dir_ + "/r.csv",
                                  "cpr;kom;y_1901;y_1902;y_1903\n"
                                  "0101901234;657;199;199;\n"
                                  "0202801235;217;;890;890\n")
                    .ok());
  }
  void TearDown() override { [[maybe_unused]] int rc = std::system(("rm -rf " + dir_).c_str()); }
  Result<IngestReport> Ingest(const ReferenceData& ref) {
    IngestOptions o;
    o.register_path = dir_ + "/r.csv";
    o.store_path = dir_ + "/s.store";
    return IngestRegister(ref, o);
  }
  std::unique_ptr<ReferenceData> ref_;
  std::string dir_;
};

// An operator's newer code list (--codes) adds code 199 to a-dagpenge; the store keeps that list,
// so a command that reads only the built-in list still groups the store's codes as ingest did.
TEST_F(StoreCodesTest, TheCodeListOfTheIngestTravelsWithTheStore) {
  ASSERT_FALSE(Ingest(*ref_).ok()) << "199 is not in the built-in list";
  auto extended = ref_->WithCodes(
      ref_->codes_csv() + "199,\"Dagpenge, ny kode\",a_dagpenge,,,1,,\n", "nye-koder.csv");
  ASSERT_TRUE(extended.ok()) << extended.status().ToString();
  auto report = Ingest(*extended);
  ASSERT_TRUE(report.ok()) << report.status().ToString();

  auto store = SpellStore::Open(dir_ + "/s.store");
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ(store->code_list(), extended->codes_csv());
  EXPECT_EQ(ref_->CodeIndex(199), -1);
  auto for_store = ReferenceForStore(*ref_, *store, dir_ + "/s.store");
  ASSERT_TRUE(for_store.ok()) << for_store.status().ToString();
  const int i = for_store->CodeIndex(199);
  ASSERT_GE(i, 0);
  EXPECT_EQ(for_store->groups()[for_store->codes()[i].group].id, "a_dagpenge");
  EXPECT_NE(for_store->codes_origin().find("s.store"), std::string::npos);

  auto by_path = ReferenceForStorePath(*ref_, dir_ + "/s.store");
  ASSERT_TRUE(by_path.ok());
  EXPECT_GE(by_path->CodeIndex(199), 0);
}

TEST_F(StoreCodesTest, TheSameListOrNoStoreLeavesTheReferenceAsItIs) {
  ASSERT_TRUE(WriteStringToFile(dir_ + "/r.csv", "cpr;kom;y_1901\n0101901234;657;111\n").ok());
  ASSERT_TRUE(Ingest(*ref_).ok());
  auto store = SpellStore::Open(dir_ + "/s.store");
  ASSERT_TRUE(store.ok());
  EXPECT_EQ(store->code_list(), ref_->codes_csv());
  auto same = ReferenceForStore(*ref_, *store, "s.store");
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->codes_origin(), ref_->codes_origin());
  auto none = ReferenceForStorePath(*ref_, "");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->codes_origin(), ref_->codes_origin());
  EXPECT_FALSE(ReferenceForStorePath(*ref_, dir_ + "/missing.store").ok());
}

}  // namespace
}  // namespace fremdrift
