// `fremdrift paths`: where this binary finds its data folder, effort models, rule sets and web
// pages (common/data_dir.h, docs/install.md), and how it found them.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "app/app_util.h"
#include "common/data_dir.h"

namespace fremdrift {
namespace {

// One folder: its variable when set, else the data folder's (as DefaultModelsDir(),
// DefaultRulesDir() and DefaultWebDir() choose them).
void PrintFolder(const char* label, const char* env_var, const char* relative) {
  const char* env = std::getenv(env_var);
  const bool from_env = env != nullptr && *env != '\0';
  std::printf("%-8s %s%s%s\n", label, DataPath(env_var, relative).c_str(), from_env ? " ($" : "",
              from_env ? (std::string(env_var) + ")").c_str() : "");
}

int Run() {
  const std::string binary = RunningBinary();
  std::printf("%-8s %s\n", "binary:", binary.empty() ? "(unknown)" : binary.c_str());
  auto data = FindDataDir();
  if (!data.ok()) return ReportError(data.status());
  std::printf("%-8s %s (%s)\n", "data:", data->root.c_str(), data->found_by.c_str());
  PrintFolder("models:", "FREMDRIFT_MODELS_DIR", "data/models");
  PrintFolder("rules:", "FREMDRIFT_RULES_DIR", "data/rules");
  PrintFolder("web:", "FREMDRIFT_WEB_DIR", "web");
  return kExitOk;
}

CommandRegistrar reg([](AppContext& ctx) {
  auto* sub = ctx.root.add_subcommand(
      "paths", "show where fremdrift finds its data: models, rules and the dashboard's pages");
  ctx.OnRun(sub, [] { return Run(); });
});

}  // namespace
}  // namespace fremdrift
