// Reference data for the pages' pickers (municipalities with RAR area and region, benefit
// groups) and the administrator's endpoints: users (list, add) and the audit log (read).
#include "server/api.h"
#include "server/password_hash.h"

namespace fremdrift::server {
namespace {

Status NeedAdmin(const RequestContext& ctx) {
  if (ctx.who.role != Role::kAdmin) return PermissionDenied("administrators only");
  return Status::Ok();
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
              kommuner.push_back(
                  {{"kode", m.code},
                   {"navn", m.name},
                   {"rar", m.rar >= 0 ? ref.rar_names()[m.rar] : ""},
                   {"region", m.region >= 0 ? ref.region_names()[m.region] : ""},
                   {"tilladt", !BoundToMunicipality(ctx.who.role) || m.code == ctx.who.kommune}});
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
            }
            Api::SendJson(res, 200, body);
            return Status::Ok();
          },
          false));

  svr.Get("/api/v1/users", api.WrapAuthed(
                               [&api](const httplib::Request&, httplib::Response& res,
                                      const RequestContext& ctx) -> Status {
                                 RETURN_IF_ERROR(NeedAdmin(ctx));
                                 ASSIGN_OR_RETURN(auto users, api.sources().auth->ListUsers());
                                 nlohmann::json list = nlohmann::json::array();
                                 for (const auto& u : users) {
                                   list.push_back({{"username", u.username},
                                                   {"display_name", u.display_name},
                                                   {"role", std::string(RoleName(u.role))},
                                                   {"kommune", u.kommune},
                                                   {"created_at", u.created_at}});
                                 }
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
                 u.display_name = body.value("display_name", u.username);
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
                 ASSIGN_OR_RETURN(u.password_hash,
                                  HashPassword(body["password"].get<std::string>()));
                 RETURN_IF_ERROR(api.sources().auth->AddUser(u));
                 RETURN_IF_ERROR(
                     api.Audit(&ctx, req, "user_add", "/api/v1/users", {},
                               "user=" + u.username + " role=" + std::string(RoleName(u.role))));
                 Api::SendJson(res, 201, {{"username", u.username}});
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
