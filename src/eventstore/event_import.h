// Importing case events from a CSV file (docs/formats/events.md): every row is validated (columns,
// types, dates, municipality, attributes; large files in pieces on several threads), then checked
// against the store (citizen known through a visitation, no event before the citizen's visitation,
// superseded events exist), and the whole file is appended in one transaction — all or nothing.
// Errors name the file, line and column (the first malformed line, else the first invalid row).
// Thread-safety: the functions are reentrant; the store is used by the calling thread only.
#pragma once

#include <string>
#include <vector>

#include "eventstore/event.h"
#include "eventstore/event_store.h"
#include "common/status.h"
#include "domain/pseudonym.h"
#include "domain/reference.h"

namespace fremdrift::cases {

struct ImportOptions {
  const ReferenceData* reference = nullptr;      // municipalities; required
  const Pseudonymizer* pseudonymizer = nullptr;  // CPR/lobenr → pseudonym; null = ids kept as given
  std::string imported_by;                       // who runs the import
  std::string data_as_of = {};  // "YYYY-MM-DD": the source holds events up to this day, or empty
  // Rows are parsed in pieces of about this many bytes, in parallel (FREMDRIFT_THREADS threads)
  // when there is more than one; errors are the same as for one piece.
  std::size_t parse_piece_bytes = 4 << 20;
};

struct ParsedEvents {
  std::vector<Event> events;
  std::vector<int> lines;  // file line of each event
};

struct ImportReport {
  std::int64_t rows = 0;
  std::int64_t added = 0;
  std::int64_t skipped = 0;  // already stored
};

// Parses and validates rows on their own (no store needed). `filename` names the file in errors.
Result<ParsedEvents> ParseEvents(std::string_view text, std::string_view filename,
                                 const ImportOptions& options);

// Checks the parsed events against each other and the store's contents: a `supersedes` names an
// event stored or earlier in the file, of the same citizen, recorded by the same municipality and
// no later; every event but the listed types follows a visitation of the citizen.
Status CheckAgainstStore(const ParsedEvents& parsed, std::string_view filename, EventStore& store);

// The same rules for one event appended through the API, whose `kommune` is the writer's own:
// a `supersedes` (or retraction) must name a stored event of the same citizen recorded by the
// same municipality (one answer for "not stored", "another citizen" and "another municipality",
// so nothing is told about other municipalities' events); the citizen must be known (visitation)
// as at import. Errors read "FIELD: message" and never hold a CPR-shaped value.
Status CheckAppendAgainstStore(const Event& event, EventStore& store);

// ParseEvents + CheckAgainstStore + one Append. The file may be gzip- or zstd-compressed.
Result<ImportReport> ImportEventsFile(const std::string& path, EventStore& store,
                                      const ImportOptions& options);

// OK unless `id` begins as a spreadsheet formula would ('=', '+', '-', '@', tab, CR). Person ids
// and recorded_by are refused at import when they do (event ids must begin with a letter or a
// digit anyway), so every stored id is written to an events file as it is.
Status CheckIdentifier(std::string_view id);

// The person id as stored: the pseudonym's hex digits when a pseudonymizer is given, else the id
// itself (a CPR number, or an id CheckIdentifier refuses, is refused without a pseudonymizer).
Result<std::string> StoredPersonId(std::string_view id, const Pseudonymizer* pseudonymizer);

// Writes events as CSV in the import layout (`events list`). Text cells that a spreadsheet would
// read as a formula (starting with = + - @ TAB CR) get a leading apostrophe.
std::string EventsToCsv(const std::vector<Event>& events);

}  // namespace fremdrift::cases
