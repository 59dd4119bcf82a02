// Reads one jobindsats API v2 data response (`POST /v2/data/{table}/json`: a JSON list whose
// elements hold "Variables", each with a "Label", and "Data", rows of values in the same order;
// docs/formats/jobindsats.md) into official figures in fremdrift's terms: the period as fremdrift
// writes it, the area as its label (municipality code, RAR area, region, "Hele landet"), the
// benefit group, the breakdown and the measure. The table comes from the caller: a response does
// not name it. Every problem is an InvalidArgument naming the source (file or request) and the
// place (row, column); the key refusal ("Forkert nøgle eller nøglen er udløbet.") is recognised
// in whatever wrapping it arrives. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "domain/reference.h"
#include "official/jobindsats_tables.h"

namespace fremdrift::official {

// One official figure.
struct OfficialFigure {
  std::string table;            // "Y07A02"
  std::string period;           // "2020-12", "2020-Q4", "2020", or a benchmark "2023QMAT04"
  std::string period_official;  // as jobindsats wrote it: "2020M12"
  std::string area;             // fremdrift's area label: "657", "RAR Vestjylland", "Hele landet"
  std::string area_official;    // as jobindsats wrote it: "Herning"
  std::string ydelsesgruppe;    // fremdrift's group or series; the benchmark's group id
  std::string breakdown;        // "" for the whole area; else "Køn=Kvinder; Herkomst=..."
  std::string measure;          // "fuldtidspersoner", "placering", ...
  double value = 0;
  int row = 0;                  // 1-based row of the response's Data
};

// The sentence jobindsats answers a wrong or expired key with.
inline constexpr std::string_view kBadKeySentence = "Forkert nøgle eller nøglen er udløbet.";

// True when `text` holds the bad-key sentence (as UTF-8 or with JSON \u escapes, any case of
// its ASCII letters, with or without the full stop).
bool IsBadKeyAnswer(std::string_view text);

// jobindsats' period text → fremdrift's: "2020M12" → "2020-12", "2020Q4" → "2020-Q4",
// "2020H2" → "2020-H2", "2020" → "2020"; the benchmark's "2023QMAT04" (the 12 months up to the
// end of quarter 4) is kept as it is. InvalidArgument otherwise.
Result<std::string> PeriodFromJobindsats(std::string_view text);

// A number cell: a JSON number, or a string "1234", "1234.5", "1.234,5" or "-3,2".
// InvalidArgument for any other text. (null, "" and ".." are "not published" and are handled
// by the caller.)
Result<double> ParseNumberText(std::string_view text);

// Parses `text`, the response for `table`, read from `source` (a file name or the request).
Result<std::vector<OfficialFigure>> ParseJobindsatsResponse(std::string_view text,
                                                            const JobindsatsTable& table,
                                                            std::string_view source,
                                                            const ReferenceData& reference);

}  // namespace fremdrift::official
