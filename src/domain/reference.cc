// Reference data loading and validation (see reference.h).
#include "domain/reference.h"

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "common/csv.h"
#include "common/data_dir.h"
#include "common/file_util.h"

namespace fremdrift {

namespace {

Result<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot open {}", path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Status RequireColumns(const CsvDocument& doc, std::string_view file,
                      std::initializer_list<std::string_view> names) {
  for (auto n : names) {
    if (doc.Column(n) < 0) return InvalidArgument("{}: missing column '{}'", file, n);
  }
  return Status::Ok();
}

bool ParseSmallInt(std::string_view s, int& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

Status BadValue(std::string_view file, int line, std::string_view column, std::string_view value,
                std::string_view why) {
  return InvalidArgument("{}, row {}, column '{}': '{}' {}", file, line, column, value, why);
}

// A CVR number: 8 digits, the first not 0, whose modulus-11 check holds (weights 2 7 6 5 4 3 2 1,
// as the Central Business Register assigns them).
bool ValidCvr(std::string_view cvr) {
  static constexpr int kWeights[8] = {2, 7, 6, 5, 4, 3, 2, 1};
  if (cvr.size() != 8 || cvr[0] == '0') return false;
  int sum = 0;
  for (std::size_t i = 0; i < 8; ++i) {
    if (cvr[i] < '0' || cvr[i] > '9') return false;
    sum += (cvr[i] - '0') * kWeights[i];
  }
  return sum % 11 == 0;
}

}  // namespace

int ReferenceData::MunicipalityByCvr(std::string_view cvr) const {
  if (cvr.empty()) return 0;
  for (const Municipality& m : municipalities_) {
    if (m.cvr == cvr) return m.code;
  }
  return 0;
}

int ReferenceData::GroupIndex(std::string_view id) const {
  for (size_t i = 0; i < groups_.size(); ++i) {
    if (groups_[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

int ReferenceData::RarIndex(std::string_view name) const {
  for (size_t i = 0; i < rar_names_.size(); ++i) {
    if (rar_names_[i] == name) return static_cast<int>(i);
  }
  return -1;
}

int ReferenceData::RegionIndex(std::string_view name) const {
  for (size_t i = 0; i < region_names_.size(); ++i) {
    if (region_names_[i] == name) return static_cast<int>(i);
  }
  return -1;
}

Result<ReferenceData> ReferenceData::Parse(std::string_view groups_csv, std::string_view codes_csv,
                                           std::string_view kommuner_csv, std::string_view origin) {
  ReferenceData ref;
  ref.code_index_.fill(-1);
  ref.municipality_index_.fill(-1);

  const std::string gfile = fmt::format("{}/ydelsesgrupper.csv", origin);
  ASSIGN_OR_RETURN(CsvDocument groups, ParseCsvDocument(groups_csv, gfile));
  RETURN_IF_ERROR(
      RequireColumns(groups, gfile, {"ydelsesgruppe", "navn", "offentlig_forsoergelse", "sort"}));
  for (size_t r = 0; r < groups.rows.size(); ++r) {
    const auto& row = groups.rows[r];
    int line = groups.line_numbers[r];
    BenefitGroup g;
    g.id = row[groups.Column("ydelsesgruppe")];
    g.name = row[groups.Column("navn")];
    const std::string& off = row[groups.Column("offentlig_forsoergelse")];
    if (off != "0" && off != "1") {
      return BadValue(gfile, line, "offentlig_forsoergelse", off, "is not 0 or 1");
    }
    g.offentlig_forsoergelse = off == "1";
    if (!ParseSmallInt(row[groups.Column("sort")], g.sort)) {
      return BadValue(gfile, line, "sort", row[groups.Column("sort")], "is not a number");
    }
    if (g.id.empty()) return BadValue(gfile, line, "ydelsesgruppe", g.id, "is empty");
    if (ref.GroupIndex(g.id) >= 0) {
      return BadValue(gfile, line, "ydelsesgruppe", g.id, "appears twice");
    }
    if (g.id == "offentlig_forsoergelse") {
      return BadValue(gfile, line, "ydelsesgruppe", g.id, "is reserved for the total");
    }
    ref.groups_.push_back(std::move(g));
  }

  RETURN_IF_ERROR(ref.ParseCodes(codes_csv, fmt::format("{}/dream-codes.csv", origin)));
  ref.codes_origin_ = fmt::format("{}/dream-codes.csv", origin);

  const std::string kfile = fmt::format("{}/kommuner.csv", origin);
  ASSIGN_OR_RETURN(CsvDocument kommuner, ParseCsvDocument(kommuner_csv, kfile));
  RETURN_IF_ERROR(RequireColumns(kommuner, kfile, {"kode", "navn", "rar", "region"}));
  for (size_t r = 0; r < kommuner.rows.size(); ++r) {
    const auto& row = kommuner.rows[r];
    int line = kommuner.line_numbers[r];
    Municipality m;
    const std::string& code_text = row[kommuner.Column("kode")];
    if (code_text.size() != 3 || !ParseSmallInt(code_text, m.code) || m.code < 100) {
      return BadValue(kfile, line, "kode", code_text, "is not a 3-digit municipality code");
    }
    if (ref.municipality_index_[m.code] >= 0) {
      return BadValue(kfile, line, "kode", code_text, "appears twice");
    }
    m.name = row[kommuner.Column("navn")];
    if (m.name.empty()) return BadValue(kfile, line, "navn", m.name, "is empty");
    const std::string& rar = row[kommuner.Column("rar")];
    const std::string& region = row[kommuner.Column("region")];
    if (rar.empty()) return BadValue(kfile, line, "rar", rar, "is empty");
    if (region.empty()) return BadValue(kfile, line, "region", region, "is empty");
    m.rar = ref.RarIndex(rar);
    if (m.rar < 0) {
      m.rar = static_cast<int>(ref.rar_names_.size());
      ref.rar_names_.push_back(rar);
    }
    m.region = ref.RegionIndex(region);
    if (m.region < 0) {
      m.region = static_cast<int>(ref.region_names_.size());
      ref.region_names_.push_back(region);
    }
    if (kommuner.Column("cvr") >= 0) {
      m.cvr = row[kommuner.Column("cvr")];
      if (!m.cvr.empty()) {
        if (!ValidCvr(m.cvr)) {
          return BadValue(kfile, line, "cvr", m.cvr,
                          "is not a CVR number (8 digits with a valid check digit)");
        }
        if (ref.MunicipalityByCvr(m.cvr) != 0) {
          return BadValue(kfile, line, "cvr", m.cvr, "appears twice");
        }
      }
    }
    ref.municipality_index_[m.code] = static_cast<std::int16_t>(ref.municipalities_.size());
    ref.municipalities_.push_back(std::move(m));
  }
  if (ref.municipalities_.empty()) return InvalidArgument("{}: no municipalities", kfile);
  if (ref.municipalities_.size() > 250) return InvalidArgument("{}: more than 250 rows", kfile);
  return ref;
}

Status ReferenceData::ParseCodes(std::string_view codes_csv, const std::string& cfile) {
  ReferenceData& ref = *this;
  ref.codes_.clear();
  ref.code_index_.fill(-1);
  ref.codes_csv_ = std::string(codes_csv);
  ASSIGN_OR_RETURN(CsvDocument codes, ParseCsvDocument(codes_csv, cfile));
  RETURN_IF_ERROR(RequireColumns(
      codes, cfile, {"code", "meaning", "ydelsesgruppe", "indsats", "match", "bruttoledig"}));
  // Optional: the days a code may be used (inclusive; blank = open). Older lists lack them.
  const int fra_col = codes.Column("gyldig_fra"), til_col = codes.Column("gyldig_til");
  auto day = [&](const std::vector<std::string>& row, int col, int line, std::string_view name,
                 DayNumber open, DayNumber& out) -> Status {
    out = open;
    if (col < 0 || row[col].empty()) return Status::Ok();
    auto d = ParseIsoDate(row[col]);
    if (!d.ok()) return BadValue(cfile, line, name, row[col], "is not a date YYYY-MM-DD");
    out = DaysFromCivil(*d);
    return Status::Ok();
  };
  for (size_t r = 0; r < codes.rows.size(); ++r) {
    const auto& row = codes.rows[r];
    int line = codes.line_numbers[r];
    BenefitCode c;
    const std::string& code_text = row[codes.Column("code")];
    if (code_text.size() != 3 || !ParseSmallInt(code_text, c.code)) {
      return BadValue(cfile, line, "code", code_text, "is not a 3-digit code");
    }
    if (c.code == kKeptUnknownCode) {
      return BadValue(cfile, line, "code", code_text,
                      "is reserved for kept unknown codes (group ukendt_kode)");
    }
    if (ref.code_index_[c.code] >= 0) {
      return BadValue(cfile, line, "code", code_text, "appears twice");
    }
    c.meaning = row[codes.Column("meaning")];
    const std::string& group = row[codes.Column("ydelsesgruppe")];
    c.group = ref.GroupIndex(group);
    if (c.group < 0) return BadValue(cfile, line, "ydelsesgruppe", group, "is not a known group");
    if (group == kUnknownCodeGroup) {
      return BadValue(cfile, line, "ydelsesgruppe", group,
                      "is kept for codes that are not in the list");
    }
    c.indsats = row[codes.Column("indsats")];
    c.match = row[codes.Column("match")];
    if (!c.match.empty() && c.match != "jobparat" && c.match != "aktivitetsparat") {
      return BadValue(cfile, line, "match", c.match, "is not jobparat or aktivitetsparat");
    }
    const std::string& bl = row[codes.Column("bruttoledig")];
    if (bl != "0" && bl != "1") return BadValue(cfile, line, "bruttoledig", bl, "is not 0 or 1");
    c.bruttoledig = bl == "1";
    RETURN_IF_ERROR(day(row, fra_col, line, "gyldig_fra", INT32_MIN, c.valid_from));
    RETURN_IF_ERROR(day(row, til_col, line, "gyldig_til", INT32_MAX, c.valid_to));
    if (c.valid_to < c.valid_from) {
      return BadValue(cfile, line, "gyldig_til", row[til_col], "is before gyldig_fra");
    }
    ref.code_index_[c.code] = static_cast<std::int16_t>(ref.codes_.size());
    ref.codes_.push_back(std::move(c));
  }
  if (ref.codes_.size() > 250) return InvalidArgument("{}: more than 250 codes", cfile);
  // Kept unknown codes: stored as code kKeptUnknownCode, counted in group ukendt_kode.
  if (const int g = ref.GroupIndex(kUnknownCodeGroup); g >= 0) {
    BenefitCode c;
    c.code = kKeptUnknownCode;
    c.meaning = "Kode uden for kodelisten (beholdt ved indlæsning)";
    c.group = g;
    c.valid_from = 1;  // never valid in a register: the row parser refuses "000" as unknown
    c.valid_to = 0;
    ref.code_index_[c.code] = static_cast<std::int16_t>(ref.codes_.size());
    ref.codes_.push_back(std::move(c));
  }
  return Status::Ok();
}

Result<ReferenceData> ReferenceData::WithCodes(std::string_view codes_csv,
                                               std::string_view file) const {
  ReferenceData copy = *this;
  RETURN_IF_ERROR(copy.ParseCodes(codes_csv, std::string(file)));
  copy.codes_file_ = std::string(file);
  copy.codes_origin_ = std::string(file);
  return copy;
}

Result<ReferenceData> ReferenceData::Load(const std::string& dir, const std::string& codes_file) {
  ReferenceData ref;
  if (dir.empty()) {
    ASSIGN_OR_RETURN(ref, LoadEmbedded());
  } else {
    ASSIGN_OR_RETURN(ref, LoadFromDirectory(dir));
  }
  if (!codes_file.empty()) {
    ASSIGN_OR_RETURN(std::string text, ReadWholeFile(codes_file));
    return ref.WithCodes(text, codes_file);
  }
  if (!dir.empty()) return ref;
  // The data folder's copy, which an operator may have extended.
  const std::string path = DataPath("FREMDRIFT_CODES", "data/reference/dream-codes.csv");
  const char* env = std::getenv("FREMDRIFT_CODES");
  if ((env == nullptr || *env == '\0') && !FileExists(path)) return ref;
  ASSIGN_OR_RETURN(std::string text, ReadWholeFile(path));
  ASSIGN_OR_RETURN(ReferenceData out, ref.WithCodes(text, path));
  out.codes_file_ = "reference/dream-codes.csv";
  return out;
}

Result<ReferenceData> ReferenceData::LoadEmbedded() {
  std::string_view g = EmbeddedFile("ydelsesgrupper.csv");
  std::string_view c = EmbeddedFile("dream-codes.csv");
  std::string_view k = EmbeddedFile("kommuner.csv");
  if (g.empty() || c.empty() || k.empty()) return Internal("embedded reference data missing");
  return Parse(g, c, k, "(embedded) data/reference");
}

Result<ReferenceData> ReferenceData::LoadFromDirectory(const std::string& dir) {
  ASSIGN_OR_RETURN(std::string g, ReadWholeFile(dir + "/ydelsesgrupper.csv"));
  ASSIGN_OR_RETURN(std::string c, ReadWholeFile(dir + "/dream-codes.csv"));
  ASSIGN_OR_RETURN(std::string k, ReadWholeFile(dir + "/kommuner.csv"));
  return Parse(g, c, k, dir);
}

}  // namespace fremdrift
