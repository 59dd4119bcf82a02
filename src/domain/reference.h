// Reference data: benefit codes (DREAM, each optionally dated with gyldig_fra/gyldig_til), benefit
// groups (ydelsesgrupper), municipalities with their RAR area and region. Loaded from the embedded
// copies of data/reference/, from a folder, or with the code list from its own file (the data
// folder's or an operator's), and validated (unknown group, duplicate code, bad date, bad
// municipality → a Status naming file, row, column). Immutable after loading; thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "domain/date.h"

namespace fremdrift {

// The group of weeks whose code is not in the code list (or is used outside its validity), kept
// with `fremdrift ingest --unknown-codes=keep`; such weeks are stored under kKeptUnknownCode.
inline constexpr std::string_view kUnknownCodeGroup = "ukendt_kode";
// The code number a kept unknown code is stored as. It is not a DREAM code: "000" in a register
// is an unknown code like any other, and a code list may not define it.
inline constexpr int kKeptUnknownCode = 0;

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
  // Validity (gyldig_fra / gyldig_til, inclusive days); open ends are the extreme days.
  DayNumber valid_from = INT32_MIN;
  DayNumber valid_to = INT32_MAX;
  bool dated() const { return valid_from != INT32_MIN || valid_to != INT32_MAX; }
  // Whether the code may be used in week w: some day of the week is inside the validity.
  bool ValidInWeek(WeekIndex w) const {
    return SundayOf(w) >= valid_from && MondayOf(w) <= valid_to;
  }
};

struct Municipality {
  int code = 0;  // 101 ... 860
  std::string name;
  int rar = -1;     // index into rar_names()
  int region = -1;  // index into region_names()
  std::string cvr;  // the municipality's CVR number (8 digits), or empty when the file has none
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
  // The reference data the commands use: everything from `dir` when it is given (--reference),
  // else the embedded copies; the code list then from `codes_file` when given (--codes), else
  // from `dir`, else from the data folder's data/reference/dream-codes.csv when there is one
  // (common/data_dir.h; $FREMDRIFT_CODES names another file), else the embedded copy. An operator
  // thus adds the codes of a newer DREAM documentation without a rebuild.
  static Result<ReferenceData> Load(const std::string& dir, const std::string& codes_file = {});
  // A copy whose code list is replaced by `codes_csv` (checked against this copy's groups);
  // `file` names it in errors and in codes_file().
  Result<ReferenceData> WithCodes(std::string_view codes_csv, std::string_view file) const;

  // The code list's file as errors about a register's codes name it:
  // "reference/dream-codes.csv" for the embedded copy and the data folder's, else the path.
  const std::string& codes_file() const { return codes_file_; }
  // Where the code list was read from (a path, or "(embedded) data/reference/dream-codes.csv").
  const std::string& codes_origin() const { return codes_origin_; }
  // The code list's text (CSV, as read), which ingest keeps in the spell store.
  const std::string& codes_csv() const { return codes_csv_; }

  const std::vector<BenefitGroup>& groups() const { return groups_; }
  const std::vector<BenefitCode>& codes() const { return codes_; }
  const std::vector<Municipality>& municipalities() const { return municipalities_; }
  const std::vector<std::string>& rar_names() const { return rar_names_; }
  const std::vector<std::string>& region_names() const { return region_names_; }

  // Index into codes() for a 3-digit code, or -1. Code kKeptUnknownCode has an entry (group
  // ukendt_kode, never valid in a register) when the groups hold ukendt_kode.
  int CodeIndex(int code) const { return code >= 0 && code < 1000 ? code_index_[code] : -1; }
  // The municipality code whose CVR number is `cvr` (8 digits), or 0. KOMBIT's Context Handler
  // scopes a user's roles by the municipality's CVR number, not its code.
  int MunicipalityByCvr(std::string_view cvr) const;
  // Index into municipalities() for a municipality code, or -1.
  int MunicipalityIndex(int code) const {
    return code >= 0 && code < 1000 ? municipality_index_[code] : -1;
  }
  // Index into groups() for a group id, or -1.
  int GroupIndex(std::string_view id) const;
  int RarIndex(std::string_view name) const;
  int RegionIndex(std::string_view name) const;

 private:
  // Replaces the code list by `codes_csv` (named `file` in errors), checked against groups().
  Status ParseCodes(std::string_view codes_csv, const std::string& file);

  std::vector<BenefitGroup> groups_;
  std::vector<BenefitCode> codes_;
  std::vector<Municipality> municipalities_;
  std::vector<std::string> rar_names_;
  std::vector<std::string> region_names_;
  std::string codes_file_ = "reference/dream-codes.csv";
  std::string codes_origin_;
  std::string codes_csv_;
  std::array<std::int16_t, 1000> code_index_{};
  std::array<std::int16_t, 1000> municipality_index_{};
};

// Embedded data files (generated at build time from data/reference/); empty if absent.
std::string_view EmbeddedFile(std::string_view name);

}  // namespace fremdrift
