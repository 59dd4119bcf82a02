// Finding the data folder at run time (see data_dir.h).
#include "common/data_dir.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace fremdrift {
namespace {

namespace fs = std::filesystem;

bool IsDir(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(p, ec);
}

bool IsFile(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

// A folder with the source tree's shape (an installed share/fremdrift has the same).
bool HoldsData(const fs::path& root) { return IsDir(root / "data" / "models"); }
bool IsSourceTree(const fs::path& root) {
  return HoldsData(root) && IsFile(root / "web" / "index.html");
}

fs::path InstalledRoot(const fs::path& binary) {
  return (binary.parent_path().parent_path() / "share" / "fremdrift").lexically_normal();
}

// The marker's one line: the source tree's path (surrounding whitespace removed).
std::string ReadMarker(const fs::path& marker) {
  std::ifstream in(marker);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const char* space = " \t\r\n";
  std::size_t first = text.find_first_not_of(space);
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(space) - first + 1);
}

Result<DataDir> FromBinary(const std::string& binary) {
  if (binary.empty()) {
    return NotFound(
        "no data folder found: the running binary's path (/proc/self/exe) cannot be read; set "
        "FREMDRIFT_DATA_DIR to the share/fremdrift folder of an installation or to a source tree");
  }
  std::error_code ec;
  const fs::path bin = fs::absolute(fs::path(binary), ec).lexically_normal();
  const fs::path installed = InstalledRoot(bin);
  if (HoldsData(installed)) return DataDir{installed.string(), "installed beside the binary"};
  const fs::path bindir = bin.parent_path();
  for (fs::path dir = bindir;; dir = dir.parent_path()) {
    const fs::path marker = dir / kSourceDirMarker;
    if (IsFile(marker)) {
      const std::string source = ReadMarker(marker);
      if (source.empty() || !HoldsData(source)) {
        return NotFound("{} names '{}' as the source tree, which has no data/models folder",
                        marker.string(), source);
      }
      return DataDir{source, "the source tree named by " + marker.string()};
    }
    if (IsSourceTree(dir)) return DataDir{dir.string(), "the source tree above the binary"};
    if (dir == dir.parent_path()) break;
  }
  return NotFound(
      "no data folder found (models, rules, web pages): FREMDRIFT_DATA_DIR is not set; {} has no "
      "data/models folder (an installation, `cmake --install`); and no folder from {} up holds "
      "{} (a build tree) or data/models with web/index.html (a source tree). Set "
      "FREMDRIFT_DATA_DIR to the share/fremdrift folder of an installation or to a source tree",
      installed.string(), bindir.string(), kSourceDirMarker);
}

}  // namespace

std::string DataDir::Path(std::string_view relative) const {
  return (fs::path(root) / relative).string();
}

Result<DataDir> FindDataDirFor(std::string_view env_data_dir, const std::string& binary) {
  if (!env_data_dir.empty()) {
    std::error_code ec;
    fs::path root = fs::absolute(fs::path(env_data_dir), ec).lexically_normal();
    if (ec) root = fs::path(env_data_dir);
    if (!root.has_filename()) root = root.parent_path();  // "dir/" → "dir"
    if (!HoldsData(root)) {
      return NotFound(
          "FREMDRIFT_DATA_DIR={}: no data/models folder in it (give the share/fremdrift folder of "
          "an installation or a source tree)",
          env_data_dir);
    }
    return DataDir{root.string(), "$FREMDRIFT_DATA_DIR"};
  }
  return FromBinary(binary);
}

Result<DataDir> FindDataDir() {
  const char* env = std::getenv("FREMDRIFT_DATA_DIR");
  if (env != nullptr && *env != '\0') return FindDataDirFor(env, RunningBinary());
  // The binary does not move while it runs: look once.
  static const Result<DataDir> from_binary = FromBinary(RunningBinary());
  return from_binary;
}

std::string DataPath(const char* env_var, std::string_view relative) {
  if (const char* env = std::getenv(env_var); env != nullptr && *env != '\0') return env;
  auto dir = FindDataDir();
  if (dir.ok()) return dir->Path(relative);
  const std::string binary = RunningBinary();
  if (binary.empty()) return std::string(relative);
  return (InstalledRoot(binary) / relative).string();
}

std::string RunningBinary() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : exe.string();
}

}  // namespace fremdrift
