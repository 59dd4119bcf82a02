// Small helpers shared by the cmd_*.cc files: reference data from --reference or the embedded
// copy, comma lists, and printing a Status as one error line.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "app/command.h"
#include "common/status.h"
#include "domain/reference.h"
#include "registry/store_codes.h"

namespace fremdrift {

// The code list comes from the data folder when it has one (ReferenceData::Load).
inline Result<ReferenceData> LoadReference(const AppContext& ctx) {
  return ReferenceData::Load(ctx.reference_dir);
}

// For a command that measures the spell store at `store_path`: the code list is the one the
// store's ingest read, when it keeps one (registry/store_codes.h).
inline Result<ReferenceData> LoadReference(const AppContext& ctx, const std::string& store_path) {
  auto ref = ReferenceData::Load(ctx.reference_dir);
  if (!ref.ok()) return ref.status();
  return ReferenceForStorePath(*ref, store_path);
}

// Prints "fremdrift: <message>" on stderr and returns the exit code for the status.
inline int ReportError(const Status& s) {
  std::fprintf(stderr, "fremdrift: %s\n", s.message().c_str());
  switch (s.code()) {
    case StatusCode::kInvalidArgument:
    case StatusCode::kDataLoss:
      return kExitInput;
    default:
      return kExitFailure;
  }
}

// "a,b,,c" → {"a","b","c"}.
inline std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text + ",") {
    if (c == ',') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else if (c != ' ') {
      cur += c;
    }
  }
  return out;
}

}  // namespace fremdrift
