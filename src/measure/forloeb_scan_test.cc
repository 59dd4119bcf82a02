#include "measure/forloeb_scan.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>

#include "common/file_util.h"
#include "registry/ingest.h"

namespace fremdrift {
namespace {

TEST(ForloebScanTest, DurationBandBoundaries) {
  const std::pair<int, int> cases[] = {{1, 0},  {4, 0},   {5, 1},   {8, 1},   {9, 2},  {13, 2},
                                       {14, 3}, {26, 3},  {27, 4},  {39, 4},  {40, 5}, {52, 5},
                                       {53, 6}, {104, 6}, {105, 7}, {156, 7}, {157, 8}};
  for (auto [weeks, band] : cases) EXPECT_EQ(DurationBand(weeks), band) << weeks;
  EXPECT_EQ(DurationBandNames().size(), 9u);
}

TEST(ForloebScanTest, ForloebSpanMovesAndGroups) {
  auto ref = ReferenceData::LoadEmbedded();
  std::string dir = ::testing::TempDir() + "/fscan_" + std::to_string(getpid());
  ASSERT_EQ(std::system(("mkdir -p " + dir).c_str()), 0);
  // 730 and 733 are both kontanthjælp: one forløb across the code change and the move.
  ASSERT_TRUE(
      WriteStringToFile(dir + "/r.csv",
                        "lobenr;kom_2019;kom_2020;y_1951;y_1952;y_2001;y_2002;y_2003;y_2004\n"
                        "A;657;661;730;733;733;;890;\n")
          .ok());
  IngestOptions o;
  o.register_path = dir + "/r.csv";
  o.store_path = dir + "/s.store";
  ASSERT_TRUE(IngestRegister(*ref, o).ok());
  auto st = SpellStore::Open(o.store_path);
  ASSERT_TRUE(st.ok());
  auto groups = CodeGroups(*ref);
  std::vector<Forloeb> list;
  PersonForloeb(*st, groups, 0, list);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].first, 0);
  EXPECT_EQ(list[0].last, 2);
  EXPECT_EQ(list[0].kommune_first, 657);
  EXPECT_EQ(list[0].kommune_last, 661);
  EXPECT_FALSE(list[0].open);
  EXPECT_EQ(list[1].previous_group, ref->GroupIndex("kontanthjaelp"));
  EXPECT_EQ(EndReason(*st, groups, 0, list[0]), ref->GroupIndex("sygedagpenge"));
  EXPECT_EQ(GroupAtWeek(*st, groups, 0, 3), kSelvforsoergelse);
  EXPECT_EQ(GroupAtWeek(*st, groups, 0, 6), kNotYetKnown);
  // The sygedagpenge forløb's 4 following weeks run past the register: no end reason yet.
  EXPECT_EQ(EndReason(*st, groups, 0, list[1]), kNotYetKnown);
  EXPECT_EQ(StatusName(*ref, kSelvforsoergelse), "selvforsoergelse");
  ASSERT_EQ(std::system(("rm -rf " + dir).c_str()), 0);
}

}  // namespace
}  // namespace fremdrift
