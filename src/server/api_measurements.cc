// /api/v1/measurements: the catalogue's measurements (catalog/catalog.h) listed with their
// parameters, inputs and data level, and any one of them as JSON, CSV (plain: ',' and '.', byte
// for byte what `fremdrift measure <id> --format csv` prints for the same parameters), CSV for
// Danish Excel (`csv-da`: ';', decimal comma, BOM) or XLSX. Rights follow the measurement's data
// level; citizen-level Tables are audited per citizen (their `person` column). Roles without
// citizen access get the figures as they may be published: small counts not shown
// (table/suppression.h; empty in json and csv, "<5" in csv-da and xlsx).
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "common/gzip.h"
#include "table/suppression.h"
#include "table/table_format.h"
#include "report/table_csv.h"
#include "report/table_xlsx.h"
#include "server/api.h"
#include "server/static_files.h"
#if FREMDRIFT_CATALOG_OFFICIAL
#include "official/official_store.h"
#endif

namespace fremdrift::server {
namespace {

// JSON bodies larger than this are also kept gzip-compressed in the cache.
constexpr std::size_t kGzipAbove = 4096;

Result<Params> ParamsOf(const httplib::Request& req) {
  std::map<std::string, std::string> values;
  for (const auto& [k, v] : req.params) {
    if (!values.emplace(k, v).second) {
      return InvalidArgument("{}: given more than once", k.size() > 40 ? k.substr(0, 40) : k);
    }
  }
  return Params(std::move(values));
}

Result<std::string> XlsxBytes(const Table& table, const std::string& sheet) {
  char path[] = "/tmp/fremdrift-xlsx-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return Internal("mkstemp failed");
  close(fd);
  XlsxSheet s;
  s.name = sheet;
  s.block.caption = table.title;
  s.block.table = table;
  XlsxOptions options;
  options.title = table.title;
  Status st = WriteXlsx(path, {s}, options);
  std::string bytes;
  if (st.ok()) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buf;
    buf << in.rdbuf();
    bytes = buf.str();
  }
  std::remove(path);
  RETURN_IF_ERROR(st);
  return bytes;
}

// Drops rows of other municipalities (defence in depth for staff and citizen Tables).
void KeepOwnKommune(Table& table, int kommune) {
  int col = table.ColumnIndex("kommune");
  if (col < 0) return;
  const std::string own = std::to_string(kommune);
  auto& rows = table.mutable_rows();
  std::erase_if(rows, [&](const std::vector<Cell>& row) {
    return CellToString(row[static_cast<std::size_t>(col)]) != own;
  });
}

std::vector<std::string> PersonsOf(const Table& table) {
  int col = table.ColumnIndex("person");
  std::set<std::string> persons;
  if (col >= 0) {
    for (const auto& row : table.rows()) {
      persons.insert(CellToString(row[static_cast<std::size_t>(col)]));
    }
  }
  return {persons.begin(), persons.end()};
}

nlohmann::json ParamsJson(const std::vector<ParamSpec>& params) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& p : params) {
    nlohmann::json j = {{"name", p.name},
                        {"type", std::string(ParamTypeName(p.type))},
                        {"help", p.help},
                        {"default", p.default_value},
                        {"required", p.required}};
    if (!p.choices.empty()) j["choices"] = p.choices;
    out.push_back(std::move(j));
  }
  return out;
}

nlohmann::json InputsJson(const std::vector<Input>& inputs) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& in : inputs) {
    out.push_back({{"name", in.name}, {"required", in.required}, {"help", in.help}});
  }
  return out;
}

std::string PlainCsv(const Table& table) {
  std::ostringstream out;
  WriteTableCsv(table, out);
  return out.str();
}

}  // namespace

void AddMeasurementRoutes(Api& api, httplib::Server& svr) {
  svr.Get("/api/v1/measurements",
          api.WrapAuthed(
              [&api](const httplib::Request&, httplib::Response& res,
                     const RequestContext& ctx) -> Status {
                nlohmann::json list = nlohmann::json::array();
                for (const auto& m : api.sources().measurements->all()) {
                  bool available = Available(*m, api.measure_context());
                  DataLevel level = LevelOf(*m, Params());
                  list.push_back({{"id", m->id},
                                  {"title", m->title},
                                  {"description", m->description},
                                  {"beskrivelse", m->beskrivelse},
                                  {"source", m->source},
                                  {"inputs", InputsJson(m->inputs)},
                                  {"level", std::string(DataLevelName(level))},
                                  {"available", available},
                                  {"allowed", MayRead(ctx.who, level)},
                                  {"params", ParamsJson(m->params)}});
                }
                Api::SendJson(res, 200, {{"measurements", list}});
                return Status::Ok();
              },
              false));

  svr.Get(
      R"(/api/v1/measurements/([a-z0-9_-]{1,64}))",
      api.WrapAuthed(
          [&api](const httplib::Request& req, httplib::Response& res,
                 const RequestContext& ctx) -> Status {
            const std::string id = req.matches[1];
            const Measurement* m = api.sources().measurements->Find(id);
            if (!m) return NotFound("no measurement '{}'", id);
            ASSIGN_OR_RETURN(Params params, ParamsOf(req));
            const std::string format = params.Get("format", "json");
            if (format != "json" && format != "csv" && format != "csv-da" && format != "xlsx") {
              return InvalidArgument("format: one of json, csv, csv-da, xlsx");
            }
            RETURN_IF_ERROR(params.CheckAgainst(m->params));
            const DataLevel level = LevelOf(*m, params);
            auto scoped = api.ScopeKommune(ctx.who, level, params);
            if (!scoped.ok()) {
              if (scoped.status().code() == StatusCode::kPermissionDenied) {
                (void)api.Audit(&ctx, req, "denied", "measurement " + id, {}, params.Canonical());
              }
              return scoped.status();
            }
            Params compute_params = params;
            std::map<std::string, std::string> without_format = params.values();
            without_format.erase("format");
            compute_params = Params(without_format);
            std::string key = id + "?" + compute_params.Canonical();
            if (m->source == "cases" && api.sources().cases) {
              key += "#" + std::to_string(api.sources().cases->generation());
            }
#if FREMDRIFT_CATALOG_OFFICIAL
            // Tables built on imported jobindsats figures change with every import, also one
            // made with the CLI while the server runs.
            if ((m->source == "official" || m->id == "sammenligning") && api.sources().cases) {
              ASSIGN_OR_RETURN(auto official,
                               official::OfficialStore::Open(api.sources().cases->url()));
              ASSIGN_OR_RETURN(std::int64_t latest, official->LatestImport());
              key += "#official" + std::to_string(latest);
            }
#endif
            std::shared_ptr<const CachedTable> cached = api.cache().Get(key);
            if (cached) {
              api.metrics().CountCacheHit();
            } else {
              ASSIGN_OR_RETURN(Table table, Compute(*m, api.measure_context(), compute_params));
              if (BoundToMunicipality(ctx.who.role) && level != DataLevel::kAggregate) {
                KeepOwnKommune(table, ctx.who.kommune);
              }
              auto entry = std::make_shared<CachedTable>();
              std::ostringstream json;
              WriteTableJson(table, json, /*indent=*/-1);
              entry->json = json.str();
              if (entry->json.size() > kGzipAbove) {
                ASSIGN_OR_RETURN(entry->json_gzip, GzipCompress(entry->json));
              }
              entry->table = std::move(table);
              api.metrics().CountComputed();
              cached = entry;
              api.cache().Put(key, cached);
            }
            if (level == DataLevel::kCitizen) {
              RETURN_IF_ERROR(api.Audit(&ctx, req, "read", "measurement " + id,
                                        PersonsOf(cached->table), compute_params.Canonical()));
            }
            // Who may not see single citizens gets no count of fewer than min_persons persons
            // either (cached beside the exact Table, under its own key).
            const int min_persons = api.options().min_persons;
            const bool discreet = !MayRead(ctx.who, DataLevel::kCitizen) && min_persons > 1;
            const ReferenceData* ref = api.measure_context().reference;
            const std::shared_ptr<const CachedTable> exact = cached;
            if (discreet) {
              const std::string discreet_key = key + "#min_persons=" + std::to_string(min_persons);
              std::shared_ptr<const CachedTable> shown = api.cache().Get(discreet_key);
              if (!shown) {
                auto entry = std::make_shared<CachedTable>();
                entry->table = SuppressForPublication(
                    exact->table, StandardSuppressionSpec(exact->table, min_persons, ref),
                    SuppressedCell::kEmpty);
                std::ostringstream json;
                WriteTableJson(entry->table, json, /*indent=*/-1);
                entry->json = json.str();
                if (entry->json.size() > kGzipAbove) {
                  ASSIGN_OR_RETURN(entry->json_gzip, GzipCompress(entry->json));
                }
                shown = entry;
                api.cache().Put(discreet_key, shown);
              }
              cached = shown;
            }
            // The tables for people (csv-da, xlsx) mark what is not shown.
            auto for_people = [&]() -> Table {
              if (!discreet) return exact->table;
              return SuppressForPublication(
                  exact->table, StandardSuppressionSpec(exact->table, min_persons, ref),
                  SuppressedCell::kMarked);
            };
            if (format == "json") {
              res.status = 200;
              res.set_header("Vary", "Accept-Encoding");
              if (!cached->json_gzip.empty() && AcceptsGzip(req)) {
                res.set_header("Content-Encoding", "gzip");
                res.set_content(cached->json_gzip, "application/json; charset=utf-8");
              } else {
                res.set_content(cached->json, "application/json; charset=utf-8");
              }
            } else if (format == "csv" || format == "csv-da") {
              res.status = 200;
              res.set_header("Content-Disposition", "attachment; filename=\"" + id + ".csv\"");
              res.set_content(format == "csv" ? PlainCsv(cached->table)
                                              : RenderTableCsv(for_people()),
                              "text/csv; charset=utf-8");
            } else {
              ASSIGN_OR_RETURN(std::string bytes, XlsxBytes(for_people(), id));
              res.status = 200;
              res.set_header("Content-Disposition", "attachment; filename=\"" + id + ".xlsx\"");
              res.set_content(std::move(bytes),
                              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            }
            return Status::Ok();
          },
          false));
}

}  // namespace fremdrift::server
