// Citizen-level endpoints: the citizens of a municipality, one citizen's timeline (events, open
// and closed intervals, deadlines per pool) and appending a case event. Caseworkers and leaders
// only, own municipality only (the citizen's current municipality: that of their latest event);
// every read and write is audited with the citizen's pseudonym, and refusals are audited too.
// A lookup (the list and one citizen) names its purpose (`formaal`, one of the server's
// audit_purposes), which the audit row keeps.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "eventstore/event_import.h"
#include "models/pool_measure.h"
#include "domain/cpr.h"
#include "server/api.h"
#include "server/password_hash.h"

namespace fremdrift::server {
namespace {

Status NeedCases(const Api& api) {
  if (!api.sources().cases) return FailedPrecondition("the server was started without --db");
  return Status::Ok();
}

int CurrentKommune(const cases::CitizenHistory& h) {
  return h.events().empty() ? 0 : h.events().back().kommune;
}

std::string Day(DayNumber d) { return FormatIsoDate(CivilFromDays(d)); }

nlohmann::json AttributesJson(const cases::Attributes& a) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [k, v] : a.items()) out[k] = v;
  return out;
}

nlohmann::json AttributesJson(const cases::AttributeView& a) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [k, v] : a.items()) out[std::string(k)] = std::string(v);
  return out;
}

std::string LatestCaseworker(const cases::CitizenHistory& h) {
  const auto& assigned = h.OfType(cases::EventType::kCaseworkerAssigned);
  if (assigned.empty()) return "";
  // "Mette Hansen (K657-03)" when the assignment names the caseworker, else the id.
  const auto& a = assigned.back()->attributes;
  const std::string id(a.Get("caseworker")), name(a.Get("name"));
  return name.empty() ? id : fmt::format("{} ({})", name, id);
}

Status CheckPersonId(std::string_view person) {
  if (LooksLikeCpr(person)) {
    return InvalidArgument("person: a CPR number is not accepted here; use the pseudonym");
  }
  if (person.empty() || person.size() > 64) return InvalidArgument("person: 1 to 64 characters");
  for (char c : person) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') {
      return InvalidArgument("person: only letters, digits, '-' and '_'");
    }
  }
  if (Status s = cases::CheckIdentifier(person); !s.ok()) {
    return InvalidArgument("person: {}", s.message());
  }
  return Status::Ok();
}

}  // namespace

void AddCitizenRoutes(Api& api, httplib::Server& svr) {
  svr.Get(
      "/api/v1/borgere",
      api.WrapAuthed(
          [&api](const httplib::Request& req, httplib::Response& res,
                 const RequestContext& ctx) -> Status {
            std::map<std::string, std::string> values;
            for (const auto& [k, v] : req.params) values[k] = v;
            Params params(values);
            RETURN_IF_ERROR(params.CheckAgainst(
                {{"kommune", "", "", false},
                 {"limit", "", "200", false},
                 {"q", "", "", false},
                 {"formaal", "", "", false}}));
            auto scoped = api.ScopeKommune(ctx.who, DataLevel::kCitizen, params);
            if (!scoped.ok()) {
              if (scoped.status().code() == StatusCode::kPermissionDenied) {
                (void)api.Audit(&ctx, req, "denied", "/api/v1/borgere", {}, params.Canonical());
              }
              return scoped.status();
            }
            ASSIGN_OR_RETURN(std::string purpose, api.CheckedPurpose(req));
            RETURN_IF_ERROR(NeedCases(api));
            ASSIGN_OR_RETURN(int limit, ParseIntParam("limit", params.Get("limit", "200")));
            if (limit < 1 || limit > 5000) return InvalidArgument("limit: 1 to 5000");
            const std::string q = params.Get("q");
            ASSIGN_OR_RETURN(auto loaded, api.sources().cases->Data());
            nlohmann::json list = nlohmann::json::array();
            std::vector<std::string> persons;
            int total = 0;
            for (const auto& c : loaded->data.citizens) {
              int k = CurrentKommune(*c);
              if (std::find(scoped->begin(), scoped->end(), k) == scoped->end()) continue;
              if (!q.empty() && c->person().rfind(q, 0) != 0) continue;
              ++total;
              if (static_cast<int>(persons.size()) >= limit) continue;
              const auto& ev = c->events();
              list.push_back({{"person", c->person()},
                              {"kommune", k},
                              {"haendelser", ev.size()},
                              {"foerste", Day(ev.front().date)},
                              {"seneste", Day(ev.back().date)},
                              {"seneste_type", std::string(cases::EventTypeName(ev.back().type))},
                              {"sagsbehandler", LatestCaseworker(*c)}});
              persons.push_back(c->person());
            }
            RETURN_IF_ERROR(api.Audit(&ctx, req, "read", "/api/v1/borgere", persons,
                                      params.Canonical(), purpose));
            Api::SendJson(res, 200,
                          {{"borgere", list}, {"i_alt", total}, {"vist", persons.size()}});
            return Status::Ok();
          },
          false));

  svr.Get(
      R"(/api/v1/borgere/([^/]{1,80}))",
      api.WrapAuthed(
          [&api](const httplib::Request& req, httplib::Response& res,
                 const RequestContext& ctx) -> Status {
            const std::string person = req.matches[1];
            RETURN_IF_ERROR(CheckPersonId(person));
            if (!MayRead(ctx.who, DataLevel::kCitizen)) {
              (void)api.Audit(&ctx, req, "denied", "/api/v1/borgere/{person}", {person}, "role");
              return PermissionDenied("the role {} may not read citizen data",
                                      RoleName(ctx.who.role));
            }
            ASSIGN_OR_RETURN(std::string purpose, api.CheckedPurpose(req));
            RETURN_IF_ERROR(NeedCases(api));
            ASSIGN_OR_RETURN(auto loaded, api.sources().cases->Data());
            // "Not yours" and "does not exist" get the same answer, so the answer does not tell
            // whether another municipality follows a pseudonym (the refusal is still audited).
            const cases::CitizenHistory* h = loaded->Find(person);
            if (!h) return NotFound("no citizen with that pseudonym");
            const int k = CurrentKommune(*h);
            if (Status s = CheckRead(ctx.who, DataLevel::kCitizen, k); !s.ok()) {
              (void)api.Audit(&ctx, req, "denied", "/api/v1/borgere/{person}", {person},
                              fmt::format("kommune={}", k));
              return NotFound("no citizen with that pseudonym");
            }
            // The history keeps events in compact form; the timeline shows them in full (ids,
            // who recorded them), so this citizen's are read from the store.
            ASSIGN_OR_RETURN(auto store, cases::EventStore::Open(api.sources().cases->url()));
            ASSIGN_OR_RETURN(std::vector<cases::Event> full,
                             cases::CitizenEvents(*store, person, std::nullopt));
            nlohmann::json events = nlohmann::json::array();
            for (const auto& e : full) {
              events.push_back({{"event_id", e.event_id},
                                {"dato", Day(e.date)},
                                {"type", std::string(cases::EventTypeName(e.type))},
                                {"kommune", e.kommune},
                                {"attributter", AttributesJson(e.attributes)},
                                {"registreret_af", e.recorded_by},
                                {"registreret", e.recorded_at},
                                {"erstatter", e.supersedes}});
            }
            nlohmann::json intervals = nlohmann::json::array();
            for (const auto& kind : cases::IntervalKinds()) {
              for (const auto& iv : h->Intervals(kind.name)) {
                intervals.push_back(
                    {{"art", std::string(kind.name)},
                     {"start", Day(iv.start)},
                     {"slut", iv.end == cases::kOpenEnd ? nlohmann::json(nullptr)
                                                        : nlohmann::json(Day(iv.end))},
                     {"aaben", iv.end == cases::kOpenEnd},
                     {"attributter", iv.start_event ? AttributesJson(iv.start_event->attributes)
                                                    : nlohmann::json::object()}});
              }
            }
            // Deadlines per pool, computed over this citizen's history alone.
            nlohmann::json deadlines = nlohmann::json::array();
            cases::CaseData one = cases::CaseData::FromEvents(std::move(full), std::nullopt);
            one.horizon = loaded->data.horizon;  // the store's horizon, not this citizen's last day
            for (const auto& model : api.sources().cases->models()) {
              if (model.deadlines.empty()) continue;
              cases::PoolQuery q;
              q.reference = api.sources().reference;
              auto t = cases::PoolDeadlines(model, one, q);
              if (!t.ok()) continue;
              const auto& cols = t->columns();
              for (const auto& row : t->rows()) {
                nlohmann::json r = {{"pulje", model.id}};
                for (std::size_t i = 0; i < cols.size(); ++i) {
                  if (cols[i].name == "person") continue;
                  r[cols[i].name] = CellToString(row[i]);
                }
                deadlines.push_back(std::move(r));
              }
            }
            RETURN_IF_ERROR(
                api.Audit(&ctx, req, "read", "/api/v1/borgere/{person}", {person}, "", purpose));
            Api::SendJson(res, 200,
                          {{"person", person},
                           {"kommune", k},
                           {"sagsbehandler", LatestCaseworker(*h)},
                           {"haendelser", events},
                           {"forloeb", intervals},
                           {"frister", deadlines}});
            return Status::Ok();
          },
          false));

  svr.Post("/api/v1/events",
           api.WrapAuthed(
               [&api](const httplib::Request& req, httplib::Response& res,
                      const RequestContext& ctx) -> Status {
                 ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonBody(req));
                 auto text = [&](const char* name, bool required) -> Result<std::string> {
                   if (!body.contains(name) || body[name].is_null()) {
                     if (required) return InvalidArgument("{}: required", name);
                     return std::string();
                   }
                   if (!body[name].is_string())
                     return InvalidArgument("{}: must be a string", name);
                   return body[name].get<std::string>();
                 };
                 cases::Event e;
                 ASSIGN_OR_RETURN(e.person, text("person", true));
                 RETURN_IF_ERROR(CheckPersonId(e.person));
                 if (!body.contains("kommune") || !body["kommune"].is_number_integer()) {
                   return InvalidArgument("kommune: required (a municipality code)");
                 }
                 e.kommune = body["kommune"].get<int>();
                 if (e.kommune <= 0 || api.sources().reference->MunicipalityIndex(e.kommune) < 0) {
                   return InvalidArgument("kommune: {} is not a municipality code", e.kommune);
                 }
                 if (Status s = CheckWriteEvents(ctx.who, e.kommune); !s.ok()) {
                   (void)api.Audit(&ctx, req, "denied", "/api/v1/events", {e.person},
                                   fmt::format("kommune={}", e.kommune));
                   return s;
                 }
                 RETURN_IF_ERROR(NeedCases(api));
                 ASSIGN_OR_RETURN(std::string date, text("date", true));
                 auto day = ParseIsoDate(date);
                 if (!day.ok()) return InvalidArgument("date: {}", day.status().message());
                 e.date = DaysFromCivil(*day);
                 ASSIGN_OR_RETURN(std::string type, text("type", true));
                 auto parsed_type = cases::ParseEventType(type);
                 if (!parsed_type.ok())
                   return InvalidArgument("type: {}", parsed_type.status().message());
                 e.type = *parsed_type;
                 if (body.contains("attributes")) {
                   if (!body["attributes"].is_object())
                     return InvalidArgument("attributes: must be an object");
                   for (const auto& [k, v] : body["attributes"].items()) {
                     if (k.size() > 64) return InvalidArgument("attributes: a key is too long");
                     if (!v.is_string())
                       return InvalidArgument("attributes: '{}' must be a string", k);
                     if (k.empty() || k.find_first_of("=|") != std::string::npos ||
                         v.get<std::string>().find('|') != std::string::npos) {
                       return InvalidArgument("attributes: '{}' has a '=' or '|'", k);
                     }
                     e.attributes.Set(k, v.get<std::string>());
                   }
                 }
                 ASSIGN_OR_RETURN(e.supersedes, text("supersedes", false));
                 if (e.type == cases::EventType::kRetraction && e.supersedes.empty()) {
                   return InvalidArgument("supersedes: a retraction must name the event it retracts");
                 }
                 // The server makes the ids: "web-KKK-" and 16 random hex digits (redrawn in the
                 // rare case they hold a CPR-shaped run). A client's id could collide with, and so
                 // reveal or block, another municipality's ids.
                 if (body.contains("event_id")) {
                   return InvalidArgument("event_id: made by the server; leave it out");
                 }
                 do {
                   ASSIGN_OR_RETURN(std::string rnd, RandomHex(8));
                   e.event_id = fmt::format("web-{:03d}-{}", e.kommune, rnd);
                 } while (ContainsCprShape(e.event_id));
                 // A citizen already followed by another municipality stays theirs.
                 ASSIGN_OR_RETURN(auto loaded, api.sources().cases->Data());
                 if (const cases::CitizenHistory* h = loaded->Find(e.person)) {
                   if (Status s = CheckRead(ctx.who, DataLevel::kCitizen, CurrentKommune(*h));
                       !s.ok()) {
                     (void)api.Audit(&ctx, req, "denied", "/api/v1/events", {e.person},
                                     "other municipality");
                     return s;
                   }
                 }
                 e.recorded_by = ctx.user.username;
                 std::string now = FormatUtc(api.Now());
                 e.recorded_at = now.substr(0, 19);
                 // The import's rules: sizes, UTF-8, no CPR-shaped text; then against the store.
                 std::string field;
                 if (Status s = cases::CheckEventText(e, &field); !s.ok()) {
                   return InvalidArgument("{}: {}", field, s.message());
                 }
                 // After the size checks, so that an error never repeats an oversized value.
                 if (Status s = cases::ValidateAttributes(e.type, e.attributes); !s.ok()) {
                   return InvalidArgument("attributes: {}", s.message());
                 }
                 {
                   ASSIGN_OR_RETURN(auto store,
                                    cases::EventStore::Open(api.sources().cases->url()));
                   RETURN_IF_ERROR(cases::CheckAppendAgainstStore(e, *store));
                 }
                 cases::ImportInfo info{"api", ctx.user.username, e.recorded_at};
                 auto result = api.sources().cases->Append({e}, info);
                 if (!result.ok() && result.status().code() == StatusCode::kAlreadyExists) {
                   return AlreadyExists("an event with the id the server chose is already stored; "
                                        "send it again");
                 }
                 if (!result.ok()) return result.status();
                 RETURN_IF_ERROR(api.Audit(&ctx, req, "write", "/api/v1/events", {e.person},
                                           fmt::format("type={} event_id={}", type, e.event_id)));
                 Api::SendJson(res, 201, {{"event_id", e.event_id}, {"added", result->added}});
                 return Status::Ok();
               },
               true));
}

}  // namespace fremdrift::server
