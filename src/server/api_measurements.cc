// /api/v1/measurements: the catalogue's measurements (catalog/catalog.h) listed with their
// parameters, inputs and data level, and any one of them as JSON, CSV (plain: ',' and '.', byte
// for byte what `fremdrift measure <id> --format csv` prints for the same parameters), CSV for
// Danish Excel (`csv-da`: ';', decimal comma, BOM) or XLSX. Rights follow the measurement's data
// level; citizen-level Tables are audited per citizen (their `person` column). Roles without
// citizen access get the figures as they may be published: small counts not shown
// (table/suppression.h; empty in json and csv, "<5" in csv-da and xlsx). API tokens
// (bearer_token.h) read the list and aggregate Tables of their municipalities only.
#include <unistd.h>

#include <algorithm>
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
#include "server/measurement_cache.h"
#include "server/static_files.h"

namespace fremdrift::server {
namespace {


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

// A cell naming a municipality by its code (3 digits) outside `kommuner`.
bool OtherKommune(const Cell& cell, const std::vector<int>& kommuner) {
  const std::string text = CellToString(cell);
  if (text.empty() || text.size() > 4) return false;
  int code = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    code = code * 10 + (c - '0');
  }
  return std::find(kommuner.begin(), kommuner.end(), code) == kommuner.end();
}

// The columns that name a municipality by its code: `kommune`, and `omraade` of the register
// Tables.
std::vector<std::size_t> KommuneColumns(const Table& table) {
  std::vector<std::size_t> cols;
  for (const char* name : {"kommune", "omraade"}) {
    if (int c = table.ColumnIndex(name); c >= 0) cols.push_back(static_cast<std::size_t>(c));
  }
  return cols;
}

// A row of a municipality outside `kommuner` (empty: none is outside).
bool OtherKommuneRow(const std::vector<Cell>& row, const std::vector<std::size_t>& cols,
                     const std::vector<int>& kommuner) {
  return !kommuner.empty() && std::any_of(cols.begin(), cols.end(), [&](std::size_t c) {
    return OtherKommune(row[c], kommuner);
  });
}

// An API token's Table: no row of a municipality outside its own, by the `kommune` column or a
// municipality code in `omraade` (defence in depth: the request was already narrowed to them, but
// a Table such as benchmark names other municipalities). RAR, region and country rows stay.
bool HasOtherKommuner(const Table& table, const std::vector<int>& kommuner) {
  const std::vector<std::size_t> cols = KommuneColumns(table);
  return std::any_of(table.rows().begin(), table.rows().end(), [&](const std::vector<Cell>& row) {
    return OtherKommuneRow(row, cols, kommuner);
  });
}

// Drops those rows.
void KeepTokenKommuner(Table& table, const std::vector<int>& kommuner) {
  const std::vector<std::size_t> cols = KommuneColumns(table);
  std::erase_if(table.mutable_rows(),
                [&](const std::vector<Cell>& row) { return OtherKommuneRow(row, cols, kommuner); });
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
              false, TokenAccess::kRead));

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
            auto scoped = api.Scope(ctx, level, params);
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
            ASSIGN_OR_RETURN(const std::string key, MeasurementCacheKey(api, *m, compute_params));
            const int own_kommune =
                BoundToMunicipality(ctx.who.role) && level != DataLevel::kAggregate
                    ? ctx.who.kommune
                    : 0;
            ASSIGN_OR_RETURN(std::shared_ptr<const CachedTable> cached,
                             CachedMeasurement(api, *m, compute_params, key, own_kommune));
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
                if (entry->json.size() > kCacheGzipAbove) {
                  ASSIGN_OR_RETURN(entry->json_gzip, GzipCompress(entry->json));
                }
                shown = entry;
                api.cache().Put(discreet_key, shown);
              }
              cached = shown;
            }
            const std::vector<int> token_kommuner =
                ctx.token ? ctx.token->kommuner : std::vector<int>();
            if (HasOtherKommuner(cached->table, token_kommuner)) {
              auto entry = std::make_shared<CachedTable>();
              entry->table = cached->table;
              KeepTokenKommuner(entry->table, token_kommuner);
              std::ostringstream json;
              WriteTableJson(entry->table, json, /*indent=*/-1);
              entry->json = json.str();
              cached = entry;  // this request's only, not kept in the cache
            }
            // The tables for people (csv-da, xlsx) mark what is not shown.
            auto for_people = [&]() -> Table {
              Table t = !discreet ? exact->table
                                  : SuppressForPublication(
                                        exact->table,
                                        StandardSuppressionSpec(exact->table, min_persons, ref),
                                        SuppressedCell::kMarked);
              KeepTokenKommuner(t, token_kommuner);
              return t;
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
          false, TokenAccess::kRead));
}

}  // namespace fremdrift::server
