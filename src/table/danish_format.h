// The one Danish formatter of figures and dates (docs/formats/table.md): every Danish text made
// from a Table or a measurement (committee sentences, documents, charts, Danish CSV and XLSX)
// formats its numbers here. 1.175.660, 3,6 %, -2.094, 24. april 2019, 1. kvartal 2019. Numbers
// round half away from zero; a percent is always followed by a space and "%". Negative numbers use
// a plain hyphen-minus, as the committee minutes do (Helsingør Kommune's Social- og
// Beskæftigelsesudvalg, 6.11.2019, table 1). Thread-safe: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"
#include "domain/date.h"
#include "domain/period.h"
#include "table/table.h"

namespace fremdrift {

// 1175660 -> "1.175.660"; -2094 -> "-2.094".
std::string FormatDanishInteger(std::int64_t value);
// 3.6 with 1 decimal -> "3,6"; 1234.5 with 1 -> "1.234,5". Rounds half away from zero. "-0" is
// never shown: a value that rounds to zero prints without a sign.
std::string FormatDanishNumber(double value, int decimals);
// 3.6 (percent points) with 1 decimal -> "3,6 %". The space follows Danish typography.
std::string FormatDanishPercent(double percent_points, int decimals);
// A threshold as rules word it: whole percents without decimals, others with one: 15 -> "15 %",
// 17.5 -> "17,5 %".
std::string FormatDanishPercentCompact(double percent_points);
// "kr." amounts in whole kroner: 2235074 -> "2.235.074 kr."
std::string FormatDanishKroner(std::int64_t kroner);

// 1 -> "januar" ... 12 -> "december"; empty outside 1-12.
std::string_view DanishMonthName(int month);
// "24. april 2019".
std::string FormatDanishDate(const CivilDate& date);
// Note i of `t` as a reader sees it in a document: a horizon note's ISO day in Danish words
// ("Opgjort til og med 2. januar 2022."); other notes as they are.
std::string ReaderNoteText(const Table& t, std::size_t i);
// Short form used in table headers: "31.8." (day.month.).
std::string FormatDanishDayMonth(const CivilDate& date);
// Periods: month "februar 2019", quarter "1. kvartal 2019", half year "1. halvår 2019", year
// "2019".
std::string FormatDanishPeriod(const Period& period);
// "2019-Q1", "2019-02", "2019-H1", "2019" (see domain/period.h) -> the Danish long form.
Result<std::string> FormatDanishPeriodText(std::string_view period_text);

// A cell as it appears in a Danish document, using the column's type, unit and decimals.
// Integers get thousands separators; numbers get `decimals` (default 1 for "pct", else 0 when the
// column says -1); "pct" columns get " %" appended when `with_unit` is set. Missing -> "".
std::string FormatDanishCell(const Cell& cell, const Column& column, bool with_unit = false);

// Plain decimal comma without grouping, for CSV files read by Danish Excel: "1175660", "3,6",
// "-2094". Numbers with decimals == -1 keep full precision; others round as FormatDanishNumber.
std::string FormatCsvNumber(const Cell& cell, const Column& column);

}  // namespace fremdrift
