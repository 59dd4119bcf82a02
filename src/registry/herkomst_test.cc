#include "registry/herkomst.h"

#include <gtest/gtest.h>

namespace fremdrift {
namespace {

int Code(std::string_view v) {
  int code = -1;
  EXPECT_EQ(MapHerkomst(v, code), HerkomstMatch::kCategory) << v;
  return code;
}

TEST(HerkomstTest, OfficialSpellings) {
  EXPECT_EQ(Code("Personer med dansk oprindelse"), 1);
  EXPECT_EQ(Code("dansk"), 1);
  EXPECT_EQ(Code("dansk_oprindelse"), 1);
  EXPECT_EQ(Code("Indvandrere fra vestlige lande"), 2);
  EXPECT_EQ(Code("Efterkommere fra vestlige lande"), 2);
  EXPECT_EQ(Code("Indvandrere og efterkommere fra vestlige lande"), 2);
  EXPECT_EQ(Code("vestlig"), 2);
  EXPECT_EQ(Code("Indvandrere fra ikke-vestlige lande"), 3);
  EXPECT_EQ(Code("Efterkommere fra ikke-vestlige lande"), 3);
  EXPECT_EQ(Code("Indvandrere og efterkommere fra ikke-vestlige lande"), 3);
  EXPECT_EQ(Code("ikke_vestlig"), 3);
  EXPECT_EQ(Code("  IKKE-VESTLIGE  "), 3);
  EXPECT_EQ(Code("Ikke-vestlige indvandrere"), 3);
}

TEST(HerkomstTest, BlankIsUnknownAndOtherValuesAreNotRecognised) {
  int code = -1;
  EXPECT_EQ(MapHerkomst("", code), HerkomstMatch::kUnknown);
  EXPECT_EQ(code, 0);
  EXPECT_EQ(MapHerkomst(" ", code), HerkomstMatch::kUnknown);
  EXPECT_EQ(MapHerkomst("Uoplyst", code), HerkomstMatch::kUnknown);
  EXPECT_EQ(MapHerkomst("Indvandrere", code), HerkomstMatch::kUnrecognised);
  EXPECT_EQ(MapHerkomst("3", code), HerkomstMatch::kUnrecognised);
  EXPECT_EQ(MapHerkomst("danskere fra vestlige lande", code), HerkomstMatch::kUnrecognised);
}

}  // namespace
}  // namespace fremdrift
