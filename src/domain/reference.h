// Reference data: benefit codes (DREAM), benefit groups (ydelsesgrupper), municipalities with their
// RAR area and region. Loaded from the embedded copies of data/reference/ or from a folder, and
// validated (unknown group, duplicate code, bad municipality → a Status naming file, row, column).
// Immutable after loading; safe to share between threads.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace fremdrift {

struct BenefitGroup {
  std::string id;    // "kontanthjaelp"
  std::string name;  // "Kontanthjælp"
  bool offentlig_forsoergelse = false;
  int sort = 0;
};

struct BenefitCode {
  int code = 0;  // 3 digits
  std::string meaning;
  int group = -1;       // index into ReferenceData::groups()
  std::string indsats;  // "passiv", "loentilskud_privat", ... or empty
  std::string match;    // "jobparat", "aktivitetsparat" or empty
  bool bruttoledig = false;
};

struct Municipality {
  int code = 0;  // 101 ... 860
  std::string name;
  int rar = -1;     // index into rar_names()
  int region = -1;  // index into region_names()
};

class ReferenceData {
 public:
  // The copies embedded in the binary at build time.
  static Result<ReferenceData> LoadEmbedded();
  // dream-codes.csv, ydelsesgrupper.csv and kommuner.csv from `dir`.
  static Result<ReferenceData> LoadFromDirectory(const std::string& dir);
  // From the three files' contents; `origin` names them in errors.
  static Result<ReferenceData> Parse(std::string_view groups_csv, std::string_view codes_csv,
                                     std::string_view kommuner_csv, std::string_view origin);

  const std::vector<BenefitGroup>& groups() const { return groups_; }
  const std::vector<BenefitCode>& codes() const { return codes_; }
  const std::vector<Municipality>& municipalities() const { return municipalities_; }
  const std::vector<std::string>& rar_names() const { return rar_names_; }
  const std::vector<std::string>& region_names() const { return region_names_; }

  // Index into codes() for a 3-digit code, or -1.
  int CodeIndex(int code) const { return code >= 0 && code < 1000 ? code_index_[code] : -1; }
  // Index into municipalities() for a municipality code, or -1.
  int MunicipalityIndex(int code) const {
    return code >= 0 && code < 1000 ? municipality_index_[code] : -1;
  }
  // Index into groups() for a group id, or -1.
  int GroupIndex(std::string_view id) const;
  int RarIndex(std::string_view name) const;
  int RegionIndex(std::string_view name) const;

 private:
  std::vector<BenefitGroup> groups_;
  std::vector<BenefitCode> codes_;
  std::vector<Municipality> municipalities_;
  std::vector<std::string> rar_names_;
  std::vector<std::string> region_names_;
  std::array<std::int16_t, 1000> code_index_{};
  std::array<std::int16_t, 1000> municipality_index_{};
};

// Embedded data files (generated at build time from data/reference/); empty if absent.
std::string_view EmbeddedFile(std::string_view name);

}  // namespace fremdrift
