// Spell store writer and reader (see spell_store.h and docs/formats/spell-store.md).
#include "registry/spell_store.h"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <numeric>
#include <vector>

namespace fremdrift {

namespace {

constexpr char kMagic[8] = {'F', 'R', 'E', 'M', 'S', 'P', 'E', 'L'};

enum Section : int {
  kPseudonyms,
  kBirth,
  kSex,
  kSpellBegin,
  kResidenceBegin,
  kSpellStart,
  kSpellLast,
  kSpellCode,
  kSpellKommune,
  kResidenceStart,
  kResidenceKommune,
  kSortedIndex,
  kEmploymentBegin,
  kEmploymentStart,
  kEmploymentLast,
  kSectionCount
};

struct SectionEntry {
  std::uint64_t offset;
  std::uint64_t bytes;
};

struct FileHeader {
  char magic[8];
  std::uint32_t version;
  std::uint32_t header_bytes;
  std::int32_t first_week;
  std::int32_t last_week;
  std::uint64_t persons;
  std::uint64_t spells;
  std::uint64_t residences;
  std::uint64_t employment_runs;
  std::uint64_t file_size;
  std::int32_t employment_first_month;
  std::int32_t employment_last_month;
  std::uint32_t section_count;
  std::uint32_t employment_source;
  SectionEntry sections[kSectionCount];
  // Version 3: what the ingest left out or set aside (a version-2 header ends before these).
  std::uint64_t skipped_rows;
  std::uint64_t skipped_weeks;
  std::uint64_t skipped_rows_unsplit;
  std::uint64_t unknown_code_weeks;
  // Version 4: the kept background columns (a version-3 header ends before these). The dictionary
  // holds per column: name length (1 byte), name, value count (1 byte), per value its length (1
  // byte) and bytes; the codes hold per column one byte per person, column after column.
  std::uint32_t attribute_count;
  std::uint32_t reserved;
  SectionEntry attribute_dictionary;
  SectionEntry attribute_codes;
  // Version 5: the benefit code list the ingest read (CSV text, as data/reference/dream-codes.csv),
  // so measurements group the codes as the ingest checked them (a version-4 header ends before).
  SectionEntry code_list;
};
static_assert(sizeof(FileHeader) % 8 == 0);
constexpr std::uint32_t kVersion2HeaderBytes = offsetof(FileHeader, skipped_rows);
constexpr std::uint32_t kVersion3HeaderBytes = offsetof(FileHeader, attribute_count);
constexpr std::uint32_t kVersion4HeaderBytes = offsetof(FileHeader, code_list);
constexpr std::uint32_t kMaxAttributes = 64;

constexpr std::uint64_t kAlign = 64;
std::uint64_t AlignUp(std::uint64_t x) { return (x + kAlign - 1) / kAlign * kAlign; }

}  // namespace

Result<std::uint64_t> WriteSpellStore(const std::string& path, const PersonBatch& b,
                                      WeekIndex first_week, WeekIndex last_week,
                                      const EmploymentCoverage& employment,
                                      const IngestSummary& summary, std::string_view code_list) {
  const std::uint64_t n = b.size();
  const std::uint64_t s = b.spell_start.size();
  const std::uint64_t r = b.residence_start.size();
  const std::uint64_t e = b.employment_start.size();
  if (e > UINT32_MAX) return InvalidArgument("more than 4 billion employment runs: too many for one store");
  std::vector<std::uint64_t> spell_begin(n + 1, 0), residence_begin(n + 1, 0);
  // Employment offsets are 32-bit: a person has few runs, and the store stays small.
  std::vector<std::uint32_t> employment_begin(n + 1, 0);
  for (std::uint64_t i = 0; i < n; ++i) {
    spell_begin[i + 1] = b.spell_ends[i];
    residence_begin[i + 1] = b.residence_ends[i];
    employment_begin[i + 1] = b.employment_ends.empty() ? 0 : b.employment_ends[i];
  }
  // Kept background columns.
  if (b.attributes.size() > kMaxAttributes) {
    return InvalidArgument("more than {} kept columns: too many for one store", kMaxAttributes);
  }
  std::string dictionary;
  std::vector<std::uint8_t> codes;
  codes.reserve(b.attributes.size() * n);
  for (const AttributeColumn& a : b.attributes) {
    if (a.name.size() > 255 || a.values.size() > 255 || a.codes.size() != n) {
      return InvalidArgument("kept column '{}' cannot be stored", a.name.substr(0, 64));
    }
    dictionary.push_back(static_cast<char>(a.name.size()));
    dictionary += a.name;
    dictionary.push_back(static_cast<char>(a.values.size()));
    for (const auto& v : a.values) {
      if (v.size() > 255) return InvalidArgument("kept column '{}': a value is too long", a.name);
      dictionary.push_back(static_cast<char>(v.size()));
      dictionary += v;
    }
    codes.insert(codes.end(), a.codes.begin(), a.codes.end());
  }
  std::vector<std::uint32_t> sorted(n);
  std::iota(sorted.begin(), sorted.end(), 0u);
  std::sort(sorted.begin(), sorted.end(),
            [&](std::uint32_t x, std::uint32_t y) { return b.pseudonyms[x] < b.pseudonyms[y]; });

  struct Part {
    const void* data;
    std::uint64_t bytes;
  };
  Part parts[kSectionCount] = {
      {b.pseudonyms.data(), n * sizeof(Pseudonym)},
      {b.birth_days.data(), n * 4},
      {b.sexes.data(), n},
      {spell_begin.data(), (n + 1) * 8},
      {residence_begin.data(), (n + 1) * 8},
      {b.spell_start.data(), s * 2},
      {b.spell_end.data(), s * 2},
      {b.spell_code.data(), s * 2},
      {b.spell_kommune.data(), s * 2},
      {b.residence_start.data(), r * 2},
      {b.residence_kommune.data(), r * 2},
      {sorted.data(), n * 4},
      {employment_begin.data(), (n + 1) * 4},
      {b.employment_start.data(), e * 2},
      {b.employment_last.data(), e * 2},
  };
  FileHeader h;
  std::memset(&h, 0, sizeof h);
  std::memcpy(h.magic, kMagic, 8);
  h.version = kSpellStoreVersion;
  h.header_bytes = sizeof(FileHeader);
  h.first_week = first_week;
  h.last_week = last_week;
  h.persons = n;
  h.spells = s;
  h.residences = r;
  h.employment_runs = e;
  h.employment_source = static_cast<std::uint32_t>(employment.source);
  h.employment_first_month = employment.present() ? employment.first_month : 0;
  h.employment_last_month = employment.present() ? employment.last_month : -1;
  h.section_count = kSectionCount;
  h.skipped_rows = summary.skipped_rows;
  h.skipped_weeks = summary.skipped_weeks;
  h.skipped_rows_unsplit = summary.skipped_rows_unsplit;
  h.unknown_code_weeks = summary.unknown_code_weeks;
  h.attribute_count = static_cast<std::uint32_t>(b.attributes.size());
  std::uint64_t pos = AlignUp(sizeof(FileHeader));
  for (int i = 0; i < kSectionCount; ++i) {
    h.sections[i] = {pos, parts[i].bytes};
    pos = AlignUp(pos + parts[i].bytes);
  }
  h.attribute_dictionary = {pos, dictionary.size()};
  pos = AlignUp(pos + dictionary.size());
  h.attribute_codes = {pos, codes.size()};
  pos = AlignUp(pos + codes.size());
  h.code_list = {pos, code_list.size()};
  pos = AlignUp(pos + code_list.size());
  h.file_size = pos;

  AtomicFile f(path);
  RETURN_IF_ERROR(f.Open());
  static const char kZeros[kAlign] = {};
  RETURN_IF_ERROR(f.Write(&h, sizeof h));
  for (int i = 0; i < kSectionCount; ++i) {
    RETURN_IF_ERROR(f.Write(kZeros, h.sections[i].offset - f.bytes_written()));
    RETURN_IF_ERROR(f.Write(parts[i].data, parts[i].bytes));
  }
  RETURN_IF_ERROR(f.Write(kZeros, h.attribute_dictionary.offset - f.bytes_written()));
  RETURN_IF_ERROR(f.Write(dictionary.data(), dictionary.size()));
  RETURN_IF_ERROR(f.Write(kZeros, h.attribute_codes.offset - f.bytes_written()));
  RETURN_IF_ERROR(f.Write(codes.data(), codes.size()));
  RETURN_IF_ERROR(f.Write(kZeros, h.code_list.offset - f.bytes_written()));
  RETURN_IF_ERROR(f.Write(code_list.data(), code_list.size()));
  RETURN_IF_ERROR(f.Write(kZeros, h.file_size - f.bytes_written()));
  RETURN_IF_ERROR(f.Commit());
  return h.file_size;
}

Result<SpellStore> SpellStore::Open(const std::string& path) {
  SpellStore st;
  ASSIGN_OR_RETURN(st.file_, MappedFile::Open(path));
  const std::uint64_t size = st.file_.size();
  if (size < kVersion2HeaderBytes) return DataLoss("{}: not a spell store (too short)", path);
  FileHeader h;
  std::memset(&h, 0, sizeof h);
  std::memcpy(&h, st.file_.data(), kVersion2HeaderBytes);
  if (std::memcmp(h.magic, kMagic, 8) != 0) {
    return DataLoss("{}: not a spell store (run `fremdrift ingest` to make one)", path);
  }
  // Versions 2 to 4 differ only by the shorter header (no ingest summary; no kept columns; no code
  // list): still read.
  if (h.version != kSpellStoreVersion && h.version != 2 && h.version != 3 && h.version != 4) {
    return FailedPrecondition(
        "{}: spell store version {}, this fremdrift reads versions 2 to {}; ingest "
        "the register again",
        path, h.version, kSpellStoreVersion);
  }
  const std::uint32_t header_bytes = h.version == 2   ? kVersion2HeaderBytes
                                     : h.version == 3 ? kVersion3HeaderBytes
                                     : h.version == 4 ? kVersion4HeaderBytes
                                                      : sizeof(FileHeader);
  if (h.header_bytes != header_bytes || size < header_bytes) {
    return DataLoss("{}: spell store is truncated or damaged", path);
  }
  std::memcpy(&h, st.file_.data(), header_bytes);
  st.summary_ = {h.skipped_rows, h.skipped_weeks, h.skipped_rows_unsplit, h.unknown_code_weeks};
  if (h.file_size != size || h.section_count != kSectionCount || h.last_week < h.first_week) {
    return DataLoss("{}: spell store is truncated or damaged", path);
  }
  const std::uint64_t expect[kSectionCount] = {
      h.persons * 16,      h.persons * 4,    h.persons,        (h.persons + 1) * 8,
      (h.persons + 1) * 8, h.spells * 2,     h.spells * 2,     h.spells * 2,
      h.spells * 2,        h.residences * 2, h.residences * 2, h.persons * 4,
      (h.persons + 1) * 4, h.employment_runs * 2, h.employment_runs * 2};
  if (h.employment_source > 3 ||
      (h.employment_source == 0) != (h.employment_last_month < h.employment_first_month) ||
      h.employment_last_month - std::int64_t{h.employment_first_month} > 65535) {
    return DataLoss("{}: spell store employment header is damaged", path);
  }
  for (int i = 0; i < kSectionCount; ++i) {
    const auto& sec = h.sections[i];
    if (sec.bytes != expect[i] || sec.offset % kAlign != 0 || sec.offset > size ||
        sec.bytes > size - sec.offset) {
      return DataLoss("{}: spell store section {} is damaged", path, i);
    }
  }
  const std::uint8_t* base = st.file_.data();
  // Kept background columns (version 4).
  if (h.attribute_count > 0) {
    const auto& dict = h.attribute_dictionary;
    const auto& codes = h.attribute_codes;
    if (h.attribute_count > kMaxAttributes || dict.offset > size || dict.bytes > size - dict.offset ||
        codes.offset % kAlign != 0 || codes.offset > size || codes.bytes > size - codes.offset ||
        codes.bytes != h.attribute_count * h.persons) {
      return DataLoss("{}: spell store kept columns are damaged", path);
    }
    const std::uint8_t* p = base + dict.offset;
    const std::uint8_t* const end = p + dict.bytes;
    auto text = [&](std::string& out) {
      if (p >= end || static_cast<std::uint64_t>(end - p) < 1u + *p) return false;
      out.assign(reinterpret_cast<const char*>(p + 1), *p);
      p += 1 + *p;
      return true;
    };
    for (std::uint32_t a = 0; a < h.attribute_count; ++a) {
      Attribute attr;
      if (!text(attr.name) || p >= end) return DataLoss("{}: spell store kept columns are damaged", path);
      const int count = *p++;
      attr.values.resize(count);
      for (auto& v : attr.values) {
        if (!text(v)) return DataLoss("{}: spell store kept columns are damaged", path);
      }
      attr.codes = base + codes.offset + a * h.persons;
      st.attributes_.push_back(std::move(attr));
    }
  }
  // The code list the ingest read (version 5).
  if (h.code_list.bytes > 0) {
    const auto& cl = h.code_list;
    if (cl.offset > size || cl.bytes > size - cl.offset) {
      return DataLoss("{}: spell store code list is damaged", path);
    }
    st.code_list_ = std::string_view(reinterpret_cast<const char*>(base + cl.offset), cl.bytes);
  }
  auto at = [&](int i) { return base + h.sections[i].offset; };
  st.persons_ = h.persons;
  st.spells_ = h.spells;
  st.residences_ = h.residences;
  st.employment_runs_ = h.employment_runs;
  st.employment_.source = static_cast<EmploymentSource>(h.employment_source);
  st.employment_.first_month = h.employment_first_month;
  st.employment_.last_month = h.employment_last_month;
  st.first_week_ = h.first_week;
  st.last_week_ = h.last_week;
  st.pseudonyms_ = reinterpret_cast<const Pseudonym*>(at(kPseudonyms));
  st.birth_ = reinterpret_cast<const std::int32_t*>(at(kBirth));
  st.sex_ = at(kSex);
  st.spell_begin_ = reinterpret_cast<const std::uint64_t*>(at(kSpellBegin));
  st.residence_begin_ = reinterpret_cast<const std::uint64_t*>(at(kResidenceBegin));
  st.spell_start_ = reinterpret_cast<const std::uint16_t*>(at(kSpellStart));
  st.spell_last_ = reinterpret_cast<const std::uint16_t*>(at(kSpellLast));
  st.spell_code_ = reinterpret_cast<const std::uint16_t*>(at(kSpellCode));
  st.spell_kommune_ = reinterpret_cast<const std::uint16_t*>(at(kSpellKommune));
  st.residence_start_ = reinterpret_cast<const std::uint16_t*>(at(kResidenceStart));
  st.residence_kommune_ = reinterpret_cast<const std::uint16_t*>(at(kResidenceKommune));
  st.sorted_index_ = reinterpret_cast<const std::uint32_t*>(at(kSortedIndex));
  st.employment_begin_ = reinterpret_cast<const std::uint32_t*>(at(kEmploymentBegin));
  st.employment_start_ = reinterpret_cast<const std::uint16_t*>(at(kEmploymentStart));
  st.employment_last_ = reinterpret_cast<const std::uint16_t*>(at(kEmploymentLast));
  if (st.spell_begin_[st.persons_] != st.spells_ ||
      st.residence_begin_[st.persons_] != st.residences_ ||
      st.employment_begin_[st.persons_] != st.employment_runs_) {
    return DataLoss("{}: spell store offsets are damaged", path);
  }
  return st;
}

int SpellStore::AttributeIndex(std::string_view name) const {
  for (std::size_t a = 0; a < attributes_.size(); ++a) {
    if (attributes_[a].name == name) return static_cast<int>(a);
  }
  return -1;
}

const KommuneIndex& SpellStore::kommune_index() const {
  std::call_once(lazy_->once, [this] { lazy_->kommune_index = KommuneIndex::Build(*this); });
  return lazy_->kommune_index;
}

std::shared_ptr<const void> SpellStore::Memo(
    const std::string& key, const std::function<std::shared_ptr<const void>()>& make) const {
  if (!lazy_->memo_enabled) return make();
  std::shared_ptr<MemoEntry> e;
  {
    std::lock_guard lock(lazy_->memo_mutex);
    auto& slot = lazy_->memo[key];
    if (!slot) slot = std::make_shared<MemoEntry>();
    e = slot;
  }
  std::call_once(e->once, [&] { e->value = make(); });
  return e->value;
}

Status SpellStore::Verify() const {
  // A damaged header may hold any weeks: compute the span wide, and a store's spells are 16-bit
  // week offsets, so a span outside 0..65535 weeks cannot be a store that was written.
  const std::int64_t span = std::int64_t{last_week_} - std::int64_t{first_week_};
  if (span < 0 || span > 65535) return DataLoss("the week range of the store is damaged");
  // All offsets first: Open() checked the last ones against the section sizes, so offsets that
  // start at 0 and never decrease keep every spell and residence index inside its section.
  if (spell_begin_[0] != 0 || residence_begin_[0] != 0 || employment_begin_[0] != 0) {
    return DataLoss("offsets are damaged");
  }
  for (std::uint64_t i = 0; i < persons_; ++i) {
    if (spell_begin_[i] > spell_begin_[i + 1] || residence_begin_[i] > residence_begin_[i + 1] ||
        employment_begin_[i] > employment_begin_[i + 1]) {
      return DataLoss("person {}: offsets out of order", i);
    }
  }
  const std::int64_t months = std::int64_t{employment_.last_month} - employment_.first_month;
  for (std::uint64_t i = 0; i < persons_; ++i) {
    int prev_last = -1;
    for (std::uint64_t e = employment_begin_[i]; e < employment_begin_[i + 1]; ++e) {
      if (employment_start_[e] > employment_last_[e] || employment_last_[e] > months ||
          static_cast<int>(employment_start_[e]) <= prev_last) {
        return DataLoss("person {}: employment run {} is damaged", i, e);
      }
      prev_last = employment_last_[e];
    }
  }
  for (std::uint64_t i = 0; i < persons_; ++i) {
    int prev_end = -1;
    for (std::uint64_t s = spell_begin_[i]; s < spell_begin_[i + 1]; ++s) {
      if (spell_start_[s] > spell_last_[s] || spell_last_[s] > span ||
          static_cast<int>(spell_start_[s]) <= prev_end || spell_code_[s] >= 1000) {
        return DataLoss("person {}: spell {} is damaged", i, s);
      }
      prev_end = spell_last_[s];
    }
    if (sorted_index_[i] >= persons_) return DataLoss("pseudonym index is damaged");
  }
  for (std::uint64_t i = 1; i < persons_; ++i) {
    if (!(pseudonyms_[sorted_index_[i - 1]] < pseudonyms_[sorted_index_[i]])) {
      return DataLoss("pseudonym index is not sorted");
    }
  }
  for (const Attribute& a : attributes_) {
    for (std::uint64_t i = 0; i < persons_; ++i) {
      if (a.codes[i] > a.values.size()) return DataLoss("person {}: kept column '{}' is damaged", i, a.name);
    }
  }
  return Status::Ok();
}

std::int64_t SpellStore::FindPerson(const Pseudonym& p) const {
  std::uint64_t lo = 0, hi = persons_;
  while (lo < hi) {
    std::uint64_t mid = (lo + hi) / 2;
    const Pseudonym& q = pseudonyms_[sorted_index_[mid]];
    if (q < p) {
      lo = mid + 1;
    } else if (p < q) {
      hi = mid;
    } else {
      return sorted_index_[mid];
    }
  }
  return -1;
}

}  // namespace fremdrift
