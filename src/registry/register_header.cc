// Register header parsing (see register_header.h).
#include "registry/register_header.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace fremdrift {

namespace {
std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // Trim surrounding spaces.
  size_t b = out.find_first_not_of(' ');
  size_t e = out.find_last_not_of(' ');
  return b == std::string::npos ? std::string() : out.substr(b, e - b + 1);
}
bool Digits(std::string_view s, int& out) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  std::from_chars(s.data(), s.data() + s.size(), out);
  return true;
}
}  // namespace

int RegisterLayout::ResidenceColumnForYear(int year) const {
  for (const auto& [y, col] : kom_year_columns) {
    if (y == year) return col;
  }
  return kom_column;
}

MonthIndex RegisterLayout::FirstEmploymentMonth() const {
  if (branche_columns.empty()) return grad_columns.front().first;
  if (grad_columns.empty()) return branche_columns.front().first;
  return std::min(branche_columns.front().first, grad_columns.front().first);
}

MonthIndex RegisterLayout::LastEmploymentMonth() const {
  if (branche_columns.empty()) return grad_columns.back().first;
  if (grad_columns.empty()) return branche_columns.back().first;
  return std::max(branche_columns.back().first, grad_columns.back().first);
}

Result<MonthIndex> ParseMonthColumn(std::string_view name, std::string_view prefix) {
  int year = 0, month = 0;
  const std::size_t n = prefix.size();
  if (name.size() != n + 7 || name.substr(0, n) != prefix || name[n + 4] != '_' ||
      !Digits(name.substr(n, 4), year) || !Digits(name.substr(n + 5, 2), month) || month < 1 ||
      month > 12 || year < 1900 || year > 2200) {
    return InvalidArgument("'{}' is not a month column of the form {}YYYY_MM", name, prefix);
  }
  return MakeMonth(year, month);
}

Result<WeekIndex> ParseWeekColumn(std::string_view name) {
  int yy = 0, ww = 0;
  if (name.size() != 6 || name.substr(0, 2) != "y_" || !Digits(name.substr(2, 2), yy) ||
      !Digits(name.substr(4, 2), ww)) {
    return InvalidArgument("'{}' is not a week column of the form y_YYWW", name);
  }
  int year = yy >= 91 ? 1900 + yy : 2000 + yy;
  auto w = WeekFromIsoWeek(year, ww);
  if (!w.ok()) return w.status();
  return *w;
}

Result<RegisterLayout> ParseRegisterHeader(const std::vector<std::string_view>& fields,
                                           std::string_view filename, std::string_view id_column,
                                           int year_of_file) {
  RegisterLayout L;
  std::vector<std::string> lower;
  for (auto f : fields) {
    L.names.emplace_back(f);
    lower.push_back(Lower(f));
  }
  auto find = [&](std::string_view name) {
    for (size_t i = 0; i < lower.size(); ++i) {
      if (lower[i] == name) return static_cast<int>(i);
    }
    return -1;
  };
  if (!id_column.empty()) {
    L.id_column = find(Lower(id_column));
    if (L.id_column < 0) {
      return InvalidArgument("{}, row 1: no id column '{}' in the header", filename, id_column);
    }
  } else {
    for (const char* n : {"cpr", "pnr", "lobenr", "id"}) {
      if ((L.id_column = find(n)) >= 0) break;
    }
    if (L.id_column < 0) {
      return InvalidArgument(
          "{}, row 1: no person id column (cpr, pnr, lobenr or id; or name one with "
          "--id-column)",
          filename);
    }
  }
  for (size_t i = 0; i < lower.size(); ++i) {
    const std::string& n = lower[i];
    int col = static_cast<int>(i);
    if (col == L.id_column) continue;
    int year = 0;
    if (n == "foedselsdato") {
      L.birth_column = col;
    } else if (n == "koen" || n == "kon") {
      L.sex_column = col;
    } else if (n == "kom") {
      L.kom_column = col;
    } else if ((n.rfind("kom_", 0) == 0 && n.size() == 8 && Digits(n.substr(4), year)) ||
               (n.rfind("nykom", 0) == 0 && n.size() == 9 && Digits(n.substr(5), year))) {
      if (L.ResidenceColumnForYear(year) >= 0 && L.ResidenceColumnForYear(year) != L.kom_column) {
        return InvalidArgument("{}, row 1, column '{}': residence for {} given twice", filename,
                               L.names[i], year);
      }
      L.kom_year_columns.emplace_back(year, col);
    } else if (n.rfind("y_", 0) == 0 && n.size() == 4) {
      // The yearly layout: y_01 .. y_53, weeks of one ISO week-year given from outside.
      int ww = 0;
      if (!Digits(n.substr(2), ww)) {
        return InvalidArgument("{}, row 1, column '{}': not a week column y_WW", filename,
                               L.names[i]);
      }
      if (year_of_file <= 0) {
        return InvalidArgument(
            "{}: week columns y_01..y_53 without a year: give --year or name the file dreamYYYY "
            "(e.g. dream2019.csv)",
            filename);
      }
      auto w = WeekFromIsoWeek(year_of_file, ww);
      if (!w.ok()) {
        return InvalidArgument("{}, row 1, column '{}': {}", filename, L.names[i],
                               w.status().message());
      }
      L.year = year_of_file;
      L.week_columns.emplace_back(*w, col);
    } else if (n.rfind("y_", 0) == 0) {
      auto w = ParseWeekColumn(n);
      if (!w.ok()) {
        return InvalidArgument("{}, row 1, column '{}': {}", filename, L.names[i],
                               w.status().message());
      }
      L.week_columns.emplace_back(*w, col);
    } else if (n.rfind("branche_", 0) == 0 || n.rfind("grad_", 0) == 0) {
      const bool branche = n[0] == 'b';
      auto m = ParseMonthColumn(n, branche ? "branche_" : "grad_");
      if (!m.ok()) {
        return InvalidArgument("{}, row 1, column '{}': {}", filename, L.names[i],
                               m.status().message());
      }
      (branche ? L.branche_columns : L.grad_columns).emplace_back(*m, col);
    } else {
      L.other_columns.push_back(col);
    }
  }
  if (L.year > 0) {
    for (const auto& [w, col] : L.week_columns) {
      if (lower[col].size() != 4) {
        return InvalidArgument(
            "{}, row 1, column '{}': y_YYWW and y_WW week columns in one file", filename,
            L.names[col]);
      }
    }
  }
  if (L.week_columns.empty()) {
    return InvalidArgument("{}, row 1: no week columns (y_YYWW) in the header", filename);
  }
  if (L.kom_column < 0 && L.kom_year_columns.empty()) {
    return InvalidArgument("{}, row 1: no residence column (kom, kom_YYYY or nykomYYYY)", filename);
  }
  std::sort(L.week_columns.begin(), L.week_columns.end());
  for (size_t i = 1; i < L.week_columns.size(); ++i) {
    if (L.week_columns[i].first == L.week_columns[i - 1].first) {
      return InvalidArgument("{}, row 1, column '{}': week {} appears twice", filename,
                             L.names[L.week_columns[i].second],
                             FormatIsoWeek(L.week_columns[i].first));
    }
  }
  for (auto* family : {&L.branche_columns, &L.grad_columns}) {
    std::sort(family->begin(), family->end());
    for (size_t i = 1; i < family->size(); ++i) {
      if ((*family)[i].first == (*family)[i - 1].first) {
        return InvalidArgument("{}, row 1, column '{}': the month appears twice", filename,
                               L.names[(*family)[i].second]);
      }
    }
  }
  L.first_week = L.week_columns.front().first;
  L.last_week = L.week_columns.back().first;
  if (L.last_week - L.first_week >= 65000) {
    return InvalidArgument("{}, row 1: week columns span more than 1,250 years", filename);
  }
  return L;
}

Status KeepColumns(RegisterLayout& L, const std::vector<std::string>& names,
                   std::string_view filename) {
  L.kept_columns.clear();
  auto keep = [&](const std::string& name, bool asked) -> Status {
    const std::string want = Lower(name);
    for (int col = 0; col < L.field_count(); ++col) {
      if (Lower(L.names[col]) != want) continue;
      if (std::find(L.other_columns.begin(), L.other_columns.end(), col) ==
          L.other_columns.end()) {
        if (!asked) return Status::Ok();
        return InvalidArgument(
            "{}, row 1, column '{}': --keep-column names a column fremdrift reads itself (person "
            "id, birth date, sex, residence, weeks or employment), not a background column",
            filename, L.names[col]);
      }
      if (std::find(L.kept_columns.begin(), L.kept_columns.end(), col) == L.kept_columns.end()) {
        L.kept_columns.push_back(col);
      }
      return Status::Ok();
    }
    return Status::Ok();
  };
  RETURN_IF_ERROR(keep("herkomst", false));
  for (const auto& n : names) RETURN_IF_ERROR(keep(n, true));
  return Status::Ok();
}

}  // namespace fremdrift
