// Api: the state shared by the route files (api_*.cc) of DashboardServer and the helpers every
// handler uses: the dispatch barrier (Wrap), authentication (a session cookie, or an API token as
// "Authorization: Bearer", bearer_token.h), CSRF checks, JSON errors, the audit log and the
// computed-Table cache. Internal to the server layer.
// Thread-safety: all members are safe to use from the server's worker threads.
#pragma once

#include <httplib.h>

#include <atomic>
#include <ctime>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>

#include "server/http_server.h"
#include "server/metrics.h"

namespace fremdrift::server {

inline constexpr std::string_view kSessionCookie = "fremdrift_session";
// The cookie's name when it is Secure: the __Host- prefix makes browsers refuse it unless it is
// Secure, has Path=/ and no Domain, so a sibling (sub)domain cannot plant one.
inline constexpr std::string_view kSecureSessionCookie = "__Host-fremdrift_session";
inline constexpr std::string_view kCsrfHeader = "X-CSRF-Token";

// Who made a request. With an API token: `token` is set, `user` names it ("token:<name>",
// role analyst, no password) and `session` is empty.
struct RequestContext {
  User user;
  Session session;
  Principal who;
  std::optional<ApiToken> token;
};

// Whether a route serves requests made with an API token (bearer_token.h).
enum class TokenAccess {
  kRefused,  // 403 with a Danish message, audited as denied
  kRead,     // read-only routes of aggregate data; every use audited (token_read)
};

// A computed Table and its compact JSON rendering (also gzip-compressed, for clients that accept
// it: a national table is several hundred kB of JSON), shared between requests.
struct CachedTable {
  Table table;
  std::string json;
  std::string json_gzip;  // empty when the JSON is small
};

class TableCache {
 public:
  explicit TableCache(std::size_t capacity) : capacity_(capacity) {}
  std::shared_ptr<const CachedTable> Get(const std::string& key);
  void Put(const std::string& key, std::shared_ptr<const CachedTable> value);

 private:
  std::size_t capacity_;
  std::mutex mu_;
  std::list<std::pair<std::string, std::shared_ptr<const CachedTable>>> lru_;
  std::unordered_map<std::string, decltype(lru_)::iterator> index_;
};

// The client of a request: the socket peer, or, when the peer is one of `proxies`, the address
// and scheme its X-Forwarded-For and X-Forwarded-Proto report (client_address.h).
ClientOrigin RequestOrigin(const TrustedProxies& proxies, const httplib::Request& req);

class Api {
 public:
  Api(const ServerOptions& options, ServerSources sources);

  using Handler = std::function<Status(const httplib::Request&, httplib::Response&)>;
  using AuthedHandler =
      std::function<Status(const httplib::Request&, httplib::Response&, const RequestContext&)>;
  // The barrier: runs `h`, turns a failed Status into a JSON error and an exception into a 500.
  httplib::Server::Handler Wrap(Handler h);
  // As Wrap, after authenticating the session or API token (401 without one); `change` also
  // checks the CSRF token (403 on mismatch). A request with an API token reaches `h` only on a
  // kRead route that is no change; it is audited once whatever its outcome: token_read (served;
  // when that row cannot be written nothing is sent), denied (403), token_error (other errors).
  httplib::Server::Handler WrapAuthed(AuthedHandler h, bool change,
                                      TokenAccess tokens = TokenAccess::kRefused);

  // The request's API token when it has an "Authorization: Bearer" header (then any cookie is
  // ignored; 401 for a malformed, unknown, revoked or expired token, audited as token_failed);
  // else, in trusted-header mode, the user a trusted proxy's headers name (trusted_header.h;
  // refused: 403, audited as login_refused); else its session.
  Result<RequestContext> Authenticate(const httplib::Request& req);
  Result<RequestContext> AuthenticateSession(const httplib::Request& req);
  // Operational detail (full health, metrics): a logged-in user, or the metrics token as
  // "Authorization: Bearer TOKEN" when the server was given one.
  bool MayReadOperations(const httplib::Request& req);
  std::int64_t Now() const { return options_.clock ? options_.clock() : std::time(nullptr); }

  // Writes audit entries (filling at, username, role, kommune, remote from the context).
  // `purpose`: a citizen lookup's formål (CheckedPurpose), "" for anything else.
  Status Audit(const RequestContext* ctx, const httplib::Request& req, std::string action,
               std::string what, const std::vector<std::string>& citizens, std::string detail,
               std::string purpose = "");
  // The purpose (query parameter `formaal`) a citizen lookup gives: one of the server's
  // audit_purposes; InvalidArgument (400) naming the choices when it is missing or unknown.
  Result<std::string> CheckedPurpose(const httplib::Request& req) const;

  static void SendJson(httplib::Response& res, int status, const nlohmann::json& body);
  void SendError(httplib::Response& res, const Status& s);

  // Restricts a request's `kommune` parameter to what `who` may read at `level`: a user bound to
  // a municipality gets their own (403 for another); others any. Returns the municipalities
  // asked for (empty: all).
  Result<std::vector<int>> ScopeKommune(const Principal& who, DataLevel level, Params& params);
  // As ScopeKommune for the request's user; an API token reads only aggregates (403 otherwise)
  // of its municipalities: none asked gives all of them, another one 403 (Danish messages).
  Result<std::vector<int>> Scope(const RequestContext& ctx, DataLevel level, Params& params);

  const ServerOptions& options() const { return options_; }
  const ServerSources& sources() const { return sources_; }
  LoginLimiter& limiter() { return limiter_; }
  // The OpenID Connect provider's client when one is configured, else null.
  OidcClient* oidc() { return oidc_.get(); }
  // Counts failed API tokens (all under one name, and per client address), only to keep their
  // audit rows bounded (a token is 256 random bits: guessing is no threat; a valid token is never
  // refused by it).
  LoginLimiter& token_failures() { return token_failures_; }
  Metrics& metrics() { return metrics_; }
  TableCache& cache() { return cache_; }
  MeasureContext measure_context() const {
    return {sources_.reference, sources_.store, sources_.population, sources_.cases};
  }
  // The request reached us (or the trusted proxy in front) over HTTPS: TLS here, every request
  // (--behind-tls-proxy), or a trusted proxy's X-Forwarded-Proto: https. Then the session cookie
  // is Secure with the __Host- name and the answer carries HSTS.
  bool SecureRequest(const httplib::Request& req) const {
    return !options_.tls_cert.empty() || options_.secure_cookies ||
           RequestOrigin(options_.trusted_proxies, req).https;
  }
  // The client's address: the peer's, or behind a trusted proxy the address the proxy reports.
  std::string ClientAddress(const httplib::Request& req) const {
    return RequestOrigin(options_.trusted_proxies, req).address;
  }
  std::string_view session_cookie_name(const httplib::Request& req) const {
    return SecureRequest(req) ? kSecureSessionCookie : kSessionCookie;
  }

 private:
  const ServerOptions& options_;
  ServerSources sources_;
  Result<RequestContext> AuthenticateToken(const httplib::Request& req, std::string_view secret);
  Result<RequestContext> AuthenticateHeaders(const httplib::Request& req,
                                             Result<HeaderIdentity> identity);

  std::string header_csrf_key_;  // keys the CSRF tokens of trusted-header users (random)
  std::mutex header_users_mu_;
  std::unordered_map<std::string, std::string> header_users_;  // audited sign-ins: name → role

  std::unique_ptr<OidcClient> oidc_;
  LoginLimiter limiter_;
  LoginLimiter token_failures_;
  Metrics metrics_;
  TableCache cache_;
};

// Route groups.
void AddAuthRoutes(Api& api, httplib::Server& server);
void AddTokenRoutes(Api& api, httplib::Server& server);
void AddOidcRoutes(Api& api, httplib::Server& server);
void AddMeasurementRoutes(Api& api, httplib::Server& server);
void AddCitizenRoutes(Api& api, httplib::Server& server);
void AddAdminRoutes(Api& api, httplib::Server& server);
void AddFinanceRoutes(Api& api, httplib::Server& server);

// Masks anything shaped like a CPR number (MaskCprShapes, domain/cpr.h).
std::string ScrubCpr(std::string text);
// The HTTP status for a Status code.
int HttpStatusFor(StatusCode code);
// Parses a JSON request body; InvalidArgument("body: ...") when it is not a JSON object.
Result<nlohmann::json> ParseJsonBody(const httplib::Request& req);
// The session id from a Cookie header: the value of the cookie `name`. Unauthenticated when there
// is none, or when the header carries more than one cookie of that name (one planted beside the
// real one, e.g. from a sibling subdomain, must not decide who the user is). Under the __Host-
// name a plain `fremdrift_session` is ignored: browsers never let another site set a __Host- one.
Result<std::string> SessionIdFromCookies(std::string_view header, std::string_view name);

// A new session for `username` from `now` (fresh id and CSRF token, the server's lifetime and idle
// limit), stored in the auth store: the password login's and the identity provider's.
Result<Session> CreateUserSession(Api& api, const std::string& username, std::int64_t now);
// The Set-Cookie value of the session cookie (HttpOnly, SameSite=Strict, Path=/; Secure with the
// __Host- name when the request came over HTTPS); max_age 0 removes it.
std::string SessionCookieHeader(const Api& api, const httplib::Request& req,
                                const std::string& value, std::int64_t max_age);
// The password hash kept for a user an identity provider created: it never verifies, so such a
// user signs in only through the provider (until an administrator gives a password).
inline constexpr std::string_view kOidcPasswordHash = "!oidc";
// Constant-time comparison of two secrets.
bool SecretEquals(std::string_view a, std::string_view b);

}  // namespace fremdrift::server
