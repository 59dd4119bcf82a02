// `fremdrift simulate`: writes a synthetic register (DREAM layout), population.csv and events.csv
// for chosen municipalities (docs/simulation.md). Registers itself with the command table.
#include <fmt/format.h>

#include <cstdio>
#include <sstream>

#include "app/command.h"
#include "common/log.h"
#include "domain/period.h"
#include "domain/reference.h"
#include "simulate/simulator.h"

namespace fremdrift {
namespace {

struct SimulateArgs {
  std::string kommuner;
  bool all = false;
  std::string from = "2008-01", to = "2021-12";
  double scale = 1.0;
  std::vector<std::string> profiles;
  std::uint64_t seed = 1;
  std::string out;
  std::string params;
  int threads = 0;
  bool no_events = false;
  int iterations = 40;
  int fit_national = 0;
};

int RunSimulate(const AppContext& ctx, const SimulateArgs& a) {
  auto fail = [](const Status& s, int code) {
    std::fprintf(stderr, "fremdrift simulate: %s\n", s.message().c_str());
    return code;
  };
  auto ref = ctx.reference_dir.empty() ? ReferenceData::LoadEmbedded()
                                       : ReferenceData::LoadFromDirectory(ctx.reference_dir);
  if (!ref.ok()) return fail(ref.status(), kExitInput);
  auto params = a.params.empty() ? sim::ModelParams::LoadDefault()
                                 : sim::ModelParams::Load(a.params);
  if (!params.ok()) return fail(params.status(), kExitInput);
  sim::SimulateOptions opt;
  opt.all = a.all;
  if (!a.all) {
    std::stringstream ss(a.kommuner);
    std::string item;
    while (std::getline(ss, item, ',')) {
      if (item.empty()) continue;
      char* end = nullptr;
      long k = std::strtol(item.c_str(), &end, 10);
      if (*end != 0) return fail(InvalidArgument("--kommuner: '{}' is not a number", item), kExitUsage);
      opt.kommuner.push_back(static_cast<int>(k));
    }
    if (opt.kommuner.empty()) return fail(InvalidArgument("give --kommuner LIST or --all"), kExitUsage);
  }
  auto from = ParseMonthBound(a.from, false);
  auto to = ParseMonthBound(a.to, true);
  if (!from.ok()) return fail(from.status().WithContext("--from"), kExitUsage);
  if (!to.ok()) return fail(to.status().WithContext("--to"), kExitUsage);
  opt.from = *from;
  opt.to = *to;
  opt.scale = a.scale;
  opt.profiles = a.profiles;
  opt.seed = a.seed;
  opt.out_dir = a.out;
  opt.threads = a.threads;
  opt.progress = !ctx.quiet;
  opt.write_events = !a.no_events;
  opt.max_iterations = a.iterations;
  if (a.fit_national > 0) {
    auto national = sim::NationalProfile(*params, *ref, a.fit_national);
    if (!national.ok()) return fail(national.status(), kExitInput);
    opt.extra_profiles.push_back(std::move(national).value());
    opt.kommuner = {a.fit_national};
    opt.all = false;
    opt.fit_national = true;
  }
  const sim::ModelParams params_copy = *params;
  sim::Simulator simulator(*ref, std::move(params).value());
  sim::SimulateSummary summary;
  Status st = simulator.Run(opt, &summary);
  if (!st.ok()) {
    return fail(st, st.code() == StatusCode::kInvalidArgument ? kExitUsage : kExitFailure);
  }
  if (a.fit_national > 0) {
    std::fputs(sim::NationalKnobsToml(params_copy, simulator.knobs(), a.fit_national).c_str(),
               stdout);
  }
  if (!summary.figures.empty() && !ctx.quiet) {
    std::fputs(sim::FormatFigureTable(summary.figures).c_str(), stderr);
  }
  LogEvent(LogLevel::kInfo, "simulate finished",
           {{"persons", summary.persons},
            {"register_rows", summary.register_rows},
            {"events", summary.events},
            {"persons_per_s",
             summary.generate_seconds > 0 ? summary.persons / summary.generate_seconds : 0.0, 0},
            {"s", summary.seconds},
            {"write_s", summary.generate_seconds}});
  return kExitOk;
}

static CommandRegistrar reg([](AppContext& ctx) {
  auto* sub = ctx.Command("simulate");
  static SimulateArgs args;
  auto* kommuner = sub->add_option("--kommuner", args.kommuner,
                                   "municipality codes, comma separated (e.g. 657,217,573)");
  auto* all = sub->add_flag("--all", args.all, "all 98 municipalities");
  kommuner->excludes(all);
  sub->add_option("--from", args.from, "first month, YYYY-MM")->capture_default_str();
  sub->add_option("--to", args.to, "last month, YYYY-MM")->capture_default_str();
  sub->add_option("--scale", args.scale, "population scale (1 = real size)")->capture_default_str();
  sub->add_option("--profile", args.profiles,
                  "calibrate to a published profile (TOML, data/reference/profiles/); repeatable")
      ->check(CLI::ExistingFile);
  sub->add_option("--seed", args.seed, "random seed")->required();
  sub->add_option("--out", args.out, "output folder")->required();
  sub->add_option("--params", args.params,
                  "model parameters (default: the built-in data/simulate/params.toml)")
      ->check(CLI::ExistingFile);
  sub->add_option("--threads", args.threads, "worker threads (0 = all cores)");
  sub->add_flag("--no-events", args.no_events, "do not write events.csv");
  sub->add_option("--fit-national", args.fit_national,
                  "calibrate one municipality to params.toml [national] and print the "
                  "[national_knobs] table that makes those levels the default");
  sub->add_option("--calibration-iterations", args.iterations,
                  "most calibration rounds with --profile (1 = report the uncalibrated levels)")
      ->capture_default_str()
      ->check(CLI::Range(1, 100));
  ctx.OnRun(sub, [&ctx] { return RunSimulate(ctx, args); });
});

}  // namespace
}  // namespace fremdrift
