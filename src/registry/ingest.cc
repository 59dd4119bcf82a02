// Register ingest pipeline (see ingest.h). The main thread reads and decompresses blocks, cuts them
// at line ends and hands them to the pool; workers parse rows into PersonBatches; the main thread
// merges the batches in file order (so errors are reported in row order) and writes the store.
#include "registry/ingest.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <numeric>

#include "common/csv.h"
#include "common/file_util.h"
#include "common/input_stream.h"
#include "common/progress.h"
#include "common/thread_pool.h"
#include "registry/register_header.h"
#include "registry/row_parser.h"
#include "registry/spell_store.h"

namespace fremdrift {

std::string DefaultKeyPath(const std::string& store_path) { return store_path + ".key"; }

namespace {

struct ChunkResult {
  PersonBatch batch;
  RowStats stats;
  std::vector<RowError> errors;  // rows relative to the chunk (1 = its first line)
  std::uint64_t lines = 0;
  std::uint64_t data_rows = 0;
  std::uint64_t bytes = 0;
};

void ParseChunk(const std::string& chunk, char delimiter, const RegisterLayout& layout,
                const ReferenceData& ref, const Pseudonymizer& pseudo, OnError on_error,
                UnknownCodes unknown, ChunkResult& out) {
  RowParser parser(layout, ref, pseudo, unknown);
  std::vector<std::string_view> fields;
  fields.reserve(layout.names.size());
  std::string scratch;
  std::string_view text(chunk);
  out.bytes = chunk.size();
  std::size_t pos = 0;
  while (true) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    ++out.lines;
    if (!line.empty() && !(line.size() == 1 && line[0] == '\r')) {
      ++out.data_rows;
      std::string err = SplitCsvLine(line, delimiter, fields, scratch);
      RowError e;
      bool ok = false;
      if (!err.empty()) {
        e.row = out.lines;
        e.message = err;
      } else {
        ok = parser.Parse(fields, out.lines, out.batch, out.stats, e);
        if (!ok) e.coded_weeks = CodedWeeks(layout, fields);
      }
      if (!ok) {
        out.errors.push_back(std::move(e));
        if (on_error == OnError::kStop) return;
      }
    }
    if (eol >= text.size()) break;
    pos = eol + 1;
  }
}

// Appends `b` to `all`, shifting offsets and row numbers; kept columns joined by name.
Status Append(PersonBatch& all, const PersonBatch& b, std::uint64_t row_base) {
  RETURN_IF_ERROR(AppendAttributes(all.attributes, all.size(), b.attributes, b.size()));
  const auto spell_base = static_cast<std::uint32_t>(all.spell_start.size());
  const auto res_base = static_cast<std::uint32_t>(all.residence_start.size());
  const auto emp_base = static_cast<std::uint32_t>(all.employment_start.size());
  auto cat = [](auto& dst, const auto& src) { dst.insert(dst.end(), src.begin(), src.end()); };
  cat(all.pseudonyms, b.pseudonyms);
  cat(all.birth_days, b.birth_days);
  cat(all.sexes, b.sexes);
  for (auto r : b.rows) all.rows.push_back(r + row_base);
  for (auto e : b.spell_ends) all.spell_ends.push_back(e + spell_base);
  for (auto e : b.residence_ends) all.residence_ends.push_back(e + res_base);
  for (auto e : b.employment_ends) all.employment_ends.push_back(e + emp_base);
  cat(all.spell_start, b.spell_start);
  cat(all.spell_end, b.spell_end);
  cat(all.spell_code, b.spell_code);
  cat(all.spell_kommune, b.spell_kommune);
  cat(all.residence_start, b.residence_start);
  cat(all.residence_kommune, b.residence_kommune);
  cat(all.employment_start, b.employment_start);
  cat(all.employment_last, b.employment_last);
  const auto person_base = static_cast<std::uint32_t>(all.pseudonyms.size() - b.pseudonyms.size());
  for (auto p : b.unknown_person) all.unknown_person.push_back(p + person_base);
  cat(all.unknown_code, b.unknown_code);
  cat(all.unknown_weeks, b.unknown_weeks);
  return Status::Ok();
}

// Drops the persons marked in `drop`.
PersonBatch Compact(const PersonBatch& in, const std::vector<bool>& drop) {
  PersonBatch out;
  for (const AttributeColumn& a : in.attributes) out.attributes.push_back({a.name, a.values, {}});
  std::uint32_t sb = 0, rb = 0, eb = 0;
  for (std::size_t i = 0; i < in.size(); ++i) {
    std::uint32_t se = in.spell_ends[i], re = in.residence_ends[i], ee = in.employment_ends[i];
    if (!drop[i]) {
      for (std::size_t k = 0; k < in.attributes.size(); ++k) {
        out.attributes[k].codes.push_back(in.attributes[k].codes[i]);
      }
      out.pseudonyms.push_back(in.pseudonyms[i]);
      out.birth_days.push_back(in.birth_days[i]);
      out.sexes.push_back(in.sexes[i]);
      out.rows.push_back(in.rows[i]);
      for (std::uint32_t s = sb; s < se; ++s) {
        out.spell_start.push_back(in.spell_start[s]);
        out.spell_end.push_back(in.spell_end[s]);
        out.spell_code.push_back(in.spell_code[s]);
        out.spell_kommune.push_back(in.spell_kommune[s]);
      }
      for (std::uint32_t r = rb; r < re; ++r) {
        out.residence_start.push_back(in.residence_start[r]);
        out.residence_kommune.push_back(in.residence_kommune[r]);
      }
      for (std::uint32_t e = eb; e < ee; ++e) {
        out.employment_start.push_back(in.employment_start[e]);
        out.employment_last.push_back(in.employment_last[e]);
      }
      out.spell_ends.push_back(static_cast<std::uint32_t>(out.spell_start.size()));
      out.residence_ends.push_back(static_cast<std::uint32_t>(out.residence_start.size()));
      out.employment_ends.push_back(static_cast<std::uint32_t>(out.employment_start.size()));
    }
    sb = se;
    rb = re;
    eb = ee;
  }
  return out;
}

struct KeyChoice {
  std::string key;
  std::string path;
  bool created = false;
};

Result<KeyChoice> ChooseKey(const IngestOptions& opt) {
  KeyChoice k;
  if (!opt.key_file.empty()) {
    k.path = opt.key_file;
    ASSIGN_OR_RETURN(k.key, Pseudonymizer::ReadKeyFile(opt.key_file));
    return k;
  }
  k.path = DefaultKeyPath(opt.store_path);
  if (FileExists(k.path)) {
    ASSIGN_OR_RETURN(k.key, Pseudonymizer::ReadKeyFile(k.path));
    return k;
  }
  ASSIGN_OR_RETURN(k.key, Pseudonymizer::NewRandomKey());
  k.created = true;
  return k;
}



// One register file read: its persons (weeks relative to its layout's first week), each once.
struct FileRead {
  std::string path;
  RegisterLayout layout;
  PersonBatch batch;
  RowStats stats;
  std::vector<RowError> skipped;
  std::uint64_t rows = 0, duplicates = 0, input_bytes = 0;
};

Result<FileRead> ReadRegisterFile(const ReferenceData& ref, const IngestOptions& opt,
                                  const Pseudonymizer& pseudo, const std::string& file,
                                  bool tag_errors) {
  FileRead fr;
  fr.path = file;
  ASSIGN_OR_RETURN(std::unique_ptr<InputStream> in, InputStream::Open(file));

  // Header.
  std::string pending;
  std::vector<char> block(opt.chunk_bytes);
  bool eof = false;
  auto read_more = [&]() -> Status {
    ASSIGN_OR_RETURN(std::size_t n, in->Read(block.data(), block.size()));
    if (n == 0) eof = true;
    pending.append(block.data(), n);
    return Status::Ok();
  };
  std::size_t header_end;
  while ((header_end = pending.find('\n')) == std::string::npos && !eof) {
    RETURN_IF_ERROR(read_more().WithContext(file));
  }
  if (header_end == std::string::npos) header_end = pending.size();
  std::string header_line = pending.substr(0, header_end);
  pending.erase(0, std::min(pending.size(), header_end + 1));
  std::string_view hl = StripBom(header_line);
  if (hl.empty() || hl == "\r") return InvalidArgument("{}: empty file, no header", file);
  const char delimiter = DetectDelimiter(hl);
  std::vector<std::string_view> header_fields;
  std::string scratch;
  std::string err = SplitCsvLine(hl, delimiter, header_fields, scratch);
  if (!err.empty()) return InvalidArgument("{}, row 1: {}", file, err);
  // The yearly layout's year: the file name's (dreamYYYY), else --year; both must agree.
  int year = YearFromFileName(file);
  if (year > 0 && opt.year > 0 && year != opt.year) {
    return InvalidArgument("{}: the file name gives the year {}, --year {}", file, year, opt.year);
  }
  if (year == 0) year = opt.year;
  ASSIGN_OR_RETURN(fr.layout, ParseRegisterHeader(header_fields, file, opt.id_column, year));
  RETURN_IF_ERROR(KeepColumns(fr.layout, opt.keep_columns, file));
  const RegisterLayout& layout = fr.layout;
  fr.input_bytes = header_line.size() + 1;

  // Rows, in parallel.
  ThreadPool pool(opt.threads);
  const std::size_t max_in_flight = pool.size() * 2 + 1;
  std::mutex mu;
  std::condition_variable cv;
  std::map<std::uint64_t, ChunkResult> finished;
  std::uint64_t submitted = 0, collected = 0;
  std::uint64_t line_base = 1;  // lines before the next collected chunk (the header is line 1)
  PersonBatch& all = fr.batch;
  Status failure;
  Progress progress("ingest", in->compressed_size() / 1000000, "MB", opt.progress);

  auto collect_one = [&]() {
    ChunkResult r;
    {
      std::unique_lock lock(mu);
      cv.wait(lock, [&] { return finished.count(collected) > 0; });
      r = std::move(finished[collected]);
      finished.erase(collected);
    }
    ++collected;
    fr.input_bytes += r.bytes;
    fr.rows += r.data_rows;
    for (auto& e : r.errors) {
      e.row += line_base;
      if (opt.on_error == OnError::kStop) {
        if (failure.ok()) failure = InvalidArgument("{}", e.Format(file));
        break;
      }
      if (tag_errors) e.file = file;
      fr.skipped.push_back(std::move(e));
    }
    if (failure.ok()) {
      if (Status s = Append(all, r.batch, line_base); !s.ok()) {
        failure = s.WithContext(file);
      } else {
        fr.stats.Merge(r.stats);
      }
    }
    line_base += r.lines;
  };

  Status read_status;
  while (failure.ok()) {
    if (!eof && pending.size() < opt.chunk_bytes) {
      read_status = read_more();
      if (!read_status.ok()) break;
      progress.Update(in->compressed_position() / 1000000);
      continue;
    }
    std::string chunk;
    if (eof) {
      if (pending.empty()) break;
      chunk.swap(pending);
    } else {
      std::size_t cut = pending.rfind('\n');
      if (cut == std::string::npos) {
        // A line longer than a block: keep reading.
        std::size_t n = block.size();
        block.resize(n * 2);
        read_status = read_more();
        block.resize(n);
        if (!read_status.ok()) break;
        continue;
      }
      chunk.assign(pending, 0, cut);  // without the last '\n'; lines split on '\n'
      pending.erase(0, cut + 1);
    }
    while (submitted - collected >= max_in_flight && failure.ok()) collect_one();
    if (!failure.ok()) break;
    std::uint64_t seq = submitted++;
    pool.Submit([&, seq, chunk = std::move(chunk)] {
      ChunkResult r;
      ParseChunk(chunk, delimiter, layout, ref, pseudo, opt.on_error, opt.unknown_codes, r);
      std::lock_guard lock(mu);
      finished[seq] = std::move(r);
      cv.notify_all();
    });
  }
  while (collected < submitted) {
    if (failure.ok()) {
      collect_one();
    } else {
      pool.Wait();
      break;
    }
  }
  pool.Wait();
  // A failed read is abandoned (no "finished" line); only a complete read finishes the progress.
  if (!read_status.ok()) return read_status.WithContext(file);
  if (!failure.ok()) return failure;
  if (!pool.first_error().empty()) return Internal("ingest worker failed: {}", pool.first_error());
  progress.Finish();

  // Each person once.
  {
    std::vector<std::uint32_t> order(all.size());
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
      if (all.pseudonyms[a] != all.pseudonyms[b]) return all.pseudonyms[a] < all.pseudonyms[b];
      return a < b;
    });
    std::vector<bool> drop(all.size(), false);
    std::uint64_t dups = 0;
    for (std::size_t i = 1; i < order.size(); ++i) {
      if (all.pseudonyms[order[i]] == all.pseudonyms[order[i - 1]]) {
        const std::uint32_t p = order[i];
        RowError e;
        e.row = all.rows[p];
        e.message = fmt::format("the same person as row {} (a person may have only one row)",
                                all.rows[order[i - 1]]);
        if (opt.on_error == OnError::kStop) return InvalidArgument("{}", e.Format(file));
        std::int64_t weeks = 0;
        for (std::uint32_t sp = p == 0 ? 0 : all.spell_ends[p - 1]; sp < all.spell_ends[p]; ++sp) {
          weeks += all.spell_end[sp] - all.spell_start[sp] + 1;
        }
        e.coded_weeks = weeks;
        if (tag_errors) e.file = file;
        drop[p] = true;
        fr.stats.Remove(all, p, ref);
        fr.skipped.push_back(std::move(e));
        ++dups;
      }
    }
    if (dups) {
      all = Compact(all, drop);
      fr.duplicates = dups;
      std::sort(fr.skipped.begin(), fr.skipped.end(),
                [](const RowError& a, const RowError& b) { return a.row < b.row; });
    }
  }
  return fr;
}

// The register's persons from several files with disjoint weeks (sorted by their first week),
// joined by pseudonym: weeks relative to `first_week`, residence unknown in weeks a person has no
// row for, spells that meet at a file boundary with the same code and municipality joined.
Result<PersonBatch> JoinFiles(const std::vector<FileRead>& files, WeekIndex first_week,
                      WeekIndex last_week, int employment_file) {
  struct Ref {
    Pseudonym p;
    std::uint32_t file, person;
  };
  std::vector<Ref> refs;
  for (std::uint32_t f = 0; f < files.size(); ++f) {
    for (std::uint32_t i = 0; i < files[f].batch.size(); ++i) {
      refs.push_back({files[f].batch.pseudonyms[i], f, i});
    }
  }
  std::stable_sort(refs.begin(), refs.end(), [](const Ref& a, const Ref& b) { return a.p < b.p; });
  const int span = last_week - first_week;
  PersonBatch out;
  // Kept columns: every file's, by name, with one dictionary; per file, its codes in the joined
  // dictionary.
  std::vector<std::vector<std::vector<std::uint8_t>>> recode(files.size());
  std::vector<std::vector<int>> column_of(files.size());  // per file and kept column: out's column
  for (std::size_t f = 0; f < files.size(); ++f) {
    for (const AttributeColumn& a : files[f].batch.attributes) {
      auto it = std::find_if(out.attributes.begin(), out.attributes.end(),
                             [&](const AttributeColumn& o) { return o.name == a.name; });
      if (it == out.attributes.end()) {
        out.attributes.push_back({a.name, {}, {}});
        it = out.attributes.end() - 1;
      }
      column_of[f].push_back(static_cast<int>(it - out.attributes.begin()));
      std::vector<std::uint8_t> codes(a.values.size() + 1, 0);
      for (std::size_t v = 0; v < a.values.size(); ++v) {
        const int c = AttributeCode(*it, a.values[v]);
        if (c < 0) {
          return FailedPrecondition(
              "column '{}' has more than {} different values in the files together: too many "
              "to keep as a background column",
              a.name, kMaxKeptValues);
        }
        codes[v + 1] = static_cast<std::uint8_t>(c);
      }
      recode[f].push_back(std::move(codes));
    }
  }
  std::vector<std::uint8_t> person_codes(out.attributes.size());
  for (std::size_t k = 0; k < refs.size();) {
    std::size_t end = k;
    while (end < refs.size() && refs[end].p == refs[k].p) ++end;
    std::int32_t birth = kUnknownBirth;
    std::uint8_t sex = 0;
    std::uint64_t row = 0;
    int cursor = 0;  // the first relative week no file of this person has covered yet
    auto residence = [&](int week, std::uint16_t kom) {
      if (!out.residence_kommune.empty() &&
          out.residence_kommune.size() > (out.residence_ends.empty() ? 0 : out.residence_ends.back()) &&
          out.residence_kommune.back() == kom) {
        return;
      }
      out.residence_start.push_back(static_cast<std::uint16_t>(week));
      out.residence_kommune.push_back(kom);
    };
    const std::size_t spells_before = out.spell_start.size();
    std::fill(person_codes.begin(), person_codes.end(), 0);
    for (std::size_t r = k; r < end; ++r) {
      const FileRead& f = files[refs[r].file];
      const PersonBatch& b = f.batch;
      const std::uint32_t i = refs[r].person;
      // A kept column's value: the latest file's that is not blank.
      for (std::size_t a = 0; a < b.attributes.size(); ++a) {
        const std::uint8_t c = b.attributes[a].codes[i];
        const auto& rc = recode[refs[r].file][a];
        if (c != 0 && c < rc.size()) person_codes[column_of[refs[r].file][a]] = rc[c];
      }
      if (birth == kUnknownBirth) birth = b.birth_days[i];
      if (sex == 0) sex = b.sexes[i];
      if (r == k) row = b.rows[i];
      const int shift = f.layout.first_week - first_week;
      if (shift > cursor) residence(cursor, kUnknownKommune);
      for (std::uint32_t x = i == 0 ? 0 : b.residence_ends[i - 1]; x < b.residence_ends[i]; ++x) {
        residence(b.residence_start[x] + shift, b.residence_kommune[x]);
      }
      cursor = f.layout.last_week - first_week + 1;
      for (std::uint32_t sp = i == 0 ? 0 : b.spell_ends[i - 1]; sp < b.spell_ends[i]; ++sp) {
        const int start = b.spell_start[sp] + shift, last = b.spell_end[sp] + shift;
        if (out.spell_start.size() > spells_before && out.spell_end.back() + 1 == start &&
            out.spell_code.back() == b.spell_code[sp] &&
            out.spell_kommune.back() == b.spell_kommune[sp]) {
          out.spell_end.back() = static_cast<std::uint16_t>(last);
          continue;
        }
        out.spell_start.push_back(static_cast<std::uint16_t>(start));
        out.spell_end.push_back(static_cast<std::uint16_t>(last));
        out.spell_code.push_back(b.spell_code[sp]);
        out.spell_kommune.push_back(b.spell_kommune[sp]);
      }
      if (static_cast<int>(refs[r].file) == employment_file) {
        for (std::uint32_t e = i == 0 ? 0 : b.employment_ends[i - 1]; e < b.employment_ends[i];
             ++e) {
          out.employment_start.push_back(b.employment_start[e]);
          out.employment_last.push_back(b.employment_last[e]);
        }
      }
    }
    if (cursor <= span) residence(cursor, kUnknownKommune);
    out.pseudonyms.push_back(refs[k].p);
    out.birth_days.push_back(birth);
    out.sexes.push_back(sex);
    out.rows.push_back(row);
    out.spell_ends.push_back(static_cast<std::uint32_t>(out.spell_start.size()));
    out.residence_ends.push_back(static_cast<std::uint32_t>(out.residence_start.size()));
    out.employment_ends.push_back(static_cast<std::uint32_t>(out.employment_start.size()));
    for (std::size_t a = 0; a < person_codes.size(); ++a) {
      out.attributes[a].codes.push_back(person_codes[a]);
    }
    k = end;
  }
  return out;
}

// Person counts of `stats` recomputed for the joined persons (each file counted its own rows).
void RecountPersons(const PersonBatch& b, RowStats& stats) {
  stats.persons_without_birth = stats.persons_without_codes = stats.persons_unknown_kommune = 0;
  for (std::size_t i = 0; i < b.size(); ++i) {
    const std::uint32_t first = i == 0 ? 0 : b.spell_ends[i - 1];
    if (b.birth_days[i] == kUnknownBirth) ++stats.persons_without_birth;
    if (first == b.spell_ends[i]) ++stats.persons_without_codes;
    for (std::uint32_t s = first; s < b.spell_ends[i]; ++s) {
      if (b.spell_kommune[s] == kUnknownKommune) {
        ++stats.persons_unknown_kommune;
        break;
      }
    }
  }
}

}  // namespace

int YearFromFileName(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  std::string name(slash == std::string_view::npos ? path : path.substr(slash + 1));
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const std::size_t at = name.find("dream");
  if (at == std::string::npos || name.size() < at + 9) return 0;
  int year = 0;
  for (std::size_t i = at + 5; i < at + 9; ++i) {
    if (name[i] < '0' || name[i] > '9') return 0;
    year = year * 10 + (name[i] - '0');
  }
  if (name.size() > at + 9 && name[at + 9] >= '0' && name[at + 9] <= '9') return 0;
  return year >= 1900 && year <= 2200 ? year : 0;
}

Result<IngestReport> IngestRegister(const ReferenceData& ref, const IngestOptions& opt) {
  const auto t0 = std::chrono::steady_clock::now();
  IngestReport report;
  const std::vector<std::string> paths =
      opt.register_paths.empty() ? std::vector<std::string>{opt.register_path} : opt.register_paths;
  for (const auto& p : paths) {
    report.register_path += (report.register_path.empty() ? "" : ", ") + p;
  }
  report.register_files = paths;
  report.store_path = opt.store_path;
  report.codes_origin = ref.codes_origin();
  if (opt.unknown_codes == UnknownCodes::kKeep && ref.GroupIndex(kUnknownCodeGroup) < 0) {
    return InvalidArgument(
        "--unknown-codes=keep needs the benefit group '{}' in ydelsesgrupper.csv",
        kUnknownCodeGroup);
  }

  for (const auto& name : opt.keep_columns) {
    RETURN_IF_ERROR(CheckKeepColumnName(name, opt.id_column));
  }

  ASSIGN_OR_RETURN(KeyChoice key, ChooseKey(opt));
  Pseudonymizer pseudo(key.key);
  std::vector<FileRead> files;
  for (const auto& p : paths) {
    ASSIGN_OR_RETURN(FileRead f, ReadRegisterFile(ref, opt, pseudo, p, paths.size() > 1));
    files.push_back(std::move(f));
  }
  // Files hold disjoint weeks; in week order.
  std::stable_sort(files.begin(), files.end(), [](const FileRead& a, const FileRead& b) {
    return a.layout.first_week < b.layout.first_week;
  });
  int employment_file = -1;
  for (std::size_t f = 0; f < files.size(); ++f) {
    const FileRead& a = files[f];
    if (f > 0 && a.layout.first_week <= files[f - 1].layout.last_week) {
      const FileRead& b = files[f - 1];
      if (a.layout.year > 0 && a.layout.year == b.layout.year) {
        return InvalidArgument("{} and {}: two files for the year {}", b.path, a.path,
                               a.layout.year);
      }
      return InvalidArgument("{} and {}: both have weeks from {} (the files of one register "
                             "must hold different weeks)",
                             b.path, a.path, FormatIsoWeek(a.layout.first_week));
    }
    if (a.layout.has_employment()) {
      if (employment_file >= 0) {
        return InvalidArgument(
            "{} and {}: employment columns (grad_/branche_) in more than one file are not "
            "supported; keep them in one file",
            files[employment_file].path, a.path);
      }
      employment_file = static_cast<int>(f);
    }
  }
  const WeekIndex first_week = files.front().layout.first_week;
  const WeekIndex last_week = files.back().layout.last_week;
  if (last_week - first_week >= 65000) {
    return InvalidArgument("{}: the files' weeks span more than 1,250 years", report.register_path);
  }
  for (const FileRead& f : files) {
    report.rows += f.rows;
    report.input_bytes += f.input_bytes;
    report.duplicates += f.duplicates;
    report.stats.Merge(f.stats);
    report.skipped.insert(report.skipped.end(), f.skipped.begin(), f.skipped.end());
  }
  report.first_week = first_week;
  report.last_week = last_week;
  // Every column named with --keep-column must be in one of the files.
  for (const auto& name : opt.keep_columns) {
    std::string lower = name;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    bool found = false;
    for (const FileRead& f : files) {
      for (const AttributeColumn& a : f.batch.attributes) found |= a.name == lower;
      for (int col : f.layout.kept_columns) {
        std::string n = f.layout.names[col];
        for (char& c : n) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        found |= n == lower;
      }
    }
    if (!found) {
      return InvalidArgument("--keep-column {}: {} has no column '{}'", name,
                             report.register_path, name);
    }
  }
  PersonBatch joined;
  if (files.size() > 1) {
    ASSIGN_OR_RETURN(joined, JoinFiles(files, first_week, last_week, employment_file));
    RecountPersons(joined, report.stats);
  }
  PersonBatch& all = files.size() > 1 ? joined : files.front().batch;
  SortAttributeValues(all.attributes);
  IngestSummary summary;
  for (const RowError& e : report.skipped) {
    ++summary.skipped_rows;
    if (e.coded_weeks < 0) {
      ++summary.skipped_rows_unsplit;
    } else {
      summary.skipped_weeks += static_cast<std::uint64_t>(e.coded_weeks);
    }
  }
  for (auto w : report.stats.unknown_code_weeks) summary.unknown_code_weeks += w;

  // Write: the key first (if new), then the store; undo the key if the store fails.
  if (key.created) {
    RETURN_IF_ERROR(Pseudonymizer::WriteKeyFile(key.path, key.key));
  }
  EmploymentCoverage employment;
  if (employment_file >= 0) {
    const RegisterLayout& layout = files[employment_file].layout;
    employment.first_month = layout.FirstEmploymentMonth();
    employment.last_month = layout.LastEmploymentMonth();
    employment.source = layout.grad_columns.empty()       ? EmploymentSource::kBranche
                        : layout.branche_columns.empty() ? EmploymentSource::kGrad
                                                          : EmploymentSource::kGradAndBranche;
  }
  auto bytes = WriteSpellStore(opt.store_path, all, first_week, last_week, employment, summary,
                               ref.codes_csv());
  if (!bytes.ok()) {
    if (key.created) unlink(key.path.c_str());
    return bytes.status();
  }
  report.summary = summary;
  for (const AttributeColumn& a : all.attributes) report.kept_columns.emplace_back(a.name, a.values);
  report.key_created = key.created;
  report.key_path = key.path;
  report.store_bytes = *bytes;
  report.persons = all.size();
  report.spells = all.spell_start.size();
  report.residence_runs = all.residence_start.size();
  report.employment_runs = all.employment_start.size();
  report.employment = employment;
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return report;
}

}  // namespace fremdrift
