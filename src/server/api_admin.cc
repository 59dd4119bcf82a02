// Reference data for the pages' pickers (municipalities with RAR area and region, benefit
// groups; API tokens read these and the labels too) and the administrator's endpoints: users
// (list, add, approve, disable, enable, new password) and the audit log (read). An account with
// citizen access or administrator rights that an administrator creates or changes here stays
// pending until a second administrator approves it, so no single administrator can give themself
// citizen access (docs/security.md). API tokens are administered in api_tokens.cc.
#include "eventstore/event.h"
#include "domain/cpr.h"
#include "domain/labels.h"
#include "rules/rule_set.h"
#include "measure/period_grid.h"
#include "server/api.h"
#include "server/bearer_token.h"
#include "server/password_hash.h"

namespace fremdrift::server {
namespace {

Status NeedAdmin(const RequestContext& ctx) {
  if (ctx.who.role != Role::kAdmin) return PermissionDenied("administrators only");
  return Status::Ok();
}

// Roles whose accounts need a second administrator when made or changed through the API: those
// that read citizens, and administrators (who could otherwise approve for themselves).
bool NeedsSecondAdmin(Role role) {
  return role == Role::kAdmin || MayRead(Principal{"", role, 1}, DataLevel::kCitizen);
}

nlohmann::json UserListJson(const User& u) {
  return {{"username", u.username},
          {"display_name", u.display_name},
          {"role", std::string(RoleName(u.role))},
          {"kommune", u.kommune},
          {"created_at", u.created_at},
          {"status", std::string(UserStatusName(u.status))},
          {"requested_by", u.requested_by}};
}

}  // namespace

void AddAdminRoutes(Api& api, httplib::Server& svr) {
  svr.Get(
      "/api/v1/reference",
      api.WrapAuthed(
          [&api](const httplib::Request&, httplib::Response& res,
                 const RequestContext& ctx) -> Status {
            const ReferenceData& ref = *api.sources().reference;
            nlohmann::json kommuner = nlohmann::json::array();
            for (const auto& m : ref.municipalities()) {
              kommuner.push_back({{"kode", m.code},
                                  {"navn", m.name},
                                  {"rar", m.rar >= 0 ? ref.rar_names()[m.rar] : ""},
                                  {"region", m.region >= 0 ? ref.region_names()[m.region] : ""},
                                  {"tilladt", ctx.token ? TokenMayRead(*ctx.token, m.code)
                                                        : !BoundToMunicipality(ctx.who.role) ||
                                                              m.code == ctx.who.kommune}});
            }
            nlohmann::json grupper = nlohmann::json::array();
            for (const auto& g : ref.groups()) {
              grupper.push_back({{"id", g.id},
                                 {"navn", g.name},
                                 {"offentlig_forsoergelse", g.offentlig_forsoergelse},
                                 {"sortering", g.sort}});
            }
            nlohmann::json body = {{"kommuner", kommuner}, {"grupper", grupper}};
            if (const SpellStore* st = api.sources().store) {
              body["register"] = {
                  {"foerste_maaned",
                   FormatPeriod(PeriodOfMonth(PeriodKind::kMonth, MonthOfWeek(st->first_week())))},
                  {"sidste_maaned",
                   FormatPeriod(PeriodOfMonth(PeriodKind::kMonth, MonthOfWeek(st->last_week())))}};
              // The register's preliminary months (the latest, and the one before when the
              // register ends mid-month): pages mark them "foreløbig".
              const PreliminaryMonths pm = PreliminaryMonthsOf(*st);
              nlohmann::json prelim = nlohmann::json::array();
              for (MonthIndex m = pm.first; m <= pm.last; ++m) {
                prelim.push_back(FormatPeriod(PeriodOfMonth(PeriodKind::kMonth, m)));
              }
              body["register"]["foreloebige_maaneder"] = std::move(prelim);
            }
            Api::SendJson(res, 200, body);
            return Status::Ok();
          },
          false, TokenAccess::kRead));

  // Danish labels of every id a page shows (domain/labels.h): the label table, the benefit groups,
  // the dated rules' titles, the measurements' titles and the pools' deadlines (their models).
  // The same for every user.
  svr.Get(
      "/api/v1/labels",
      api.WrapAuthed(
          [&api](const httplib::Request&, httplib::Response& res, const RequestContext&) -> Status {
            ASSIGN_OR_RETURN(Labels labels, Labels::LoadEmbedded(api.sources().reference));
            for (const char* set : {"rettidighed", "rehabilitering"}) {
              auto rules = cases::RuleSet::Load(set, cases::DefaultRulesDir());
              if (!rules.ok()) continue;  // a server without rule sets has no rule labels
              for (const auto& r : rules->rules()) labels.Add("regel", r.id, r.title);
            }
            if (const auto* reg = api.sources().measurements) {
              for (const auto& m : reg->all()) labels.Add("maaling", m->id, m->title);
            }
            if (const auto* cases = api.sources().cases) {  // the pools' deadlines, by their models
              for (const auto& model : cases->models()) {
                labels.Add("maaling", model.id, model.name);
                for (const auto& d : model.deadlines) labels.Add("frist", d.id, d.label);
              }
            }
            nlohmann::json body = nlohmann::json::object();
            for (const auto& [kind, ids] : labels.kinds()) {
              nlohmann::json one = nlohmann::json::object();
              for (const auto& [id, text] : ids) one[id] = text;
              body[kind] = std::move(one);
            }
            Api::SendJson(res, 200, body);
            return Status::Ok();
          },
          false, TokenAccess::kRead));

  svr.Get("/api/v1/users", api.WrapAuthed(
                               [&api](const httplib::Request&, httplib::Response& res,
                                      const RequestContext& ctx) -> Status {
                                 RETURN_IF_ERROR(NeedAdmin(ctx));
                                 ASSIGN_OR_RETURN(auto users, api.sources().auth->ListUsers());
                                 nlohmann::json list = nlohmann::json::array();
                                 for (const auto& u : users) list.push_back(UserListJson(u));
                                 Api::SendJson(res, 200, {{"users", list}});
                                 return Status::Ok();
                               },
                               false));

  svr.Post("/api/v1/users",
           api.WrapAuthed(
               [&api](const httplib::Request& req, httplib::Response& res,
                      const RequestContext& ctx) -> Status {
                 RETURN_IF_ERROR(NeedAdmin(ctx));
                 ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonBody(req));
                 for (const char* f : {"username", "password", "role"}) {
                   if (!body.contains(f) || !body[f].is_string())
                     return InvalidArgument("{}: required", f);
                 }
                 User u;
                 u.username = body["username"].get<std::string>();
                 RETURN_IF_ERROR(ValidateUsername(u.username));
                 u.display_name = u.username;
                 if (body.contains("display_name") && !body["display_name"].is_null()) {
                   const auto& name = body["display_name"];
                   if (!name.is_string() || name.get<std::string>().size() > 100 ||
                       !cases::IsValidUtf8(name.get<std::string>()) ||
                       ContainsCprShape(name.get<std::string>())) {
                     return InvalidArgument("display_name: text of at most 100 bytes");
                   }
                   u.display_name = name.get<std::string>();
                 }
                 ASSIGN_OR_RETURN(u.role, ParseRole(body["role"].get<std::string>()));
                 u.kommune = body.contains("kommune") && body["kommune"].is_number_integer()
                                 ? body["kommune"].get<int>()
                                 : 0;
                 if (BoundToMunicipality(u.role) &&
                     api.sources().reference->MunicipalityIndex(u.kommune) < 0) {
                   return InvalidArgument("kommune: a municipality code is required for role {}",
                                          RoleName(u.role));
                 }
                 if (!BoundToMunicipality(u.role)) u.kommune = 0;
                 const std::string password = body["password"].get<std::string>();
                 RETURN_IF_ERROR(CheckPasswordPolicy(password, u.username));
                 ASSIGN_OR_RETURN(u.password_hash, HashPassword(password));
                 if (NeedsSecondAdmin(u.role)) {
                   u.status = UserStatus::kPending;
                   u.requested_by = ctx.user.username;
                 }
                 RETURN_IF_ERROR(api.sources().auth->AddUser(u));
                 RETURN_IF_ERROR(api.Audit(&ctx, req, "user_add", "/api/v1/users", {},
                                           "user=" + u.username +
                                               " role=" + std::string(RoleName(u.role)) +
                                               " status=" + std::string(UserStatusName(u.status))));
                 Api::SendJson(
                     res, 201,
                     {{"username", u.username}, {"status", std::string(UserStatusName(u.status))}});
                 return Status::Ok();
               },
               true));

  // Approve, disable, enable, or set a new password: POST /api/v1/users/{name}/{action}.
  svr.Post(R"(/api/v1/users/([a-z0-9._-]{2,64})/(approve|disable|enable|password))",
           api.WrapAuthed(
               [&api](const httplib::Request& req, httplib::Response& res,
                      const RequestContext& ctx) -> Status {
                 RETURN_IF_ERROR(NeedAdmin(ctx));
                 const std::string name = req.matches[1];
                 const std::string action = req.matches[2];
                 AuthStore& auth = *api.sources().auth;
                 ASSIGN_OR_RETURN(User u, auth.FindUser(name));
                 const std::string what = "/api/v1/users/{name}/" + action;
                 UserStatus next = u.status;
                 std::string requested_by = u.requested_by;
                 if (action == "approve") {
                   if (u.status != UserStatus::kPending) {
                     return FailedPrecondition("user '{}' is not waiting for approval", name);
                   }
                   if (u.requested_by == ctx.user.username || u.username == ctx.user.username) {
                     (void)api.Audit(&ctx, req, "denied", what, {},
                                     "user=" + name + " own request");
                     return PermissionDenied(
                         "another administrator must approve what you created or changed");
                   }
                   next = UserStatus::kActive;
                 } else if (action == "disable") {
                   if (u.username == ctx.user.username) {
                     return InvalidArgument("you cannot disable yourself");
                   }
                   next = UserStatus::kDisabled;
                 } else if (action == "enable") {
                   if (u.status != UserStatus::kDisabled) {
                     return FailedPrecondition("user '{}' is not disabled", name);
                   }
                   next = NeedsSecondAdmin(u.role) ? UserStatus::kPending : UserStatus::kActive;
                   requested_by = ctx.user.username;
                 } else {  // password
                   ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonBody(req));
                   if (!body.contains("password") || !body["password"].is_string()) {
                     return InvalidArgument("password: required (a string)");
                   }
                   const std::string password = body["password"].get<std::string>();
                   RETURN_IF_ERROR(CheckPasswordPolicy(password, u.username));
                   ASSIGN_OR_RETURN(std::string hash, HashPassword(password));
                   RETURN_IF_ERROR(ChangePassword(auth, u.username, hash));
                   // The administrator now knows the password: a second one must approve before
                   // an account with citizen access or administrator rights may be used again.
                   if (NeedsSecondAdmin(u.role) && u.username != ctx.user.username) {
                     next = UserStatus::kPending;
                     requested_by = ctx.user.username;
                   }
                 }
                 if (next != u.status || requested_by != u.requested_by) {
                   RETURN_IF_ERROR(auth.SetUserStatus(u.username, next, requested_by));
                 }
                 RETURN_IF_ERROR(
                     api.Audit(&ctx, req, "user_" + action, what, {},
                               "user=" + name + " status=" + std::string(UserStatusName(next))));
                 Api::SendJson(res, 200,
                               {{"username", name}, {"status", std::string(UserStatusName(next))}});
                 return Status::Ok();
               },
               true));

  svr.Get("/api/v1/audit",
          api.WrapAuthed(
              [&api](const httplib::Request& req, httplib::Response& res,
                     const RequestContext& ctx) -> Status {
                RETURN_IF_ERROR(NeedAdmin(ctx));
                AuditFilter f;
                f.username = req.get_param_value("username");
                f.citizen = req.get_param_value("citizen");
                f.action = req.get_param_value("action");
                if (req.has_param("after")) {
                  ASSIGN_OR_RETURN(int after, ParseIntParam("after", req.get_param_value("after")));
                  f.after_seq = after;
                }
                if (req.has_param("limit")) {
                  ASSIGN_OR_RETURN(f.limit, ParseIntParam("limit", req.get_param_value("limit")));
                  if (f.limit < 1 || f.limit > 10000) return InvalidArgument("limit: 1 to 10000");
                }
                ASSIGN_OR_RETURN(auto entries, api.sources().auth->ReadAudit(f));
                nlohmann::json list = nlohmann::json::array();
                for (const auto& e : entries) {
                  list.push_back({{"seq", e.seq},
                                  {"at", e.at},
                                  {"username", e.username},
                                  {"role", e.role},
                                  {"kommune", e.kommune},
                                  {"action", e.action},
                                  {"what", e.what},
                                  {"citizen", e.citizen},
                                  {"detail", e.detail},
                                  {"remote", e.remote}});
                }
                Api::SendJson(res, 200, {{"audit", list}});
                return Status::Ok();
              },
              false));
}

}  // namespace fremdrift::server
