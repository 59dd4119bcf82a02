// Reading TOML data files (see toml_file.h).
#include "models/toml_file.h"

#include <filesystem>

#include "common/file_util.h"

namespace fremdrift::cases {

Result<std::string> ResolveTomlFile(const std::string& name_or_path, const std::string& dir,
                                    std::string_view what) {
  if (name_or_path.find('/') != std::string::npos ||
      name_or_path.find(".toml") != std::string::npos) {
    return name_or_path;
  }
  std::string path = dir + "/" + name_or_path + ".toml";
  if (FileExists(path)) return path;
  std::string known;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".toml") {
      known += (known.empty() ? "" : ", ") + entry.path().stem().string();
    }
  }
  return NotFound("no {} '{}' in {} (known: {})", what, name_or_path, dir,
                  known.empty() ? "none" : known);
}

}  // namespace fremdrift::cases
