// RowParser: turns one register row (already split into fields) into a person's compact record:
// keyed pseudonym, birth date, sex, residence runs, spells (runs of equal benefit code and
// municipality) and employment runs (runs of months in employment, from the monthly `grad_` /
// `branche_` columns when the extract has them). Records accumulate in a PersonBatch (structure of arrays). One RowParser per
// thread; the layout, reference data and pseudonymizer it points to are shared read-only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/cpr.h"
#include "domain/pseudonym.h"
#include "domain/reference.h"
#include "registry/background_columns.h"
#include "registry/register_header.h"

namespace fremdrift {

inline constexpr std::int32_t kUnknownBirth = INT32_MIN;
inline constexpr std::uint16_t kUnknownKommune = 0;

// Persons parsed from a run of rows; spell and residence weeks are relative to the store's first
// week.
struct PersonBatch {
  std::vector<Pseudonym> pseudonyms;
  std::vector<std::int32_t> birth_days;       // DayNumber or kUnknownBirth
  std::vector<std::uint8_t> sexes;            // Sex
  std::vector<std::uint64_t> rows;            // the row number in the file
  std::vector<std::uint32_t> spell_ends;      // cumulative count of spells after each person
  std::vector<std::uint32_t> residence_ends;  // cumulative count of residence runs
  std::vector<std::uint16_t> spell_start, spell_end, spell_code, spell_kommune;
  std::vector<std::uint16_t> residence_start, residence_kommune;
  // Months in employment as runs, relative to the layout's first employment month.
  std::vector<std::uint32_t> employment_ends;  // cumulative count of employment runs
  std::vector<std::uint16_t> employment_start, employment_last;
  // Weeks kept with an unknown code (--unknown-codes=keep), stored as code kKeptUnknownCode: per
  // person and original code, how many weeks (person is an index into this batch).
  std::vector<std::uint32_t> unknown_person;
  std::vector<std::uint16_t> unknown_code;
  std::vector<std::uint32_t> unknown_weeks;
  // Background columns kept (the layout's kept_columns, by name): one code per person each.
  std::vector<AttributeColumn> attributes;

  std::size_t size() const { return pseudonyms.size(); }
  void Clear();
};

// A row-level problem: where and what. The value is already masked when it could be a CPR number.
struct RowError {
  std::uint64_t row = 0;
  std::string column;  // empty when the whole row is at fault
  std::string value;
  std::string message;
  // The coded weeks the row held, left out with it; -1 when the row could not be split into the
  // header's columns (its weeks cannot be told).
  std::int64_t coded_weeks = -1;
  std::string file;  // set when an ingest reads several files; empty: the register's one file
  std::string Format(std::string_view filename) const;
};

// What a week whose code is not in the code list (or used outside its validity) does.
enum class UnknownCodes { kError, kKeep };

// Counts gathered while parsing, merged into the ingest report.
struct RowStats {
  std::vector<std::uint64_t> weeks_by_group;  // person-weeks per benefit group
  std::uint64_t unknown_kommune_weeks = 0;    // coded weeks whose municipality is missing
  std::uint64_t persons_unknown_kommune = 0;
  std::uint64_t persons_without_birth = 0;
  std::uint64_t persons_without_codes = 0;
  std::uint64_t employment_months = 0;  // person-months in employment
  // Per 3-digit code (sized 1000 when any): weeks kept under ukendt_kode (--unknown-codes=keep).
  std::vector<std::uint64_t> unknown_code_weeks;
  void Merge(const RowStats& o);
  // Takes back what person `person` of `batch` added (a row dropped after parsing, such as a
  // second row of the same person), so the counts describe exactly the persons stored.
  void Remove(const PersonBatch& batch, std::size_t person, const ReferenceData& ref);
};

class RowParser {
 public:
  RowParser(const RegisterLayout& layout, const ReferenceData& ref, const Pseudonymizer& pseudo,
            UnknownCodes unknown = UnknownCodes::kError);

  // Parses `fields` (the row at file row `row`) and appends the person to `batch`. On a bad value
  // returns false with `error` filled and leaves `batch` unchanged.
  bool Parse(const std::vector<std::string_view>& fields, std::uint64_t row, PersonBatch& batch,
             RowStats& stats, RowError& error);

 private:
  const RegisterLayout& layout_;
  const ReferenceData& ref_;
  const Pseudonymizer& pseudo_;
  int weeks_ = 0;
  std::vector<int> week_residence_column_;  // per relative week: residence column or -1
  std::vector<int> week_field_;             // per relative week: week column or -1
  std::vector<int> residence_columns_;      // distinct residence columns
  std::vector<std::uint16_t> code_group_;   // 3-digit code → group (for stats)
  UnknownCodes unknown_;
  // Per 3-digit code: the relative weeks it may be used in (first > last: never).
  std::vector<int> code_first_week_, code_last_week_;
  // Scratch, reused between rows.
  std::vector<std::uint16_t> codes_;
  std::vector<std::uint16_t> unknown_codes_;  // per relative week: the unknown code kept, or 0
  std::vector<std::uint16_t> kommune_by_column_;
  // Employment: per month from the first employment month, the grad column (or -1) and the
  // branche column (or -1); the month is employment when grad > 0, or without grad when branche
  // is not blank.
  std::vector<int> month_grad_column_, month_branche_column_;
  std::vector<std::uint8_t> employed_;  // scratch: per month, in employment
  // Kept background columns: per kept column its name and whether it is herkomst.
  std::vector<std::string> kept_names_;
  std::vector<int> kept_codes_;  // scratch: per kept column, the row's code (-1: a new value)
};

// The coded weeks of a row split into the header's fields (non-blank week columns).
std::int64_t CodedWeeks(const RegisterLayout& layout, const std::vector<std::string_view>& fields);

// Whether a `grad_YYYY_MM` value shows employment (a number > 0; '.' or ',' as decimal mark;
// blank = 0). False with `valid` false for a value that is not a number >= 0.
bool GradShowsEmployment(std::string_view value, bool& valid);

}  // namespace fremdrift
