// Subcommand registration for the `fremdrift` binary. Each cmd_*.cc file registers its commands
// with a static `CommandRegistrar`; main() creates the top-level commands (ingest, measure,
// simulate, events, report, serve, demo, users) and then calls every registrar, which adds options
// and sets an action. The action's return value is the process exit code.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace fremdrift {

struct AppContext {
  CLI::App& root;
  // Options every command sees.
  std::string reference_dir = {};  // --reference DIR; empty = embedded reference data
  bool quiet = false;         // --quiet: no progress bar
  // Set by the chosen command's callback; main() runs it after parsing.
  std::function<int()> action = {};

  // The top-level command `name` (created by main()).
  CLI::App* Command(const std::string& name) { return root.get_subcommand(name); }
  // Sets `fn` as what runs when `sub` is chosen.
  void OnRun(CLI::App* sub, std::function<int()> fn) {
    sub->callback([this, fn = std::move(fn)] { action = fn; });
  }
};

using Registrar = void (*)(AppContext&);

struct CommandRegistrar {
  explicit CommandRegistrar(Registrar r);
};

// Exit codes.
inline constexpr int kExitOk = 0;
inline constexpr int kExitUsage = 2;    // bad arguments
inline constexpr int kExitInput = 3;    // bad input data
inline constexpr int kExitFailure = 1;  // anything else

}  // namespace fremdrift
