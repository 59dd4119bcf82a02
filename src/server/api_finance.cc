// Finance endpoints (the "Økonomi" page): stored budgets and the budget follow-up table, grants
// with appropriations and payout status, and importing finance CSV files. Access: leaders read and
// import for their own municipality; analysts read every municipality; admins read and import for
// every municipality; caseworkers have no access (budgets are management information). Imports
// need the CSRF token and are audited, refusals too.
#include <fmt/format.h>

#include <map>
#include <set>
#include <sstream>
#include <utility>

#include "finance/finance_store.h"
#include "models/grant_payout.h"
#include "finance/budget_followup.h"
#include "table/table_format.h"
#include "server/api.h"
#include "server/grant_payouts.h"

namespace fremdrift::server {
namespace {

Status CheckFinanceRead(const Principal& who, int kommune) {
  if (who.role == Role::kCaseworker) {
    return PermissionDenied("the role caseworker may not read finance data");
  }
  if (BoundToMunicipality(who.role) && kommune != who.kommune) {
    return PermissionDenied("user {} may only read municipality {}", who.username, who.kommune);
  }
  return Status::Ok();
}

Status CheckFinanceWrite(const Principal& who, int kommune) {
  if (who.role != Role::kLeader && who.role != Role::kAdmin) {
    return PermissionDenied("the role {} may not import finance data", RoleName(who.role));
  }
  if (BoundToMunicipality(who.role) && kommune != who.kommune) {
    return PermissionDenied("user {} may only import finance data for municipality {}",
                            who.username, who.kommune);
  }
  return Status::Ok();
}

Result<std::unique_ptr<cases::FinanceStore>> OpenFinance(const Api& api) {
  return OpenFinanceStore(api);
}

nlohmann::json TableJson(const Table& t) {
  std::ostringstream out;
  WriteTableJson(t, out);
  return nlohmann::json::parse(out.str());
}

// The municipality asked for: a bound user's own by default; others must name one (or 0 = all
// where the endpoint allows it).
Result<int> KommuneParam(const Api& api, const httplib::Request& req, const RequestContext& ctx,
                         bool allow_all) {
  std::string k = req.has_param("kommune") ? req.get_param_value("kommune") : "";
  if (k.empty()) {
    if (BoundToMunicipality(ctx.who.role)) return ctx.who.kommune;
    if (allow_all) return 0;
    return InvalidArgument("kommune: required");
  }
  ASSIGN_OR_RETURN(int code, ParseIntParam("kommune", k));
  if (api.sources().reference->MunicipalityIndex(code) < 0) {
    return InvalidArgument("kommune: {} is not a municipality code", code);
  }
  return code;
}

Result<cases::AsOf> AsOfParam(const httplib::Request& req) {
  if (!req.has_param("as_of") || req.get_param_value("as_of").empty()) return cases::AsOf();
  auto t = cases::ParseAsOf(req.get_param_value("as_of"));
  if (!t.ok()) return InvalidArgument("as_of: {}", t.status().message());
  return cases::AsOf(*t);
}

std::string MonthText(MonthIndex m) {
  return fmt::format("{:04d}-{:02d}", YearOfMonth(m), MonthOfYear(m));
}
nlohmann::json Number(double v) {
  return std::isnan(v) ? nlohmann::json(nullptr) : nlohmann::json(v);
}

nlohmann::json GrantJson(const cases::GrantPayoutStatus& s) {
  const auto& g = s.grant;
  nlohmann::json apps = nlohmann::json::array();
  for (const auto& a : g.appropriations) {
    apps.push_back({{"aar", a.year},
                    {"serviceomraade", a.service_area},
                    {"indtaegt", a.income},
                    {"udgift", a.expense}});
  }
  nlohmann::json rates = nlohmann::json::array();
  for (const auto& r : g.payout_rates) {
    rates.push_back({{"art", r.kind},
                     {"indikator", r.indicator},
                     {"taerskel_pct", r.kind == "tier" ? nlohmann::json(r.threshold_pct) : nullptr},
                     {"andel_af_tilskud", r.fraction},
                     {"tekst", r.label}});
  }
  nlohmann::json accounts = nlohmann::json::array();
  for (const auto& a : g.accounts) {
    accounts.push_back({{"regnskab", a.account},
                        {"dato", FormatIsoDate(a.date)},
                        {"udgifter", a.expenses},
                        {"udbetalt", a.paid ? nlohmann::json(*a.paid) : nullptr}});
  }
  nlohmann::json months = nlohmann::json::array();
  for (const auto& m : s.months) {
    months.push_back({{"periode", MonthText(m.month)},
                      {"taeller", m.numerator},
                      {"naevner", m.denominator},
                      {"andel", Number(m.share_pct)},
                      {"andel_landsplan", Number(m.national_share_pct)}});
  }
  nlohmann::json tiers = nlohmann::json::array();
  for (size_t i = 0; i < s.tiers.size(); ++i) {
    const auto& t = s.tiers[i];
    tiers.push_back({{"trin", t.label},
                     {"taerskel_pct", t.threshold_pct < 0 ? nlohmann::json(nullptr)
                                                          : nlohmann::json(t.threshold_pct)},
                     {"rate1", t.payout.interim},
                     {"rate2", t.payout.final_rate},
                     {"i_alt", t.payout.total},
                     {"ikke_udbetalt", t.payout.forfeited},
                     {"naaet", s.now.best_month >= 0 && static_cast<int>(i) == s.now.tier}});
  }
  return {{"id", g.grant.id},
          {"kommune", g.grant.municipality},
          {"tilskudsgiver", g.grant.funder},
          {"pulje", g.grant.pool},
          {"model", g.grant.model},
          {"tilskud", g.grant.amount},
          {"start", FormatIsoDate(g.grant.start)},
          {"slut", FormatIsoDate(g.grant.end)},
          {"serviceomraade", g.grant.service_area},
          {"registreret_af", g.recorded_by},
          {"registreret", g.recorded_at},
          {"bevillinger", apps},
          {"kontrol", s.split_problems},
          {"rater", rates},
          {"regnskaber", accounts},
          {"udbetalingsregel", s.rule_source},
          {"indikator", s.indicator},
          {"indikator_tekst", s.indicator_label},
          {"maaneder", months},
          {"status",
           {{"bedste_maaned", s.now.best_month >= 0 ? nlohmann::json(MonthText(s.now.best_month))
                                                    : nlohmann::json(nullptr)},
            {"andel", s.now.best_month >= 0 ? nlohmann::json(s.now.best_share_pct)
                                            : nlohmann::json(nullptr)},
            {"trin", s.now.tier},
            {"rate1", s.now.interim},
            {"rate2", s.now.final_rate},
            {"i_alt", s.now.total},
            {"paa_spil", s.now.forfeited}}},
          {"trin", tiers}};
}

}  // namespace

void AddFinanceRoutes(Api& api, httplib::Server& svr) {
  svr.Get("/api/v1/finance/budgets",
          api.WrapAuthed(
              [&api](const httplib::Request& req, httplib::Response& res,
                     const RequestContext& ctx) -> Status {
                ASSIGN_OR_RETURN(int kommune, KommuneParam(api, req, ctx, true));
                if (kommune != 0 || ctx.who.role == Role::kCaseworker) {
                  RETURN_IF_ERROR(CheckFinanceRead(ctx.who, kommune));
                }
                ASSIGN_OR_RETURN(cases::AsOf as_of, AsOfParam(req));
                ASSIGN_OR_RETURN(auto store, OpenFinance(api));
                ASSIGN_OR_RETURN(auto budgets, store->Budgets(kommune, as_of));
                nlohmann::json list = nlohmann::json::array();
                for (const auto& b : budgets) {
                  list.push_back({{"kommune", fmt::format("{:03d}", b.kommune)},
                                  {"aar", b.year},
                                  {"kommune_navn", b.municipality},
                                  {"udvalg", b.committee},
                                  {"titel", b.title},
                                  {"maaneder", b.months}});
                }
                Api::SendJson(res, 200, {{"budgetter", list}});
                return Status::Ok();
              },
              false));

  svr.Get("/api/v1/finance/budget",
          api.WrapAuthed(
              [&api](const httplib::Request& req, httplib::Response& res,
                     const RequestContext& ctx) -> Status {
                ASSIGN_OR_RETURN(int kommune, KommuneParam(api, req, ctx, false));
                if (Status s = CheckFinanceRead(ctx.who, kommune); !s.ok()) {
                  (void)api.Audit(&ctx, req, "denied", "/api/v1/finance/budget", {},
                                  fmt::format("kommune={}", kommune));
                  return s;
                }
                ASSIGN_OR_RETURN(cases::AsOf as_of, AsOfParam(req));
                ASSIGN_OR_RETURN(auto store, OpenFinance(api));
                std::string month = req.has_param("month") ? req.get_param_value("month") : "";
                int year = 0;
                if (req.has_param("year")) {
                  ASSIGN_OR_RETURN(year, ParseIntParam("year", req.get_param_value("year")));
                } else if (month.size() >= 4) {
                  ASSIGN_OR_RETURN(year, ParseIntParam("month", month.substr(0, 4)));
                } else {
                  ASSIGN_OR_RETURN(auto budgets, store->Budgets(kommune, as_of));
                  if (budgets.empty()) {
                    return NotFound("no budget stored for municipality {}", kommune);
                  }
                  year = budgets.back().year;
                }
                ASSIGN_OR_RETURN(BudgetFile file, store->Budget(kommune, year, month, as_of));
                ASSIGN_OR_RETURN(BudgetFollowUp followup, ComputeBudgetFollowUp(file));
                nlohmann::json rows = nlohmann::json::array();
                for (const auto& r : followup.rows) {
                  rows.push_back({{"id", r.id},
                                  {"tekst", r.label},
                                  {"art", BudgetLineKindName(r.kind)},
                                  {"niveau", r.depth}});
                }
                Api::SendJson(res, 200,
                              {{"kommune", fmt::format("{:03d}", kommune)},
                               {"aar", year},
                               {"kommune_navn", file.municipality},
                               {"udvalg", file.committee},
                               {"titel", file.title},
                               {"forrige_dato", FormatIsoDate(file.previous_date)},
                               {"dato", FormatIsoDate(file.current_date)},
                               {"linjer", rows},
                               {"kontrol", followup.inconsistencies},
                               {"tabel", TableJson(BudgetFollowUpTable(followup, 1000))}});
                return Status::Ok();
              },
              false));

  svr.Get(
      "/api/v1/finance/grants",
      api.WrapAuthed(
          [&api](const httplib::Request& req, httplib::Response& res,
                 const RequestContext& ctx) -> Status {
            ASSIGN_OR_RETURN(int kommune, KommuneParam(api, req, ctx, true));
            if (ctx.who.role == Role::kCaseworker || kommune != 0) {
              if (Status s = CheckFinanceRead(ctx.who, kommune); !s.ok()) {
                (void)api.Audit(&ctx, req, "denied", "/api/v1/finance/grants", {},
                                fmt::format("kommune={}", kommune));
                return s;
              }
            }
            ASSIGN_OR_RETURN(cases::AsOf as_of, AsOfParam(req));
            ASSIGN_OR_RETURN(auto statuses, GrantPayouts(api, kommune, as_of));
            nlohmann::json list = nlohmann::json::array();
            for (const auto& status : statuses) list.push_back(GrantJson(status));
            Api::SendJson(res, 200, {{"tilsagn", list}});
            return Status::Ok();
          },
          false));

  svr.Post(
      "/api/v1/finance/import",
      api.WrapAuthed(
          [&api](const httplib::Request& req, httplib::Response& res,
                 const RequestContext& ctx) -> Status {
            ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonBody(req));
            if (!body.contains("files") || !body["files"].is_array() || body["files"].empty()) {
              return InvalidArgument("files: required, a list of {{\"name\", \"text\"}}");
            }
            if (body["files"].size() > 20) return InvalidArgument("files: at most 20");
            FinanceBatch batch;
            std::string names;
            const int default_kommune = BoundToMunicipality(ctx.who.role) ? ctx.who.kommune : 0;
            for (const auto& f : body["files"]) {
              if (!f.is_object() || !f.contains("name") || !f["name"].is_string() ||
                  !f.contains("text") || !f["text"].is_string()) {
                return InvalidArgument("files: each needs a string 'name' and 'text'");
              }
              const std::string name = f["name"].get<std::string>();
              RETURN_IF_ERROR(
                  AddFinanceFile(batch, f["text"].get<std::string>(), name, default_kommune));
              names += (names.empty() ? "" : ", ") + name;
            }
            // Every municipality touched must be a municipality and the user's to write. A bound
            // user's appropriations, rates and accounts without a `municipality` column are for
            // their own municipality's grants (default_kommune), so a grant id of another
            // municipality reads as unknown, never as someone else's.
            std::vector<std::pair<int, std::string>> touched;  // kommune, where
            for (const auto& g : batch.grants) {
              touched.push_back({GrantKommune(g.grant),
                                 fmt::format("{}: grant '{}'", g.source.ToString(), g.grant.id)});
            }
            for (const auto& b : batch.budgets) touched.push_back({b.file.kommune, b.source.file});
            // kommune 0 (only without a default): the store finds the grant's municipality.
            for (const auto& a : batch.appropriations) {
              if (a.kommune != 0) touched.push_back({a.kommune, a.source.ToString()});
            }
            for (const auto& r : batch.payout_rates) {
              if (r.kommune != 0) touched.push_back({r.kommune, r.source.ToString()});
            }
            for (const auto& a : batch.accounts) {
              if (a.kommune != 0) touched.push_back({a.kommune, a.source.ToString()});
            }
            for (const auto& [k, where] : touched) {
              if (api.sources().reference->MunicipalityIndex(k) < 0) {
                return InvalidArgument("{}: {:03d} is not a municipality code", where, k);
              }
              if (Status s = CheckFinanceWrite(ctx.who, k); !s.ok()) {
                (void)api.Audit(&ctx, req, "denied", "/api/v1/finance/import", {},
                                fmt::format("files={} kommune={}", names, k));
                return s;
              }
            }
            if (Status s = CheckFinanceWrite(ctx.who, ctx.who.kommune); !s.ok()) {
              (void)api.Audit(&ctx, req, "denied", "/api/v1/finance/import", {},
                              fmt::format("files={}", names));
              return s;
            }
            ASSIGN_OR_RETURN(auto store, OpenFinance(api));
            std::string now = FormatUtc(api.Now()).substr(0, 19);
            ASSIGN_OR_RETURN(auto result,
                             store->Import(batch, {"api: " + names, ctx.user.username, now}));
            RETURN_IF_ERROR(api.Audit(
                &ctx, req, "write", "/api/v1/finance/import", {},
                fmt::format("files={} added={} skipped={}", names, result.added, result.skipped)));
            // Warnings only about the grants this import touched, and for a bound user only
            // among their own municipality's grants: nothing about other municipalities.
            std::set<std::string> ids;
            for (const auto& g : batch.grants) ids.insert(g.grant.id);
            for (const auto& a : batch.appropriations) ids.insert(a.grant_id);
            for (const auto& r : batch.payout_rates) ids.insert(r.grant_id);
            for (const auto& a : batch.accounts) ids.insert(a.grant_id);
            auto touched_grant = [&](const cases::StoredGrant& g) {
              if (!ids.count(g.grant.id)) return false;
              for (const auto& x : batch.grants) {
                if (x.grant.id == g.grant.id && GrantKommune(x.grant) == g.kommune) return true;
              }
              auto names_it = [&](const auto& list) {
                for (const auto& x : list) {
                  if (x.grant_id == g.grant.id && (x.kommune == 0 || x.kommune == g.kommune)) {
                    return true;
                  }
                }
                return false;
              };
              return names_it(batch.appropriations) || names_it(batch.payout_rates) ||
                     names_it(batch.accounts);
            };
            nlohmann::json warnings = nlohmann::json::array();
            ASSIGN_OR_RETURN(auto after, store->Grants(default_kommune, std::nullopt));
            for (const auto& g : after) {
              if (g.appropriations.empty() || !touched_grant(g)) continue;
              for (const auto& p : CheckSplit(g.grant, cases::AppropriationYears(g))) {
                warnings.push_back(fmt::format("{}: {}", g.grant.id, p));
              }
            }
            Api::SendJson(res, 201,
                          {{"added", result.added},
                           {"skipped", result.skipped},
                           {"import_id", result.import_id},
                           {"warnings", warnings}});
            return Status::Ok();
          },
          true));
}

}  // namespace fremdrift::server
