// Query parameter access with errors that name the parameter (params.h).
#include "catalog/params.h"

#include <algorithm>
#include <charconv>

namespace fremdrift::catalog {
namespace {

std::string JoinChoices(const std::vector<std::string>& choices) {
  std::string out;
  for (const auto& c : choices) out += (out.empty() ? "" : ", ") + c;
  return out;
}

bool IsChoice(const ParamSpec& spec, std::string_view value) {
  return std::find(spec.choices.begin(), spec.choices.end(), value) != spec.choices.end();
}

}  // namespace

std::string_view ParamTypeName(ParamType type) {
  switch (type) {
    case ParamType::kText:
      return "text";
    case ParamType::kChoice:
      return "choice";
    case ParamType::kList:
      return "list";
    case ParamType::kCodes:
      return "codes";
    case ParamType::kPeriod:
      return "period";
    case ParamType::kMonth:
      return "month";
    case ParamType::kDate:
      return "date";
    case ParamType::kFlag:
      return "flag";
  }
  return "text";
}

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
      return InvalidArgument("{}: unknown parameter (known: {})", Shown(name), list);
    }
  }
  for (const auto& s : specs) {
    const std::string value = Get(s.name);
    if (value.empty()) {
      if (s.required) return InvalidArgument("{}: required", s.name);
      continue;
    }
    if (s.type == ParamType::kChoice && !s.choices.empty() && !IsChoice(s, value)) {
      return InvalidArgument("{}: '{}' is not one of {}", s.name, Shown(value),
                             JoinChoices(s.choices));
    }
    if (s.type == ParamType::kList && !s.choices.empty()) {
      for (const auto& item : SplitComma(value)) {
        if (!IsChoice(s, item)) {
          return InvalidArgument("{}: '{}' is not one of {}", s.name, Shown(item),
                                 JoinChoices(s.choices));
        }
      }
    }
    if (s.type == ParamType::kFlag) RETURN_IF_ERROR(Flag(s.name).status());
  }
  return Status::Ok();
}

Params Params::WithDefaults(const std::vector<ParamSpec>& specs) const {
  Params out = *this;
  for (const auto& s : specs) {
    if (!s.default_value.empty() && Get(s.name).empty()) out.Set(s.name, s.default_value);
  }
  return out;
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

Result<bool> Params::Flag(std::string_view name) const {
  const std::string value = Get(name);
  if (value.empty() || value == "false" || value == "0" || value == "nej" || value == "no") {
    return false;
  }
  if (value == "true" || value == "1" || value == "ja" || value == "yes") return true;
  return InvalidArgument("{}: '{}' is not true or false", name, Shown(value));
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
    return InvalidArgument("{}: '{}' is not a whole number", param, text.substr(0, 20));
  }
  return value;
}

std::string Shown(std::string_view text) { return std::string(text.substr(0, 40)); }

}  // namespace fremdrift::catalog
