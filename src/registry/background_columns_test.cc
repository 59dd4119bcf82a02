#include "registry/background_columns.h"

#include <gtest/gtest.h>

namespace fremdrift {
namespace {

TEST(BackgroundColumnsTest, RefusesPersonIdAndOwnColumns) {
  EXPECT_FALSE(CheckKeepColumnName("cpr", "").ok());
  EXPECT_FALSE(CheckKeepColumnName("PNR", "").ok());
  EXPECT_FALSE(CheckKeepColumnName("lobenr", "").ok());
  EXPECT_FALSE(CheckKeepColumnName("personnummer", "personnummer").ok());
  EXPECT_FALSE(CheckKeepColumnName("alder", "").ok());
  EXPECT_FALSE(CheckKeepColumnName("civil stand", "").ok());
  EXPECT_TRUE(CheckKeepColumnName("civilstand", "").ok());
  EXPECT_TRUE(CheckKeepColumnName("Uddannelse_niveau", "").ok());
}

TEST(BackgroundColumnsTest, RefusesCprShapedAndLongValues) {
  EXPECT_TRUE(CheckKeptValue("gift").empty());
  EXPECT_FALSE(CheckKeptValue("0101801234").empty());
  EXPECT_FALSE(CheckKeptValue("010180-1234").empty());
  EXPECT_FALSE(CheckKeptValue(std::string(101, 'x')).empty());
}

TEST(BackgroundColumnsTest, AppendJoinsDictionariesByName) {
  std::vector<AttributeColumn> all = {{"civilstand", {"gift", "ugift"}, {1, 2, 0}}};
  std::vector<AttributeColumn> more = {{"civilstand", {"ugift", "skilt"}, {2, 1}},
                                       {"a_kasse", {"3F"}, {1, 0}}};
  ASSERT_TRUE(AppendAttributes(all, 3, more, 2).ok());
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].values, (std::vector<std::string>{"gift", "ugift", "skilt"}));
  EXPECT_EQ(all[0].codes, (std::vector<std::uint8_t>{1, 2, 0, 3, 2}));
  EXPECT_EQ(all[1].name, "a_kasse");
  EXPECT_EQ(all[1].codes, (std::vector<std::uint8_t>{0, 0, 0, 1, 0}));
  // A batch without a column leaves it blank for its persons.
  ASSERT_TRUE(AppendAttributes(all, 5, {}, 1).ok());
  EXPECT_EQ(all[0].codes.size(), 6u);
  EXPECT_EQ(all[0].codes.back(), 0);

  SortAttributeValues(all);
  EXPECT_EQ(all[0].values, (std::vector<std::string>{"gift", "skilt", "ugift"}));
  EXPECT_EQ(all[0].codes, (std::vector<std::uint8_t>{1, 3, 0, 2, 3, 0}));
}

TEST(BackgroundColumnsTest, AtMost255Values) {
  AttributeColumn a{"x", {}, {}};
  for (int i = 0; i < 255; ++i) EXPECT_EQ(AttributeCode(a, std::to_string(i)), i + 1);
  EXPECT_EQ(AttributeCode(a, "7"), 8);
  EXPECT_EQ(AttributeCode(a, ""), 0);
  EXPECT_EQ(AttributeCode(a, "new"), -1);
  std::vector<AttributeColumn> all = {a};
  std::vector<AttributeColumn> more = {{"x", {"another"}, {1}}};
  EXPECT_FALSE(AppendAttributes(all, 0, more, 1).ok());
}

}  // namespace
}  // namespace fremdrift
