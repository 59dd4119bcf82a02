// DashboardServer: fremdrift's HTTP server (cpp-httplib): the JSON API under /api/v1/ (routes in
// api_*.cc), the static web pages, login with session cookies, CSRF checks on changes, the access
// rule of roles.h and the audit log. Every handler runs inside one barrier that turns a Status
// into a JSON error (400/401/403/404/409/503) and any exception into a plain 500; messages never
// carry a stack trace or a CPR number.
// The connections are handled by HardenedServer (hardened_server.h): size limits and deadlines on
// every request, a thread per connection up to a cap.
// Thread-safety: Start() once; Stop() from any thread; each connection is served on its own thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/status.h"
#include "domain/reference.h"
#include "registry/spell_store.h"
#include "server/auth_store.h"
#include "server/catalog_names.h"
#include "server/client_address.h"
#include "server/hardened_server.h"
#include "server/login_limiter.h"
#include "server/oidc_client.h"
#include "server/trusted_header.h"

namespace fremdrift::server {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;       // 0: any free port (tests)
  std::string web_dir;   // static files (web/); empty: API only
  std::string tls_cert;  // PEM files; both or neither
  std::string tls_key;
  int threads = 512;      // connections served at once, each on its own thread; more get 503
  HardenedLimits limits;  // request size limits and deadlines (threads overrides max_connections)
  // Host names the server answers to (the Host header, without port); empty: any. Others: 421.
  std::vector<std::string> server_names;
  // A secret that also opens /api/v1/metrics and the full health ("Authorization: Bearer ...");
  // empty: only a login does.
  std::string metrics_token;
  std::int64_t session_seconds = 8 * 3600;
  std::int64_t session_idle_seconds = 30 * 60;  // a session ends after this long unused
  // A TLS proxy terminates HTTPS in front of this plain-HTTP server for every request: the
  // session cookie still gets Secure and the __Host- name (as it does under tls_cert), every
  // answer HSTS. Whose address a request has is decided by trusted_proxies alone.
  bool secure_cookies = false;
  // Peers whose X-Forwarded-For (the client's address for login limits and the audit) and
  // X-Forwarded-Proto (https: Secure cookie and HSTS for that request) are believed; empty:
  // nobody's, the socket peer is the client.
  TrustedProxies trusted_proxies;
  // Sign-in by the headers of a proxy in trusted_proxies (trusted_header.h); from any other peer
  // the headers are ignored.
  TrustedHeaderOptions trusted_header;
  // Sign-in through an OpenID Connect provider (oidc_client.h); nullopt: none.
  std::optional<OidcOptions> oidc;
  // Login with username and password (POST /api/v1/login). When false, only the accounts named
  // in password_login_users (break-glass administrators) may still log in so.
  bool password_login = true;
  std::vector<std::string> password_login_users;
  LoginLimits login_limits;
  // The purposes (formål) a citizen lookup must name, one of these (CheckAuditPurposes).
  std::vector<std::string> audit_purposes = {"sagsbehandling", "opfølgning", "klagesag", "tilsyn"};
  std::size_t cache_entries = 512;      // computed Tables kept (LRU)
  // Prepare the case pages' first views for the users' municipalities in the background when
  // the server starts serving (warmup.h).
  bool warm_first_views = false;
  // Roles without citizen access (analyst, admin) get counts under this many persons, and the
  // cells that would reveal them, as empty cells, or "<5" in csv-da and xlsx (table/suppression.h).
  int min_persons = 5;
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

// A list of purposes is usable: 1 to 20 of them, each 1 to 40 lower-case letters (æøå too), digits,
// '_' or '-', no repeats.
Status CheckAuditPurposes(const std::vector<std::string>& purposes);

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
  std::unique_ptr<HardenedServer> server_;
  int port_ = 0;
  std::atomic<bool> stop_warmup_{false};
  std::jthread warmup_;  // declared last: joined before the rest goes
};

}  // namespace fremdrift::server
