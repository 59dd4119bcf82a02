// `fremdrift demo`: the whole chain on synthetic data in one command. Simulates several
// municipalities (Herning, Helsingør, Varde, ...) with `fremdrift simulate`, ingests the register
// with its population file, imports the case events, creates demo users of every role and serves
// a simulated jobindsats publication for the reconciliation and the benchmark, and serves
// the dashboard, printing the address and the demo logins. The steps run as child processes of
// this same binary, so each is exactly what a user would run by hand.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "app/app_util.h"
#include "common/data_dir.h"
#include "common/log.h"
#include "server/password_hash.h"
#include "server/serve_setup.h"

namespace fremdrift {
namespace {

namespace fs = std::filesystem;

struct DemoArgs {
  std::string out = "fremdrift-demo", kommuner = "657,217,573,101,751,461,561", from = "2016-01",
              to = "2021-12", listen = "127.0.0.1:8080", password = "fremdrift-demo";
  double scale = 0.25;
  std::uint64_t seed = 2019;
  bool fresh = false;
};

std::string Self() {
  std::error_code ec;
  auto p = fs::read_symlink("/proc/self/exe", ec);
  return ec ? "fremdrift" : p.string();
}

// Runs this binary with `args`; returns its exit code. `probe`: a silent check (not logged, its
// output discarded), e.g. whether this build has a command.
int RunSelf(const AppContext& ctx, std::vector<std::string> args, bool probe = false) {
  if (ctx.quiet) args.insert(args.begin(), "--quiet");
  if (!ctx.reference_dir.empty()) {
    args.insert(args.begin(), ctx.reference_dir);
    args.insert(args.begin(), "--reference");
  }
  std::string self = Self();
  std::string shown = "fremdrift";
  for (const auto& a : args) shown += " " + a;
  if (!probe) LogInfo("demo: {}", shown);
  std::vector<char*> argv;
  argv.push_back(self.data());
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = fork();
  if (pid < 0) return kExitFailure;
  if (pid == 0) {
    if (probe) {
      int null_fd = open("/dev/null", O_WRONLY);
      if (null_fd >= 0) {
        dup2(null_fd, STDOUT_FILENO);
        dup2(null_fd, STDERR_FILENO);
      }
    }
    execv(self.c_str(), argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : kExitFailure;
}

int Run(const AppContext& ctx, const DemoArgs& a) {
  auto ref = LoadReference(ctx);
  if (!ref.ok()) return ReportError(ref.status());
  const std::vector<std::string> codes = SplitList(a.kommuner);
  for (const auto& k : codes) {
    if (ref->MunicipalityIndex(std::atoi(k.c_str())) < 0) {
      return ReportError(InvalidArgument("--kommuner: '{}' is not a municipality code", k));
    }
  }
  std::error_code ec;
  if (a.fresh) fs::remove_all(a.out, ec);
  fs::create_directories(a.out, ec);
  if (ec) return ReportError(Internal("--out {}: {}", a.out, ec.message()));
  const std::string sim = a.out + "/simulation";
  const std::string store = a.out + "/demo.store";
  const std::string db = "sqlite:" + a.out + "/events.db";
  const std::string auth_path = a.out + "/auth.db";

  if (!fs::exists(store)) {
    std::string register_csv, population_csv, events_csv;
    // The simulator (when this build has it), else the example register shipped in examples/.
    if (RunSelf(ctx, {"simulate", "--help"}, /*probe=*/true) == 0) {
      int rc = RunSelf(
          ctx, {"simulate", "--kommuner", a.kommuner, "--from", a.from, "--to", a.to, "--scale",
                std::to_string(a.scale), "--seed", std::to_string(a.seed), "--out", sim});
      if (rc != 0) return rc;
      register_csv = sim + "/register.csv";
      population_csv = sim + "/population.csv";
      events_csv = sim + "/events.csv";
    } else {
      auto data = FindDataDir();
      if (!data.ok()) return ReportError(data.status());
      const std::string example = data->Path("examples/register.csv");
      if (!fs::exists(example)) {
        return ReportError(NotFound("no simulator in this build and no {}", example));
      }
      register_csv = example;
    }
    std::vector<std::string> ingest = {"ingest", "--register", register_csv, "--out", store};
    if (!population_csv.empty() && fs::exists(population_csv)) {
      ingest.push_back("--population");
      ingest.push_back(population_csv);
    }
    if (int rc = RunSelf(ctx, ingest); rc != 0) return rc;
    if (!events_csv.empty() && fs::exists(events_csv)) {
      if (int rc = RunSelf(ctx, {"events", "import", "--db", db, events_csv, "--key-file",
                                 store + ".key", "--user", "demo"});
          rc != 0) {
        // The register pages still work; the pool and citizen pages stay empty.
        LogWarn("demo: the case events could not be imported (exit {}); serving without them", rc);
      }
    }
    // The example budget and grant files shipped in data/examples (Helsingør's budget follow-up,
    // Herning's Flere skal med 2 grant), and for every simulated municipality the activity-based
    // follow-up of its benefit expenses from the simulated register (finance aktivitetsbudget), so
    // the Økonomi page has content for each.
    if (auto data = FindDataDir(); data.ok()) {
      std::vector<std::string> finance = {"finance", "import", "--db", db, "--user", "demo"};
      const std::string budget_dir = a.out + "/budget";
      fs::create_directories(budget_dir, ec);
      for (const auto& k : codes) {
        const std::string file = budget_dir + "/aktivitet_" + k + ".csv";
        if (RunSelf(ctx, {"finance", "aktivitetsbudget", "--store", store, "--kommune", k,
                          "--out", file}) == 0) {
          finance.push_back(file);
        } else {
          LogWarn("demo: no activity-based budget for municipality {}", k);
        }
      }
      for (const char* dir : {"data/examples/budget", "data/examples/grants"}) {
        std::vector<std::string> files;
        for (const auto& e : fs::directory_iterator(data->Path(dir), ec)) {
          if (e.path().extension() == ".csv") files.push_back(e.path().string());
        }
        std::sort(files.begin(), files.end());
        finance.insert(finance.end(), files.begin(), files.end());
      }
      if (finance.size() > 6) {
        if (int rc = RunSelf(ctx, finance); rc != 0) {
          LogWarn("demo: the example budget and grants could not be imported (exit {})", rc);
        }
      }
    }
    // A simulated jobindsats publication computed from the simulated register, so the
    // reconciliation and benchmark pages have figures (the pages say they are simulated).
#if FREMDRIFT_CATALOG_OFFICIAL
    if (int rc = RunSelf(ctx, {"import", "simulated-jobindsats", "--db", db, "--store", store,
                               "--seed", std::to_string(a.seed), "--user", "demo"});
        rc != 0) {
      LogWarn("demo: no simulated jobindsats figures (exit {})", rc);
    }
#else
    LogWarn("demo: this build has no official layer (FREMDRIFT_LAYERS): the pages Afstemning and "
            "Benchmark will have no figures");
#endif
  } else {
    LogInfo("demo: reusing {} (pass --fresh to simulate again)", store);
  }
  server::ServeSetup setup;
  setup.store_path = store;
  setup.db_url = db;
  setup.auth_db = auth_path;
  auto sources = server::OpenServeSources(*ref, setup);
  if (!sources.ok()) return ReportError(sources.status());

  // Demo users: one of each role; caseworkers and leaders in the first municipalities.
  struct DemoUser {
    std::string username, name;
    server::Role role;
    int kommune;
  };
  std::vector<DemoUser> users = {
      {"admin", "Administrator", server::Role::kAdmin, 0},
      {"analytiker", "Analytiker (alle kommuner)", server::Role::kAnalyst, 0}};
  for (std::size_t i = 0; i < codes.size() && i < 3; ++i) {
    int code = std::atoi(codes[i].c_str());
    const std::string& name = ref->municipalities()[ref->MunicipalityIndex(code)].name;
    users.push_back({"leder" + codes[i], "Leder, " + name, server::Role::kLeader, code});
    users.push_back({"sb" + codes[i], "Sagsbehandler, " + name, server::Role::kCaseworker, code});
  }
  auto hash = server::HashPassword(a.password);
  if (!hash.ok()) return ReportError(hash.status());
  for (const auto& u : users) {
    if ((*sources)->auth->FindUser(u.username).ok()) continue;
    server::User user;
    user.username = u.username;
    user.display_name = u.name;
    user.role = u.role;
    user.kommune = u.kommune;
    user.password_hash = *hash;
    if (Status s = (*sources)->auth->AddUser(user); !s.ok()) return ReportError(s);
  }

  auto listen = server::ParseListen(a.listen);
  if (!listen.ok()) return ReportError(listen.status());
  server::ServerOptions options;
  options.host = listen->first;
  options.port = listen->second;
  options.warm_first_views = true;
  options.web_dir = server::DefaultWebDir();
  if (options.web_dir.empty()) {
    auto data = FindDataDir();
    std::fprintf(stderr, "fremdrift demo: warning: no web pages found (%s); serving the API only\n",
                 data.ok() ? (data->Path("web") + " has no index.html").c_str()
                           : data.status().message().c_str());
  }
  return server::ServeUntilSignal(options, **sources, [&](int port) {
    std::printf("\nfremdrift demo: åbn http://%s:%d/\n\nDemo-logins (adgangskode: %s):\n",
                options.host.c_str(), port, a.password.c_str());
    for (const auto& u : users) {
      std::printf("  %-12s %-14s %s\n", u.username.c_str(),
                  std::string(server::RoleLabel(u.role)).c_str(), u.name.c_str());
    }
    std::printf("\nStop med Ctrl-C. Data ligger i %s\n", a.out.c_str());
    std::fflush(stdout);
  });
}

CommandRegistrar reg([](AppContext& ctx) {
  auto* sub = ctx.Command("demo");
  auto a = std::make_shared<DemoArgs>();
  sub->add_option("--out", a->out, "folder for the demo's files")->capture_default_str();
  sub->add_option("--kommuner", a->kommuner, "municipality codes to simulate")
      ->capture_default_str();
  sub->add_option("--from", a->from, "first month simulated")->capture_default_str();
  sub->add_option("--to", a->to, "last month simulated")->capture_default_str();
  sub->add_option("--scale", a->scale, "population scale (1 = real size)")->capture_default_str();
  sub->add_option("--seed", a->seed, "random seed")->capture_default_str();
  sub->add_option("--listen", a->listen, "address:port (port 0: any free port)")
      ->capture_default_str();
  sub->add_option("--password", a->password, "password of the demo users")->capture_default_str();
  sub->add_flag("--fresh", a->fresh, "simulate again even when --out holds a demo");
  ctx.OnRun(sub, [&ctx, a] { return Run(ctx, *a); });
});

}  // namespace
}  // namespace fremdrift
