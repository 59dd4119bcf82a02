// libFuzzer target for the register CSV reader: the first line is parsed as a register header,
// every further line as a row (field splitting, CPR/date/sex/municipality/code parsing, spells).
// The header may be in the yearly layout (y_01..y_53, taken as weeks of 2020), and inputs of odd
// length keep unknown codes (--unknown-codes=keep) instead of refusing them.
// Also feeds the whole input to the small-document CSV parser. Any crash, sanitizer report or
// broken invariant is a bug; crashing inputs go into fuzz/crashes/register/ as regression inputs.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/check.h"
#include "common/csv.h"
#include "domain/reference.h"
#include "registry/register_header.h"
#include "registry/row_parser.h"

using namespace fremdrift;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const ReferenceData* ref = new ReferenceData(*ReferenceData::LoadEmbedded());
  static const Pseudonymizer* pseudo = new Pseudonymizer("fuzz key");
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)ParseCsvDocument(text, "fuzz.csv");

  text = StripBom(text);
  std::size_t eol = text.find('\n');
  std::string_view header = text.substr(0, eol);
  const char delim = DetectDelimiter(header);
  std::vector<std::string_view> fields;
  std::string scratch;
  if (!SplitCsvLine(header, delim, fields, scratch).empty()) return 0;
  auto layout = ParseRegisterHeader(fields, "fuzz.csv", {}, 2020);
  if (!layout.ok()) return 0;
  RowParser parser(*layout, *ref, *pseudo, size % 2 ? UnknownCodes::kKeep : UnknownCodes::kError);
  PersonBatch batch;
  RowStats stats;
  std::uint64_t row = 1;
  while (eol != std::string_view::npos) {
    std::size_t start = eol + 1;
    eol = text.find('\n', start);
    std::string_view line =
        text.substr(start, eol == std::string_view::npos ? text.npos : eol - start);
    ++row;
    std::vector<std::string_view> f;
    std::string s2;
    if (!SplitCsvLine(line, delim, f, s2).empty()) continue;
    RowError err;
    const std::size_t before = batch.spell_start.size();
    if (parser.Parse(f, row, batch, stats, err)) {
      // Invariants: spells ordered, inside the header's weeks, codes known.
      const int span = layout->last_week - layout->first_week;
      for (std::size_t i = before; i < batch.spell_start.size(); ++i) {
        FREMDRIFT_CHECK(batch.spell_start[i] <= batch.spell_end[i]);
        FREMDRIFT_CHECK(batch.spell_end[i] <= span);
        FREMDRIFT_CHECK(ref->CodeIndex(batch.spell_code[i]) >= 0);
        if (i > before) FREMDRIFT_CHECK(batch.spell_start[i] > batch.spell_end[i - 1]);
      }
    } else {
      FREMDRIFT_CHECK(!err.message.empty());
    }
  }
  return 0;
}
