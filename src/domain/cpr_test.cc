#include "domain/cpr.h"

#include <gtest/gtest.h>

namespace fremdrift {
namespace {

// The century rule of digit 7, case by case (register-format.md).
struct CenturyCase {
  std::string cpr;
  CivilDate birth;
  Sex sex;
};
class CprCenturyTest : public ::testing::TestWithParam<CenturyCase> {};
TEST_P(CprCenturyTest, BirthAndSex) {
  auto c = GetParam();
  auto info = ParseCpr(c.cpr);
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->birth, c.birth);
  EXPECT_EQ(info->sex, c.sex);
}
INSTANTIATE_TEST_SUITE_P(
    Rule, CprCenturyTest,
    ::testing::Values(CenturyCase{"0101650123", {1965, 1, 1}, Sex::kMan},     // 0-3 → 1900s
                      CenturyCase{"010165-3122", {1965, 1, 1}, Sex::kWoman},  // dash accepted
                      CenturyCase{"0101364121", {2036, 1, 1}, Sex::kMan},     // 4, YY<=36
                      CenturyCase{"0101374121", {1937, 1, 1}, Sex::kMan},     // 4, YY>36
                      CenturyCase{"0101059120", {2005, 1, 1}, Sex::kWoman},   // 9, YY<=36
                      CenturyCase{"0101575001", {2057, 1, 1}, Sex::kMan},     // 5-8, YY<=57
                      CenturyCase{"0101588001", {1858, 1, 1}, Sex::kMan},     // 5-8, YY>57
                      CenturyCase{"2902005000", {2000, 2, 29}, Sex::kWoman},  // leap day
                      CenturyCase{"0101651111", {1965, 1, 1}, Sex::kMan}));   // fails mod-11

TEST(CprTest, Invalid) {
  EXPECT_FALSE(ParseCpr("3102651234").ok());   // 31 February
  EXPECT_FALSE(ParseCpr("010165123").ok());    // 9 digits
  EXPECT_FALSE(ParseCpr("01016512345").ok());  // 11 digits
  EXPECT_FALSE(ParseCpr("01016a1234").ok());
  EXPECT_FALSE(LooksLikeCpr("P000123"));
  // The message never holds the number.
  EXPECT_EQ(ParseCpr("3102651234").status().message().find("3102651234"), std::string::npos);
  EXPECT_EQ(MaskCpr("3102651234"), "******-****");
}

TEST(CprShapeTest, CprShapesAnywhereInText) {
  EXPECT_TRUE(ContainsCprShape("0101901234"));
  EXPECT_TRUE(ContainsCprShape("010190-1234"));
  EXPECT_TRUE(ContainsCprShape("010190 1234"));
  EXPECT_TRUE(ContainsCprShape("id 0101901234-0001"));
  EXPECT_TRUE(ContainsCprShape("CPR:010190-1234."));
  EXPECT_FALSE(ContainsCprShape("S000000271-0001"));  // the simulator's ids: 9 digits
  EXPECT_FALSE(ContainsCprShape("01019012345"));      // 11 digits
  EXPECT_FALSE(ContainsCprShape("010190-12345"));
  EXPECT_FALSE(ContainsCprShape("010190  1234"));     // two spaces: two numbers
  EXPECT_FALSE(ContainsCprShape("12345678"));
  EXPECT_EQ(MaskCprShapes("a 0101901234 b 010190-1234 c 010190 1234 d 123"),
            "a ********** b ******-**** c ****** **** d 123");
}

}  // namespace
}  // namespace fremdrift
