// The header of a register file in the DREAM layout: which column holds the person id, birth date,
// sex, residence (`kom` or per-year `kom_YYYY` / `nykomYYYY`), which ISO week each `y_YYWW`
// column is, and which month each monthly employment column (`branche_YYYY_MM`, `grad_YYYY_MM`)
// is. Week columns are read from the header, never assumed contiguous. The yearly research layout
// names its weeks y_01..y_53 and takes the year from outside (the file name or --year). Pure;
// thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "domain/date.h"
#include "domain/period.h"

namespace fremdrift {

struct RegisterLayout {
  std::vector<std::string> names;  // header fields as given
  int id_column = -1;
  int birth_column = -1;                                // foedselsdato
  int sex_column = -1;                                  // koen / kon
  int kom_column = -1;                                  // kom (one residence for all years)
  std::vector<std::pair<int, int>> kom_year_columns;    // (calendar year, column)
  std::vector<std::pair<WeekIndex, int>> week_columns;  // (week, column), sorted by week
  WeekIndex first_week = 0, last_week = -1;
  int year = 0;  // the yearly layout's ISO week-year (week columns y_WW); 0 for y_YYWW columns
  // Monthly employment columns, (month, column) sorted by month: `branche_YYYY_MM` (the industry
  // of the month's employment) and `grad_YYYY_MM` (the degree of employment).
  std::vector<std::pair<MonthIndex, int>> branche_columns, grad_columns;
  std::vector<int> other_columns;  // kept as background attributes when asked for
  // The background columns kept in the store (herkomst and those named with --keep-column), set by
  // KeepColumns.
  std::vector<int> kept_columns;

  int field_count() const { return static_cast<int>(names.size()); }
  // Residence column for a calendar year: kom_YYYY if present, else kom, else -1.
  int ResidenceColumnForYear(int year) const;
  bool has_employment() const { return !branche_columns.empty() || !grad_columns.empty(); }
  // The first and last month with an employment column (meaningful when has_employment()).
  MonthIndex FirstEmploymentMonth() const;
  MonthIndex LastEmploymentMonth() const;
};

// Parses header fields. `id_column` forces the id column's name; otherwise the first of cpr, pnr,
// lobenr, id. Week columns y_WW (the yearly layout) are weeks of ISO week-year `year`, which
// must then be given (> 0). Errors name `filename` and the column.
Result<RegisterLayout> ParseRegisterHeader(const std::vector<std::string_view>& fields,
                                           std::string_view filename,
                                           std::string_view id_column = {}, int year = 0);

// Chooses the columns of `L` kept in the store: `herkomst` when the header has it, and each of
// `names` (compared without case) the header has. A name that is a column the program reads
// itself (id, birth date, sex, residence, weeks, employment) is InvalidArgument naming `filename`.
// Names the header lacks are left for the caller (another file of the register may have them).
Status KeepColumns(RegisterLayout& L, const std::vector<std::string>& names,
                   std::string_view filename);

// "y_1907" → ISO week 7 of 2019; "91".."99" are 1991-1999, "00".."90" are 2000-2090.
Result<WeekIndex> ParseWeekColumn(std::string_view name);

// "branche_2019_03" (prefix "branche_") or "grad_2019_03" (prefix "grad_") → March 2019.
Result<MonthIndex> ParseMonthColumn(std::string_view name, std::string_view prefix);

}  // namespace fremdrift
