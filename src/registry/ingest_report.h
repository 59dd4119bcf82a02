// IngestReport: what an ingest read and wrote, shown to the operator at the end (rows, persons,
// spells, first and last week, person-weeks by benefit group, weeks with unknown municipality,
// weeks kept with unknown codes per code, skipped rows with reasons and what they held).
// Contains no CPR numbers. A value type.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/reference.h"
#include "registry/row_parser.h"
#include "registry/spell_store.h"

namespace fremdrift {

struct IngestReport {
  std::string register_path;  // the register's file, or its files joined by ", "
  std::vector<std::string> register_files;
  std::string store_path;
  std::string codes_origin;  // where the code list was read from
  std::uint64_t rows = 0;     // data rows read (header excluded)
  std::uint64_t persons = 0;  // persons written
  std::uint64_t spells = 0;
  std::uint64_t residence_runs = 0;
  std::uint64_t employment_runs = 0;
  EmploymentCoverage employment;  // the months the employment columns cover (source kNone: none)
  std::uint64_t store_bytes = 0;
  std::uint64_t input_bytes = 0;  // uncompressed bytes parsed
  WeekIndex first_week = 0, last_week = -1;
  RowStats stats;
  std::vector<RowError> skipped;  // rows left out with --on-error=skip (all of them)
  std::uint64_t duplicates = 0;
  IngestSummary summary;  // what the store records of the skipped rows and kept unknown codes
  // The background columns kept in the store (herkomst, --keep-column): name and values.
  std::vector<std::pair<std::string, std::vector<std::string>>> kept_columns;
  double seconds = 0;
  bool key_created = false;
  std::string key_path;

  // A human-readable summary (English labels, Danish group names).
  std::string ToText(const ReferenceData& ref, std::size_t max_skipped_listed = 50) const;
  std::string ToJson(const ReferenceData& ref) const;
};

}  // namespace fremdrift
