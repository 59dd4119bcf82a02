#include "models/toml_file.h"

#include <gtest/gtest.h>

#include "models/effort_model.h"
#include "rules/rule_set.h"

namespace fremdrift::cases {
namespace {

TEST(TomlFileTest, ANameIsLookedUpInTheFolderAndAPathIsTakenAsIs) {
  auto model = ResolveTomlFile("fsm2", DefaultModelsDir(), "model");
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  EXPECT_EQ(*model, DefaultModelsDir() + "/fsm2.toml");
  auto path = ResolveTomlFile("some/where.toml", DefaultModelsDir(), "model");
  ASSERT_TRUE(path.ok());
  EXPECT_EQ(*path, "some/where.toml");
}

TEST(TomlFileTest, AnUnknownNameListsTheKnownOnes) {
  auto r = ResolveTomlFile("findes-ikke", DefaultRulesDir(), "rule set");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  const std::string m = r.status().message();
  EXPECT_NE(m.find("no rule set 'findes-ikke'"), std::string::npos) << m;
  EXPECT_NE(m.find("rettidighed"), std::string::npos) << m;
  EXPECT_NE(m.find("rehabilitering"), std::string::npos) << m;
  EXPECT_EQ(ResolveTomlFile("x", "/nonexistent-dir", "model").status().message(),
            "no model 'x' in /nonexistent-dir (known: none)");
}

TEST(TomlFileTest, SyntaxErrorsNameFileLineAndColumn) {
  auto r = ReadToml<int>("id = \"a\"\nname = \n", "rules.toml",
                         [](const toml::table&) -> Result<int> { return 1; });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message().rfind("rules.toml:2:", 0), 0u) << r.status().message();
  auto ok = ReadToml<int>("x = 3\n", "ok.toml", [](const toml::table& t) -> Result<int> {
    return static_cast<int>(t["x"].value_or(0));
  });
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, 3);
}

}  // namespace
}  // namespace fremdrift::cases
