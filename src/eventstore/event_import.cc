// CSV import of case events (see event_import.h).
#include "eventstore/event_import.h"

#include <algorithm>
#include <charconv>
#include <condition_variable>
#include <functional>
#include <iterator>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include "common/csv.h"
#include "common/input_stream.h"
#include "common/thread_pool.h"
#include "domain/cpr.h"
#include "eventstore/event_store_internal.h"

namespace fremdrift::cases {
namespace {

constexpr const char* kRequired[] = {"event_id", "person",      "kommune",    "date",
                                     "type",     "recorded_by", "recorded_at"};

// Event types that do not presuppose a visitation: they describe the citizen's place in a target
// group or benefit group (which the register, not the project, decides).
bool NeedsVisitation(EventType t) {
  switch (t) {
    case EventType::kVisitation:
    case EventType::kTargetGroupStart:
    case EventType::kTargetGroupEnd:
    case EventType::kExemptionStart:
    case EventType::kExemptionEnd:
    case EventType::kCitizenLeaves:
    case EventType::kRetraction:
    case EventType::kBenefitStart:
    case EventType::kBenefitEnd:
      return false;
    default:
      return true;
  }
}

}  // namespace

Status CheckIdentifier(std::string_view id) {
  // An identifier a spreadsheet would read as a formula cannot be written to an events file
  // unchanged (the file guards such cells with an apostrophe), so it would not read back as itself.
  constexpr std::string_view kFormulaStarts = "=+-@\t\r";
  if (!id.empty() && kFormulaStarts.find(id.front()) != std::string_view::npos) {
    return InvalidArgument("an identifier may not begin with '=', '+', '-', '@' or a control "
                           "character (a spreadsheet reads it as a formula)");
  }
  return Status::Ok();
}

Result<std::string> StoredPersonId(std::string_view id, const Pseudonymizer* pseudonymizer) {
  if (id.empty()) return InvalidArgument("empty person id");
  if (pseudonymizer != nullptr) return PseudonymToHex(pseudonymizer->Of(id));
  RETURN_IF_ERROR(CheckIdentifier(id));
  if (LooksLikeCpr(id)) {
    return InvalidArgument(
        "holds a CPR number; give --key-file so that it is pseudonymised (CPR numbers are never "
        "stored)");
  }
  return std::string(id);
}

namespace {

// The columns of an events file, by their index in the header (-1: absent).
struct EventColumns {
  int id = -1, person = -1, kommune = -1, date = -1, type = -1, attrs = -1, by = -1, at = -1,
      sup = -1;
  std::vector<std::string> header;
  char delimiter = ';';
};

// What one run of whole lines gives when parsed on its own: its events with their file lines, and
// the first malformed line (CSV) and the first invalid row it met, as finished errors.
// The events go straight into their slots of the file's result (`events`, `lines`: room for one
// per line of the run), `count` of them; a blank line leaves its slot unused.
struct ChunkResult {
  Event* events = nullptr;
  int* lines = nullptr;
  std::size_t count = 0;
  Status csv_error;
  Status row_error;
};

// Parses and validates one row (its fields in header order) into `e`. The error names the file,
// line and column and never repeats a CPR-shaped value. `person_cache`: person ids as given →
// as stored (a pseudonym is computed once per citizen and run of lines); its keys are views into
// `body`, the text being parsed (an id unescaped from quotes lives elsewhere and is not cached).
Status ParseRow(const std::vector<std::string_view>& row, int line, const EventColumns& c,
                std::string_view filename, const ImportOptions& options,
                std::string_view body,
                std::unordered_map<std::string_view, std::string>& person_cache, Event& e) {
  // Messages never repeat a CPR-shaped value, whichever column it was found in.
  auto fail = [&](std::string_view column, const Status& st) {
    return Status(st.code(), fmt::format("{}: line {}, column {}: {}", filename, line, column,
                                         MaskCprShapes(std::string(st.message()))));
  };
  for (std::size_t i = 0; i < row.size(); ++i) {
    if (!IsValidUtf8(row[i])) {
      return fail(c.header[i], InvalidArgument("the value is not valid UTF-8"));
    }
  }
  e.event_id.assign(row[c.id]);
  if (e.event_id.empty()) return fail("event_id", InvalidArgument("empty event_id"));
  const std::string_view raw_person = row[c.person];
  if (raw_person.size() > kMaxPersonIdLength) {
    return fail("person", InvalidArgument("longer than {} characters", kMaxPersonIdLength));
  }
  auto cached = person_cache.find(raw_person);
  if (cached != person_cache.end()) {
    e.person = cached->second;
  } else {
    auto person = StoredPersonId(raw_person, options.pseudonymizer);
    if (!person.ok()) return fail("person", person.status());
    e.person = *person;
    const bool in_body = std::less_equal<const char*>()(body.data(), raw_person.data()) &&
                         std::less_equal<const char*>()(raw_person.data() + raw_person.size(),
                                                        body.data() + body.size());
    if (in_body) person_cache.emplace(raw_person, e.person);
  }
  const std::string_view k = row[c.kommune];
  int code = -1;
  auto [p, ec] = std::from_chars(k.data(), k.data() + k.size(), code);
  if (ec != std::errc() || p != k.data() + k.size() || k.size() != 3) {
    return fail("kommune", InvalidArgument("'{}' is not a 3-digit municipality code", k));
  }
  if (code <= 0 || options.reference == nullptr ||
      options.reference->MunicipalityIndex(code) < 0) {
    return fail("kommune", InvalidArgument("unknown municipality {}", k));
  }
  e.kommune = code;
  auto date = ParseIsoDate(row[c.date]);
  if (!date.ok()) {
    return fail("date", InvalidArgument("'{}' is not a date YYYY-MM-DD", row[c.date]));
  }
  e.date = DaysFromCivil(*date);
  auto type = ParseEventType(row[c.type]);
  if (!type.ok()) return fail("type", type.status());
  e.type = *type;
  if (c.attrs >= 0) {
    auto attrs = Attributes::Parse(row[c.attrs]);
    if (!attrs.ok()) return fail("attributes", attrs.status());
    e.attributes = std::move(attrs).value();
  }
  e.recorded_by.assign(row[c.by]);
  if (e.recorded_by.empty()) return fail("recorded_by", InvalidArgument("empty recorded_by"));
  if (Status st = CheckIdentifier(e.recorded_by); !st.ok()) return fail("recorded_by", st);
  auto at = ParseTimestamp(row[c.at]);
  if (!at.ok()) return fail("recorded_at", at.status());
  e.recorded_at = std::move(at).value();
  if (c.sup >= 0) e.supersedes.assign(row[c.sup]);
  if (e.supersedes == e.event_id) {
    return fail("supersedes", InvalidArgument("an event cannot supersede itself"));
  }
  if (e.type == EventType::kRetraction && e.supersedes.empty()) {
    return fail("supersedes", InvalidArgument("a retraction must name the event it retracts"));
  }
  std::string field;
  if (Status text = CheckEventText(e, &field); !text.ok()) return fail(field, text);
  // After the size checks, so that an error never repeats an oversized value.
  Status st = ValidateAttributes(e.type, e.attributes);
  if (!st.ok()) return fail("attributes", st);
  return Status::Ok();
}

// Parses the whole lines of `body`, the first being file line `first_line`. After the first
// invalid row it only looks for a malformed line: a malformed line anywhere in the file is
// reported before any invalid row, as when the whole document was read first.
void ParseChunk(std::string_view body, int first_line, const EventColumns& c,
                std::string_view filename, const ImportOptions& options, ChunkResult& out) {
  std::vector<std::string_view> fields;
  std::string scratch;
  std::unordered_map<std::string_view, std::string> person_cache;  // keys view `body`
  std::size_t pos = 0;
  int line_no = first_line - 1;
  while (pos < body.size()) {
    std::size_t eol = body.find('\n', pos);
    std::string_view line =
        body.substr(pos, eol == std::string_view::npos ? body.size() - pos : eol - pos);
    pos = eol == std::string_view::npos ? body.size() : eol + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    std::string err = SplitCsvLine(line, c.delimiter, fields, scratch);
    if (!err.empty()) {
      out.csv_error = InvalidArgument("{}, line {}: {}", filename, line_no, err);
      return;
    }
    if (fields.size() != c.header.size()) {
      out.csv_error = InvalidArgument("{}, line {}: {} fields, the header has {}", filename,
                                      line_no, fields.size(), c.header.size());
      return;
    }
    if (!out.row_error.ok()) continue;
    Status st =
        ParseRow(fields, line_no, c, filename, options, body, person_cache, out.events[out.count]);
    if (!st.ok()) {
      out.row_error = std::move(st);
      continue;
    }
    out.lines[out.count++] = line_no;
  }
}

// The first malformed line of `body` (the first being file line `first_line`), if any.
Status CheckShape(std::string_view body, int first_line, const EventColumns& c,
                  std::string_view filename) {
  std::vector<std::string_view> fields;
  std::string scratch;
  std::size_t pos = 0;
  int line_no = first_line - 1;
  while (pos < body.size()) {
    std::size_t eol = body.find('\n', pos);
    std::string_view line =
        body.substr(pos, eol == std::string_view::npos ? body.size() - pos : eol - pos);
    pos = eol == std::string_view::npos ? body.size() : eol + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    std::string err = SplitCsvLine(line, c.delimiter, fields, scratch);
    if (!err.empty()) return InvalidArgument("{}, line {}: {}", filename, line_no, err);
    if (fields.size() != c.header.size()) {
      return InvalidArgument("{}, line {}: {} fields, the header has {}", filename, line_no,
                             fields.size(), c.header.size());
    }
  }
  return Status::Ok();
}

// Takes the parsed pieces in file order while later pieces are still being parsed (the import's
// pipeline): each piece as soon as it and every piece before it are done, on the calling thread.
class PieceConsumer {
 public:
  virtual ~PieceConsumer() = default;
  // Called once before parsing with the number of pieces and of slots (lines, an upper bound on
  // the events); false: Piece is not called.
  virtual bool Begin(std::size_t pieces, std::size_t slots) = 0;
  virtual void Piece(const ChunkResult& piece) = 0;
};

// ParseEvents, handing the pieces to `consumer` (may be null) as they are done when there are
// several.
Result<ParsedEvents> ParseEventsImpl(std::string_view text, std::string_view filename,
                                     const ImportOptions& options, PieceConsumer* consumer) {
  text = StripBom(text);
  // The header: the first line that is not blank.
  EventColumns c;
  std::size_t pos = 0;
  int line_no = 0;
  bool have_header = false;
  {
    std::vector<std::string_view> fields;
    std::string scratch;
    while (pos < text.size() && !have_header) {
      std::size_t eol = text.find('\n', pos);
      std::string_view line =
          text.substr(pos, eol == std::string_view::npos ? text.size() - pos : eol - pos);
      pos = eol == std::string_view::npos ? text.size() : eol + 1;
      ++line_no;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.empty()) continue;
      c.delimiter = DetectDelimiter(line);
      std::string err = SplitCsvLine(line, c.delimiter, fields, scratch);
      if (!err.empty()) return InvalidArgument("{}, line {}: {}", filename, line_no, err);
      for (auto f : fields) c.header.emplace_back(f);
      have_header = true;
    }
  }
  if (!have_header) return InvalidArgument("{}: empty file, no header", filename);
  auto column = [&](std::string_view name) {
    for (std::size_t i = 0; i < c.header.size(); ++i) {
      if (c.header[i] == name) return static_cast<int>(i);
    }
    return -1;
  };
  const std::string_view body = text.substr(pos);
  // The rows' shape first (a malformed line anywhere is reported before a missing column, as the
  // whole document was read before), then the columns.
  for (const char* name : kRequired) {
    if (column(name) < 0) {
      RETURN_IF_ERROR(CheckShape(body, line_no + 1, c, filename));
      return InvalidArgument("{}: line 1: required column '{}' is missing", filename, name);
    }
  }
  c.id = column("event_id"), c.person = column("person"), c.kommune = column("kommune"),
  c.date = column("date"), c.type = column("type"), c.attrs = column("attributes"),
  c.by = column("recorded_by"), c.at = column("recorded_at"), c.sup = column("supersedes");
  for (const std::string& name : c.header) {
    if (!IsValidUtf8(name)) {
      RETURN_IF_ERROR(CheckShape(body, line_no + 1, c, filename));
      return InvalidArgument("{}: line 1: the header is not valid UTF-8", filename);
    }
  }
  // Pieces of whole lines, each with the file line it starts on and the index of its first slot
  // in the result (one slot per line).
  std::vector<std::pair<std::string_view, int>> pieces;
  std::vector<std::size_t> first_slot;
  std::size_t slots = 0;
  {
    std::size_t at = 0;
    int first = line_no + 1;
    while (at < body.size()) {
      std::size_t end =
          std::min(body.size(), at + std::max<std::size_t>(options.parse_piece_bytes, 1));
      if (end < body.size()) {
        std::size_t nl = body.find('\n', end);
        end = nl == std::string_view::npos ? body.size() : nl + 1;
      }
      std::string_view piece = body.substr(at, end - at);
      pieces.emplace_back(piece, first);
      const auto newlines = static_cast<std::size_t>(std::count(piece.begin(), piece.end(), '\n'));
      first += static_cast<int>(newlines);
      first_slot.push_back(slots);
      slots += newlines + (piece.back() == '\n' ? 0 : 1);
      at = end;
    }
  }
  // The events are parsed into their final vector (no copy of them afterwards): each piece fills
  // its slots, and the slots of blank lines are closed up below.
  ParsedEvents out;
  out.events.resize(slots);
  out.lines.resize(slots);
  std::vector<ChunkResult> results(pieces.size());
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    results[i].events = out.events.data() + first_slot[i];
    results[i].lines = out.lines.data() + first_slot[i];
  }
  auto parse = [&](std::size_t i) {
    ParseChunk(pieces[i].first, pieces[i].second, c, filename, options, results[i]);
  };
  if (pieces.size() <= 1) {
    for (std::size_t i = 0; i < pieces.size(); ++i) parse(i);
  } else if (consumer != nullptr && consumer->Begin(pieces.size(), slots)) {
    // The workers parse the pieces in order of submission; this thread hands each to the
    // consumer as soon as it and those before it are done.
    std::mutex mu;
    std::condition_variable cv;
    std::vector<char> done(pieces.size(), 0);
    ThreadPool pool(std::min(ThreadPool::DefaultThreads(), pieces.size()));
    for (std::size_t i = 0; i < pieces.size(); ++i) {
      pool.Submit([&, i] {
        parse(i);
        {
          std::lock_guard<std::mutex> lock(mu);
          done[i] = 1;
        }
        cv.notify_all();
      });
    }
    for (std::size_t i = 0; i < pieces.size(); ++i) {
      {
        std::unique_lock<std::mutex> lock(mu);
        cv.wait(lock, [&] { return done[i] != 0; });
      }
      consumer->Piece(results[i]);
    }
    pool.Wait();
  } else {
    ThreadPool pool(std::min(ThreadPool::DefaultThreads(), pieces.size()));
    pool.ParallelFor(pieces.size(), parse);
  }
  for (const ChunkResult& r : results) {
    if (!r.csv_error.ok()) return r.csv_error;
  }
  for (const ChunkResult& r : results) {
    if (!r.row_error.ok()) return r.row_error;
  }
  std::size_t total = 0;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const ChunkResult& r = results[i];
    if (first_slot[i] != total) {
      std::move(r.events, r.events + r.count, out.events.begin() + static_cast<std::ptrdiff_t>(total));
      std::copy(r.lines, r.lines + r.count, out.lines.begin() + static_cast<std::ptrdiff_t>(total));
    }
    total += r.count;
  }
  out.events.resize(total);
  out.lines.resize(total);
  return out;
}

}  // namespace

Result<ParsedEvents> ParseEvents(std::string_view text, std::string_view filename,
                                 const ImportOptions& options) {
  return ParseEventsImpl(text, filename, options, nullptr);
}

namespace {

// What the store checks report: the event (index), the column and the message.
using StoreFail = std::function<Status(std::size_t, const char*, std::string)>;

// The rules of CheckAgainstStore. With `opaque_targets`, a `supersedes` naming an event that is
// not stored, belongs to another citizen or was recorded by another municipality gets one and the
// same answer, so that the answer tells nothing about other municipalities' events.
// A null `store` stands for one known to hold no events.
Status CheckEvents(const std::vector<Event>& events, const std::vector<int>& lines,
                   EventStore* store, bool opaque_targets, const StoreFail& fail) {
  // Repeated ids inside the file (none when the ids ascend strictly, as an export's usually do:
  // then one pass of comparisons replaces the table).
  if (!internal::IdsStrictlyAscending(events)) {
    std::unordered_map<std::string_view, std::size_t> first_row;
    first_row.reserve(events.size());
    for (std::size_t i = 0; i < events.size(); ++i) {
      auto [it, inserted] = first_row.emplace(events[i].event_id, i);
      if (!inserted && !events[it->second].SameContent(events[i])) {
        return fail(i, "event_id",
                    fmt::format("event_id '{}' is used on line {} for a different event",
                                events[i].event_id, lines[it->second]));
      }
    }
  }
  // What the store already holds for these persons and these superseded ids (nothing to ask when
  // the store is empty, as for a first import).
  bool any_stored = false;
  if (store != nullptr) {
    ASSIGN_OR_RETURN(any_stored, store->HasEvents());
  }
  std::vector<std::string> persons;
  std::vector<std::string> superseded_ids;
  std::unordered_set<std::string_view> wanted;  // ids some event of the file supersedes
  {
    std::unordered_set<std::string_view> seen;
    for (const Event& e : events) {
      if (any_stored && seen.insert(e.person).second) persons.push_back(e.person);
      if (!e.supersedes.empty()) {
        superseded_ids.push_back(e.supersedes);
        wanted.insert(e.supersedes);
      }
    }
  }
  std::vector<Event> stored, targets;
  if (any_stored) {
    ASSIGN_OR_RETURN(stored, store->EventsOfPersons(persons, std::nullopt));
    if (!superseded_ids.empty()) {
      ASSIGN_OR_RETURN(targets, store->EventsWithIds(superseded_ids));
    }
  }
  persons = {};
  std::unordered_map<std::string_view, const Event*> by_id;
  for (const Event& e : targets) by_id[e.event_id] = &e;
  for (const Event& e : stored) by_id[e.event_id] = &e;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const Event& e = events[i];
    if (!e.supersedes.empty()) {
      auto it = by_id.find(e.supersedes);
      const bool missing = it == by_id.end();
      const bool other_citizen = !missing && it->second->person != e.person;
      const bool other_kommune = !missing && it->second->kommune != e.kommune;
      if (opaque_targets && (missing || other_citizen || other_kommune)) {
        return fail(i, "supersedes",
                    "no event of this citizen recorded by this municipality has that id");
      }
      if (missing) {
        return fail(
            i, "supersedes",
            fmt::format("event '{}' is not stored and not earlier in the file", e.supersedes));
      }
      if (other_citizen) {
        return fail(i, "supersedes",
                    fmt::format("event '{}' belongs to another citizen", e.supersedes));
      }
      if (other_kommune) {
        return fail(i, "supersedes",
                    fmt::format("event '{}' was recorded by municipality {:03d}; only the "
                                "municipality that recorded an event may correct or retract it",
                                e.supersedes, it->second->kommune));
      }
      if (it->second->recorded_at > e.recorded_at) {
        return fail(i, "recorded_at",
                    fmt::format("recorded before the event '{}' it corrects", e.supersedes));
      }
    }
    // Only ids a later event may name are looked up.
    if (wanted.count(e.event_id) != 0) by_id.emplace(e.event_id, &e);
  }
  // Earliest visitation of each person, counting only events that still count (as
  // EffectiveEvents of the stored and the new events together: a visitation superseded or
  // retracted by any of them does not count).
  std::unordered_set<std::string_view> superseded;
  for (const Event& e : stored) {
    if (!e.supersedes.empty()) superseded.insert(e.supersedes);
  }
  for (const Event& e : events) {
    if (!e.supersedes.empty()) superseded.insert(e.supersedes);
  }
  std::unordered_map<std::string_view, DayNumber> first_visit;
  auto visit = [&](const Event& e) {
    if (e.type != EventType::kVisitation || superseded.count(e.event_id) != 0) return;
    auto [it, inserted] = first_visit.emplace(e.person, e.date);
    if (!inserted) it->second = std::min(it->second, e.date);
  };
  for (const Event& e : stored) visit(e);
  for (const Event& e : events) visit(e);
  for (std::size_t i = 0; i < events.size(); ++i) {
    const Event& e = events[i];
    if (!NeedsVisitation(e.type)) continue;
    auto it = first_visit.find(e.person);
    if (it == first_visit.end()) {
      return fail(i, "person",
                  fmt::format("citizen unknown: no visitation for this citizen before the {} event",
                              EventTypeName(e.type)));
    }
    if (e.date < it->second) {
      return fail(i, "date",
                  fmt::format("{} on {} is before the citizen's visitation on {}",
                              EventTypeName(e.type), FormatIsoDate(CivilFromDays(e.date)),
                              FormatIsoDate(CivilFromDays(it->second))));
    }
  }
  return Status::Ok();
}

}  // namespace

namespace {

// CheckAgainstStore; a null `store` stands for one known to hold no events.
Status CheckFile(const ParsedEvents& parsed, std::string_view filename, EventStore* store) {
  return CheckEvents(parsed.events, parsed.lines, store, /*opaque_targets=*/false,
                     [&](std::size_t i, const char* column, std::string message) {
                       return InvalidArgument("{}: line {}, column {}: {}", filename,
                                              parsed.lines[i], column,
                                              MaskCprShapes(std::move(message)));
                     });
}

// The import's pipeline into a store that holds no events: each piece's events are inserted
// (PipelinedAppend) while the later pieces are parsed. It stops inserting at the first piece
// with an error (the import fails; the append is rolled back) and at the first event id that is
// not greater than the one before, or at a store error (`fallback`: the append is rolled back and
// the file appended as a whole, which finds repeated ids and reports the store's error in its
// place).
class PipelineWriter final : public PieceConsumer {
 public:
  PipelineWriter(EventStore& store, const ImportInfo& info) : store_(store), info_(info) {}

  bool Begin(std::size_t pieces, std::size_t slots) override {
    (void)pieces;
    auto append = internal::BeginPipelinedAppend(store_, info_, slots);
    // A store error here comes back from the whole-file path, in its place after the file's own
    // errors.
    if (!append.ok() || *append == nullptr) return false;
    append_ = std::move(append).value();
    return true;
  }

  void Piece(const ChunkResult& piece) override {
    if (!writing_) return;
    if (!piece.csv_error.ok() || !piece.row_error.ok()) {
      writing_ = false;
      return;
    }
    for (std::size_t i = 0; i < piece.count; ++i) {
      const std::string& id = piece.events[i].event_id;
      if (last_id_ != nullptr && !(*last_id_ < id)) {
        writing_ = false;
        fallback_ = true;
        return;
      }
      last_id_ = &id;
    }
    if (!append_->Add(piece.events, piece.count).ok()) {
      writing_ = false;
      return;
    }
    added_ += piece.count;
  }

  // The pipelined append, when every event went in (else null: rolled back).
  std::unique_ptr<internal::PipelinedAppend> TakeAppend(std::size_t events) {
    if (append_ != nullptr && (fallback_ || added_ != events)) append_.reset();
    return std::move(append_);
  }

 private:
  EventStore& store_;
  const ImportInfo& info_;
  std::unique_ptr<internal::PipelinedAppend> append_;
  bool writing_ = true;
  bool fallback_ = false;
  const std::string* last_id_ = nullptr;
  std::size_t added_ = 0;
};

}  // namespace

Status CheckAgainstStore(const ParsedEvents& parsed, std::string_view filename, EventStore& store) {
  return CheckFile(parsed, filename, &store);
}

Status CheckAppendAgainstStore(const Event& event, EventStore& store) {
  return CheckEvents({event}, {0}, &store, /*opaque_targets=*/true,
                     [](std::size_t, const char* column, std::string message) {
                       return InvalidArgument("{}: {}", column, MaskCprShapes(std::move(message)));
                     });
}

Result<ImportReport> ImportEventsFile(const std::string& path, EventStore& store,
                                      const ImportOptions& options) {
  ASSIGN_OR_RETURN(auto in, InputStream::Open(path));
  std::string text;
  if (in->compression() == Compression::kNone) text.reserve(in->compressed_size() + 1);
  std::vector<char> buf(1 << 20);
  for (;;) {
    ASSIGN_OR_RETURN(std::size_t n, in->Read(buf.data(), buf.size()));
    if (n == 0) break;
    text.append(buf.data(), n);
  }
  const ImportInfo info{path, options.imported_by, "", options.data_as_of};
  // Into a store holding no events, the pieces parsed first are inserted while the rest are
  // parsed, in the one transaction, which is rolled back on any error (PipelineWriter); the store
  // checks run after the last row, before the commit, with the same errors in the same order.
  PipelineWriter writer(store, info);
  ASSIGN_OR_RETURN(ParsedEvents parsed, ParseEventsImpl(text, path, options, &writer));
  std::string().swap(text);  // the events hold their own copies
  ImportReport report;
  report.rows = static_cast<std::int64_t>(parsed.events.size());
  if (std::unique_ptr<internal::PipelinedAppend> append = writer.TakeAppend(parsed.events.size())) {
    RETURN_IF_ERROR(CheckFile(parsed, path, /*store=*/nullptr));  // empty at the transaction's start
    ASSIGN_OR_RETURN(AppendResult r, append->Finish());
    report.added = r.added;
    report.skipped = r.skipped;
    return report;
  }
  // Not pipelined, or rolled back (an id not above the one before, a store error while
  // inserting): the file is checked and appended as a whole.
  RETURN_IF_ERROR(CheckAgainstStore(parsed, path, store));
  ASSIGN_OR_RETURN(AppendResult r, store.Append(parsed.events, info));
  report.added = r.added;
  report.skipped = r.skipped;
  return report;
}

namespace {
// A text cell: formula-like text gets a leading apostrophe (SpreadsheetSafeText), then quoted
// where needed.
std::string CsvField(std::string_view text) {
  const std::string s = SpreadsheetSafeText(text);
  if (s.find_first_of(";\"\n\r") == std::string_view::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}
}  // namespace

std::string EventsToCsv(const std::vector<Event>& events) {
  std::string out =
      "event_id;person;kommune;date;type;attributes;recorded_by;recorded_at;supersedes\n";
  for (const Event& e : events) {
    out += fmt::format("{};{};{:03d};{};{};{};{};{};{}\n", CsvField(e.event_id), CsvField(e.person),
                       e.kommune, FormatIsoDate(CivilFromDays(e.date)), EventTypeName(e.type),
                       CsvField(e.attributes.ToString()), CsvField(e.recorded_by), e.recorded_at,
                       CsvField(e.supersedes));
  }
  return out;
}

}  // namespace fremdrift::cases
