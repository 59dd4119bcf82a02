// Login, logout and "who am I": argon2id password check behind the login rate limiter, a session
// cookie (HttpOnly, SameSite=Strict, Secure under TLS) and the CSRF token the pages send back.
#include <fmt/format.h>

#include "server/api.h"
#include "server/password_hash.h"

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

std::string SessionCookie(const std::string& value, std::int64_t max_age, bool secure) {
  return fmt::format("{}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}", kSessionCookie,
                     value, max_age, secure ? "; Secure" : "");
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
  return j;
}

}  // namespace

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
    if (std::int64_t wait = api.limiter().RetryAfter(username, req.remote_addr, now)) {
      (void)api.Audit(nullptr, req, "login_limited", "/api/v1/login", {}, "user=" + username);
      res.set_header("Retry-After", std::to_string(wait));
      Api::SendJson(res, 429,
                    {{"error",
                      {{"code", "too_many_requests"},
                       {"message", fmt::format("for mange mislykkede login; prøv igen "
                                               "om {} sekunder",
                                               wait)}}}});
      return Status::Ok();
    }
    auto user = api.sources().auth->FindUser(username);
    bool ok = user.ok() ? VerifyPassword(user->password_hash, password)
                        : (VerifyPassword(DummyHash(), password), false);
    if (!ok) {
      api.limiter().RecordFailure(username, req.remote_addr, now);
      (void)api.Audit(nullptr, req, "login_failed", "/api/v1/login", {}, "user=" + username);
      return Status(StatusCode::kUnauthenticated, "forkert brugernavn eller adgangskode");
    }
    api.limiter().RecordSuccess(username);
    Session s;
    ASSIGN_OR_RETURN(s.id, RandomHex(32));
    ASSIGN_OR_RETURN(s.csrf_token, RandomHex(32));
    s.username = user->username;
    s.created = now;
    s.expires = now + api.options().session_seconds;
    RETURN_IF_ERROR(api.sources().auth->CreateSession(s));
    RequestContext ctx{*user, s, user->principal()};
    RETURN_IF_ERROR(api.Audit(&ctx, req, "login", "/api/v1/login", {}, ""));
    res.set_header("Set-Cookie",
                   SessionCookie(s.id, api.options().session_seconds, api.secure_cookies()));
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
                 res.set_header("Set-Cookie", SessionCookie("", 0, api.secure_cookies()));
                 Api::SendJson(res, 200, {{"status", "logged out"}});
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
