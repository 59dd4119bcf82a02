// Params: the parameters of one measurement request, read by name, whether they came from the
// API's query string or the CLI's options (`--as-of` is `as_of`). ParamSpec declares one: its
// type, default and help, which the API lists and the CLI turns into an option. Every error names
// the parameter ("kommune: 'x' is not a municipality code") so the API can answer 400 with that
// message, and the parameters a measurement declares are checked so a misspelt one is refused
// rather than ignored. Thread-safety: value types.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace fremdrift::catalog {

enum class ParamType {
  kText,    // free text (an age band, a model id)
  kChoice,  // one of `choices`
  kList,    // comma list; of `choices` when they are given
  kCodes,   // comma list of municipality codes
  kPeriod,  // YYYY-MM, YYYY-Qn, YYYY-Hn or YYYY
  kMonth,   // YYYY-MM
  kDate,    // YYYY-MM-DD (or a full timestamp)
  kFlag,    // true or false; the CLI's --name without a value
};
// "text", "choice", "list", "codes", "period", "month", "date", "flag"
std::string_view ParamTypeName(ParamType type);

struct ParamSpec {
  std::string name;           // "as_of"; the CLI's option is --as-of
  std::string help;           // English, for the API listing and the CLI's help
  std::string default_value;  // used when the parameter is absent; empty = none (or computed)
  bool required = false;
  ParamType type = ParamType::kText;
  std::vector<std::string> choices = {};  // kChoice, kList: the values allowed (empty: any)
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

  // InvalidArgument for a parameter not in `specs` (besides the common ones: format), a required
  // one missing, a choice not among the spec's choices or a flag that is not true or false.
  Status CheckAgainst(const std::vector<ParamSpec>& specs) const;
  // These parameters with each absent (or empty) one that has a default set to it.
  Params WithDefaults(const std::vector<ParamSpec>& specs) const;
  // "a=1&b=2" in name order (cache keys, audit details).
  std::string Canonical() const;

  // Comma list of whole numbers (municipality codes); empty when absent.
  Result<std::vector<int>> Kommuner(std::string_view name) const;
  // A flag: true for true/1/ja/yes, false for false/0/nej/no or absent.
  Result<bool> Flag(std::string_view name) const;

 private:
  std::map<std::string, std::string> values_;
};

// "a,b,,c" → {"a","b","c"} (spaces dropped).
std::vector<std::string> SplitComma(std::string_view text);
// A whole-string decimal integer, or InvalidArgument naming `param`.
Result<int> ParseIntParam(std::string_view param, std::string_view text);
// `text` cut to 40 bytes for an error message (a value the user typed may be long).
std::string Shown(std::string_view text);

}  // namespace fremdrift::catalog
