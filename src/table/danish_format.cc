// Danish formatting (see danish_format.h).
#include "table/danish_format.h"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <cstdlib>

namespace fremdrift {
namespace {

// Inserts '.' every three digits into a run of decimal digits.
std::string GroupThousands(std::string_view digits) {
  std::string out;
  out.reserve(digits.size() + digits.size() / 3);
  size_t lead = digits.size() % 3;
  if (lead == 0) lead = 3;
  out.append(digits.substr(0, lead));
  for (size_t i = lead; i < digits.size(); i += 3) {
    out.push_back('.');
    out.append(digits.substr(i, 3));
  }
  return out;
}

// Fixed-point text of |value| with `decimals`, rounded half away from zero, and its sign.
struct Fixed {
  bool negative = false;
  std::string int_part;
  std::string frac_part;
};

Fixed ToFixed(double value, int decimals) {
  Fixed f;
  double scale = std::pow(10.0, decimals);
  // Round on a slightly nudged magnitude so that 2.05 (stored as 2.0499999...) rounds to 2.1
  // as a reader expects from the printed figure.
  double magnitude = std::round(std::fabs(value) * scale * (1.0 + 4 * 2.220446049250313e-16));
  std::string digits = fmt::format("{:.0f}", magnitude);
  if (static_cast<int>(digits.size()) <= decimals) {
    digits.insert(0, decimals + 1 - digits.size(), '0');
  }
  f.int_part = digits.substr(0, digits.size() - decimals);
  f.frac_part = digits.substr(digits.size() - decimals);
  f.negative = value < 0 && magnitude != 0;
  return f;
}

int EffectiveDecimals(const Column& column) {
  if (column.decimals >= 0) return column.decimals;
  if (column.type == ColumnType::kInteger) return 0;
  if (column.unit == "pct") return 1;
  return 0;
}

constexpr std::array<std::string_view, 12> kMonths = {
    "januar", "februar", "marts",     "april",   "maj",      "juni",
    "juli",   "august",  "september", "oktober", "november", "december"};

}  // namespace

std::string FormatDanishInteger(std::int64_t value) {
  // Work on the unsigned magnitude so INT64_MIN is safe.
  std::uint64_t magnitude =
      value < 0 ? ~static_cast<std::uint64_t>(value) + 1 : static_cast<std::uint64_t>(value);
  std::string grouped = GroupThousands(fmt::format("{}", magnitude));
  return value < 0 ? "-" + grouped : grouped;
}

std::string FormatDanishNumber(double value, int decimals) {
  if (std::isnan(value)) return "";
  if (std::isinf(value)) return value < 0 ? "-∞" : "∞";
  if (decimals < 0) decimals = 0;
  Fixed f = ToFixed(value, decimals);
  std::string out = f.negative ? "-" : "";
  out += GroupThousands(f.int_part);
  if (decimals > 0) out += "," + f.frac_part;
  return out;
}

std::string FormatDanishPercent(double percent_points, int decimals) {
  if (std::isnan(percent_points)) return "";
  return FormatDanishNumber(percent_points, decimals) + " %";
}

std::string FormatDanishPercentCompact(double percent_points) {
  return FormatDanishPercent(percent_points, percent_points == std::floor(percent_points) ? 0 : 1);
}

std::string FormatDanishKroner(std::int64_t kroner) { return FormatDanishInteger(kroner) + " kr."; }

std::string_view DanishMonthName(int month) {
  if (month < 1 || month > 12) return {};
  return kMonths[month - 1];
}

std::string FormatDanishDate(const CivilDate& date) {
  return fmt::format("{}. {} {}", date.day, DanishMonthName(date.month), date.year);
}

std::string ReaderNoteText(const Table& t, std::size_t i) {
  const std::string& text = t.notes()[i];
  if (t.note_kinds()[i] != NoteKind::kHorizon) return text;
  const std::size_t at = text.find_first_of("0123456789");
  if (at == std::string::npos || at + 10 > text.size()) return text;
  auto day = ParseIsoDate(std::string_view(text).substr(at, 10));
  if (!day.ok()) return text;
  return text.substr(0, at) + FormatDanishDate(*day) + text.substr(at + 10);
}

std::string FormatDanishDayMonth(const CivilDate& date) {
  return fmt::format("{}.{}.", date.day, date.month);
}

std::string FormatDanishPeriod(const Period& period) {
  switch (period.kind) {
    case PeriodKind::kMonth:
      return fmt::format("{} {}", DanishMonthName(period.index), period.year);
    case PeriodKind::kQuarter:
      return fmt::format("{}. kvartal {}", period.index, period.year);
    case PeriodKind::kHalfYear:
      return fmt::format("{}. halvår {}", period.index, period.year);
    case PeriodKind::kYear:
      return fmt::format("{}", period.year);
  }
  return FormatPeriod(period);
}

Result<std::string> FormatDanishPeriodText(std::string_view period_text) {
  ASSIGN_OR_RETURN(Period p, ParsePeriod(period_text));
  return FormatDanishPeriod(p);
}

std::string FormatDanishCell(const Cell& cell, const Column& column, bool with_unit) {
  if (std::holds_alternative<std::monostate>(cell)) return "";
  if (const auto* s = std::get_if<std::string>(&cell)) return *s;
  int decimals = EffectiveDecimals(column);
  std::string text;
  if (const auto* i = std::get_if<std::int64_t>(&cell); i && decimals == 0) {
    text = FormatDanishInteger(*i);
  } else {
    double v = CellToDouble(cell);
    if (std::isnan(v)) return "";
    text = FormatDanishNumber(v, decimals);
  }
  if (with_unit && column.unit == "pct") text += " %";
  return text;
}

std::string FormatCsvNumber(const Cell& cell, const Column& column) {
  if (std::holds_alternative<std::monostate>(cell)) return "";
  if (const auto* s = std::get_if<std::string>(&cell)) return *s;
  if (const auto* i = std::get_if<std::int64_t>(&cell)) return fmt::format("{}", *i);
  double v = CellToDouble(cell);
  if (std::isnan(v)) return "";
  if (column.decimals >= 0 && std::isfinite(v)) {
    // The same rounding as the documents; no grouping, so Excel reads it as a number. A value
    // that rounds to zero has no sign ("-0,0" would read as a negative zero).
    Fixed f = ToFixed(v, column.decimals);
    std::string text = (f.negative ? "-" : "") + f.int_part;
    if (column.decimals > 0) text += "," + f.frac_part;
    return text;
  }
  std::string text = fmt::format("{}", v);  // full precision: the shortest round-trip form
  for (char& c : text) {
    if (c == '.') c = ',';
  }
  if (text == "-0") text = "0";
  return text;
}

}  // namespace fremdrift
