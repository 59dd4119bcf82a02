// Where fremdrift finds the files it reads at run time (effort models, rule sets, calibration
// profiles, examples, the dashboard's pages), so that the binary holds no path of the tree it was
// built in and can be installed, or moved, anywhere (docs/install.md).
//
// The data folder has the shape of the source tree: data/models/, data/rules/, data/reference/,
// data/examples/, examples/ and web/. It is, first match wins:
//   1. $FREMDRIFT_DATA_DIR (an installed share/fremdrift folder or a source tree);
//   2. <bindir>/../share/fremdrift, when it holds data/models/ (installed by `cmake --install`);
//   3. for a binary in a build tree, walking up from <bindir>: the source tree named by the first
//      fremdrift-source-dir.txt found (CMake writes it into the build tree at configure time), or
//      the first folder that is itself a source tree (data/models/ and web/index.html).
// Single folders can still be pointed elsewhere ($FREMDRIFT_MODELS_DIR, $FREMDRIFT_RULES_DIR,
// $FREMDRIFT_WEB_DIR, and the commands' --models and --web).
// Thread-safety: reads the environment and the file system; the lookup from the binary's place is
// made once per process.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace fremdrift {

// The marker file CMake writes into a build tree: one line, the source tree's path.
inline constexpr std::string_view kSourceDirMarker = "fremdrift-source-dir.txt";

struct DataDir {
  std::string root;      // holds data/ and web/
  std::string found_by;  // how it was found, for `fremdrift paths`

  // root + "/" + relative.
  std::string Path(std::string_view relative) const;
};

// The data folder of the running binary (/proc/self/exe); NotFound naming every place looked at.
Result<DataDir> FindDataDir();
// The same lookup for a $FREMDRIFT_DATA_DIR value (empty: unset) and a binary path (tests).
Result<DataDir> FindDataDirFor(std::string_view env_data_dir, const std::string& binary);

// $<env_var> when set and not empty; else <data folder>/<relative>; when no data folder is found,
// the place an installed binary has it (<bindir>/../share/fremdrift/<relative>), so that whatever
// then fails to read it names that place.
std::string DataPath(const char* env_var, std::string_view relative);

// The running binary's path ("" when /proc/self/exe cannot be read).
std::string RunningBinary();

}  // namespace fremdrift
