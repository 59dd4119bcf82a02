// Params: the query parameters of one API request, read by name. Every error names the parameter
// ("kommune: 'x' is not a municipality code") so the API can answer 400 with that message, and the
// parameters a measurement declares are checked so a misspelt one is refused rather than ignored.
// Thread-safety: a value type.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace fremdrift::catalog {

struct ParamSpec {
  std::string name;           // "from"
  std::string help;           // English, for the API listing
  std::string default_value;  // shown in the listing; empty = none
  bool required = false;
};

class Params {
 public:
  Params() = default;
  explicit Params(std::map<std::string, std::string> values) : values_(std::move(values)) {}

  bool Has(std::string_view name) const { return values_.count(std::string(name)) > 0; }
  // The value, or `fallback` when absent or empty.
  std::string Get(std::string_view name, std::string_view fallback = "") const;
  void Set(const std::string& name, std::string value) { values_[name] = std::move(value); }
  const std::map<std::string, std::string>& values() const { return values_; }

  // InvalidArgument for a parameter not in `specs` (besides the common ones: format) or a required
  // one missing.
  Status CheckAgainst(const std::vector<ParamSpec>& specs) const;
  // "a=1&b=2" in name order (cache keys, audit details).
  std::string Canonical() const;

  // Comma list of whole numbers (municipality codes); empty when absent.
  Result<std::vector<int>> Kommuner(std::string_view name) const;

 private:
  std::map<std::string, std::string> values_;
};

// "a,b,,c" → {"a","b","c"} (spaces dropped).
std::vector<std::string> SplitComma(std::string_view text);
// A whole-string decimal integer, or InvalidArgument naming `param`.
Result<int> ParseIntParam(std::string_view param, std::string_view text);

}  // namespace fremdrift::catalog
