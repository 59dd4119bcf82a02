#include "finance/activity_budget.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>

#include <fmt/format.h>

#include "common/csv.h"
#include "domain/date.h"

namespace fremdrift {
namespace {

std::string Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}

// "11.698", "4460", "19.331,50" → kroner.
bool ParseDanishAmount(std::string_view text, double& out) {
  std::string digits;
  for (char c : text) {
    if (c == '.') continue;  // thousands separator
    digits.push_back(c == ',' ? '.' : c);
  }
  if (digits.empty()) return false;
  char* end = nullptr;
  out = std::strtod(digits.c_str(), &end);
  return end == digits.c_str() + digits.size() && out > 0 && std::isfinite(out);
}

double Sum(const std::vector<double>& v, std::size_t from, std::size_t to) {
  double s = 0;
  for (std::size_t i = from; i < to; ++i) s += v[i];
  return s;
}

// Kroner as whole thousands (the file's unit is 1000).
std::int64_t Thousands(double kroner) { return std::llround(kroner / 1000.0); }

}  // namespace

Result<std::vector<BenefitRate>> ParseBenefitRates(std::string_view text,
                                                   std::string_view file_name) {
  auto doc = ParseCsvDocument(text, file_name);
  if (!doc.ok()) return doc.status();
  for (const char* col : {"ydelsesgruppe", "aar", "sats", "enhed", "grundlag", "kilde"}) {
    if (doc->Column(col) < 0) {
      return InvalidArgument("{}:1: column '{}' is missing", file_name, col);
    }
  }
  std::vector<BenefitRate> rates;
  for (std::size_t r = 0; r < doc->rows.size(); ++r) {
    const auto& row = doc->rows[r];
    const int ln = doc->line_numbers[r];
    BenefitRate rate;
    rate.group = Trim(row[doc->Column("ydelsesgruppe")]);
    if (rate.group.empty()) {
      return InvalidArgument("{}:{}: column 'ydelsesgruppe': empty", file_name, ln);
    }
    const std::string year = Trim(row[doc->Column("aar")]);
    char* end = nullptr;
    long y = std::strtol(year.c_str(), &end, 10);
    if (year.empty() || *end != '\0' || y < 1900 || y > 2200) {
      return InvalidArgument("{}:{}: column 'aar': '{}' is not a year", file_name, ln, year);
    }
    rate.year = static_cast<int>(y);
    const std::string amount = Trim(row[doc->Column("sats")]);
    if (!ParseDanishAmount(amount, rate.amount)) {
      return InvalidArgument("{}:{}: column 'sats': '{}' is not a positive amount in kroner",
                             file_name, ln, amount);
    }
    const std::string unit = Trim(row[doc->Column("enhed")]);
    if (unit == "maaned") {
      rate.unit = BenefitRate::Unit::kMonth;
    } else if (unit == "uge") {
      rate.unit = BenefitRate::Unit::kWeek;
    } else {
      return InvalidArgument("{}:{}: column 'enhed': '{}' (maaned or uge)", file_name, ln, unit);
    }
    rate.basis = Trim(row[doc->Column("grundlag")]);
    rate.source = Trim(row[doc->Column("kilde")]);
    if (rate.source.empty()) {
      return InvalidArgument("{}:{}: column 'kilde': every rate needs its source", file_name, ln);
    }
    for (const auto& other : rates) {
      if (other.group == rate.group && other.year == rate.year) {
        return InvalidArgument("{}:{}: a second rate for {} in {}", file_name, ln, rate.group,
                               rate.year);
      }
    }
    rates.push_back(std::move(rate));
  }
  return rates;
}

Result<std::string> ActivityBudgetCsv(const ActivityBudgetInput& in) {
  if (in.lines.empty()) return InvalidArgument("activity budget: no benefit group with a rate");
  const std::size_t m = in.lines.front().this_year.size();
  if (m < 1 || m > 12) return InvalidArgument("activity budget: {} months of {} (1-12)", m, in.year);
  for (const auto& l : in.lines) {
    if (l.previous_year.size() != 12 || l.this_year.size() != m) {
      return InvalidArgument("activity budget: {}: needs 12 months of {} and {} of {}", l.group,
                             in.year - 1, m, in.year);
    }
  }
  const int mm = static_cast<int>(m);
  const CivilDate current{in.year, mm, DaysInMonth(in.year, mm)};
  const CivilDate previous =
      mm > 1 ? CivilDate{in.year, mm - 1, DaysInMonth(in.year, mm - 1)} : CivilDate{in.year - 1, 12, 31};
  std::string out;
  out += fmt::format(
      "# Aktivitetsbaseret budgetopfølgning på forsørgelsesudgifter: fuldtidspersoner fra "
      "ydelsesregistret gange årets sats (bruttoudgift før refusion og medfinansiering).\n"
      "# Oprindeligt budget: fuldtidspersonerne i {} gange satsen for {}. Korrigeret "
      "budget: de 12 måneder til og med juni {}. Forventet regnskab: årets måneder som forbrugt "
      "plus seneste måneds niveau resten af året.\n",
      in.year - 1, in.year, in.year);
  for (const auto& l : in.lines) out += fmt::format("# Sats, {}: {}\n", l.label, l.rate_note);
  out += fmt::format("# kommune={:03d}\n", in.kommune);
  if (!in.municipality.empty()) out += fmt::format("# municipality={}\n", in.municipality);
  out += "# committee=Beskæftigelsesudvalget\n";
  out += fmt::format(
      "# title=Forventet regnskab for forsørgelsesudgifter {} (aktivitetsbaseret: fuldtidspersoner "
      "gange satser)\n",
      in.year);
  out += fmt::format("# year={}\n# unit=1000\n", in.year);
  out += fmt::format("# previous_date={:04d}-{:02d}-{:02d}\n", previous.year, previous.month,
                     previous.day);
  out += fmt::format("# current_date={:04d}-{:02d}-{:02d}\n", current.year, current.month,
                     current.day);
  out += "id;parent;kind;label;original_budget;corrected_budget;expected_previous;expected_current\n";
  out += "forsoergelse;;total;Forsørgelsesudgifter i alt;;;;\n";
  out += "ydelser;forsoergelse;area;Forsørgelsesydelser;;;;\n";
  out += "ydelser_i;ydelser;nonframe;Ikke rammestyret;;;;\n";
  for (const auto& l : in.lines) {
    const double rate = l.rate_per_month;
    const double original = Sum(l.previous_year, 0, 12) / 12.0 * 12.0 * rate;
    double corrected = original;
    if (m >= 6) {
      // July of last year to June of this year.
      corrected = (Sum(l.previous_year, 6, 12) + Sum(l.this_year, 0, 6)) * rate;
    }
    auto forecast = [&](std::size_t months) {
      if (months == 0) return corrected;
      return Sum(l.this_year, 0, months) * rate +
             l.this_year[months - 1] * rate * static_cast<double>(12 - months);
    };
    out += fmt::format("{};ydelser_i;line;{};{};{};{};{}\n", l.group, l.label, Thousands(original),
                       Thousands(corrected), Thousands(forecast(m - 1)), Thousands(forecast(m)));
  }
  return out;
}

}  // namespace fremdrift
