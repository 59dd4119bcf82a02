// Tests for loading params.toml, the pension ages and the code table.
#include "simulate/model_params.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "common/file_util.h"
#include "domain/reference.h"
#include "simulate/life.h"

namespace fremdrift::sim {
namespace {

TEST(ModelParamsTest, BuiltInParametersLoad) {
  auto p = ModelParams::LoadDefault();
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_TRUE(p->states[static_cast<int>(State::kFoertidspension)].absorbing);
  EXPECT_TRUE(p->states[static_cast<int>(State::kDagpenge)].labour_force);
  EXPECT_GT(p->population_16_66[657], 40000);
  EXPECT_EQ(p->population_16_66[999], 0);
  EXPECT_FALSE(p->national_levels.empty());
}

TEST(ModelParamsTest, ErrorsNameFileLineAndKey) {
  auto dir = std::filesystem::temp_directory_path() / "fremdrift_params_test";
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "params.toml").string();
  ASSERT_TRUE(WriteStringToFile(path, "[state.employed]\nnext = { nowhere = 1.0 }\n").ok());
  auto p = ModelParams::Load(path);
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.status().message().find("nowhere"), std::string::npos) << p.status().message();
  ASSERT_TRUE(WriteStringToFile(path, "[demography\nx = 1\n").ok());
  p = ModelParams::Load(path);
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.status().message().find("line 1"), std::string::npos) << p.status().message();
  std::filesystem::remove_all(dir);
}

TEST(ModelParamsTest, FolkepensionAges) {
  EXPECT_EQ(FolkepensionAgeMonths({1950, 5, 1}), 65 * 12);
  EXPECT_EQ(FolkepensionAgeMonths({1954, 3, 1}), 65 * 12 + 6);
  EXPECT_EQ(FolkepensionAgeMonths({1954, 9, 1}), 66 * 12);
  EXPECT_EQ(FolkepensionAgeMonths({1955, 3, 1}), 66 * 12 + 6);
  EXPECT_EQ(FolkepensionAgeMonths({1960, 3, 1}), 67 * 12);
  EXPECT_EQ(FolkepensionAgeMonths({1965, 3, 1}), 68 * 12);
  EXPECT_EQ(EfterloenAgeMonths({1950, 5, 1}), 60 * 12);
  EXPECT_EQ(EfterloenAgeMonths({1960, 5, 1}), 64 * 12);
  EXPECT_EQ(AddMonths({1960, 1, 31}, 1), DaysFromCivil(1960, 2, 29));
}

// Every code the simulator can write exists in dream-codes.csv, and its group, effort kind and
// match category agree with the state and effort that produced it.
TEST(ModelParamsTest, CodesComeFromTheReferenceTable) {
  auto p = ModelParams::LoadDefault();
  auto ref = ReferenceData::LoadEmbedded();
  ASSERT_TRUE(p.ok() && ref.ok());
  const DayNumber days[] = {DaysFromCivil(2008, 1, 1), DaysFromCivil(2014, 3, 1),
                            DaysFromCivil(2020, 1, 1)};
  const char* kinds[] = {"passiv", "vejledning_opkvalificering", "virksomhedspraktik",
                         "loentilskud"};
  int checked = 0;
  for (int s = 0; s < kNumStates; ++s) {
    for (int e = 0; e < kNumEfforts; ++e) {
      for (bool priv : {false, true}) {
        for (DayNumber d : days) {
          for (int age : {17, 25, 45}) {
            int code = CodeFor(*p, static_cast<State>(s), static_cast<Effort>(e), priv, d, age);
            if (code == 0) continue;
            int ci = ref->CodeIndex(code);
            ASSERT_GE(ci, 0) << "code " << code;
            const BenefitCode& bc = ref->codes()[ci];
            ++checked;
            if (!bc.indsats.empty() && bc.indsats != "delvis_rask") {
              EXPECT_EQ(bc.indsats.rfind(kinds[e], 0), 0u) << code << " " << bc.indsats;
              if (e >= 2) {
                EXPECT_NE(bc.indsats.find(priv ? "privat" : "offentlig"), std::string::npos);
              }
            }
            if (s == static_cast<int>(State::kKhJobparat)) EXPECT_EQ(bc.match, "jobparat");
            if (s == static_cast<int>(State::kKhAktivitetsparat)) {
              EXPECT_EQ(bc.match, "aktivitetsparat");
            }
          }
        }
      }
    }
  }
  EXPECT_GT(checked, 500);
  // Uddannelseshjælp only for under-30s from 2014.
  EXPECT_EQ(CodeFor(*p, State::kKhJobparat, Effort::kPassive, false, days[0], 25), 130);
  EXPECT_EQ(CodeFor(*p, State::kKhJobparat, Effort::kPassive, false, days[2], 25), 140);
  EXPECT_EQ(CodeFor(*p, State::kKhAktivitetsparat, Effort::kPassive, false, days[2], 45), 730);
}

}  // namespace
}  // namespace fremdrift::sim
