// DashboardServer and the shared request helpers of Api: the dispatch barrier, sessions and API
// tokens, CSRF, JSON errors, audit writing, the Table cache, security headers, static files,
// health, metrics.
#include "server/http_server.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>

#include "common/log.h"
#include "domain/cpr.h"
#include "domain/date.h"
#include "domain/period.h"
#include "server/api.h"
#include "server/bearer_token.h"
#include "server/password_hash.h"
#include "server/request_log.h"
#include "server/static_files.h"
#include "server/warmup.h"

namespace fremdrift::server {

// ---- helpers ----

std::string ScrubCpr(std::string text) { return MaskCprShapes(std::move(text)); }

ClientOrigin RequestOrigin(const TrustedProxies& proxies, const httplib::Request& req) {
  if (proxies.empty()) return {req.remote_addr, false};
  auto lines = [&req](const char* name) {
    std::vector<std::string> out;
    for (std::size_t i = 0, n = req.get_header_value_count(name); i < n; ++i) {
      out.push_back(req.get_header_value(name, i));
    }
    return out;
  };
  return ResolveClient(proxies, req.remote_addr, lines("X-Forwarded-For"),
                       lines("X-Forwarded-Proto"));
}

int HttpStatusFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kUnauthenticated:
      return 401;
    case StatusCode::kPermissionDenied:
      return 403;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kAlreadyExists:
      return 409;
    case StatusCode::kFailedPrecondition:
      return 409;
    case StatusCode::kUnavailable:
      return 503;
    default:
      return 500;
  }
}

Result<nlohmann::json> ParseJsonBody(const httplib::Request& req) {
  auto type = req.get_header_value("Content-Type");
  if (type.rfind("application/json", 0) != 0) {
    return InvalidArgument("body: Content-Type must be application/json");
  }
  nlohmann::json body = nlohmann::json::parse(req.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) {
    return InvalidArgument("body: not a JSON object");
  }
  return body;
}

bool SecretEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

// ---- TableCache ----

std::shared_ptr<const CachedTable> TableCache::Get(const std::string& key) {
  std::lock_guard lock(mu_);
  auto it = index_.find(key);
  if (it == index_.end()) return nullptr;
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->second;
}

void TableCache::Put(const std::string& key, std::shared_ptr<const CachedTable> value) {
  if (capacity_ == 0) return;
  std::lock_guard lock(mu_);
  if (auto it = index_.find(key); it != index_.end()) {
    it->second->second = std::move(value);
    lru_.splice(lru_.begin(), lru_, it->second);
    return;
  }
  lru_.emplace_front(key, std::move(value));
  index_[key] = lru_.begin();
  while (lru_.size() > capacity_) {
    index_.erase(lru_.back().first);
    lru_.pop_back();
  }
}

// ---- Api ----

Api::Api(const ServerOptions& options, ServerSources sources)
    : options_(options),
      sources_(sources),
      limiter_(options.login_limits),
      token_failures_(options.login_limits),
      cache_(options.cache_entries) {
  if (options.oidc) oidc_ = std::make_unique<OidcClient>(*options.oidc);
  auto key = RandomHex(32);
  header_csrf_key_ = key.ok() ? *key : std::string();
}

void Api::SendJson(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                  "application/json; charset=utf-8");
}

void Api::SendError(httplib::Response& res, const Status& s) {
  int status = HttpStatusFor(s.code());
  std::string message = status == 500 ? "internal error" : ScrubCpr(s.message());
  if (status == 500) LogError("internal error: {}", ScrubCpr(s.message()));
  SendJson(res, status, {{"error", {{"code", StatusCodeId(s.code())}, {"message", message}}}});
}

httplib::Server::Handler Api::Wrap(Handler h) {
  return [this, h = std::move(h)](const httplib::Request& req, httplib::Response& res) {
    try {
      Status s = h(req, res);
      if (!s.ok()) SendError(res, s);
    } catch (const std::exception& e) {
      LogError("exception in {}: {}", LoggablePath(req.path, req.params), ScrubCpr(e.what()));
      res = httplib::Response();
      SendError(res, Internal("exception"));
    } catch (...) {
      res = httplib::Response();
      SendError(res, Internal("unknown exception"));
    }
  };
}

namespace {

// The query of a request as "a=1&b=2" (names in order): an API token's audit detail.
std::string QueryText(const httplib::Request& req) {
  std::string out;
  for (const auto& [k, v] : req.params) out += (out.empty() ? "" : "&") + k + "=" + v;
  return out;
}

}  // namespace

Result<RequestContext> Api::Authenticate(const httplib::Request& req) {
  const std::size_t headers = req.get_header_value_count("Authorization");
  if (headers > 1) {
    (void)Audit(nullptr, req, "token_failed", req.path, {}, "more than one Authorization header");
    return Status(StatusCode::kUnauthenticated, "mere end én Authorization-header");
  }
  if (headers == 1) {
    const std::string header = req.get_header_value("Authorization");
    if (std::optional<std::string_view> secret = BearerCredential(header)) {
      return AuthenticateToken(req, *secret);
    }
  }
  // The proxy's headers count only when the socket peer itself is a trusted proxy.
  if (options_.trusted_header.enabled && options_.trusted_proxies.Contains(req.remote_addr)) {
    auto values = [&req](const std::string& name) {
      std::vector<std::string> out;
      for (std::size_t i = 0, n = req.get_header_value_count(name.c_str()); i < n; ++i) {
        out.push_back(req.get_header_value(name.c_str(), i));
      }
      return out;
    };
    if (auto identity = IdentityFromHeaders(options_.trusted_header, *sources_.reference, values)) {
      return AuthenticateHeaders(req, std::move(*identity));
    }
  }
  return AuthenticateSession(req);
}

namespace {

std::string HmacSha256Hex(const std::string& key, std::string_view text) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(text.data()), text.size(), mac, &len);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[mac[i] >> 4];
    out += kHex[mac[i] & 15];
  }
  return out;
}

}  // namespace

Result<RequestContext> Api::AuthenticateHeaders(const httplib::Request& req,
                                                Result<HeaderIdentity> identity) {
  if (!identity.ok()) {
    (void)Audit(nullptr, req, "login_refused", req.path, {},
                "trusted header: " + identity.status().message());
    return identity.status();
  }
  if (header_csrf_key_.empty()) return Internal("no key for CSRF tokens");
  const HeaderIdentity& id = *identity;
  // An account kept in fremdrift under the same name can stop the person: disabled or pending.
  auto kept = sources_.auth->FindUser(id.username);
  if (!kept.ok() && kept.status().code() != StatusCode::kNotFound) return kept.status();
  if (kept.ok() && kept->status != UserStatus::kActive) {
    (void)Audit(nullptr, req, "login_refused", req.path, {},
                fmt::format("trusted header: user={} status={}", id.username,
                            UserStatusName(kept->status)));
    return PermissionDenied("kontoen er spærret i fremdrift");
  }
  RequestContext ctx;
  ctx.user.username = id.username;
  ctx.user.display_name = id.display_name;
  ctx.user.role = id.role;
  ctx.user.kommune = id.kommune;
  ctx.who = ctx.user.principal();
  // No session: the proxy's own session decides each request. Changes still need the CSRF
  // token, bound to the user, role and municipality and to this process's key (`me` gives it).
  const std::string who = fmt::format("{}\n{}\n{}", id.username, RoleName(id.role), id.kommune);
  ctx.session.username = id.username;
  ctx.session.csrf_token = HmacSha256Hex(header_csrf_key_, who);
  ctx.session.created = Now();
  ctx.session.expires = Now() + options_.session_seconds;
  SetRequestUser(id.username);
  // A sign-in is audited when this process first sees the person, or sees them with another
  // role or municipality.
  bool first = false;
  {
    std::lock_guard lock(header_users_mu_);
    std::string& seen = header_users_[id.username];
    first = seen != who;
    seen = who;
  }
  if (first) {
    RETURN_IF_ERROR(Audit(&ctx, req, "login", req.path, {}, "trusted header"));
  }
  return ctx;
}

Result<RequestContext> Api::AuthenticateToken(const httplib::Request& req,
                                              std::string_view secret) {
  const std::int64_t now = Now();
  std::string why;      // for the audit
  std::string message;  // for the client, in Danish
  std::optional<ApiToken> token;
  if (!IsTokenShaped(secret)) {
    why = "malformed token";
    message = "ugyldig API-nøgle";
  } else {
    auto found = sources_.auth->FindToken(TokenDigest(secret), now);
    if (!found.ok()) {
      if (found.status().code() != StatusCode::kNotFound) return found.status();
      why = "unknown token";
      message = "ugyldig API-nøgle";
    } else if (found->revoked != 0) {
      why = "revoked token name=" + found->name;
      message = fmt::format("API-nøglen '{}' er trukket tilbage", found->name);
    } else if (now >= found->expires) {
      why = "expired token name=" + found->name;
      message = fmt::format("API-nøglen '{}' udløb {}", found->name, FormatUtc(found->expires));
    } else {
      token = std::move(*found);
    }
  }
  if (!token) {
    // Every failure is audited: the first few of a window one row each, then one row per client
    // address, whose further failures are summed up in one later row (as refused logins are).
    const std::string address = ClientAddress(req);
    LoginAttempt a = token_failures_.Begin("api-token", address, now);
    if (a.unreported_refusals > 0) {
      (void)Audit(nullptr, req, "token_failed", req.path, {},
                  fmt::format("refused={} (the rest of an earlier window)", a.unreported_refusals));
    }
    if (a.retry_after == 0) {
      (void)Audit(nullptr, req, "token_failed", req.path, {}, why);
    } else if (a.audit_refusal) {
      (void)Audit(nullptr, req, "token_failed", req.path, {},
                  why +
                      " (further failures from this address in this window are counted in one "
                      "later row)");
    }
    return Status(StatusCode::kUnauthenticated, message);
  }
  RequestContext ctx;
  ctx.user.username = token->AuditName();
  ctx.user.display_name = token->name;
  ctx.user.role = Role::kAnalyst;  // aggregates only (MayRead), and Scope narrows that further
  ctx.user.kommune = token->kommuner.size() == 1 ? token->kommuner[0] : 0;
  ctx.who = {ctx.user.username, Role::kAnalyst, 0};
  ctx.token = std::move(token);
  SetRequestUser(ctx.user.username);  // for the request's log line
  return ctx;
}

Result<RequestContext> Api::AuthenticateSession(const httplib::Request& req) {
  std::string cookies;  // every Cookie header line, joined (api_auth.cc parses them)
  for (std::size_t i = 0, n = req.get_header_value_count("Cookie"); i < n; ++i) {
    cookies += req.get_header_value("Cookie", i) + "; ";
  }
  ASSIGN_OR_RETURN(std::string id, SessionIdFromCookies(cookies, session_cookie_name(req)));
  auto session = sources_.auth->FindSession(id, Now());
  if (!session.ok()) {
    if (session.status().code() == StatusCode::kNotFound) {
      return Status(StatusCode::kUnauthenticated, "session expired or unknown; log in again");
    }
    return session.status();
  }
  auto user = sources_.auth->FindUser(session->username);
  if (!user.ok()) return Status(StatusCode::kUnauthenticated, "user no longer exists");
  SetRequestUser(user->username);  // for the request's log line
  RequestContext ctx;
  ctx.who = user->principal();
  ctx.user = std::move(*user);
  ctx.session = std::move(*session);
  return ctx;
}

bool Api::MayReadOperations(const httplib::Request& req) {
  const std::string& token = options_.metrics_token;
  if (!token.empty()) {
    std::string auth = req.get_header_value("Authorization");
    constexpr std::string_view kBearer = "Bearer ";
    if (auth.size() > kBearer.size() && auth.compare(0, kBearer.size(), kBearer) == 0 &&
        SecretEquals(std::string_view(auth).substr(kBearer.size()), token)) {
      return true;
    }
  }
  return AuthenticateSession(req).ok();  // an API token does not open operations
}

httplib::Server::Handler Api::WrapAuthed(AuthedHandler h, bool change, TokenAccess tokens) {
  return Wrap([this, h = std::move(h), change, tokens](const httplib::Request& req,
                                                       httplib::Response& res) -> Status {
    ASSIGN_OR_RETURN(RequestContext ctx, Authenticate(req));
    if (ctx.token) {
      // Bearer requests carry no cookie, so no CSRF token either: a token reads, nothing else.
      if (change || tokens != TokenAccess::kRead) {
        (void)Audit(&ctx, req, "denied", req.path, {},
                    fmt::format("api token: {} {} is not an aggregate read", req.method, req.path));
        return PermissionDenied("{}", kTokenOnlyAggregates);
      }
      Status s = h(req, res, ctx);
      if (s.ok()) {
        if (Status a = Audit(&ctx, req, "token_read", req.path, {}, QueryText(req)); !a.ok()) {
          res = httplib::Response();  // nothing of the answer leaves unaudited
          return Internal("audit: {}", a.message());
        }
      } else if (s.code() != StatusCode::kPermissionDenied) {  // refusals are audited as denied
        (void)Audit(&ctx, req, "token_error", req.path, {},
                    fmt::format("{} {}", StatusCodeId(s.code()), QueryText(req)));
      }
      return s;
    }
    if (change) {
      std::string token = req.get_header_value(std::string(kCsrfHeader).c_str());
      if (token.empty() || !SecretEquals(token, ctx.session.csrf_token)) {
        (void)Audit(&ctx, req, "denied", req.path, {}, "csrf token missing or wrong");
        return PermissionDenied("CSRF token missing or wrong (header {})", kCsrfHeader);
      }
    }
    return h(req, res, ctx);
  });
}

Status Api::Audit(const RequestContext* ctx, const httplib::Request& req, std::string action,
                  std::string what, const std::vector<std::string>& citizens, std::string detail,
                  std::string purpose) {
  AuditEntry base;
  base.at = FormatUtc(Now());
  if (ctx) {
    base.username = ctx->user.username;
    base.role = ctx->token ? std::string("token") : std::string(RoleName(ctx->user.role));
    base.kommune = ctx->user.kommune;
  } else {
    base.username = "-";
    base.role = "-";
  }
  base.action = std::move(action);
  base.what = ScrubCpr(std::move(what));
  base.detail = ScrubCpr(detail.size() > 500 ? detail.substr(0, 500) : detail);
  base.remote = ClientAddress(req);
  base.purpose = std::move(purpose);
  std::vector<AuditEntry> entries;
  if (citizens.empty()) {
    entries.push_back(base);
  } else {
    entries.reserve(citizens.size());
    for (const auto& c : citizens) {
      entries.push_back(base);
      entries.back().citizen = c;
    }
  }
  Status s = sources_.auth->AppendAudit(entries);
  if (s.ok()) metrics_.CountAudit(static_cast<std::int64_t>(entries.size()));
  return s;
}

Result<std::string> Api::CheckedPurpose(const httplib::Request& req) const {
  std::string choices;
  for (const auto& p : options_.audit_purposes) choices += (choices.empty() ? "" : ", ") + p;
  if (!req.has_param("formaal") || req.get_param_value("formaal").empty()) {
    return InvalidArgument(
        "formaal: angiv formålet med opslaget, ét af: {} (the purpose of a citizen lookup is "
        "required)",
        choices);
  }
  std::string given = req.get_param_value("formaal");
  for (const auto& p : options_.audit_purposes) {
    if (p == given) return given;
  }
  if (given.size() > 40) given = given.substr(0, 40) + "…";
  return InvalidArgument("formaal: '{}' er ikke et kendt formål; ét af: {} (unknown purpose)",
                         given, choices);
}

Status CheckAuditPurposes(const std::vector<std::string>& purposes) {
  if (purposes.empty() || purposes.size() > 20) {
    return InvalidArgument("--audit-purpose: give 1 to 20 purposes");
  }
  for (std::size_t i = 0; i < purposes.size(); ++i) {
    const std::string& p = purposes[i];
    // Lower-case ASCII letters, digits, '_', '-' and the UTF-8 bytes of æ, ø, å.
    bool ok = !p.empty() && p.size() <= 40;
    for (std::size_t j = 0; ok && j < p.size(); ++j) {
      const unsigned char c = static_cast<unsigned char>(p[j]);
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-') continue;
      if (c == 0xc3 && j + 1 < p.size()) {
        const unsigned char d = static_cast<unsigned char>(p[j + 1]);
        if (d == 0xa6 || d == 0xb8 || d == 0xa5) {  // æ ø å
          ++j;
          continue;
        }
      }
      ok = false;
    }
    if (!ok) {
      return InvalidArgument(
          "--audit-purpose: '{}' is not a purpose (1 to 40 of a-z, æ, ø, å, 0-9, '_', '-')", p);
    }
    for (std::size_t k = 0; k < i; ++k) {
      if (purposes[k] == p) return InvalidArgument("--audit-purpose: '{}' is given twice", p);
    }
  }
  return Status::Ok();
}

Result<std::vector<int>> Api::ScopeKommune(const Principal& who, DataLevel level, Params& params) {
  ASSIGN_OR_RETURN(std::vector<int> asked, params.Kommuner("kommune"));
  if (!MayRead(who, level)) {
    return PermissionDenied("the role {} may not read {} data", RoleName(who.role),
                            DataLevelName(level));
  }
  if (BoundToMunicipality(who.role)) {
    if (asked.empty()) {
      asked = {who.kommune};
      params.Set("kommune", std::to_string(who.kommune));
    }
    for (int k : asked) RETURN_IF_ERROR(CheckRead(who, level, k));
  }
  return asked;
}

Result<std::vector<int>> Api::Scope(const RequestContext& ctx, DataLevel level, Params& params) {
  if (!ctx.token) return ScopeKommune(ctx.who, level, params);
  ASSIGN_OR_RETURN(std::vector<int> asked, params.Kommuner("kommune"));
  if (level != DataLevel::kAggregate) return PermissionDenied("{}", kTokenOnlyAggregates);
  const ApiToken& token = *ctx.token;
  if (token.kommuner.empty()) return asked;
  if (asked.empty()) {
    std::string codes;
    for (int k : token.kommuner) codes += (codes.empty() ? "" : ",") + std::to_string(k);
    params.Set("kommune", codes);
    return token.kommuner;
  }
  for (int k : asked) {
    if (!TokenMayRead(token, k)) {
      return PermissionDenied("API-nøglen '{}' giver kun adgang til kommune {}, ikke {}",
                              token.name, KommunerText(token.kommuner), k);
    }
  }
  return asked;
}

// ---- DashboardServer ----

namespace {

std::string LowerAscii(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

// The Host header's name (without port, brackets kept for IPv6) is one of `names` (lower case).
bool HostAllowed(const std::string& host, const std::vector<std::string>& names) {
  std::string name = LowerAscii(host);
  if (!name.empty() && name.front() == '[') {
    name = name.substr(0, name.find(']') == std::string::npos ? name.size() : name.find(']') + 1);
  } else if (auto colon = name.find(':'); colon != std::string::npos) {
    name.resize(colon);
  }
  return std::find(names.begin(), names.end(), name) != names.end();
}

void AddSecurityHeaders(httplib::Response& res, bool tls) {
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("Content-Security-Policy",
                 "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                 "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
                 "form-action 'self'; base-uri 'none'");
  if (tls) res.set_header("Strict-Transport-Security", "max-age=31536000");
}

}  // namespace

DashboardServer::DashboardServer(ServerOptions options, ServerSources sources)
    : options_(std::move(options)), api_(std::make_unique<Api>(options_, sources)) {}

DashboardServer::~DashboardServer() { Stop(); }

bool DashboardServer::tls() const { return !options_.tls_cert.empty(); }

Status DashboardServer::Bind() {
  if (tls() && options_.tls_key.empty()) {
    return InvalidArgument("--tls-key: required with --tls-cert");
  }
  if (!tls() && !options_.tls_key.empty()) {
    return InvalidArgument("--tls-cert: required with --tls-key");
  }
  HardenedLimits limits = options_.limits;
  limits.max_connections = static_cast<std::size_t>(std::max(2, options_.threads));
  ASSIGN_OR_RETURN(std::unique_ptr<HardenedServer> server,
                   HardenedServer::Create(limits, options_.tls_cert, options_.tls_key));
  HardenedServer& svr = *server;
  svr.set_tcp_nodelay(true);
  const std::size_t max_body = limits.max_body;
  std::vector<std::string> server_names;
  for (const auto& name : options_.server_names) server_names.push_back(LowerAscii(name));
  Api& api = *api_;
  svr.SetRequestLog(LogRequest);

  // Before the body is read: refuse what must not be read (hostile framing, a foreign Host);
  // timing for every response.
  svr.set_pre_routing_handler(
      [max_body, server_names](const httplib::Request& req, httplib::Response& res) {
        (void)TakeRequestUser();  // none yet for this request
        res.set_header("X-Request-Start",
                       std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(
                                          std::chrono::steady_clock::now().time_since_epoch())
                                          .count()));
        if (HardenedServer::RefuseBeforeBody(req, res, max_body)) {
          return httplib::Server::HandlerResponse::Handled;
        }
        if (!server_names.empty() && !HostAllowed(req.get_header_value("Host"), server_names)) {
          HardenedServer::SetError(res, 421, "misdirected", "this server does not serve that host");
          HardenedServer::CloseAfterResponse(res);
          return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
      });
  svr.set_post_routing_handler([&api](const httplib::Request& req, httplib::Response& res) {
    AddSecurityHeaders(res, api.SecureRequest(req));  // TLS here or at the proxy in front
    if (req.path.rfind("/api/", 0) == 0) res.set_header("Cache-Control", "no-store");
    auto start = res.get_header_value("X-Request-Start");
    if (!start.empty()) {
      auto now = std::chrono::duration_cast<std::chrono::microseconds>(
                     std::chrono::steady_clock::now().time_since_epoch())
                     .count();
      api.metrics().RecordRequest(res.status, (now - std::stoll(start)) / 1e6);
      res.headers.erase("X-Request-Start");
    }
  });
  svr.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        res.status = 500;
        res.set_content(R"({"error":{"code":"internal","message":"internal error"}})",
                        "application/json; charset=utf-8");
      });
  svr.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    const char* code = res.status == 404 ? "not_found" : "error";
    const char* msg = res.status == 404 ? "no such resource" : "request refused";
    res.set_content(fmt::format(R"({{"error":{{"code":"{}","message":"{}"}}}})", code, msg),
                    "application/json; charset=utf-8");
  });

  // Without a login (or the metrics token) health says only that the server answers.
  svr.Get("/api/v1/health", api.Wrap([&api](const httplib::Request& req, httplib::Response& res) {
    if (!api.MayReadOperations(req)) {
      Api::SendJson(res, 200, {{"status", "ok"}});
      return Status::Ok();
    }
    nlohmann::json body = {{"status", "ok"}, {"version", "0.1.0"}};
    if (const SpellStore* st = api.sources().store) {
      body["store"] = {{"persons", st->person_count()},
                       {"first_week", FormatIsoWeek(st->first_week())},
                       {"last_week", FormatIsoWeek(st->last_week())}};
    } else {
      body["store"] = nullptr;
    }
    body["cases"] = api.sources().cases != nullptr;
    Api::SendJson(res, 200, body);
    return Status::Ok();
  }));
  svr.Get("/api/v1/metrics", api.Wrap([&api](const httplib::Request& req, httplib::Response& res) {
    if (!api.MayReadOperations(req)) {
      return Status(StatusCode::kUnauthenticated, "log in, or give the metrics token");
    }
    res.set_content(api.metrics().Render(), "text/plain; version=0.0.4");
    return Status::Ok();
  }));
  AddAuthRoutes(api, svr);
  AddTokenRoutes(api, svr);
  AddOidcRoutes(api, svr);
  AddMeasurementRoutes(api, svr);
  AddCitizenRoutes(api, svr);
  AddAdminRoutes(api, svr);
  AddFinanceRoutes(api, svr);
  // Unknown API paths: a JSON 404 rather than a static-file lookup.
  svr.Get(R"(/api/.*)", api.Wrap([](const httplib::Request&, httplib::Response&) {
    return NotFound("no such API endpoint");
  }));
  if (!options_.web_dir.empty()) {
    ASSIGN_OR_RETURN(StaticFiles files, StaticFiles::Load(options_.web_dir));
    auto shared = std::make_shared<const StaticFiles>(std::move(files));
    svr.Get(R"(/.*)", [shared](const httplib::Request& req, httplib::Response& res) {
      const StaticFile* f = shared->Find(req.path);
      if (!f) {
        res.status = 404;  // the error handler writes the JSON body
        return;
      }
      StaticFiles::Send(*f, req, res);
    });
  }

  if (options_.port == 0) {
    port_ = svr.bind_to_any_port(options_.host);
    if (port_ < 0) return Unavailable("cannot bind {}", options_.host);
  } else {
    if (!svr.bind_to_port(options_.host, options_.port)) {
      return Unavailable("cannot listen on {}:{} (in use, or not allowed)", options_.host,
                         options_.port);
    }
    port_ = options_.port;
  }
  svr.WidenListenBacklog();
  server_ = std::move(server);
  return Status::Ok();
}

Status DashboardServer::Run() {
  if (!server_) return FailedPrecondition("Bind() first");
  if (options_.warm_first_views && !warmup_.joinable()) {
    warmup_ = std::jthread([this] {
      // Background work: it yields the cores to the requests (a thread's own nice value on Linux).
      (void)setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 10);
      const WarmupReport r = WarmFirstViews(*api_, stop_warmup_);
      if (!stop_warmup_) api_->metrics().SetFirstViewsPrepared(r.tables);
    });
  }
  if (!server_->listen_after_bind()) return Unavailable("the server stopped with an error");
  return Status::Ok();
}

void DashboardServer::Stop() {
  stop_warmup_ = true;
  if (server_) server_->stop();
}

}  // namespace fremdrift::server
