// Query parameter access with errors that name the parameter (params.h).
#include "catalog/params.h"

#include <charconv>

namespace fremdrift::catalog {

std::string Params::Get(std::string_view name, std::string_view fallback) const {
  auto it = values_.find(std::string(name));
  if (it == values_.end() || it->second.empty()) return std::string(fallback);
  return it->second;
}

Status Params::CheckAgainst(const std::vector<ParamSpec>& specs) const {
  for (const auto& [name, value] : values_) {
    if (name == "format") continue;
    bool known = false;
    for (const auto& s : specs) known = known || s.name == name;
    if (!known) {
      std::string list;
      for (const auto& s : specs) list += (list.empty() ? "" : ", ") + s.name;
      return InvalidArgument("{}: unknown parameter (known: {})",
                             name.size() > 40 ? name.substr(0, 40) : name, list);
    }
  }
  for (const auto& s : specs) {
    if (s.required && Get(s.name).empty()) return InvalidArgument("{}: required", s.name);
  }
  return Status::Ok();
}

std::string Params::Canonical() const {
  std::string out;
  for (const auto& [name, value] : values_) {
    if (!out.empty()) out += '&';
    out += name;
    out += '=';
    out += value;
  }
  return out;
}

Result<std::vector<int>> Params::Kommuner(std::string_view name) const {
  std::vector<int> out;
  for (const auto& k : SplitComma(Get(name))) {
    ASSIGN_OR_RETURN(int code, ParseIntParam(name, k));
    out.push_back(code);
  }
  return out;
}

std::vector<std::string> SplitComma(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text) {
    if (c == ',') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else if (c != ' ') {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

Result<int> ParseIntParam(std::string_view param, std::string_view text) {
  int value = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || p != text.data() + text.size()) {
    std::string shown(text.substr(0, 20));
    return InvalidArgument("{}: '{}' is not a whole number", param, shown);
  }
  return value;
}

}  // namespace fremdrift::catalog
