// IngestReport formatting (see ingest_report.h).
#include "registry/ingest_report.h"

#include <fmt/ranges.h>

#include <nlohmann/json.hpp>

namespace fremdrift {

std::string IngestReport::ToText(const ReferenceData& ref, std::size_t max_listed) const {
  std::string out;
  out += fmt::format("Ingest report: {} -> {}\n", register_path, store_path);
  out += fmt::format("  rows read            {}\n", rows);
  out += fmt::format("  persons              {}\n", persons);
  out += fmt::format("  spells               {}\n", spells);
  out += fmt::format("  residence runs       {}\n", residence_runs);
  if (last_week >= first_week) {
    out += fmt::format("  weeks                {} .. {} ({} weeks)\n", FormatIsoWeek(first_week),
                       FormatIsoWeek(last_week), last_week - first_week + 1);
  }
  if (employment.present()) {
    out += fmt::format("  employment columns   {} .. {} ({}); {} person-months in employment\n",
                       FormatPeriod(PeriodOfMonth(PeriodKind::kMonth, employment.first_month)), FormatPeriod(PeriodOfMonth(PeriodKind::kMonth, employment.last_month)),
                       employment.source == EmploymentSource::kBranche ? "branche only" : "grad",
                       stats.employment_months);
  } else {
    out += "  employment columns   none (no status 'beskaeftigelse')\n";
  }
  for (const auto& [name, values] : kept_columns) {
    out += fmt::format("  kept column          {} ({} values: {})\n", name, values.size(),
                       fmt::join(values, ", "));
  }
  out += fmt::format("  store size           {} bytes ({:.0f} bytes per person)\n", store_bytes,
                     persons ? static_cast<double>(store_bytes) / persons : 0.0);
  if (seconds > 0) {
    out += fmt::format("  time                 {:.2f} s ({:.1f} MB/s of CSV)\n", seconds,
                       input_bytes / 1e6 / seconds);
  }
  out += fmt::format("  unknown municipality {} coded weeks of {} persons (counted as 'ukendt')\n",
                     stats.unknown_kommune_weeks, stats.persons_unknown_kommune);
  out += fmt::format("  without birth date   {} persons (left out of age bands)\n",
                     stats.persons_without_birth);
  out += fmt::format("  without any code     {} persons\n", stats.persons_without_codes);
  if (key_created) out += fmt::format("  new pseudonym key    {} (keep it safe)\n", key_path);
  out += "  person-weeks by benefit group:\n";
  for (size_t g = 0; g < stats.weeks_by_group.size() && g < ref.groups().size(); ++g) {
    if (stats.weeks_by_group[g] == 0) continue;
    out += fmt::format("    {:<30} {:>14}\n", ref.groups()[g].id, stats.weeks_by_group[g]);
  }
  if (summary.unknown_code_weeks) {
    out += fmt::format("  unknown codes kept   {} weeks in group {} (--unknown-codes=keep):\n",
                       summary.unknown_code_weeks, kUnknownCodeGroup);
    for (int c = 0; c < static_cast<int>(stats.unknown_code_weeks.size()); ++c) {
      if (stats.unknown_code_weeks[c] == 0) continue;
      const int ci = ref.CodeIndex(c);
      const std::uint64_t weeks = stats.unknown_code_weeks[c];
      out += fmt::format("    code {:03d} {:<40} {:>8} {}\n", c,
                         ci >= 0 && c != kKeptUnknownCode ? "(outside its gyldig_fra/gyldig_til)"
                                                          : "(not in the code list)",
                         weeks, weeks == 1 ? "week" : "weeks");
    }
  }
  if (duplicates) out += fmt::format("  duplicate persons    {} rows skipped\n", duplicates);
  if (!skipped.empty()) {
    out += fmt::format("  skipped rows         {}\n", skipped.size());
    out += fmt::format(
        "  left out             {} rows (persons) with {}{} coded weeks; every table from the "
        "store notes it\n",
        summary.skipped_rows, summary.skipped_rows_unsplit ? "at least " : "",
        summary.skipped_weeks);
    for (size_t i = 0; i < skipped.size() && i < max_listed; ++i) {
      out += "    " + skipped[i].Format(skipped[i].file.empty() ? register_path : skipped[i].file) +
             "\n";
    }
    if (skipped.size() > max_listed) {
      out += fmt::format("    ... and {} more (see --report)\n", skipped.size() - max_listed);
    }
  }
  return out;
}

std::string IngestReport::ToJson(const ReferenceData& ref) const {
  nlohmann::ordered_json j;
  j["register"] = register_path;
  j["store"] = store_path;
  j["register_files"] = register_files;
  j["codes"] = codes_origin;
  j["rows"] = rows;
  j["persons"] = persons;
  j["spells"] = spells;
  j["residence_runs"] = residence_runs;
  j["first_week"] = last_week >= first_week ? FormatIsoWeek(first_week) : "";
  j["last_week"] = last_week >= first_week ? FormatIsoWeek(last_week) : "";
  j["store_bytes"] = store_bytes;
  j["input_bytes"] = input_bytes;
  j["seconds"] = seconds;
  j["unknown_kommune_weeks"] = stats.unknown_kommune_weeks;
  j["persons_unknown_kommune"] = stats.persons_unknown_kommune;
  j["persons_without_birth"] = stats.persons_without_birth;
  j["duplicates"] = duplicates;
  j["skipped_rows"] = summary.skipped_rows;
  j["skipped_weeks"] = summary.skipped_weeks;
  j["skipped_rows_weeks_unknown"] = summary.skipped_rows_unsplit;
  nlohmann::ordered_json unknown = nlohmann::ordered_json::object();
  for (int c = 0; c < static_cast<int>(stats.unknown_code_weeks.size()); ++c) {
    if (stats.unknown_code_weeks[c]) unknown[fmt::format("{:03d}", c)] = stats.unknown_code_weeks[c];
  }
  j["unknown_code_weeks"] = unknown;
  j["employment_columns"] =
      employment.present()
          ? nlohmann::ordered_json{{"first_month", FormatPeriod(PeriodOfMonth(PeriodKind::kMonth, employment.first_month))},
                                   {"last_month", FormatPeriod(PeriodOfMonth(PeriodKind::kMonth, employment.last_month))},
                                   {"source", employment.source == EmploymentSource::kBranche
                                                  ? "branche"
                                                  : "grad"},
                                   {"employment_months", stats.employment_months}}
          : nlohmann::ordered_json();
  if (!kept_columns.empty()) {
    nlohmann::ordered_json kept = nlohmann::ordered_json::object();
    for (const auto& [name, values] : kept_columns) kept[name] = values;
    j["kept_columns"] = kept;
  }
  nlohmann::ordered_json groups = nlohmann::ordered_json::object();
  for (size_t g = 0; g < stats.weeks_by_group.size() && g < ref.groups().size(); ++g) {
    if (stats.weeks_by_group[g]) groups[ref.groups()[g].id] = stats.weeks_by_group[g];
  }
  j["weeks_by_group"] = groups;
  nlohmann::ordered_json sk = nlohmann::ordered_json::array();
  for (const auto& e : skipped) {
    sk.push_back(
        {{"file", e.file.empty() ? register_path : e.file},
         {"row", e.row},
         {"column", e.column},
         {"value", e.value},
         {"message", e.message},
         {"coded_weeks", e.coded_weeks}});
  }
  j["skipped"] = sk;
  return j.dump(2);
}

}  // namespace fremdrift
