// Tests for reading published profiles into figure definitions.
#include "simulate/profile.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace fremdrift::sim {
namespace {

std::string ProfilePath(const char* name) {
  const char* src = std::getenv("FREMDRIFT_SOURCE_DIR");
  return std::string(src ? src : ".") + "/data/reference/profiles/" + name;
}

const Figure* Find(const Profile& p, const std::string& key) {
  for (const auto& f : p.figures) {
    if (f.key == key) return &f;
  }
  return nullptr;
}

TEST(ProfileTest, Herning2019) {
  auto ref = ReferenceData::LoadEmbedded();
  ASSERT_TRUE(ref.ok());
  auto p = LoadProfile(ProfilePath("herning-2019-02.toml"), *ref);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->kommune, 657);
  EXPECT_EQ(p->month, MakeMonth(2019, 2));
  EXPECT_EQ(p->arbejdsstyrke, 45500);
  EXPECT_EQ(p->figures.size(), 9u);
  EXPECT_EQ(p->ignored.size(), 5u);  // the national comparison figures
  const Figure* ledig = Find(*p, "share_of_labour_force.ledighedsprocent");
  ASSERT_NE(ledig, nullptr);
  EXPECT_EQ(ledig->kind, FigureKind::kShareOfLabourForce);
  EXPECT_TRUE(ledig->codes.test(111));
  EXPECT_TRUE(ledig->codes.test(130));   // jobparat kontanthjælp is gross unemployment
  EXPECT_FALSE(ledig->codes.test(730));  // aktivitetsparat is not
  EXPECT_FALSE(ledig->codes.test(700));  // integrationsydelse is not
  const Figure* kui = Find(*p, "share_of_labour_force.kontant_uddannelse_integration");
  ASSERT_NE(kui, nullptr);
  EXPECT_TRUE(kui->codes.test(730) && kui->codes.test(720) && kui->codes.test(700));
  const Figure* fp = Find(*p, "fuldtidspersoner.foertidspension");
  ASSERT_NE(fp, nullptr);
  EXPECT_EQ(fp->kind, FigureKind::kFtp);
  EXPECT_EQ(fp->target, 3671);
  EXPECT_TRUE(fp->codes.test(783));
}

TEST(ProfileTest, Herning2012MonthSuffixes) {
  auto ref = ReferenceData::LoadEmbedded();
  ASSERT_TRUE(ref.ok());
  auto p = LoadProfile(ProfilePath("herning-2012-06.toml"), *ref);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  const Figure* syg = Find(*p, "sygedagpengeforloeb_over_26_uger_2012_07");
  ASSERT_NE(syg, nullptr);
  EXPECT_EQ(syg->kind, FigureKind::kForloebOver26);
  EXPECT_EQ(syg->month, MakeMonth(2012, 7));
  const Figure* unge = Find(*p, "unge_ledige_under_25_2012_05");
  ASSERT_NE(unge, nullptr);
  EXPECT_EQ(unge->age_hi, 24);
  const Figure* delvis = Find(*p, "delvis_raskmeldte_pct_2012_04");
  ASSERT_NE(delvis, nullptr);
  EXPECT_EQ(delvis->kind, FigureKind::kPartialPct);
  const Figure* kh = Find(*p, "kontanthjaelp_fuldtidspersoner_2012_06");
  ASSERT_NE(kh, nullptr);
  EXPECT_TRUE(kh->codes.test(730));
}

// The young people on public support: every group of offentlig forsørgelse, 16-29, with the
// simulated labour force 16-29 as denominator (set by the calibration, not the 16-66 estimate).
TEST(ProfileTest, YoungPeopleOnPublicSupport) {
  auto ref = ReferenceData::LoadEmbedded();
  ASSERT_TRUE(ref.ok());
  auto p = ParseProfile(
      "kommune = 657\nperiod = \"2019-02\"\n[estimate]\nbefolkning_16_66 = 57000\n"
      "arbejdsstyrke_16_66 = 45500\n[published.share_of_labour_force]\n"
      "unge_offentlig_forsoergelse = 11.6\n",
      "unge.toml", *ref);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  const Figure* f = Find(*p, "share_of_labour_force.unge_offentlig_forsoergelse");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->kind, FigureKind::kShareOfLabourForce);
  EXPECT_TRUE(f->denominator_from_population);
  EXPECT_EQ(f->age_lo, 16);
  EXPECT_EQ(f->age_hi, 29);
  for (int code : {111, 130, 730, 783, 890, 899}) EXPECT_TRUE(f->codes.test(code)) << code;
  for (int code : {651, 652}) EXPECT_FALSE(f->codes.test(code)) << code;  // SU
  EXPECT_DOUBLE_EQ(f->target, 11.6);
}

TEST(ProfileTest, UnknownFigureIsAnError) {
  auto ref = ReferenceData::LoadEmbedded();
  ASSERT_TRUE(ref.ok());
  auto p = ParseProfile(
      "kommune = 657\nperiod = \"2019-02\"\n[estimate]\nbefolkning_16_66 = 1\n"
      "arbejdsstyrke_16_66 = 1\n[published]\nlykke_2019_02 = 3\n",
      "x.toml", *ref);
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.status().message().find("lykke_2019_02"), std::string::npos);
  EXPECT_NE(p.status().message().find("line 7"), std::string::npos) << p.status().message();
}

}  // namespace
}  // namespace fremdrift::sim
