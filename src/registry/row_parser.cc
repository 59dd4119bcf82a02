// RowParser (see row_parser.h).
#include "registry/row_parser.h"

#include <algorithm>

#include "registry/herkomst.h"

namespace fremdrift {

void PersonBatch::Clear() {
  pseudonyms.clear();
  birth_days.clear();
  sexes.clear();
  rows.clear();
  spell_ends.clear();
  residence_ends.clear();
  spell_start.clear();
  spell_end.clear();
  spell_code.clear();
  spell_kommune.clear();
  residence_start.clear();
  residence_kommune.clear();
  employment_ends.clear();
  employment_start.clear();
  employment_last.clear();
  unknown_person.clear();
  unknown_code.clear();
  unknown_weeks.clear();
  attributes.clear();
}

std::string RowError::Format(std::string_view filename) const {
  if (column.empty()) return fmt::format("{}, row {}: {}", filename, row, message);
  return fmt::format("{}, row {}, column '{}': '{}' {}", filename, row, column, value, message);
}

void RowStats::Merge(const RowStats& o) {
  if (weeks_by_group.size() < o.weeks_by_group.size()) {
    weeks_by_group.resize(o.weeks_by_group.size());
  }
  for (size_t i = 0; i < o.weeks_by_group.size(); ++i) weeks_by_group[i] += o.weeks_by_group[i];
  unknown_kommune_weeks += o.unknown_kommune_weeks;
  persons_unknown_kommune += o.persons_unknown_kommune;
  persons_without_birth += o.persons_without_birth;
  persons_without_codes += o.persons_without_codes;
  employment_months += o.employment_months;
  if (!o.unknown_code_weeks.empty()) {
    unknown_code_weeks.resize(1000);
    for (size_t i = 0; i < o.unknown_code_weeks.size(); ++i) {
      unknown_code_weeks[i] += o.unknown_code_weeks[i];
    }
  }
}

void RowStats::Remove(const PersonBatch& batch, std::size_t person, const ReferenceData& ref) {
  const std::size_t first = person == 0 ? 0 : batch.spell_ends[person - 1];
  const std::size_t end = batch.spell_ends[person];
  std::uint64_t unknown_weeks = 0;
  for (std::size_t s = first; s < end; ++s) {
    const std::uint64_t weeks = batch.spell_end[s] - batch.spell_start[s] + 1u;
    const int code = ref.CodeIndex(batch.spell_code[s]);
    const int g = code >= 0 ? ref.codes()[code].group : -1;
    if (g >= 0 && static_cast<std::size_t>(g) < weeks_by_group.size()) weeks_by_group[g] -= weeks;
    if (batch.spell_kommune[s] == kUnknownKommune) unknown_weeks += weeks;
  }
  if (batch.birth_days[person] == kUnknownBirth) --persons_without_birth;
  if (first == end) --persons_without_codes;
  const std::size_t e_first = person == 0 ? 0 : batch.employment_ends[person - 1];
  for (std::size_t e = e_first; e < batch.employment_ends[person]; ++e) {
    employment_months -= batch.employment_last[e] - batch.employment_start[e] + 1u;
  }
  if (unknown_weeks) {
    unknown_kommune_weeks -= unknown_weeks;
    --persons_unknown_kommune;
  }
  for (std::size_t u = 0; u < batch.unknown_person.size(); ++u) {
    if (batch.unknown_person[u] == person && batch.unknown_code[u] < unknown_code_weeks.size()) {
      unknown_code_weeks[batch.unknown_code[u]] -= batch.unknown_weeks[u];
    }
  }
}

std::int64_t CodedWeeks(const RegisterLayout& layout, const std::vector<std::string_view>& fields) {
  if (static_cast<int>(fields.size()) != layout.field_count()) return -1;
  std::int64_t n = 0;
  for (const auto& [w, col] : layout.week_columns) {
    for (char c : fields[col]) {
      if (c != ' ' && c != '\r') {
        ++n;
        break;
      }
    }
  }
  return n;
}

RowParser::RowParser(const RegisterLayout& layout, const ReferenceData& ref,
                     const Pseudonymizer& pseudo, UnknownCodes unknown)
    : layout_(layout), ref_(ref), pseudo_(pseudo), unknown_(unknown) {
  weeks_ = layout.last_week - layout.first_week + 1;
  week_field_.assign(weeks_, -1);
  week_residence_column_.assign(weeks_, -1);
  for (const auto& [w, col] : layout.week_columns) week_field_[w - layout.first_week] = col;
  for (int i = 0; i < weeks_; ++i) {
    int year = CivilFromDays(ThursdayOf(layout.first_week + i)).year;
    week_residence_column_[i] = layout.ResidenceColumnForYear(year);
  }
  if (layout.kom_column >= 0) residence_columns_.push_back(layout.kom_column);
  for (const auto& [y, col] : layout.kom_year_columns) residence_columns_.push_back(col);
  code_group_.assign(1000, 0xFFFF);
  for (const auto& c : ref.codes()) code_group_[c.code] = static_cast<std::uint16_t>(c.group);
  code_first_week_.assign(1000, 1);
  code_last_week_.assign(1000, 0);
  for (const auto& c : ref.codes()) {
    if (c.code == kKeptUnknownCode) continue;  // "000" in a register is an unknown code
    // Relative weeks with a day inside the validity, clamped to the layout's weeks.
    const WeekIndex first = c.valid_from == INT32_MIN ? layout.first_week
                                                      : std::max(layout.first_week, WeekOfDay(c.valid_from));
    const WeekIndex last = c.valid_to == INT32_MAX ? layout.last_week
                                                   : std::min(layout.last_week, WeekOfDay(c.valid_to));
    if (first > last) continue;
    code_first_week_[c.code] = first - layout.first_week;
    code_last_week_[c.code] = last - layout.first_week;
  }
  codes_.resize(weeks_);
  unknown_codes_.resize(weeks_);
  kommune_by_column_.resize(layout.names.size());
  if (layout.has_employment()) {
    const MonthIndex m0 = layout.FirstEmploymentMonth();
    const int months = layout.LastEmploymentMonth() - m0 + 1;
    month_grad_column_.assign(months, -1);
    month_branche_column_.assign(months, -1);
    for (const auto& [m, col] : layout.grad_columns) month_grad_column_[m - m0] = col;
    for (const auto& [m, col] : layout.branche_columns) month_branche_column_[m - m0] = col;
    employed_.assign(months, 0);
  }
  for (int col : layout.kept_columns) {
    std::string name = layout.names[col];
    for (char& c : name) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    const auto b = name.find_first_not_of(' '), e = name.find_last_not_of(' ');
    kept_names_.push_back(b == std::string::npos ? std::string() : name.substr(b, e - b + 1));
  }
  kept_codes_.resize(kept_names_.size());
}

bool GradShowsEmployment(std::string_view v, bool& valid) {
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  valid = true;
  bool nonzero = false, digits = false, mark = false;
  for (char c : v) {
    if (c >= '0' && c <= '9') {
      digits = true;
      nonzero |= c != '0';
    } else if ((c == '.' || c == ',') && !mark) {
      mark = true;
    } else {
      valid = false;
      return false;
    }
  }
  if (!v.empty() && !digits) valid = false;
  return valid && nonzero;
}

namespace {
std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}
bool ThreeDigits(std::string_view s, int& v) {
  if (s.size() != 3) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  v = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
  return true;
}
std::string Shown(std::string_view v) {
  if (LooksLikeCpr(v)) return MaskCpr(v);
  if (v.size() > 40) return std::string(v.substr(0, 40)) + "...";
  return std::string(v);
}
}  // namespace

bool RowParser::Parse(const std::vector<std::string_view>& fields, std::uint64_t row,
                      PersonBatch& batch, RowStats& stats, RowError& error) {
  auto fail = [&](int col, std::string_view value, std::string message) {
    error.row = row;
    error.column = col >= 0 ? layout_.names[col] : std::string();
    error.value = col == layout_.id_column ? MaskCpr(value) : Shown(value);
    if (col == layout_.id_column && !LooksLikeCpr(value)) error.value = Shown(value);
    error.message = std::move(message);
    return false;
  };
  if (static_cast<int>(fields.size()) != layout_.field_count()) {
    error = RowError();
    error.row = row;
    error.message =
        fmt::format("{} fields, the header has {}", fields.size(), layout_.field_count());
    return false;
  }

  // Identity, birth date, sex.
  std::string_view id = Trim(fields[layout_.id_column]);
  if (id.empty()) return fail(layout_.id_column, id, "is empty: every row needs a person id");
  std::int32_t birth = kUnknownBirth;
  Sex sex = Sex::kUnknown;
  if (id.size() >= 10 && id.size() <= 11 && LooksLikeCpr(id)) {
    auto cpr = ParseCpr(id);
    if (!cpr.ok()) return fail(layout_.id_column, id, "is not a valid CPR number (birth date)");
    birth = DaysFromCivil(cpr->birth);
    sex = cpr->sex;
  }
  if (layout_.birth_column >= 0) {
    std::string_view b = Trim(fields[layout_.birth_column]);
    if (!b.empty()) {
      auto d = ParseIsoDate(b);
      if (!d.ok()) return fail(layout_.birth_column, b, "is not a date YYYY-MM-DD");
      birth = DaysFromCivil(*d);
    }
  }
  if (layout_.sex_column >= 0) {
    std::string_view s = Trim(fields[layout_.sex_column]);
    if (s == "M" || s == "m" || s == "1") {
      sex = Sex::kMan;
    } else if (s == "K" || s == "k" || s == "2") {
      sex = Sex::kWoman;
    } else if (!s.empty()) {
      return fail(layout_.sex_column, s, "is not M, K, 1 or 2");
    }
  }

  // Residence per column.
  for (int col : residence_columns_) {
    std::string_view k = Trim(fields[col]);
    int code = 0;
    if (k.empty()) {
      kommune_by_column_[col] = kUnknownKommune;
    } else if (ThreeDigits(k, code) && ref_.MunicipalityIndex(code) >= 0) {
      kommune_by_column_[col] = static_cast<std::uint16_t>(code);
    } else {
      return fail(col, k, "is not a municipality code in reference/kommuner.csv");
    }
  }

  // Weekly codes. A 3-digit code not in the list, or used in a week outside its validity, is an
  // unknown code: an error, or with UnknownCodes::kKeep a week of group ukendt_kode.
  std::fill(codes_.begin(), codes_.end(), 0);
  bool any_unknown = false;
  for (const auto& [w, col] : layout_.week_columns) {
    std::string_view f = fields[col];
    if (f.empty()) continue;
    f = Trim(f);
    if (f.empty()) continue;
    int code = 0;
    const int rel = w - layout_.first_week;
    if (!ThreeDigits(f, code)) {
      return fail(col, f, fmt::format("is not a benefit code in {}", ref_.codes_file()));
    }
    if (rel < code_first_week_[code] || rel > code_last_week_[code]) {
      const int ci = ref_.CodeIndex(code);
      if (unknown_ == UnknownCodes::kError || code_group_[kKeptUnknownCode] == 0xFFFF) {
        if (ci < 0 || code == kKeptUnknownCode) {
          return fail(col, f, fmt::format("is not a benefit code in {}", ref_.codes_file()));
        }
        const BenefitCode& c = ref_.codes()[ci];
        auto day = [](DayNumber d, bool open) {
          return open ? std::string("blank") : FormatIsoDate(CivilFromDays(d));
        };
        return fail(col, f,
                    fmt::format("is not valid in week {} ({}: gyldig_fra {}, gyldig_til {})",
                                FormatIsoWeek(w), ref_.codes_file(),
                                day(c.valid_from, c.valid_from == INT32_MIN),
                                day(c.valid_to, c.valid_to == INT32_MAX)));
      }
      if (!any_unknown) std::fill(unknown_codes_.begin(), unknown_codes_.end(), 0);
      any_unknown = true;
      unknown_codes_[rel] = static_cast<std::uint16_t>(code + 1);  // 0 = none
      code = kKeptUnknownCode;
    }
    codes_[rel] = static_cast<std::uint16_t>(code + 1);  // 0 = blank week
  }

  // Employment months: grad > 0, or without a grad column a branche that is not blank.
  for (std::size_t m = 0; m < employed_.size(); ++m) {
    bool employed = false;
    if (const int gc = month_grad_column_[m]; gc >= 0) {
      bool valid = true;
      employed = GradShowsEmployment(fields[gc], valid);
      if (!valid) return fail(gc, Trim(fields[gc]), "is not an employment degree (a number >= 0)");
    } else if (const int bc = month_branche_column_[m]; bc >= 0) {
      employed = !Trim(fields[bc]).empty();
    }
    employed_[m] = employed;
  }

  // Kept background columns: herkomst as its category, others as they are (blank: 0). Checked
  // before anything is added, so a bad row leaves the batch unchanged.
  if (batch.attributes.size() != kept_names_.size()) {
    batch.attributes.clear();
    for (const auto& name : kept_names_) {
      AttributeColumn a;
      a.name = name;
      if (name == kHerkomstColumn) {
        for (auto c : kHerkomstCategories) a.values.emplace_back(c);
      }
      a.codes.assign(batch.size(), 0);
      batch.attributes.push_back(std::move(a));
    }
  }
  auto kept_value = [&](std::size_t k) {
    std::string_view v = Trim(fields[layout_.kept_columns[k]]);
    if (!v.empty() && v.back() == '\r') v = Trim(v.substr(0, v.size() - 1));
    return v;
  };
  for (std::size_t k = 0; k < kept_names_.size(); ++k) {
    const int col = layout_.kept_columns[k];
    const std::string_view v = kept_value(k);
    if (kept_names_[k] == kHerkomstColumn) {
      int code = 0;
      if (MapHerkomst(v, code) == HerkomstMatch::kUnrecognised) {
        if (ContainsCprShape(v)) {
          error.row = row;
          error.column = layout_.names[col];
          error.value = Shown(MaskCprShapes(std::string(v)));
          error.message = "is not a herkomst category";
          return false;
        }
        return fail(col, v,
                    "is not a herkomst category (personer med dansk oprindelse, indvandrere "
                    "eller efterkommere fra vestlige / ikke-vestlige lande; blank: ukendt)");
      }
      kept_codes_[k] = code;
      continue;
    }
    if (std::string why = CheckKeptValue(v); !why.empty()) {
      error.row = row;
      error.column = layout_.names[col];
      error.value = ContainsCprShape(v) ? Shown(MaskCprShapes(std::string(v))) : Shown(v);
      error.message = std::move(why);
      return false;
    }
    const auto& values = batch.attributes[k].values;
    const auto it = std::find(values.begin(), values.end(), v);
    if (v.empty()) {
      kept_codes_[k] = 0;
    } else if (it != values.end()) {
      kept_codes_[k] = static_cast<int>(it - values.begin()) + 1;
    } else if (values.size() >= kMaxKeptValues) {
      return fail(col, v,
                  fmt::format("makes more than {} different values: too many to keep as a "
                              "background column",
                              kMaxKeptValues));
    } else {
      kept_codes_[k] = -1;
    }
  }

  // Runs.
  const size_t spells_before = batch.spell_start.size();
  const size_t residence_before = batch.residence_start.size();
  std::uint64_t unknown_weeks = 0;
  int prev_res = -1;
  for (int i = 0; i < weeks_;) {
    int rc = week_residence_column_[i];
    std::uint16_t kom = rc >= 0 ? kommune_by_column_[rc] : kUnknownKommune;
    if (kom != prev_res) {
      batch.residence_start.push_back(static_cast<std::uint16_t>(i));
      batch.residence_kommune.push_back(kom);
      prev_res = kom;
    }
    std::uint16_t code = codes_[i];
    int j = i + 1;
    while (j < weeks_ && codes_[j] == code) {
      int rcj = week_residence_column_[j];
      std::uint16_t komj = rcj >= 0 ? kommune_by_column_[rcj] : kUnknownKommune;
      if (komj != kom) break;
      ++j;
    }
    if (code != 0) {
      batch.spell_start.push_back(static_cast<std::uint16_t>(i));
      batch.spell_end.push_back(static_cast<std::uint16_t>(j - 1));
      batch.spell_code.push_back(static_cast<std::uint16_t>(code - 1));
      batch.spell_kommune.push_back(kom);
      std::uint16_t g = code_group_[code - 1];
      if (g >= stats.weeks_by_group.size()) stats.weeks_by_group.resize(g + 1);
      stats.weeks_by_group[g] += j - i;
      if (kom == kUnknownKommune) unknown_weeks += j - i;
    }
    i = j;
  }

  // Employment runs (the months were checked above).
  int run_start = -1;
  for (int m = 0; m <= static_cast<int>(employed_.size()); ++m) {
    const bool employed = m < static_cast<int>(employed_.size()) && employed_[m];
    if (employed && run_start < 0) run_start = m;
    if (!employed && run_start >= 0) {
      batch.employment_start.push_back(static_cast<std::uint16_t>(run_start));
      batch.employment_last.push_back(static_cast<std::uint16_t>(m - 1));
      stats.employment_months += m - run_start;
      run_start = -1;
    }
  }

  // Kept unknown codes: weeks per original code, for the ingest report.
  if (any_unknown) {
    const auto person = static_cast<std::uint32_t>(batch.pseudonyms.size());
    const std::size_t first_entry = batch.unknown_code.size();
    for (int i = 0; i < weeks_; ++i) {
      if (unknown_codes_[i] == 0) continue;
      const std::uint16_t code = unknown_codes_[i] - 1;
      std::size_t u = first_entry;
      while (u < batch.unknown_code.size() && batch.unknown_code[u] != code) ++u;
      if (u == batch.unknown_code.size()) {
        batch.unknown_person.push_back(person);
        batch.unknown_code.push_back(code);
        batch.unknown_weeks.push_back(0);
      }
      ++batch.unknown_weeks[u];
      if (stats.unknown_code_weeks.empty()) stats.unknown_code_weeks.resize(1000);
      ++stats.unknown_code_weeks[code];
    }
  }
  for (std::size_t k = 0; k < kept_names_.size(); ++k) {
    AttributeColumn& a = batch.attributes[k];
    int code = kept_codes_[k];
    if (code < 0) code = AttributeCode(a, kept_value(k));
    a.codes.push_back(static_cast<std::uint8_t>(code));
  }
  batch.pseudonyms.push_back(pseudo_.Of(id));
  batch.birth_days.push_back(birth);
  batch.sexes.push_back(static_cast<std::uint8_t>(sex));
  batch.rows.push_back(row);
  batch.spell_ends.push_back(static_cast<std::uint32_t>(batch.spell_start.size()));
  batch.residence_ends.push_back(static_cast<std::uint32_t>(batch.residence_start.size()));
  batch.employment_ends.push_back(static_cast<std::uint32_t>(batch.employment_start.size()));
  if (birth == kUnknownBirth) ++stats.persons_without_birth;
  if (batch.spell_start.size() == spells_before) ++stats.persons_without_codes;
  if (unknown_weeks) {
    stats.unknown_kommune_weeks += unknown_weeks;
    ++stats.persons_unknown_kommune;
  }
  (void)residence_before;
  return true;
}

}  // namespace fremdrift
