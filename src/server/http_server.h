// DashboardServer: fremdrift's HTTP server (cpp-httplib): the JSON API under /api/v1/ (routes in
// api_*.cc), the static web pages, login with session cookies, CSRF checks on changes, the access
// rule of roles.h and the audit log. Every handler runs inside one barrier that turns a Status
// into a JSON error (400/401/403/404/409/503) and any exception into a plain 500; messages never
// carry a stack trace or a CPR number.
// Thread-safety: Start() once; Stop() from any thread; requests are served on a pool of threads.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "common/status.h"
#include "domain/reference.h"
#include "registry/spell_store.h"
#include "server/auth_store.h"
#include "server/case_source.h"
#include "server/login_limiter.h"
#include "server/measurement_registry.h"

namespace httplib {
class Server;
}

namespace fremdrift::server {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;       // 0: any free port (tests)
  std::string web_dir;   // static files (web/); empty: API only
  std::string tls_cert;  // PEM files; both or neither
  std::string tls_key;
  int threads = 64;  // each open keep-alive connection holds one
  std::int64_t session_seconds = 8 * 3600;
  LoginLimits login_limits;
  std::size_t cache_entries = 512;      // computed Tables kept (LRU)
  std::function<std::int64_t()> clock;  // unix seconds; default: the system clock
};

struct ServerSources {
  const ReferenceData* reference = nullptr;           // required
  const SpellStore* store = nullptr;                  // register measurements; may be null
  const Population* population = nullptr;             // shares; may be null
  CaseSource* cases = nullptr;                        // case measurements and citizens; may be null
  AuthStore* auth = nullptr;                          // required
  const MeasurementRegistry* measurements = nullptr;  // required
};

class Api;

class DashboardServer {
 public:
  DashboardServer(ServerOptions options, ServerSources sources);
  ~DashboardServer();
  DashboardServer(const DashboardServer&) = delete;
  DashboardServer& operator=(const DashboardServer&) = delete;

  // Binds the address (port 0: a free one). After this, port() is the bound port.
  Status Bind();
  // Serves until Stop(); returns when the server has stopped.
  Status Run();
  void Stop();
  int port() const { return port_; }
  bool tls() const;

 private:
  ServerOptions options_;
  std::unique_ptr<Api> api_;
  std::unique_ptr<httplib::Server> server_;
  int port_ = 0;
};

}  // namespace fremdrift::server
