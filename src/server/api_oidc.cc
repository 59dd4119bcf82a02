// Sign-in through an OpenID Connect provider (oidc_client.h): /auth/oidc/login sends the browser
// to the provider, /auth/oidc/callback checks what comes back, keeps the user as the claims say
// (created at the first sign-in, role, municipality and name updated at each) and opens a
// session as a password login does. Every refusal is a Danish page and an audit row
// (login_refused). /api/v1/auth/methods tells the login form which ways to sign in are open.
#include <fmt/format.h>

#include "common/log.h"
#include "server/api.h"
#include "server/password_hash.h"
#include "server/request_log.h"

namespace fremdrift::server {
namespace {

constexpr std::string_view kLoginCookie = "fremdrift_oidc_login";
constexpr std::string_view kSecureLoginCookie = "__Host-fremdrift_oidc_login";

std::string HtmlEscape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

// A Danish page for a refused or failed sign-in.
void SendPage(httplib::Response& res, int status, std::string_view heading,
              std::string_view message) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(
      fmt::format("<!doctype html>\n<html lang=\"da\"><head><meta charset=\"utf-8\">"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                  "<title>{0} – fremdrift</title><link rel=\"stylesheet\" href=\"/css/app.css\">"
                  "</head><body><main id=\"login-afvist\"><h1>{0}</h1><p role=\"alert\">{1}</p>"
                  "<p>Kontakt kommunens it-support eller den, der tildeler roller til fremdrift, "
                  "hvis du mener, du skal have adgang.</p><p><a href=\"/\">Til forsiden</a></p>"
                  "</main></body></html>\n",
                  HtmlEscape(heading), HtmlEscape(message)),
      "text/html; charset=utf-8");
}

std::string LoginCookie(const Api& api, const httplib::Request& req, const std::string& value,
                        int max_age) {
  const bool secure = api.SecureRequest(req);
  // Lax: the provider's redirect back is a cross-site navigation, which carries Lax cookies.
  return fmt::format("{}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
                     secure ? kSecureLoginCookie : kLoginCookie, value, max_age,
                     secure ? "; Secure" : "");
}

// Refuses the sign-in: audited as login_refused with `detail`, a Danish page with `message`.
void Refuse(Api& api, const httplib::Request& req, httplib::Response& res,
            const std::string& detail, std::string_view message) {
  (void)api.Audit(nullptr, req, "login_refused", "/auth/oidc/callback", {}, "oidc: " + detail);
  res.set_header("Set-Cookie", LoginCookie(api, req, "", 0));
  SendPage(res, 403, "Login afvist", message);
}

}  // namespace

void AddOidcRoutes(Api& api, httplib::Server& svr) {
  svr.Get("/api/v1/auth/methods", api.Wrap([&api](const httplib::Request&,
                                                  httplib::Response& res) -> Status {
    nlohmann::json out = {{"password", api.options().password_login}, {"oidc", nullptr}};
    if (OidcClient* oidc = api.oidc()) {
      out["oidc"] = {{"name", oidc->options().provider_name}, {"url", "/auth/oidc/login"}};
    }
    Api::SendJson(res, 200, out);
    return Status::Ok();
  }));
  if (!api.oidc()) return;

  svr.Get("/auth/oidc/login", api.Wrap([&api](const httplib::Request& req,
                                              httplib::Response& res) -> Status {
    ASSIGN_OR_RETURN(std::string browser, RandomUrlToken(32));
    Result<std::string> url = api.oidc()->BeginLogin(browser, api.Now());
    if (!url.ok()) {
      LogWarn("oidc: the login could not start: {}", url.status().message());
      SendPage(res, 503, "Login er ikke muligt lige nu",
               "fremdrift kan ikke nå login-udbyderen. Prøv igen om lidt.");
      return Status::Ok();
    }
    res.status = 302;
    res.set_header("Location", *url);
    res.set_header("Cache-Control", "no-store");
    res.set_header("Set-Cookie", LoginCookie(api, req, browser, 600));
    return Status::Ok();
  }));

  svr.Get("/auth/oidc/callback", api.Wrap([&api](const httplib::Request& req,
                                                 httplib::Response& res) -> Status {
    const std::int64_t now = api.Now();
    const std::string state = req.get_param_value("state");
    if (req.has_param("error")) {
      (void)api.oidc()->TakeLogin(state, now);
      std::string error = req.get_param_value("error").substr(0, 60);
      Refuse(api, req, res, "the provider answered error=" + error,
             "Login-udbyderen afviste login (" + error + ").");
      return Status::Ok();
    }
    std::optional<PendingLogin> login = api.oidc()->TakeLogin(state, now);
    if (!login) {
      Refuse(api, req, res, "unknown, used or expired state",
             "Dette login er allerede brugt, er udløbet eller blev ikke startet her. Start "
             "forfra fra fremdrifts forside.");
      return Status::Ok();
    }
    std::string cookies;
    for (std::size_t i = 0, n = req.get_header_value_count("Cookie"); i < n; ++i) {
      cookies += req.get_header_value("Cookie", i) + "; ";
    }
    auto cookie = SessionIdFromCookies(
        cookies,
        api.SecureRequest(req) ? kSecureLoginCookie : kLoginCookie);
    if (!cookie.ok() || !SecretEquals(*cookie, login->browser)) {
      Refuse(api, req, res, "the login was begun in another browser",
             "Login blev startet i en anden browser. Start forfra fra fremdrifts forside.");
      return Status::Ok();
    }
    IdTokenError error = IdTokenError::kNone;
    Result<nlohmann::json> claims =
        api.oidc()->FinishLogin(req.get_param_value("code"), *login, now, &error);
    if (!claims.ok()) {
      std::string message =
          error == IdTokenError::kNone
              ? std::string("fremdrift fik ikke et gyldigt svar fra login-udbyderen.")
              : fmt::format("Login-udbyderens svar blev afvist: {}.", IdTokenErrorDanish(error));
      Refuse(api, req, res,
             fmt::format("{} ({})",
                         error == IdTokenError::kNone ? "token exchange" : IdTokenErrorName(error),
                         claims.status().message()),
             message);
      return Status::Ok();
    }
    Result<HeaderIdentity> id =
        IdentityFromClaims(api.oidc()->options().mapping, *api.sources().reference, *claims);
    if (!id.ok()) {
      std::string sub = claims->value("sub", std::string()).substr(0, 80);
      Refuse(api, req, res, fmt::format("sub={} {}", sub, id.status().message()),
             "Du er logget ind hos login-udbyderen, men " + id.status().message() + ".");
      return Status::Ok();
    }
    // The user as the provider says: created at the first sign-in, kept up to date after.
    AuthStore& store = *api.sources().auth;
    Result<User> user = store.FindUser(id->username);
    if (!user.ok() && user.status().code() != StatusCode::kNotFound) return user.status();
    if (!user.ok()) {
      User fresh;
      fresh.username = id->username;
      fresh.display_name = id->display_name;
      fresh.role = id->role;
      fresh.kommune = id->kommune;
      fresh.password_hash = std::string(kOidcPasswordHash);
      fresh.status = UserStatus::kActive;
      fresh.created_at = FormatUtc(now);
      RETURN_IF_ERROR(store.AddUser(fresh));
      RequestContext who{fresh, {}, fresh.principal(), {}};
      RETURN_IF_ERROR(api.Audit(&who, req, "user_add", "/auth/oidc/callback", {},
                                fmt::format("user={} role={} kommune={} by=oidc", fresh.username,
                                            RoleName(fresh.role), fresh.kommune)));
      user = fresh;
    } else if (user->status != UserStatus::kActive) {
      Refuse(api, req, res,
             fmt::format("user={} status={}", id->username, UserStatusName(user->status)),
             "Din konto er spærret i fremdrift.");
      return Status::Ok();
    } else if (user->role != id->role || user->kommune != id->kommune ||
               user->display_name != id->display_name) {
      RETURN_IF_ERROR(
          store.SetUserProfile(id->username, id->display_name, id->role, id->kommune));
      RequestContext who{*user, {}, user->principal(), {}};
      RETURN_IF_ERROR(api.Audit(&who, req, "user_update", "/auth/oidc/callback", {},
                                fmt::format("user={} role={} kommune={} by=oidc", id->username,
                                            RoleName(id->role), id->kommune)));
      user->display_name = id->display_name;
      user->role = id->role;
      user->kommune = id->kommune;
    }
    ASSIGN_OR_RETURN(Session s, CreateUserSession(api, user->username, now));
    RequestContext ctx{*user, s, user->principal(), {}};
    RETURN_IF_ERROR(api.Audit(&ctx, req, "login", "/auth/oidc/callback", {}, "oidc"));
    SetRequestUser(user->username);
    res.status = 302;
    res.set_header("Location", "/");
    res.set_header("Cache-Control", "no-store");
    res.set_header("Set-Cookie", SessionCookieHeader(api, req, s.id, api.options().session_seconds));
    res.set_header("Set-Cookie", LoginCookie(api, req, "", 0));
    return Status::Ok();
  }));
}

}  // namespace fremdrift::server
