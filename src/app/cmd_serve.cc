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
  std::string role_uri_domain = std::string(server::kDefaultRoleUriDomain);
  int session_idle_minutes = 30;
  int min_persons = 5;  // table/suppression.h
  std::vector<std::string> trusted_proxies;
  std::vector<std::string> audit_purposes = {"sagsbehandling", "opfølgning", "klagesag", "tilsyn"};
  // Sign-in through an OpenID Connect provider (server/oidc_client.h).
  std::string oidc_issuer, oidc_client_id, oidc_client_secret_file, oidc_redirect_url,
      oidc_provider_name = "kommunens login", oidc_ca_file, oidc_scopes = "openid profile",
      oidc_post_logout_url, oidc_username_claim = "preferred_username", oidc_name_claim = "name",
      oidc_role_claim = "roles", oidc_kommune_claim = "kommune";
  std::vector<std::string> oidc_role_map, oidc_kommune_map;
  bool password_login = true;
  std::vector<std::string> password_login_users;  // break-glass accounts when it is off
  int login_max_failures = 5;
  int login_lockout_minutes = 15;
};

Result<server::OidcOptions> OidcOptionsFrom(const ServeArgs& a, const ReferenceData& ref) {
  server::OidcOptions o;
  o.issuer = a.oidc_issuer;
  if (o.issuer.rfind("https://", 0) != 0) {
    return InvalidArgument("--oidc-issuer: '{}' is not an https:// address", o.issuer);
  }
  if (a.oidc_client_id.empty()) return InvalidArgument("--oidc-client-id: required with --oidc-issuer");
  if (a.oidc_redirect_url.empty() ||
      (a.oidc_redirect_url.rfind("https://", 0) != 0 && a.oidc_redirect_url.rfind("http://", 0) != 0)) {
    return InvalidArgument(
        "--oidc-redirect-url: required with --oidc-issuer, the address of /auth/oidc/callback as "
        "the browser reaches it (https://.../auth/oidc/callback)");
  }
  o.client_id = a.oidc_client_id;
  o.redirect_url = a.oidc_redirect_url;
  if (!a.oidc_client_secret_file.empty()) {
    ASSIGN_OR_RETURN(o.client_secret,
                     server::ReadSecretFile(a.oidc_client_secret_file, "--oidc-client-secret-file"));
  }
  if (!a.oidc_ca_file.empty() && !std::filesystem::is_regular_file(a.oidc_ca_file)) {
    return InvalidArgument("--oidc-ca-file: '{}' is not a file", a.oidc_ca_file);
  }
  o.ca_file = a.oidc_ca_file;
  o.provider_name = a.oidc_provider_name;
  o.scopes = a.oidc_scopes;
  o.post_logout_url = a.oidc_post_logout_url;
  o.mapping.username_claim = a.oidc_username_claim;
  o.mapping.name_claim = a.oidc_name_claim;
  o.mapping.role_claim = a.oidc_role_claim;
  o.mapping.kommune_claim = a.oidc_kommune_claim;
  o.mapping.role_uri_domain = a.role_uri_domain;
  for (const std::string& e : a.oidc_role_map) {
    ASSIGN_OR_RETURN(auto entry, server::ParseRoleMapEntry(e));
    o.mapping.role_map.push_back(std::move(entry));
  }
  for (const std::string& e : a.oidc_kommune_map) {
    ASSIGN_OR_RETURN(auto entry, server::ParseKommuneMapEntry(e, ref));
    o.mapping.kommune_map.push_back(std::move(entry));
  }
  return o;
}

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
    options.trusted_header.role_uri_domain = a.role_uri_domain;
  }
  if (!a.oidc_issuer.empty()) {
    auto oidc = OidcOptionsFrom(a, *ref);
    if (!oidc.ok()) return ReportError(oidc.status());
    options.oidc = std::move(*oidc);
  }
  options.password_login = a.password_login;
  options.password_login_users = a.password_login_users;
  if (!a.password_login && !options.oidc && !options.trusted_header.enabled) {
    return ReportError(InvalidArgument(
        "--password-login false: needs another way to sign in (--oidc-issuer or --trusted-header)"));
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
  sub->add_option("--role-uri-domain", a->role_uri_domain,
                  "the domain of fremdrift's user-system roles in KOMBIT role URIs "
                  "(http://DOMAIN/roles/usersystemrole/leder/1), for --trusted-header and "
                  "--oidc-issuer; role URIs of other domains are other systems' roles")
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
  sub->add_option("--oidc-issuer", a->oidc_issuer,
                  "sign in through this OpenID Connect provider (https://...; its "
                  "/.well-known/openid-configuration is read)");
  sub->add_option("--oidc-client-id", a->oidc_client_id, "fremdrift's client id at the provider");
  sub->add_option("--oidc-client-secret-file", a->oidc_client_secret_file,
                  "file (mode 0600) with the client secret (none: a public client, PKCE only)");
  sub->add_option("--oidc-redirect-url", a->oidc_redirect_url,
                  "the address of /auth/oidc/callback as browsers reach it, registered at the "
                  "provider");
  sub->add_option("--oidc-provider-name", a->oidc_provider_name,
                  "the name on the login button: \"Log ind med NAME\"")
      ->capture_default_str();
  sub->add_option("--oidc-ca-file", a->oidc_ca_file,
                  "PEM file with the CA certificate(s) the provider's TLS certificate is checked "
                  "against (default: the system's trust store)");
  sub->add_option("--oidc-scopes", a->oidc_scopes, "scopes asked for")->capture_default_str();
  sub->add_option("--oidc-post-logout-url", a->oidc_post_logout_url,
                  "where the provider sends the browser after its logout (default: the redirect "
                  "URL's origin)");
  sub->add_option("--oidc-username-claim", a->oidc_username_claim, "claim with the user name")
      ->capture_default_str();
  sub->add_option("--oidc-name-claim", a->oidc_name_claim, "claim with the display name")
      ->capture_default_str();
  sub->add_option("--oidc-role-claim", a->oidc_role_claim,
                  "claim with the role(s): a string or an array")
      ->capture_default_str();
  sub->add_option("--oidc-kommune-claim", a->oidc_kommune_claim,
                  "claim with the municipality of a caseworker or leader")
      ->capture_default_str();
  sub->add_option("--oidc-role-map", a->oidc_role_map,
                  "VALUE=ROLE: a role claim value that means a fremdrift role (repeatable; "
                  "fremdrift's and the Danish role names and KOMBIT role URIs need none)");
  sub->add_option("--oidc-kommune-map", a->oidc_kommune_map,
                  "VALUE=CODE: a municipality claim value that means a municipality code "
                  "(repeatable; a code itself needs none)");
  sub->add_option("--password-login", a->password_login,
                  "allow login with username and password (false: only through the provider or "
                  "the trusted header, and for the --password-login-user accounts)")
      ->capture_default_str();
  sub->add_option("--password-login-user", a->password_login_users,
                  "with --password-login false, an account that may still log in with its "
                  "password (break-glass administrator; repeatable)");
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
