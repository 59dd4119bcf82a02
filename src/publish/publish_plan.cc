// Choosing what `fremdrift publish` writes (publish_plan.h).
#include "publish/publish_plan.h"

#include <algorithm>

namespace fremdrift::publish {
namespace {

bool Declares(const catalog::Measurement& m, std::string_view name) {
  return std::any_of(m.params.begin(), m.params.end(),
                     [&](const catalog::ParamSpec& s) { return s.name == name; });
}

// "YYYY-MM" with a month 01-12.
bool IsMonth(std::string_view text) {
  if (text.size() != 7 || text[4] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  int month = (text[5] - '0') * 10 + (text[6] - '0');
  return month >= 1 && month <= 12;
}

// Why the context cannot feed `m`, or empty when it can.
std::string MissingInput(const catalog::Measurement& m, const catalog::MeasureContext& ctx) {
  if (catalog::Available(m, ctx)) return "";
  std::string missing;
  for (const catalog::Input& in : m.inputs) {
    if (!in.required) continue;
    std::string what;
    if (in.name == "store" && ctx.store == nullptr) what = "the register store (--store)";
    if (in.name == "db" && ctx.cases == nullptr) what = "the event store (--db)";
    if (in.name == "population" && ctx.population == nullptr) {
      what = "a population file (--population, or one kept beside the store)";
    }
    if (!what.empty()) missing += (missing.empty() ? "needs " : " and ") + what;
  }
  return missing.empty() ? "its input is not given" : missing;
}

std::string JoinCodes(const std::vector<int>& codes) {
  std::string out;
  for (int k : codes) out += (out.empty() ? "" : ",") + std::to_string(k);
  return out;
}

}  // namespace

Result<std::string> TableNameFor(std::string_view id) {
  std::string name;
  for (char c : id) name += c == '-' ? '_' : c;
  bool plain = !name.empty() && name.size() <= 63 && !(name[0] >= '0' && name[0] <= '9');
  for (char c : name) {
    plain = plain && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
  }
  if (!plain) {
    return InvalidArgument("measurement '{}': its id makes no plain SQL table name",
                           id.substr(0, 40));
  }
  if (name == "noter" || name == "publicering") {
    return InvalidArgument("measurement '{}': its table name is taken by the schema's own table",
                           id);
  }
  return name;
}

Result<PublishPlan> MakePublishPlan(const catalog::MeasurementRegistry& registry,
                                    const catalog::MeasureContext& ctx,
                                    const PublishRequest& request) {
  if (!request.from.empty() && !IsMonth(request.from)) {
    return InvalidArgument("--from: '{}' is not a month YYYY-MM", request.from.substr(0, 20));
  }
  if (!request.to.empty() && !IsMonth(request.to)) {
    return InvalidArgument("--to: '{}' is not a month YYYY-MM", request.to.substr(0, 20));
  }
  if (!request.from.empty() && !request.to.empty() && request.to < request.from) {
    return InvalidArgument("--to {} is before --from {}", request.to, request.from);
  }
  for (int k : request.kommuner) {
    if (ctx.reference == nullptr || ctx.reference->MunicipalityIndex(k) < 0) {
      return InvalidArgument("--kommune: {} is not a municipality code", k);
    }
  }
  PublishPlan plan;
  for (const auto& owned : registry.all()) {
    const catalog::Measurement& m = *owned;
    ASSIGN_OR_RETURN(std::string table, TableNameFor(m.id));
    auto leave_out = [&](std::string reason) {
      plan.left_out.push_back({m.id, std::move(reason)});
    };
    // The parameters publish gives: the window and the municipalities, where declared.
    catalog::Params given;
    if (!request.from.empty() && Declares(m, "from")) given.Set("from", request.from);
    if (!request.to.empty() && Declares(m, "to")) given.Set("to", request.to);
    bool per_kommune = false;
    std::string missing_param;
    for (const auto& spec : m.params) {
      if (!spec.required) continue;
      if (spec.name == "kommune") {
        per_kommune = true;
        if (request.kommuner.empty())
          missing_param = "takes one municipality at a time: give --kommune";
      } else if (!given.Has(spec.name)) {
        missing_param = "needs the parameter '" + spec.name + "', which publish does not set";
      }
    }
    if (!per_kommune && !request.kommuner.empty() && Declares(m, "kommune")) {
      given.Set("kommune", JoinCodes(request.kommuner));
    }
    catalog::DataLevel level = m.level ? catalog::LevelOf(m, given) : catalog::DataLevel::kCitizen;
    if (level != catalog::DataLevel::kAggregate) {
      leave_out(std::string(catalog::DataLevelName(level)) + "-level data: never published");
      continue;
    }
    if (std::string missing = MissingInput(m, ctx); !missing.empty()) {
      leave_out(std::move(missing));
      continue;
    }
    if (!missing_param.empty()) {
      leave_out(std::move(missing_param));
      continue;
    }
    PlannedTable planned;
    planned.measurement = &m;
    planned.table = std::move(table);
    if (per_kommune) {
      for (int k : request.kommuner) {
        catalog::Params one = given;
        one.Set("kommune", std::to_string(k));
        planned.calls.push_back(std::move(one));
      }
    } else {
      planned.calls.push_back(given);
    }
    for (const auto& spec : m.params) {
      if (given.Has(spec.name) || (per_kommune && spec.name == "kommune")) continue;
      if (spec.default_value.empty()) continue;
      planned.defaults +=
          (planned.defaults.empty() ? "" : "&") + spec.name + "=" + spec.default_value;
    }
    plan.tables.push_back(std::move(planned));
  }
  return plan;
}

}  // namespace fremdrift::publish
