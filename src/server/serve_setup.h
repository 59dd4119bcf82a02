// Starting a dashboard server from command-line settings, shared by `fremdrift serve` and
// `fremdrift demo`: opens the spell store, event store and auth database, registers the
// measurements, parses "--listen host:port", finds the web folder, and serves until SIGINT or
// SIGTERM. Thread-safety: call from the main thread.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "measure/population.h"
#include "server/http_server.h"

namespace fremdrift::server {

struct ServeSetup {
  std::string store_path;  // may be empty
  std::string db_url;      // may be empty
  std::string auth_db;     // a file or postgresql:// URL; empty: DefaultAuthDbPath(store_path)
  std::string models_dir;  // empty: cases::DefaultModelsDir()
  std::string population;  // empty: the file kept beside the store, when there is one
};

// Everything a DashboardServer reads, owned together.
struct OpenedSources {
  std::unique_ptr<SpellStore> store;
  std::unique_ptr<Population> population;
  std::unique_ptr<CaseSource> cases;
  std::unique_ptr<AuthStore> auth;
  std::string auth_path;
  MeasurementRegistry registry;
  ServerSources View(const ReferenceData& ref) const {
    return {&ref, store.get(), population.get(), cases.get(), auth.get(), &registry};
  }
  const ReferenceData* reference = nullptr;
  // Makes the store's municipality index and whole-store cubes in the background after start
  // (declared last: joined before the store closes).
  std::jthread prepare;
};

Result<std::unique_ptr<OpenedSources>> OpenServeSources(const ReferenceData& ref,
                                                        const ServeSetup& setup);
// "127.0.0.1:8080", ":8080" (loopback), "[::1]:8080" → host, port.
Result<std::pair<std::string, int>> ParseListen(std::string_view text);
// $FREMDRIFT_WEB_DIR, else web/ in the data folder (common/data_dir.h: installed beside the
// binary, or the source tree of a build tree); "" when there is none (the API only).
std::string DefaultWebDir();
// Refuses (naming the path) a folder, or a file or folder in it, that is group- or
// world-writable: whoever could write there would change the pages, rules or models served.
// `what` names the option ("--web"). A missing path is not an error here.
Status CheckNotWritableByOthers(const std::string& path, std::string_view what);
// The secret in FILE (surrounding whitespace removed): at least 32 characters, and the file
// readable by its owner only.
Result<std::string> ReadSecretFile(const std::string& path, std::string_view what);
// "a.example,b.example" → {"a.example","b.example"}; empty names are refused.
Result<std::vector<std::string>> ParseServerNames(std::string_view text);
// Binds, calls `on_listening(port)`, serves until SIGINT/SIGTERM; returns an exit code.
int ServeUntilSignal(const ServerOptions& options, const OpenedSources& sources,
                     const std::function<void(int)>& on_listening);

}  // namespace fremdrift::server
