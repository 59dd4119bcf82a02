// Login, logout, "who am I" and changing one's own password: argon2id password check behind the
// login rate limiter, a session cookie (HttpOnly, SameSite=Strict; Secure and named with the
// __Host- prefix under TLS or behind a TLS proxy) and the CSRF token the pages send back.
#include <fmt/format.h>

#include <algorithm>

#include "server/api.h"
#include "server/password_hash.h"
#include "server/request_log.h"

namespace fremdrift::server {
namespace {

// A hash that never matches, verified for unknown users so their answer takes as long.
const std::string& DummyHash() {
  static const std::string hash = [] {
    auto h = HashPassword("dummy-password-never-used");
    return h.ok() ? *h : std::string();
  }();
  return hash;
}

std::string SessionCookie(const Api& api, const httplib::Request& req, const std::string& value,
                          std::int64_t max_age) {
  return SessionCookieHeader(api, req, value, max_age);
}

void SendTooMany(httplib::Response& res, std::int64_t wait) {
  res.set_header("Retry-After", std::to_string(wait));
  Api::SendJson(
      res, 429,
      {{"error",
        {{"code", "too_many_requests"},
         {"message", fmt::format("for mange mislykkede login; prøv igen om {} sekunder", wait)}}}});
}

// Asks the limiter whether `username` may try a password from this client now (counting the
// attempt) and writes the audit rows it asks for. Returns the seconds to wait (0: go ahead).
std::int64_t BeginAttempt(Api& api, const httplib::Request& req, const std::string& username,
                          std::int64_t now) {
  LoginAttempt a = api.limiter().Begin(username, api.ClientAddress(req), now);
  if (a.unreported_refusals > 0) {
    (void)api.Audit(nullptr, req, "login_limited", "/api/v1/login", {},
                    fmt::format("user={} refused={} (the rest of an earlier window)", username,
                                a.unreported_refusals));
  }
  if (a.retry_after > 0 && a.audit_refusal) {
    (void)api.Audit(nullptr, req, "login_limited", "/api/v1/login", {},
                    fmt::format("user={} refused=1 (further refusals in this window are "
                                "counted in one later row)",
                                username));
  }
  return a.retry_after;
}

// A cross-site request carries a foreign Origin; refuse it on login (login CSRF).
Status CheckOrigin(const httplib::Request& req) {
  std::string origin = req.get_header_value("Origin");
  if (origin.empty()) return Status::Ok();
  std::string host = req.get_header_value("Host");
  if (origin == "http://" + host || origin == "https://" + host) return Status::Ok();
  return PermissionDenied("Origin does not match the server");
}

nlohmann::json UserJson(const Api& api, const User& u) {
  nlohmann::json j = {
      {"username", u.username},
      {"display_name", u.display_name},
      {"role", std::string(RoleName(u.role))},
      {"role_label", std::string(RoleLabel(u.role))},
      {"kommune", u.kommune == 0 ? nlohmann::json(nullptr) : nlohmann::json(u.kommune)}};
  int idx = api.sources().reference->MunicipalityIndex(u.kommune);
  j["kommune_navn"] = idx >= 0 ? nlohmann::json(api.sources().reference->municipalities()[idx].name)
                               : nlohmann::json(nullptr);
  j["rights"] = {{"citizen", MayRead(u.principal(), DataLevel::kCitizen)},
                 {"staff", MayRead(u.principal(), DataLevel::kStaff)},
                 {"all_kommuner", !BoundToMunicipality(u.role)},
                 {"admin", u.role == Role::kAdmin},
                 // The Økonomi page (api_finance.cc): read and import finance data.
                 {"finance", u.role != Role::kCaseworker},
                 {"finance_import", u.role == Role::kLeader || u.role == Role::kAdmin}};
  // The purposes a citizen lookup may name (the Borger page offers them).
  j["formaal"] = api.options().audit_purposes;
  return j;
}

}  // namespace

// Path=/ and no Domain, as the __Host- prefix requires.
std::string SessionCookieHeader(const Api& api, const httplib::Request& req,
                                const std::string& value, std::int64_t max_age) {
  const bool secure = api.SecureRequest(req);
  return fmt::format("{}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}",
                     api.session_cookie_name(req), value, max_age, secure ? "; Secure" : "");
}

Result<Session> CreateUserSession(Api& api, const std::string& username, std::int64_t now) {
  Session s;
  ASSIGN_OR_RETURN(s.id, RandomHex(32));
  ASSIGN_OR_RETURN(s.csrf_token, RandomHex(32));
  s.username = username;
  s.created = now;
  s.expires = now + api.options().session_seconds;
  s.idle_seconds = api.options().session_idle_seconds;
  RETURN_IF_ERROR(api.sources().auth->CreateSession(s));
  return s;
}

Result<std::string> SessionIdFromCookies(std::string_view header, std::string_view name) {
  std::string id;
  int session_cookies = 0;
  std::size_t pos = 0;
  while (pos < header.size()) {
    std::size_t end = header.find(';', pos);
    if (end == std::string_view::npos) end = header.size();
    std::string_view part = header.substr(pos, end - pos);
    while (!part.empty() && (part.front() == ' ' || part.front() == '\t')) part.remove_prefix(1);
    std::size_t eq = part.find('=');
    std::string_view key = part.substr(0, eq);
    while (!key.empty() && (key.back() == ' ' || key.back() == '\t')) key.remove_suffix(1);
    if (key == name) {
      ++session_cookies;
      if (eq != std::string_view::npos) id = std::string(part.substr(eq + 1));
    }
    pos = end + 1;
  }
  if (session_cookies > 1) {
    return Status(StatusCode::kUnauthenticated, "more than one session cookie; log in again");
  }
  if (id.empty() || id.size() > 128) {
    return Status(StatusCode::kUnauthenticated, "not logged in");
  }
  return id;
}

void AddAuthRoutes(Api& api, httplib::Server& svr) {
  svr.Post("/api/v1/login", api.Wrap([&api](const httplib::Request& req,
                                            httplib::Response& res) -> Status {
    RETURN_IF_ERROR(CheckOrigin(req));
    ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonBody(req));
    if (!body.contains("username") || !body["username"].is_string()) {
      return InvalidArgument("username: required (a string)");
    }
    if (!body.contains("password") || !body["password"].is_string()) {
      return InvalidArgument("password: required (a string)");
    }
    std::string username = body["username"].get<std::string>();
    std::string password = body["password"].get<std::string>();
    if (username.size() > 64) username.resize(64);
    const std::int64_t now = api.Now();
    if (!api.options().password_login) {
      const auto& allowed = api.options().password_login_users;
      if (std::find(allowed.begin(), allowed.end(), username) == allowed.end()) {
        (void)api.Audit(nullptr, req, "login_refused", "/api/v1/login", {},
                        "user=" + username + " password login is off");
        return PermissionDenied(
            "login med brugernavn og adgangskode er slået fra her; brug {}",
            api.oidc() ? "\"Log ind med " + api.oidc()->options().provider_name + "\""
                       : std::string("kommunens login"));
      }
    }
    // The attempt is counted before the password is checked, so parallel guesses get no more
    // than the limit through.
    if (std::int64_t wait = BeginAttempt(api, req, username, now)) {
      SendTooMany(res, wait);
      return Status::Ok();
    }
    auto user = api.sources().auth->FindUser(username);
    // Unknown users are checked against a dummy hash so the answer takes as long.
    bool ok = user.ok() ? VerifyPassword(user->password_hash, password)
                        : (VerifyPassword(DummyHash(), password), false);
    // A locked account answers exactly as a wrong password does (no telling which accounts
    // exist or are locked), right password or not; only the audit says so.
    if (user.ok() && user->LockedAt(now)) {
      (void)api.Audit(nullptr, req, "login_locked", "/api/v1/login", {},
                      fmt::format("user={} locked_until={}", username,
                                  user->locked_until == kLockedUntilUnlocked
                                      ? std::string("unlock")
                                      : FormatUtc(user->locked_until)));
      return Status(StatusCode::kUnauthenticated, "forkert brugernavn eller adgangskode");
    }
    if (!ok) {
      std::string detail = "user=" + username;
      if (user.ok()) {
        const LoginLimits& limits = api.options().login_limits;
        auto counted = api.sources().auth->RecordFailedLogin(username, now, limits.max_failures,
                                                             limits.lockout_seconds);
        if (counted.ok() && counted->LockedAt(now)) {
          detail += fmt::format(" failures={} now locked", counted->failed_logins);
        }
      }
      (void)api.Audit(nullptr, req, "login_failed", "/api/v1/login", {}, detail);
      return Status(StatusCode::kUnauthenticated, "forkert brugernavn eller adgangskode");
    }
    api.limiter().Succeeded(username, api.ClientAddress(req), now);
    if (user->failed_logins > 0) RETURN_IF_ERROR(api.sources().auth->ClearFailedLogins(username));
    if (user->status != UserStatus::kActive) {
      (void)api.Audit(nullptr, req, "login_refused", "/api/v1/login", {},
                      fmt::format("user={} status={}", username, UserStatusName(user->status)));
      return PermissionDenied("{}", user->status == UserStatus::kPending
                                        ? "kontoen venter på godkendelse af en anden administrator"
                                        : "kontoen er spærret");
    }
    ASSIGN_OR_RETURN(Session s, CreateUserSession(api, user->username, now));
    RequestContext ctx{*user, s, user->principal()};
    RETURN_IF_ERROR(api.Audit(&ctx, req, "login", "/api/v1/login", {}, ""));
    SetRequestUser(user->username);  // the login's log line names who signed in
    res.set_header("Set-Cookie", SessionCookie(api, req, s.id, api.options().session_seconds));
    nlohmann::json out = UserJson(api, *user);
    out["csrf_token"] = s.csrf_token;
    Api::SendJson(res, 200, out);
    return Status::Ok();
  }));

  svr.Post("/api/v1/logout",
           api.WrapAuthed(
               [&api](const httplib::Request& req, httplib::Response& res,
                      const RequestContext& ctx) -> Status {
                 RETURN_IF_ERROR(api.sources().auth->DeleteSession(ctx.session.id));
                 RETURN_IF_ERROR(api.Audit(&ctx, req, "logout", "/api/v1/logout", {}, ""));
                 res.set_header("Set-Cookie", SessionCookie(api, req, "", 0));
                 nlohmann::json out = {{"status", "logged out"}};
                 // Signed in through the provider: its logout too (RP-initiated), when offered.
                 if (api.oidc() && ctx.user.password_hash == kOidcPasswordHash) {
                   if (std::string url = api.oidc()->LogoutUrl(); !url.empty()) {
                     out["redirect"] = url;
                   }
                 }
                 Api::SendJson(res, 200, out);
                 return Status::Ok();
               },
               /*change=*/true));

  // One's own new password: the current one is checked (behind the login limiter), the new one
  // must pass the password rule, and every session of the user ends (this one too).
  svr.Post("/api/v1/me/password",
           api.WrapAuthed(
               [&api](const httplib::Request& req, httplib::Response& res,
                      const RequestContext& ctx) -> Status {
                 ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonBody(req));
                 for (const char* f : {"password", "new_password"}) {
                   if (!body.contains(f) || !body[f].is_string())
                     return InvalidArgument("{}: required (a string)", f);
                 }
                 const std::int64_t now = api.Now();
                 if (std::int64_t wait = BeginAttempt(api, req, ctx.user.username, now)) {
                   SendTooMany(res, wait);
                   return Status::Ok();
                 }
                 if (!VerifyPassword(ctx.user.password_hash, body["password"].get<std::string>())) {
                   (void)api.Audit(&ctx, req, "login_failed", "/api/v1/me/password", {},
                                   "user=" + ctx.user.username);
                   return Status(StatusCode::kUnauthenticated, "forkert adgangskode");
                 }
                 api.limiter().Succeeded(ctx.user.username, api.ClientAddress(req), now);
                 std::string fresh = body["new_password"].get<std::string>();
                 RETURN_IF_ERROR(CheckPasswordPolicy(fresh, ctx.user.username));
                 ASSIGN_OR_RETURN(std::string hash, HashPassword(fresh));
                 RETURN_IF_ERROR(ChangePassword(*api.sources().auth, ctx.user.username, hash));
                 RETURN_IF_ERROR(api.Audit(&ctx, req, "user_passwd", "/api/v1/me/password", {},
                                           "user=" + ctx.user.username));
                 res.set_header("Set-Cookie", SessionCookie(api, req, "", 0));
                 Api::SendJson(res, 200, {{"status", "password changed; log in again"}});
                 return Status::Ok();
               },
               /*change=*/true));

  svr.Get("/api/v1/me", api.WrapAuthed(
                            [&api](const httplib::Request&, httplib::Response& res,
                                   const RequestContext& ctx) -> Status {
                              nlohmann::json out = UserJson(api, ctx.user);
                              out["csrf_token"] = ctx.session.csrf_token;
                              out["session_expires"] = FormatUtc(ctx.session.expires);
                              Api::SendJson(res, 200, out);
                              return Status::Ok();
                            },
                            false));
}

}  // namespace fremdrift::server
