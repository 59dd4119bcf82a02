// Reads a TOML file into a flat, ordered map from dotted keys ("state.sygedagpenge.means") to
// values (a number, a string, or a list of numbers). The only place that includes toml++, so its
// exceptions are caught here and its compile cost is paid once. Value type; thread-compatible.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace fremdrift::sim {

struct TomlValue {
  enum class Kind { kNumber, kString, kNumberList, kBool } kind = Kind::kNumber;
  double number = 0;
  std::string text;
  std::vector<double> list;
  int line = 0;  // source line, for error messages
};

class TomlValues {
 public:
  static Result<TomlValues> ParseFile(const std::string& path);
  static Result<TomlValues> Parse(std::string_view text, std::string_view origin);

  const std::map<std::string, TomlValue>& values() const { return values_; }
  const TomlValue* Find(const std::string& key) const;
  // Keys directly below `prefix` ("state" → "sygedagpenge", ...), in file order of first use.
  std::vector<std::string> Children(const std::string& prefix) const;
  const std::string& origin() const { return origin_; }

  // Typed access; errors name the file, line and key.
  Result<double> Number(const std::string& key) const;
  double NumberOr(const std::string& key, double fallback) const;
  Result<std::vector<double>> List(const std::string& key) const;
  Result<std::string> String(const std::string& key) const;

 private:
  std::string origin_;
  std::map<std::string, TomlValue> values_;
  std::vector<std::string> order_;
};

}  // namespace fremdrift::sim
