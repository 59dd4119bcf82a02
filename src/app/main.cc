// The `fremdrift` command: parses arguments and runs the chosen subcommand. Exceptions from
// libraries stop here (one of the three barriers of docs/architecture.md).
#include <sys/stat.h>

#include <cstdio>
#include <exception>
#include <vector>

#include "app/command.h"

namespace fremdrift {

namespace {
std::vector<Registrar>& Registrars() {
  static std::vector<Registrar> r;
  return r;
}
}  // namespace

CommandRegistrar::CommandRegistrar(Registrar r) { Registrars().push_back(r); }

int Main(int argc, char** argv) {
  CLI::App root{"fremdrift: nøgletal og puljemålinger for jobcentre", "fremdrift"};
  root.require_subcommand(1);
  root.set_version_flag("--version", "fremdrift 0.1.0");
  AppContext ctx{root};
  root.add_option("--reference", ctx.reference_dir,
                  "folder with dream-codes.csv, ydelsesgrupper.csv, kommuner.csv "
                  "(default: the copies built into fremdrift)");
  root.add_flag("--quiet,-q", ctx.quiet, "no progress bar");
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
      {"serve", "serve the dashboard and the JSON API"},
      {"demo", "simulate, ingest and serve a demo with several municipalities"},
      {"users", "manage dashboard users"},
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
