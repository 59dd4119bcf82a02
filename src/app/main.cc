// The `fremdrift` command: parses arguments and runs the chosen subcommand. Exceptions from
// libraries stop here (one of the three barriers of docs/architecture.md).
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "app/command.h"
#include "common/log.h"
#include "domain/clock.h"

namespace fremdrift {

namespace {
std::vector<Registrar>& Registrars() {
  static std::vector<Registrar> r;
  return r;
}

// The global options that are not in AppContext: how to log and what "today" is.
struct GlobalFlags {
  LogFlags log;
  std::string today;  // --today YYYY-MM-DD
};

// Configures the log facade and the process's clock from the flags and the environment
// (FREMDRIFT_LOG_LEVEL, FREMDRIFT_LOG_FORMAT, FREMDRIFT_TODAY), and exports what was chosen so
// that the commands `demo` runs as child processes log and date the same way.
Status SetUpLogAndClock(const GlobalFlags& flags) {
  ASSIGN_OR_RETURN(LogOptions log, ResolveLogOptions(flags.log, std::getenv("FREMDRIFT_LOG_LEVEL"),
                                                     std::getenv("FREMDRIFT_LOG_FORMAT")));
  ConfigureLogging(log);
  ::setenv("FREMDRIFT_LOG_LEVEL", std::string(LogLevelName(log.level)).c_str(), 1);
  ::setenv("FREMDRIFT_LOG_FORMAT", std::string(LogFormatName(log.format)).c_str(), 1);
  std::string today = flags.today;
  const char* where = "--today";
  if (today.empty()) {
    const char* env = std::getenv("FREMDRIFT_TODAY");
    today = env != nullptr ? env : "";
    where = "FREMDRIFT_TODAY";
  }
  if (!today.empty()) {
    auto clock = ClockForToday(today);
    if (!clock.ok()) return clock.status().WithContext(where);
    SetCurrentClock(*clock);
    ::setenv("FREMDRIFT_TODAY", today.c_str(), 1);
  }
  return Status::Ok();
}
}  // namespace

// TOML keys may be written with '_' for '-' (`trusted_proxies` for the option --trusted-proxies).
class ConfigKeysWithUnderscores : public CLI::ConfigTOML {
 public:
  std::vector<CLI::ConfigItem> from_config(std::istream& input) const override {
    std::vector<CLI::ConfigItem> items = CLI::ConfigTOML::from_config(input);
    for (CLI::ConfigItem& item : items) {
      for (char& c : item.name) {
        if (c == '_') c = '-';
      }
    }
    return items;
  }
};

CommandRegistrar::CommandRegistrar(Registrar r) { Registrars().push_back(r); }

int Main(int argc, char** argv) {
  CLI::App root{"fremdrift: nøgletal og puljemålinger for jobcentre", "fremdrift"};
  root.require_subcommand(1);
  root.set_version_flag("--version", "fremdrift 0.1.0");
  AppContext ctx{root};
  root.add_option("--reference", ctx.reference_dir,
                  "folder with dream-codes.csv, ydelsesgrupper.csv, kommuner.csv "
                  "(default: the copies built into fremdrift)");
  GlobalFlags global;
  root.add_flag("--quiet,-q", ctx.quiet, "no progress bar; log warnings and errors only");
  root.add_flag("--verbose,-v", global.log.verbose, "log debug lines too");
  root.add_option("--log-level", global.log.level,
                  "debug, info, warn, error or off (default: info, or FREMDRIFT_LOG_LEVEL)");
  root.add_option("--log-format", global.log.format,
                  "text or json (one JSON object a line, for services; default: text, or "
                  "FREMDRIFT_LOG_FORMAT)");
  root.set_config("--config", "",
                  "configuration file (TOML; a section per command, e.g. [serve] with the "
                  "command's long option names as keys; docs/drift.md); command-line options win");
  root.config_formatter(std::make_shared<ConfigKeysWithUnderscores>());
  // A key no option knows (a typo) is an error, not silently ignored.
  root.allow_config_extras(CLI::config_extras_mode::error);
  root.add_option("--today", global.today,
                  "take this date (YYYY-MM-DD) as today, for tests and reproducible reports "
                  "(default: the system date, or FREMDRIFT_TODAY)");
  struct Top {
    const char* name;
    const char* help;
  };
  const Top tops[] = {
      {"simulate", "write a synthetic register, population and case events"},
      {"ingest", "read a weekly benefit register (DREAM layout) into a spell store"},
      {"measure", "compute a measurement as a table (csv or json)"},
      {"events", "import and list case events"},
      {"report", "produce a committee document (pdf, xlsx, csv, html)"},
      {"finance", "import and show grants and budget lines in the case store"},
      {"import", "import official figures (jobindsats.dk) into the case store"},
      {"serve", "serve the dashboard and the JSON API"},
      {"demo", "simulate, ingest and serve a demo with several municipalities"},
      {"users", "manage dashboard users"},
      {"token", "issue, list and revoke API tokens for analysts' tools"},
      {"audit", "check the audit log"},
  };
  for (const auto& t : tops) root.add_subcommand(t.name, t.help);
  root.get_subcommand("measure")->require_subcommand(1);
  for (Registrar r : Registrars()) r(ctx);
  // Hide top-level commands that no layer registered anything for.
  for (const auto& t : tops) {
    CLI::App* sub = root.get_subcommand(t.name);
    if (sub->get_subcommands({}).empty() && sub->get_options().size() <= 1 &&
        std::string(t.name) != "measure") {
      root.remove_subcommand(sub);
    }
  }
  try {
    root.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return root.exit(e) == 0 ? kExitOk : kExitUsage;
  }
  global.log.quiet = ctx.quiet;
  if (Status s = SetUpLogAndClock(global); !s.ok()) {
    std::fprintf(stderr, "fremdrift: %s\n", s.message().c_str());
    return kExitUsage;
  }
  if (!ctx.action) {
    std::fputs(root.help().c_str(), stderr);
    return kExitUsage;
  }
  return ctx.action();
}

}  // namespace fremdrift

int main(int argc, char** argv) {
  // Every file and folder fremdrift creates (register store, case and auth databases, reports,
  // demo folders) is for its owner only: the data are about citizens.
  ::umask(077);
  try {
    return fremdrift::Main(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fremdrift: internal error: %s\n", e.what());
    return fremdrift::kExitFailure;
  }
}
