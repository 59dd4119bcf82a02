// The administrator's endpoints for API tokens (bearer_token.h): list, issue (the secret is in
// the answer once and never again) and revoke. Only a logged-in administrator (a session, never
// a token) may; every change is audited (token_issue, token_revoke) without the secret. A token
// reads only aggregates, which administrators and analysts read anyway, so no second
// administrator approves it (unlike accounts with citizen access).
#include <fmt/format.h>

#include "server/api.h"
#include "server/bearer_token.h"

namespace fremdrift::server {
namespace {

Status NeedAdmin(const RequestContext& ctx) {
  if (ctx.who.role != Role::kAdmin) return PermissionDenied("administrators only");
  return Status::Ok();
}

nlohmann::json Time(std::int64_t unix_seconds) {
  return unix_seconds == 0 ? nlohmann::json(nullptr) : nlohmann::json(FormatUtc(unix_seconds));
}

nlohmann::json TokenJson(const ApiToken& t, std::int64_t now) {
  return {{"name", t.name},
          {"kommuner", t.kommuner},
          {"alle_kommuner", t.kommuner.empty()},
          {"created", Time(t.created)},
          {"created_by", t.created_by},
          {"expires", Time(t.expires)},
          {"revoked", Time(t.revoked)},
          {"revoked_by", t.revoked_by},
          {"last_used", Time(t.last_used)},
          {"state", std::string(TokenState(t, now))}};
}

// The body of POST /api/v1/tokens: {"name", "kommuner": [codes] or "alle", "days"?}.
Result<TokenSpec> SpecOf(const nlohmann::json& body) {
  TokenSpec spec;
  if (!body.contains("name") || !body["name"].is_string()) {
    return InvalidArgument("name: required (a string)");
  }
  spec.name = body["name"].get<std::string>();
  if (!body.contains("kommuner")) {
    return InvalidArgument("kommuner: required (municipality codes, or \"alle\")");
  }
  const nlohmann::json& k = body["kommuner"];
  if (k.is_string() && k.get<std::string>() == "alle") {
    spec.all_kommuner = true;
  } else if (k.is_array() && !k.empty() && k.size() <= 98) {
    for (const auto& code : k) {
      if (!code.is_number_integer()) return InvalidArgument("kommuner: codes are whole numbers");
      spec.kommuner.push_back(code.get<int>());
    }
  } else {
    return InvalidArgument("kommuner: a list of municipality codes, or \"alle\"");
  }
  if (body.contains("days")) {
    if (!body["days"].is_number_integer()) return InvalidArgument("days: a whole number");
    const auto days = body["days"].get<std::int64_t>();
    spec.days = days < 0 || days > kMaxTokenDays ? -1 : static_cast<int>(days);
  }
  return spec;
}

}  // namespace

void AddTokenRoutes(Api& api, httplib::Server& svr) {
  svr.Get("/api/v1/tokens", api.WrapAuthed(
                                [&api](const httplib::Request&, httplib::Response& res,
                                       const RequestContext& ctx) -> Status {
                                  RETURN_IF_ERROR(NeedAdmin(ctx));
                                  ASSIGN_OR_RETURN(auto tokens, api.sources().auth->ListTokens());
                                  nlohmann::json list = nlohmann::json::array();
                                  for (const auto& t : tokens) {
                                    list.push_back(TokenJson(t, api.Now()));
                                  }
                                  Api::SendJson(res, 200, {{"tokens", list}});
                                  return Status::Ok();
                                },
                                false));

  svr.Post(
      "/api/v1/tokens",
      api.WrapAuthed(
          [&api](const httplib::Request& req, httplib::Response& res,
                 const RequestContext& ctx) -> Status {
            RETURN_IF_ERROR(NeedAdmin(ctx));
            ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonBody(req));
            ASSIGN_OR_RETURN(TokenSpec spec, SpecOf(body));
            spec.by = ctx.user.username;
            ASSIGN_OR_RETURN(
                IssuedToken issued,
                IssueToken(*api.sources().auth, *api.sources().reference, spec, api.Now()));
            RETURN_IF_ERROR(api.Audit(
                &ctx, req, "token_issue", "/api/v1/tokens", {},
                fmt::format("token={} kommuner={} expires={}", issued.token.name,
                            KommunerText(issued.token.kommuner), FormatUtc(issued.token.expires))));
            nlohmann::json out = TokenJson(issued.token, api.Now());
            out["token"] = issued.secret;  // shown this once; only its digest is stored
            Api::SendJson(res, 201, out);
            return Status::Ok();
          },
          true));

  svr.Post(
      R"(/api/v1/tokens/([a-z0-9._-]{2,64})/revoke)",
      api.WrapAuthed(
          [&api](const httplib::Request& req, httplib::Response& res,
                 const RequestContext& ctx) -> Status {
            RETURN_IF_ERROR(NeedAdmin(ctx));
            const std::string name = req.matches[1];
            RETURN_IF_ERROR(api.sources().auth->RevokeToken(name, ctx.user.username, api.Now()));
            RETURN_IF_ERROR(api.Audit(&ctx, req, "token_revoke", "/api/v1/tokens/{name}/revoke", {},
                                      "token=" + name));
            Api::SendJson(res, 200, {{"name", name}, {"state", "revoked"}});
            return Status::Ok();
          },
          true));
}

}  // namespace fremdrift::server
