// Command-line server start-up shared by `serve` and `demo` (serve_setup.h).
#include "server/serve_setup.h"

#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

#include "common/data_dir.h"
#include "common/log.h"
#include "models/effort_model.h"
#include "rules/rule_set.h"
#include "measure/fuldtidspersoner.h"

namespace fremdrift::server {

Result<std::unique_ptr<OpenedSources>> OpenServeSources(const ReferenceData& ref,
                                                        const ServeSetup& setup) {
  auto out = std::make_unique<OpenedSources>();
  out->reference = &ref;
  if (!setup.store_path.empty()) {
    auto store = SpellStore::Open(setup.store_path);
    if (!store.ok()) return store.status().WithContext("--store");
    out->store = std::make_unique<SpellStore>(std::move(*store));
  }
  std::string pop_path = setup.population;
  std::error_code ec;
  if (pop_path.empty() && !setup.store_path.empty() &&
      std::filesystem::exists(PopulationPathForStore(setup.store_path), ec)) {
    pop_path = PopulationPathForStore(setup.store_path);
  }
  if (!pop_path.empty()) {
    auto pop = Population::Load(pop_path, ref);
    if (!pop.ok()) return pop.status().WithContext("--population");
    out->population = std::make_unique<Population>(std::move(*pop));
  }
  if (!setup.db_url.empty()) {
    // Rules are read per request and models at start: both decide figures.
    RETURN_IF_ERROR(CheckNotWritableByOthers(
        setup.models_dir.empty() ? cases::DefaultModelsDir() : setup.models_dir, "--models"));
    RETURN_IF_ERROR(CheckNotWritableByOthers(cases::DefaultRulesDir(), "rules folder"));
    auto cases = CaseSource::Open(
        setup.db_url, setup.models_dir.empty() ? cases::DefaultModelsDir() : setup.models_dir);
    if (!cases.ok()) return cases.status().WithContext("--db");
    out->cases = std::move(*cases);
  }
  if (!out->store && !out->cases) {
    return InvalidArgument("--store or --db: give at least one data source");
  }
  out->auth_path = setup.auth_db.empty() ? DefaultAuthDbPath(setup.store_path) : setup.auth_db;
  // A SQLite file, or a postgresql:// URL that several instances share.
  auto auth = OpenAuthStore(out->auth_path);
  if (!auth.ok()) {
    return auth.status().WithContext(
        "--auth-db " + (IsPostgresUrl(out->auth_path) ? std::string("postgresql://...")
                                                      : out->auth_path));
  }
  out->auth = std::move(*auth);
  RETURN_IF_ERROR(AddAllMeasurements(out->registry));
  // A server answers many questions from one store: keep the whole-store monthly cubes of the
  // dashboard's age bands (16-66 and the young, 16-29) and the municipality index, and load the
  // citizens' case histories, in the background now so that the first requests need not wait for
  // them. Each step logs when it is done; a request that comes first waits for the same work.
  if (out->store) out->store->EnableMemo();
  if (out->store || out->cases) {
    out->prepare = std::jthread([store = out->store.get(), cases = out->cases.get(), refp = &ref] {
      using Clock = std::chrono::steady_clock;
      const auto seconds = [](Clock::time_point t0) {
        return std::chrono::duration<double>(Clock::now() - t0).count();
      };
      if (store) {
        const auto t0 = Clock::now();
        store->kommune_index();
        PrepareStoreCubes(*store, *refp, {AgeBand{16, 66, false}, AgeBand{16, 29, false}});
        LogInfo("server: register figures prepared in {:.1f} s", seconds(t0));
      }
      if (cases) {
        const auto t0 = Clock::now();
        auto data = cases->Data();
        if (data.ok()) {
          LogInfo("server: case histories of {} citizens loaded in {:.1f} s",
                  (*data)->data.citizens.size(), seconds(t0));
        } else {
          LogWarn("server: case histories not loaded: {}", data.status().message());
        }
      }
    });
  }
  return out;
}

Result<std::pair<std::string, int>> ParseListen(std::string_view text) {
  std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) {
    return InvalidArgument("--listen: '{}' is not HOST:PORT", text);
  }
  std::string host(text.substr(0, colon));
  if (host.empty()) host = "127.0.0.1";
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  std::string_view port_text = text.substr(colon + 1);
  int port = -1;
  auto [p, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || p != port_text.data() + port_text.size() || port < 0 || port > 65535) {
    return InvalidArgument("--listen: '{}' is not a port", port_text);
  }
  return std::make_pair(host, port);
}

std::string DefaultWebDir() {
  if (const char* env = std::getenv("FREMDRIFT_WEB_DIR"); env && *env) return env;
  auto data = FindDataDir();
  if (!data.ok()) return "";
  std::string web = data->Path("web");
  std::error_code ec;
  return std::filesystem::exists(std::filesystem::path(web) / "index.html", ec) ? web : "";
}

Status CheckNotWritableByOthers(const std::string& path, std::string_view what) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (path.empty() || !fs::exists(path, ec)) return Status::Ok();
  auto check = [&](const fs::path& p) -> Status {
    struct stat st{};
    if (::stat(p.c_str(), &st) != 0) {
      return InvalidArgument("{}: cannot read {}: {}", what, p.string(), std::strerror(errno));
    }
    if (st.st_mode & (S_IWGRP | S_IWOTH)) {
      return InvalidArgument(
          "{}: {} is {}-writable; the server refuses to serve from it (chmod go-w {})", what,
          p.string(), (st.st_mode & S_IWOTH) ? "world" : "group", p.string());
    }
    return Status::Ok();
  };
  RETURN_IF_ERROR(check(path));
  if (!fs::is_directory(path, ec)) return Status::Ok();
  for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    RETURN_IF_ERROR(check(it->path()));
  }
  if (ec) return InvalidArgument("{}: cannot list {}: {}", what, path, ec.message());
  return Status::Ok();
}

Result<std::string> ReadSecretFile(const std::string& path, std::string_view what) {
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0) {
    return InvalidArgument("{}: cannot read {}: {}", what, path, std::strerror(errno));
  }
  if (st.st_mode & (S_IRWXG | S_IRWXO)) {
    return InvalidArgument("{}: {} must be readable by its owner only (chmod 600)", what, path);
  }
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) return InvalidArgument("{}: cannot read {}", what, path);
  auto space = [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; };
  while (!text.empty() && space(text.back())) text.pop_back();
  std::size_t first = 0;
  while (first < text.size() && space(text[first])) ++first;
  text.erase(0, first);
  if (text.size() < 32) {
    return InvalidArgument("{}: the secret in {} is shorter than 32 characters", what, path);
  }
  for (char c : text) {
    if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f) {
      return InvalidArgument("{}: the secret in {} has spaces or control characters", what, path);
    }
  }
  return text;
}

Result<std::vector<std::string>> ParseServerNames(std::string_view text) {
  std::vector<std::string> names;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find(',', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string name(text.substr(pos, end - pos));
    if (name.empty() || name.find_first_of(" /:\t") != std::string::npos) {
      return InvalidArgument("--server-name: '{}' is not a host name", name);
    }
    names.push_back(std::move(name));
    pos = end + 1;
  }
  return names;
}

int ServeUntilSignal(const ServerOptions& options, const OpenedSources& sources,
                     const std::function<void(int)>& on_listening) {
  // Signals go to a waiting thread, not to whichever thread happens to run.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  if (Status s = CheckNotWritableByOthers(options.web_dir, "--web"); !s.ok()) {
    std::fprintf(stderr, "fremdrift: %s\n", s.message().c_str());
    return 2;
  }
  DashboardServer server(options, sources.View(*sources.reference));
  if (Status s = server.Bind(); !s.ok()) {
    std::fprintf(stderr, "fremdrift: %s\n", s.message().c_str());
    return s.code() == StatusCode::kInvalidArgument ? 2 : 1;
  }
  on_listening(server.port());
  std::thread waiter([&server, set] {
    int sig = 0;
    sigwait(&set, &sig);
    LogInfo("serve: stopping (signal {})", sig);
    server.Stop();
  });
  Status run = server.Run();
  // Wake the waiter if the server stopped on its own.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  if (!run.ok()) {
    std::fprintf(stderr, "fremdrift: %s\n", run.message().c_str());
    return 1;
  }
  return 0;
}

}  // namespace fremdrift::server
