// The spell store: an immutable, versioned, memory-mapped columnar file holding every person of a
// register as a keyed pseudonym, birth date, sex, residence runs, benefit spells (runs of equal
// code and municipality) and employment runs (months in employment from the extract's monthly
// `grad_` / `branche_` columns, with the months those columns cover) and the background columns
// ingest kept (herkomst, --keep-column: a dictionary and one byte per person). Written once by ingest (to a temporary name, renamed when complete) and
// only read afterwards. Format: docs/formats/spell-store.md. A SpellStore is immutable after Open()
// and safe to read from many threads.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/file_util.h"
#include "common/status.h"
#include "domain/date.h"
#include "domain/period.h"
#include "domain/pseudonym.h"
#include "registry/kommune_index.h"
#include "registry/row_parser.h"

namespace fremdrift {

inline constexpr std::uint32_t kSpellStoreVersion = 5;

// Which monthly employment columns the register extract had.
enum class EmploymentSource : std::uint32_t { kNone = 0, kBranche = 1, kGrad = 2, kGradAndBranche = 3 };

// The months the extract's employment columns cover (none: source kNone).
struct EmploymentCoverage {
  EmploymentSource source = EmploymentSource::kNone;
  MonthIndex first_month = 0, last_month = -1;  // inclusive
  bool present() const { return source != EmploymentSource::kNone; }
  bool Covers(MonthIndex m) const { return present() && m >= first_month && m <= last_month; }
};

// What the ingest that wrote a store left out or set aside, so every table computed from the store
// can say so. Version-2 stores read as all zero.
struct IngestSummary {
  std::uint64_t skipped_rows = 0;   // rows (persons) left out with --on-error=skip
  std::uint64_t skipped_weeks = 0;  // their coded weeks, as far as they could be read
  std::uint64_t skipped_rows_unsplit = 0;  // of those rows: not split into columns (weeks unknown)
  std::uint64_t unknown_code_weeks = 0;    // weeks kept under ukendt_kode (--unknown-codes=keep)
};

// Writes all persons of `batch` (spell/residence weeks relative to `first_week`, employment months
// relative to `employment.first_month`, and its kept background columns) to `path` atomically,
// with the benefit code list the ingest read (`code_list`, CSV text; empty: none kept). Returns the
// number of bytes written.
Result<std::uint64_t> WriteSpellStore(const std::string& path, const PersonBatch& batch,
                                      WeekIndex first_week, WeekIndex last_week,
                                      const EmploymentCoverage& employment = {},
                                      const IngestSummary& summary = {},
                                      std::string_view code_list = {});

class SpellStore {
 public:
  static Result<SpellStore> Open(const std::string& path);
  // Checks every offset and week of the file (O(size)); Open() checks only the header.
  Status Verify() const;

  std::uint64_t person_count() const { return persons_; }
  std::uint64_t spell_count() const { return spells_; }
  std::uint64_t residence_count() const { return residences_; }
  std::uint64_t employment_run_count() const { return employment_runs_; }
  // The months the employment columns cover; source kNone when the extract had none.
  const EmploymentCoverage& employment() const { return employment_; }
  // What the ingest left out or set aside (zero for a version-2 store).
  const IngestSummary& ingest_summary() const { return summary_; }
  // The benefit code list the ingest read (CSV text as data/reference/dream-codes.csv); empty for a
  // store of version 4 or older.
  std::string_view code_list() const { return code_list_; }
  WeekIndex first_week() const { return first_week_; }
  WeekIndex last_week() const { return last_week_; }
  std::uint64_t file_size() const { return file_.size(); }

  // Per person.
  const Pseudonym& pseudonym(std::uint64_t i) const { return pseudonyms_[i]; }
  std::int32_t birth_day(std::uint64_t i) const { return birth_[i]; }  // or kUnknownBirth
  Sex sex(std::uint64_t i) const { return static_cast<Sex>(sex_[i]); }
  std::uint64_t spell_begin(std::uint64_t i) const { return spell_begin_[i]; }
  std::uint64_t spell_end(std::uint64_t i) const { return spell_begin_[i + 1]; }
  std::uint64_t residence_begin(std::uint64_t i) const { return residence_begin_[i]; }
  std::uint64_t residence_end(std::uint64_t i) const { return residence_begin_[i + 1]; }
  std::uint64_t employment_begin(std::uint64_t i) const { return employment_begin_[i]; }
  std::uint64_t employment_end(std::uint64_t i) const { return employment_begin_[i + 1]; }
  // Whether person i was in employment in month m by the employment columns; false for a month
  // they do not cover.
  bool EmployedInMonth(std::uint64_t i, MonthIndex m) const {
    if (!employment_.Covers(m)) return false;
    const int rel = m - employment_.first_month;
    for (std::uint32_t e = employment_begin_[i]; e < employment_begin_[i + 1]; ++e) {
      if (employment_last_[e] >= rel) return employment_start_[e] <= rel;
    }
    return false;
  }

  // Spell columns (weeks relative to first_week(); kommune is the 3-digit code, 0 = unknown).
  const std::uint16_t* spell_start() const { return spell_start_; }
  const std::uint16_t* spell_last() const { return spell_last_; }
  const std::uint16_t* spell_code() const { return spell_code_; }
  const std::uint16_t* spell_kommune() const { return spell_kommune_; }
  const std::uint16_t* residence_start() const { return residence_start_; }
  const std::uint16_t* residence_kommune() const { return residence_kommune_; }
  // Employment runs: first and last month in employment, relative to employment().first_month.
  const std::uint16_t* employment_start() const { return employment_start_; }
  const std::uint16_t* employment_last() const { return employment_last_; }

  // Background columns kept by ingest (herkomst, and those named with --keep-column): per column
  // its name, its values (code c is values[c - 1]; code 0 = blank) and one code per person.
  int attribute_count() const { return static_cast<int>(attributes_.size()); }
  const std::string& attribute_name(int a) const { return attributes_[a].name; }
  const std::vector<std::string>& attribute_values(int a) const { return attributes_[a].values; }
  std::uint8_t attribute(int a, std::uint64_t i) const { return attributes_[a].codes[i]; }
  // The index of the kept column `name`, or -1.
  int AttributeIndex(std::string_view name) const;

  // The person with this pseudonym, or -1 (binary search over the sorted index).
  std::int64_t FindPerson(const Pseudonym& p) const;

  // The persons of each municipality, built on the first call (one pass over the spells) and
  // kept while the store is open; thread-safe.
  const KommuneIndex& kommune_index() const;

  // Derived results kept with the open store, for processes that answer many questions from it
  // (the server): after EnableMemo(), Memo(key, make) returns the value make() gave on the first
  // call for `key` (made once, even when threads ask at the same time); before, it calls make()
  // every time. Values live as long as the store; thread-safe.
  void EnableMemo() const { lazy_->memo_enabled = true; }
  bool memo_enabled() const { return lazy_->memo_enabled; }
  std::shared_ptr<const void> Memo(const std::string& key,
                                   const std::function<std::shared_ptr<const void>()>& make) const;

 private:
  MappedFile file_;
  std::uint64_t persons_ = 0, spells_ = 0, residences_ = 0, employment_runs_ = 0;
  EmploymentCoverage employment_;
  IngestSummary summary_;
  std::string_view code_list_;
  WeekIndex first_week_ = 0, last_week_ = -1;
  const Pseudonym* pseudonyms_ = nullptr;
  const std::int32_t* birth_ = nullptr;
  const std::uint8_t* sex_ = nullptr;
  const std::uint64_t* spell_begin_ = nullptr;
  const std::uint64_t* residence_begin_ = nullptr;
  const std::uint16_t *spell_start_ = nullptr, *spell_last_ = nullptr, *spell_code_ = nullptr,
                      *spell_kommune_ = nullptr;
  const std::uint16_t *residence_start_ = nullptr, *residence_kommune_ = nullptr;
  const std::uint32_t* sorted_index_ = nullptr;
  const std::uint32_t* employment_begin_ = nullptr;
  const std::uint16_t *employment_start_ = nullptr, *employment_last_ = nullptr;
  struct Attribute {
    std::string name;
    std::vector<std::string> values;
    const std::uint8_t* codes = nullptr;
  };
  std::vector<Attribute> attributes_;
  struct MemoEntry {
    std::once_flag once;
    std::shared_ptr<const void> value;
  };
  struct Lazy {
    std::once_flag once;
    KommuneIndex kommune_index;
    std::atomic<bool> memo_enabled = false;
    std::mutex memo_mutex;
    std::map<std::string, std::shared_ptr<MemoEntry>> memo;
  };
  std::shared_ptr<Lazy> lazy_ = std::make_shared<Lazy>();
};

}  // namespace fremdrift
