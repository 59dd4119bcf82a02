// Reading the cases layer's TOML data files (pool models in data/models, rule sets in data/rules):
// a name or a path to a file, and toml++'s parse errors as InvalidArgument "FILE:LINE:COL: ...".
#pragma once

#include <toml++/toml.h>

#include <string>
#include <string_view>

#include "common/status.h"

namespace fremdrift::cases {

// `name_or_path` itself when it names a file (holds '/' or ".toml"), else DIR/NAME.toml; NotFound
// ("no WHAT 'NAME' in DIR (known: ...)") listing the files there when that does not exist.
Result<std::string> ResolveTomlFile(const std::string& name_or_path, const std::string& dir,
                                    std::string_view what);

// Parses `text` and hands the table to `read` (returning Result<T>); syntax errors and exceptions
// become InvalidArgument naming `origin`, line and column.
template <typename T, typename Read>
Result<T> ReadToml(std::string_view text, std::string_view origin, Read&& read) {
  try {
    toml::table root = toml::parse(text, origin);
    return read(root);
  } catch (const toml::parse_error& e) {
    return InvalidArgument("{}:{}:{}: {}", origin, e.source().begin.line, e.source().begin.column,
                           e.description());
  } catch (const std::exception& e) {
    return InvalidArgument("{}: {}", origin, e.what());
  }
}

}  // namespace fremdrift::cases
