// TOML → flat dotted-key map, via toml++ (exceptions caught here).
#include "simulate/toml_values.h"

#include <toml++/toml.h>

#include <set>

#include "common/file_util.h"

namespace fremdrift::sim {

namespace {

void Flatten(const toml::table& table, const std::string& prefix,
             std::map<std::string, TomlValue>& out, std::vector<std::string>& order,
             std::string& error) {
  for (const auto& [k, node] : table) {
    std::string key = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    TomlValue v;
    v.line = static_cast<int>(node.source().begin.line);
    if (const auto* t = node.as_table()) {
      Flatten(*t, key, out, order, error);
      continue;
    }
    if (const auto* i = node.as_integer()) {
      v.number = static_cast<double>(i->get());
    } else if (const auto* f = node.as_floating_point()) {
      v.number = f->get();
    } else if (const auto* b = node.as_boolean()) {
      v.kind = TomlValue::Kind::kBool;
      v.number = b->get() ? 1 : 0;
    } else if (const auto* s = node.as_string()) {
      v.kind = TomlValue::Kind::kString;
      v.text = s->get();
    } else if (const auto* a = node.as_array()) {
      v.kind = TomlValue::Kind::kNumberList;
      for (const auto& e : *a) {
        if (auto d = e.value<double>()) {
          v.list.push_back(*d);
        } else if (error.empty()) {
          error = "line " + std::to_string(v.line) + ": " + key + ": lists must hold numbers";
        }
      }
    } else {
      if (error.empty())
        error = "line " + std::to_string(v.line) + ": " + key + ": unsupported value";
      continue;
    }
    order.push_back(key);
    out[key] = std::move(v);
  }
}

}  // namespace

Result<TomlValues> TomlValues::ParseFile(const std::string& path) {
  ASSIGN_OR_RETURN(std::string text, ReadFileToString(path));
  return Parse(text, path);
}

Result<TomlValues> TomlValues::Parse(std::string_view text, std::string_view origin) {
  TomlValues result;
  result.origin_ = std::string(origin);
  try {
    toml::table table = toml::parse(text, origin);
    std::string error;
    Flatten(table, "", result.values_, result.order_, error);
    if (!error.empty()) return InvalidArgument("{}: {}", origin, error);
  } catch (const toml::parse_error& e) {
    return InvalidArgument("{}: line {}, column {}: {}", origin, e.source().begin.line,
                           e.source().begin.column, e.description());
  }
  return result;
}

const TomlValue* TomlValues::Find(const std::string& key) const {
  auto it = values_.find(key);
  return it == values_.end() ? nullptr : &it->second;
}

std::vector<std::string> TomlValues::Children(const std::string& prefix) const {
  std::vector<std::string> out;
  std::set<std::string> seen;
  const std::string p = prefix + ".";
  for (const auto& key : order_) {
    if (key.compare(0, p.size(), p) != 0) continue;
    std::string rest = key.substr(p.size());
    std::string child = rest.substr(0, rest.find('.'));
    if (seen.insert(child).second) out.push_back(child);
  }
  return out;
}

Result<double> TomlValues::Number(const std::string& key) const {
  const TomlValue* v = Find(key);
  if (!v) return InvalidArgument("{}: missing key {}", origin_, key);
  if (v->kind != TomlValue::Kind::kNumber && v->kind != TomlValue::Kind::kBool) {
    return InvalidArgument("{}: line {}: {} must be a number", origin_, v->line, key);
  }
  return v->number;
}

double TomlValues::NumberOr(const std::string& key, double fallback) const {
  const TomlValue* v = Find(key);
  return v && (v->kind == TomlValue::Kind::kNumber || v->kind == TomlValue::Kind::kBool) ? v->number
                                                                                         : fallback;
}

Result<std::vector<double>> TomlValues::List(const std::string& key) const {
  const TomlValue* v = Find(key);
  if (!v) return InvalidArgument("{}: missing key {}", origin_, key);
  if (v->kind == TomlValue::Kind::kNumber) return std::vector<double>{v->number};
  if (v->kind != TomlValue::Kind::kNumberList) {
    return InvalidArgument("{}: line {}: {} must be a list of numbers", origin_, v->line, key);
  }
  return v->list;
}

Result<std::string> TomlValues::String(const std::string& key) const {
  const TomlValue* v = Find(key);
  if (!v) return InvalidArgument("{}: missing key {}", origin_, key);
  if (v->kind != TomlValue::Kind::kString) {
    return InvalidArgument("{}: line {}: {} must be a string", origin_, v->line, key);
  }
  return v->text;
}

}  // namespace fremdrift::sim
