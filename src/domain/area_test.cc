#include "domain/area.h"

#include <gtest/gtest.h>

namespace fremdrift {
namespace {

TEST(AreaTest, Levels) {
  auto ref = ReferenceData::LoadEmbedded();
  ASSERT_TRUE(ref.ok());
  Areas areas(*ref);
  int herning = *areas.Find("657");
  EXPECT_EQ(areas.Label(herning), "657");
  EXPECT_EQ(areas.Label(areas.Containing(AreaLevel::kRar, herning)), "RAR Vestjylland");
  EXPECT_EQ(areas.Label(areas.Containing(AreaLevel::kRegion, herning)), "Region Midtjylland");
  EXPECT_EQ(areas.Label(areas.Containing(AreaLevel::kLand, herning)), "Hele landet");
  EXPECT_EQ(areas.Label(areas.unknown_id()), "ukendt");
  EXPECT_EQ(areas.Containing(AreaLevel::kRar, areas.unknown_id()), -1);
  EXPECT_EQ(areas.Containing(AreaLevel::kLand, areas.unknown_id()), areas.land_id());
  EXPECT_EQ(areas.IdsOf(AreaLevel::kKommune).size(), 99u);
  EXPECT_EQ(areas.IdsOf(AreaLevel::kRar).size(), 8u);
  EXPECT_EQ(*areas.Find("Herning"), herning);
  EXPECT_EQ(*areas.Find("RAR Vestjylland"), areas.Containing(AreaLevel::kRar, herning));
  EXPECT_FALSE(areas.Find("999").ok());
  EXPECT_FALSE(ParseAreaLevel("by").ok());
}

}  // namespace
}  // namespace fremdrift
