// CSV import of case events (see event_import.h).
#include "eventstore/event_import.h"

#include <algorithm>
#include <charconv>
#include <functional>
#include <unordered_map>
#include <unordered_set>

#include "common/csv.h"
#include "common/input_stream.h"
#include "domain/cpr.h"

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

Result<ParsedEvents> ParseEvents(std::string_view text, std::string_view filename,
                                 const ImportOptions& options) {
  ASSIGN_OR_RETURN(CsvDocument doc, ParseCsvDocument(StripBom(text), filename));
  for (const char* name : kRequired) {
    if (doc.Column(name) < 0) {
      return InvalidArgument("{}: line 1: required column '{}' is missing", filename, name);
    }
  }
  const int c_id = doc.Column("event_id"), c_person = doc.Column("person"),
            c_kommune = doc.Column("kommune"), c_date = doc.Column("date"),
            c_type = doc.Column("type"), c_attrs = doc.Column("attributes"),
            c_by = doc.Column("recorded_by"), c_at = doc.Column("recorded_at"),
            c_sup = doc.Column("supersedes");
  for (const std::string& name : doc.header) {
    if (!IsValidUtf8(name)) return InvalidArgument("{}: line 1: the header is not valid UTF-8", filename);
  }
  ParsedEvents out;
  out.events.reserve(doc.rows.size());
  out.lines.reserve(doc.rows.size());
  std::unordered_map<std::string, std::string> person_cache;
  for (std::size_t i = 0; i < doc.rows.size(); ++i) {
    const auto& row = doc.rows[i];
    const int line = doc.line_numbers[i];
    // Messages never repeat a CPR-shaped value, whichever column it was found in.
    auto fail = [&](std::string_view column, const Status& st) {
      return Status(st.code(), fmt::format("{}: line {}, column {}: {}", filename, line, column,
                                           MaskCprShapes(std::string(st.message()))));
    };
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (!IsValidUtf8(row[c])) {
        return fail(doc.header[c], InvalidArgument("the value is not valid UTF-8"));
      }
    }
    Event e;
    e.event_id = row[c_id];
    if (e.event_id.empty()) return fail("event_id", InvalidArgument("empty event_id"));
    const std::string& raw_person = row[c_person];
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
      person_cache.emplace(raw_person, e.person);
    }
    const std::string& k = row[c_kommune];
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
    auto date = ParseIsoDate(row[c_date]);
    if (!date.ok()) {
      return fail("date", InvalidArgument("'{}' is not a date YYYY-MM-DD", row[c_date]));
    }
    e.date = DaysFromCivil(*date);
    auto type = ParseEventType(row[c_type]);
    if (!type.ok()) return fail("type", type.status());
    e.type = *type;
    if (c_attrs >= 0) {
      auto attrs = Attributes::Parse(row[c_attrs]);
      if (!attrs.ok()) return fail("attributes", attrs.status());
      e.attributes = std::move(attrs).value();
    }
    e.recorded_by = row[c_by];
    if (e.recorded_by.empty()) return fail("recorded_by", InvalidArgument("empty recorded_by"));
    if (Status st = CheckIdentifier(e.recorded_by); !st.ok()) return fail("recorded_by", st);
    auto at = ParseTimestamp(row[c_at]);
    if (!at.ok()) return fail("recorded_at", at.status());
    e.recorded_at = *at;
    if (c_sup >= 0) e.supersedes = row[c_sup];
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
    out.events.push_back(std::move(e));
    out.lines.push_back(line);
  }
  return out;
}

namespace {

// What the store checks report: the event (index), the column and the message.
using StoreFail = std::function<Status(std::size_t, const char*, std::string)>;

// The rules of CheckAgainstStore. With `opaque_targets`, a `supersedes` naming an event that is
// not stored, belongs to another citizen or was recorded by another municipality gets one and the
// same answer, so that the answer tells nothing about other municipalities' events.
Status CheckEvents(const std::vector<Event>& events, const std::vector<int>& lines,
                   EventStore& store, bool opaque_targets, const StoreFail& fail) {
  // Repeated ids inside the file.
  std::unordered_map<std::string_view, std::size_t> first_row;
  for (std::size_t i = 0; i < events.size(); ++i) {
    auto [it, inserted] = first_row.emplace(events[i].event_id, i);
    if (!inserted && !events[it->second].SameContent(events[i])) {
      return fail(i, "event_id",
                  fmt::format("event_id '{}' is used on line {} for a different event",
                              events[i].event_id, lines[it->second]));
    }
  }
  // What the store already holds for these persons and these superseded ids.
  std::vector<std::string> persons;
  std::vector<std::string> superseded_ids;
  {
    std::unordered_set<std::string_view> seen;
    for (const Event& e : events) {
      if (seen.insert(e.person).second) persons.push_back(e.person);
      if (!e.supersedes.empty()) superseded_ids.push_back(e.supersedes);
    }
  }
  ASSIGN_OR_RETURN(std::vector<Event> stored, store.EventsOfPersons(persons, std::nullopt));
  ASSIGN_OR_RETURN(std::vector<Event> targets, store.EventsWithIds(superseded_ids));
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
    by_id.emplace(e.event_id, &e);
  }
  // Earliest visitation of each person, counting only events that still count.
  std::vector<Event> all = stored;
  all.insert(all.end(), events.begin(), events.end());
  std::unordered_map<std::string, DayNumber> first_visit;
  for (const Event& e : EffectiveEvents(std::move(all))) {
    if (e.type != EventType::kVisitation) continue;
    auto [it, inserted] = first_visit.emplace(e.person, e.date);
    if (!inserted) it->second = std::min(it->second, e.date);
  }
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

Status CheckAgainstStore(const ParsedEvents& parsed, std::string_view filename, EventStore& store) {
  return CheckEvents(parsed.events, parsed.lines, store, /*opaque_targets=*/false,
                     [&](std::size_t i, const char* column, std::string message) {
                       return InvalidArgument("{}: line {}, column {}: {}", filename,
                                              parsed.lines[i], column,
                                              MaskCprShapes(std::move(message)));
                     });
}

Status CheckAppendAgainstStore(const Event& event, EventStore& store) {
  return CheckEvents({event}, {0}, store, /*opaque_targets=*/true,
                     [](std::size_t, const char* column, std::string message) {
                       return InvalidArgument("{}: {}", column, MaskCprShapes(std::move(message)));
                     });
}

Result<ImportReport> ImportEventsFile(const std::string& path, EventStore& store,
                                      const ImportOptions& options) {
  ASSIGN_OR_RETURN(auto in, InputStream::Open(path));
  std::string text;
  std::vector<char> buf(1 << 20);
  for (;;) {
    ASSIGN_OR_RETURN(std::size_t n, in->Read(buf.data(), buf.size()));
    if (n == 0) break;
    text.append(buf.data(), n);
  }
  ASSIGN_OR_RETURN(ParsedEvents parsed, ParseEvents(text, path, options));
  RETURN_IF_ERROR(CheckAgainstStore(parsed, path, store));
  ASSIGN_OR_RETURN(AppendResult r, store.Append(parsed.events,
                                                 {path, options.imported_by, "", options.data_as_of}));
  ImportReport report;
  report.rows = static_cast<std::int64_t>(parsed.events.size());
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
