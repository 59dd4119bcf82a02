// Register ingest pipeline (see ingest.h). The main thread reads and decompresses blocks, cuts them
// at line ends and hands them to the pool; workers parse rows into PersonBatches; the main thread
// merges the batches in file order (so errors are reported in row order) and writes the store.
#include "registry/ingest.h"

#include <unistd.h>

#include <algorithm>
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
                ChunkResult& out) {
  RowParser parser(layout, ref, pseudo);
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
        e = {out.lines, "", "", err};
      } else {
        ok = parser.Parse(fields, out.lines, out.batch, out.stats, e);
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

// Appends `b` to `all`, shifting offsets and row numbers.
void Append(PersonBatch& all, const PersonBatch& b, std::uint64_t row_base) {
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
}

// Drops the persons marked in `drop`.
PersonBatch Compact(const PersonBatch& in, const std::vector<bool>& drop) {
  PersonBatch out;
  std::uint32_t sb = 0, rb = 0, eb = 0;
  for (std::size_t i = 0; i < in.size(); ++i) {
    std::uint32_t se = in.spell_ends[i], re = in.residence_ends[i], ee = in.employment_ends[i];
    if (!drop[i]) {
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

}  // namespace

Result<IngestReport> IngestRegister(const ReferenceData& ref, const IngestOptions& opt) {
  const auto t0 = std::chrono::steady_clock::now();
  IngestReport report;
  report.register_path = opt.register_path;
  report.store_path = opt.store_path;
  const std::string& file = opt.register_path;

  ASSIGN_OR_RETURN(KeyChoice key, ChooseKey(opt));
  Pseudonymizer pseudo(key.key);
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
  ASSIGN_OR_RETURN(RegisterLayout layout, ParseRegisterHeader(header_fields, file, opt.id_column));
  report.first_week = layout.first_week;
  report.last_week = layout.last_week;
  report.input_bytes = header_line.size() + 1;

  // Rows, in parallel.
  ThreadPool pool(opt.threads);
  const std::size_t max_in_flight = pool.size() * 2 + 1;
  std::mutex mu;
  std::condition_variable cv;
  std::map<std::uint64_t, ChunkResult> finished;
  std::uint64_t submitted = 0, collected = 0;
  std::uint64_t line_base = 1;  // lines before the next collected chunk (the header is line 1)
  PersonBatch all;
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
    report.input_bytes += r.bytes;
    report.rows += r.data_rows;
    for (auto& e : r.errors) {
      e.row += line_base;
      if (opt.on_error == OnError::kStop) {
        if (failure.ok()) failure = InvalidArgument("{}", e.Format(file));
        break;
      }
      report.skipped.push_back(std::move(e));
    }
    if (failure.ok()) {
      Append(all, r.batch, line_base);
      report.stats.Merge(r.stats);
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
      ParseChunk(chunk, delimiter, layout, ref, pseudo, opt.on_error, r);
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
        std::uint32_t first = order[i - 1];
        while (drop[first]) --first;  // unreachable in practice: order is by row within a key
        RowError e{all.rows[order[i]], "", "",
                   fmt::format("the same person as row {} (a person may have only one row)",
                               all.rows[order[i - 1]])};
        if (opt.on_error == OnError::kStop) return InvalidArgument("{}", e.Format(file));
        drop[order[i]] = true;
        report.stats.Remove(all, order[i], ref);
        report.skipped.push_back(std::move(e));
        ++dups;
      }
    }
    if (dups) {
      all = Compact(all, drop);
      report.duplicates = dups;
      std::sort(report.skipped.begin(), report.skipped.end(),
                [](const RowError& a, const RowError& b) { return a.row < b.row; });
    }
  }

  // Write: the key first (if new), then the store; undo the key if the store fails.
  if (key.created) {
    RETURN_IF_ERROR(Pseudonymizer::WriteKeyFile(key.path, key.key));
  }
  EmploymentCoverage employment;
  if (layout.has_employment()) {
    employment.first_month = layout.FirstEmploymentMonth();
    employment.last_month = layout.LastEmploymentMonth();
    employment.source = layout.grad_columns.empty()       ? EmploymentSource::kBranche
                        : layout.branche_columns.empty() ? EmploymentSource::kGrad
                                                          : EmploymentSource::kGradAndBranche;
  }
  auto bytes =
      WriteSpellStore(opt.store_path, all, layout.first_week, layout.last_week, employment);
  if (!bytes.ok()) {
    if (key.created) unlink(key.path.c_str());
    return bytes.status();
  }
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
