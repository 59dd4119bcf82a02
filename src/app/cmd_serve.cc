// `fremdrift serve`: the dashboard and the JSON API over a spell store (--store) and an event
// store (--db), with users, sessions and the audit log in --auth-db. Stops cleanly on SIGINT or
// SIGTERM.
#include <cctype>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <thread>

#include "app/app_util.h"
#include "server/serve_setup.h"

namespace fremdrift {
namespace {

using server::DefaultWebDir;
using server::OpenServeSources;
using server::ParseListen;
using server::ServeSetup;
using server::ServeUntilSignal;

struct ServeArgs {
  std::string store, db, listen = "127.0.0.1:8080", tls_cert, tls_key, auth_db, web, models,
                         population, server_names, metrics_token_file;
  int threads = 512;
  bool behind_tls_proxy = false;
  bool trusted_header = false;  // server/trusted_header.h
  std::string trusted_header_prefix = "X-Remote-";
  int session_idle_minutes = 30;
  int min_persons = 5;  // table/suppression.h
  std::vector<std::string> trusted_proxies;
  std::vector<std::string> audit_purposes = {"sagsbehandling", "opfølgning", "klagesag", "tilsyn"};
  int login_max_failures = 5;
  int login_lockout_minutes = 15;
};

int Run(const AppContext& ctx, const ServeArgs& a) {
  auto ref = LoadReference(ctx, a.store);
  if (!ref.ok()) return ReportError(ref.status());
  auto listen = ParseListen(a.listen);
  if (!listen.ok()) return ReportError(listen.status());
  ServeSetup setup;
  setup.store_path = a.store;
  setup.db_url = a.db;
  setup.auth_db = a.auth_db;
  setup.models_dir = a.models;
  setup.population = a.population;
  auto sources = OpenServeSources(*ref, setup);
  if (!sources.ok()) return ReportError(sources.status());
  server::ServerOptions options;
  options.host = listen->first;
  options.port = listen->second;
  options.warm_first_views = true;
  options.tls_cert = a.tls_cert;
  options.tls_key = a.tls_key;
  options.threads = a.threads;
  options.secure_cookies = a.behind_tls_proxy;
  auto proxies = server::TrustedProxies::Parse(a.trusted_proxies);
  if (!proxies.ok()) return ReportError(proxies.status());
  options.trusted_proxies = std::move(*proxies);
  if (a.behind_tls_proxy && options.trusted_proxies.empty()) {
    std::fprintf(stderr,
                 "fremdrift serve: --behind-tls-proxy without --trusted-proxy: the audit log and "
                 "the login limit see the proxy's address, not the clients'\n");
  }
  if (a.trusted_header) {
    if (options.trusted_proxies.empty()) {
      return ReportError(InvalidArgument(
          "--trusted-header: needs --trusted-proxy (the proxy whose headers are believed)"));
    }
    if (a.trusted_header_prefix.empty() || a.trusted_header_prefix.size() > 40) {
      return ReportError(InvalidArgument("--trusted-header-prefix: 1 to 40 characters"));
    }
    options.trusted_header.enabled = true;
    options.trusted_header.prefix = a.trusted_header_prefix;
  }
  if (Status s = server::CheckAuditPurposes(a.audit_purposes); !s.ok()) return ReportError(s);
  options.audit_purposes = a.audit_purposes;
  if (a.login_max_failures < 1) {
    return ReportError(InvalidArgument("--login-max-failures: at least 1"));
  }
  if (a.login_lockout_minutes < 0) {
    return ReportError(InvalidArgument("--login-lockout-minutes: 0 (until unlocked) or more"));
  }
  options.login_limits.max_failures = a.login_max_failures;
  options.login_limits.lockout_seconds = std::int64_t{a.login_lockout_minutes} * 60;
  if (a.session_idle_minutes < 1) return ReportError(InvalidArgument("--session-idle: at least 1"));
  options.session_idle_seconds = std::int64_t{a.session_idle_minutes} * 60;
  options.min_persons = a.min_persons;
  if (!a.server_names.empty()) {
    auto names = server::ParseServerNames(a.server_names);
    if (!names.ok()) return ReportError(names.status());
    options.server_names = std::move(*names);
  }
  if (!a.metrics_token_file.empty()) {
    auto token = server::ReadSecretFile(a.metrics_token_file, "--metrics-token-file");
    if (!token.ok()) return ReportError(token.status());
    options.metrics_token = std::move(*token);
  }
  options.web_dir = a.web.empty() ? DefaultWebDir() : a.web;
  auto users = (*sources)->auth->ListUsers();
  if (users.ok() && users->empty()) {
    // A postgresql:// URL may hold a password: not repeated.
    const std::string where = server::IsPostgresUrl((*sources)->auth_path)
                                  ? std::string("postgresql://...")
                                  : (*sources)->auth_path;
    std::fprintf(stderr,
                 "fremdrift serve: no users yet in %s; add one with `fremdrift users add --auth-db "
                 "%s --username NAME --role admin`\n",
                 where.c_str(), where.c_str());
  }
  return ServeUntilSignal(options, **sources, [&](int port) {
    std::printf("fremdrift serve: %s://%s:%d/ (web: %s)\n", a.tls_cert.empty() ? "http" : "https",
                options.host.c_str(), port,
                options.web_dir.empty() ? "none, API only" : options.web_dir.c_str());
    std::fflush(stdout);
  });
}

CommandRegistrar reg([](AppContext& ctx) {
  auto* sub = ctx.Command("serve");
  auto a = std::make_shared<ServeArgs>();
  sub->add_option("--store", a->store, "spell store written by `fremdrift ingest`");
  sub->add_option("--db", a->db, "event store: sqlite:PATH or postgresql://...");
  sub->add_option("--listen", a->listen, "address:port to listen on (port 0: any free port)")
      ->capture_default_str();
  sub->add_option("--tls-cert", a->tls_cert, "PEM certificate: serve HTTPS");
  sub->add_option("--tls-key", a->tls_key, "PEM private key for --tls-cert");
  sub->add_flag("--behind-tls-proxy", a->behind_tls_proxy,
                "a TLS proxy serves HTTPS in front: session cookie Secure, named __Host-...");
  sub->add_option("--trusted-proxy,--trusted-proxies", a->trusted_proxies,
                  "address or CIDR range of a reverse proxy whose X-Forwarded-For and "
                  "X-Forwarded-Proto are believed (repeatable; default: none, the peer is the "
                  "client)");
  sub->add_flag("--trusted-header", a->trusted_header,
                "sign users in by the headers PREFIX User, Role, Kommune and Name that a "
                "--trusted-proxy sets (e.g. Apache with mod_auth_mellon); ignored from others");
  sub->add_option("--trusted-header-prefix", a->trusted_header_prefix,
                  "the headers' common prefix for --trusted-header")
      ->capture_default_str();
  sub->add_option("--audit-purpose,--audit-purposes", a->audit_purposes,
                  "the purposes (formål) a citizen lookup may give (repeatable)")
      ->capture_default_str();
  sub->add_option("--login-max-failures", a->login_max_failures,
                  "failed logins in a row after which the account is locked")
      ->capture_default_str();
  sub->add_option("--login-lockout-minutes", a->login_lockout_minutes,
                  "minutes a locked account stays locked (0: until `fremdrift users unlock`)")
      ->capture_default_str();
  sub->add_option("--min-persons", a->min_persons,
                  "analysts and administrators (no citizen access) get counts under this many "
                  "persons, and the cells that would reveal them, not shown (0: every figure "
                  "exact, only for an installation with made-up data)")
      ->check(CLI::Range(0, 1000))
      ->capture_default_str();
  sub->add_option("--session-idle", a->session_idle_minutes,
                  "minutes without a request after which a session ends")
      ->capture_default_str();
  sub->add_option("--auth-db", a->auth_db,
                  "users, sessions and the audit log: a SQLite file, or postgresql://... shared "
                  "by several instances (default: STORE.auth.db)");
  sub->add_option("--web", a->web,
                  "folder with the dashboard's pages (default: web/ in the data folder, as "
                  "`fremdrift paths` shows)");
  sub->add_option("--models", a->models, "folder with the pools' model files (data/models)");
  sub->add_option("--population", a->population,
                  "population file for shares (default: the one kept beside the store)");
  sub->add_option("--threads", a->threads,
                  "connections served at once, each on its own thread; more get 503")
      ->capture_default_str();
  sub->add_option("--server-name", a->server_names,
                  "host names to answer to, comma-separated (other Host headers get 421)");
  sub->add_option("--metrics-token-file", a->metrics_token_file,
                  "file (mode 0600) with a secret that opens /api/v1/metrics and the full health "
                  "as 'Authorization: Bearer SECRET'");
  // Every option also from the environment, FREMDRIFT_SERVE_<NAME> (--auth-db:
  // FREMDRIFT_SERVE_AUTH_DB), below the command line and the configuration file.
  for (CLI::Option* o : sub->get_options()) {
    if (o->get_lnames().empty() || o->get_lnames().front() == "help") continue;
    std::string env = "FREMDRIFT_SERVE_";
    for (char c : o->get_lnames().front()) {
      env += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    o->envname(env);
  }
  ctx.OnRun(sub, [&ctx, a] { return Run(ctx, *a); });
});

}  // namespace
}  // namespace fremdrift
