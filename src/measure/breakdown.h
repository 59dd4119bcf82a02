// Breakdowns (fordelingsvariable, specs/measurements.md): a register measurement's table with,
// beside its total rows, the same rows for each category of koen (mand, kvinde, ukendt), alder
// (the standard bands inside the query's age band, by the forløb age rule), herkomst or another
// background column kept in the store, and visitation (jobparat, aktivitetsparat, uden: the
// code's match category). Each part is the measurement computed on a narrowed query (FtpQuery's
// subset or age band), so each breakdown's rows sum to the total row. Thread-safe: pure functions
// over immutable inputs.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "measure/fuldtidspersoner.h"
#include "registry/spell_store.h"
#include "table/table.h"

namespace fremdrift {

// The breakdown names every store has; a background column kept with `ingest --keep-column` is one
// too, by its name.
inline constexpr std::string_view kBreakdownKoen = "koen";
inline constexpr std::string_view kBreakdownAlder = "alder";
inline constexpr std::string_view kBreakdownHerkomst = "herkomst";
inline constexpr std::string_view kBreakdownVisitation = "visitation";

struct BreakdownPart {
  std::string kategori;  // "mand", "16-19", "jobparat", a kept column's value, "ukendt"
  FtpQuery query;        // the total's query narrowed to the part
};

struct Breakdown {
  std::string dimension;  // "koen", "alder", "herkomst", "visitation" or a kept column's name
  std::vector<BreakdownPart> parts;
  std::vector<std::string> notes;  // Danish: what the breakdown is from
};

// The breakdowns `by` names (in that order, each once), over the total query `q`. InvalidArgument
// for a name that is no breakdown of this store, or alder without an age band.
Result<std::vector<Breakdown>> PlanBreakdowns(const SpellStore& store, const FtpQuery& q,
                                              const std::vector<std::string>& by);

// The age bands of the alder breakdown inside `band`: 16-19, 20-24, ..., 60-64, 65-66, cut to the
// band (and bands below 16 or above 66 when the band reaches there).
std::vector<AgeBand> StandardAgeBands(const AgeBand& band);

// fn(q) with its rows for each breakdown of `by`: the columns `dimension` and `kategori` follow
// fn's dimension columns; total rows have dimension and kategori "i_alt". Rows are ordered by fn's
// dimension columns, the total first. Notes are the parts' notes, each once, and the breakdowns'.
// No `by`: fn(q) as it is.
using MeasureFn = std::function<Result<Table>(const FtpQuery&)>;
Result<Table> WithBreakdowns(const SpellStore& store, const FtpQuery& q,
                             const std::vector<std::string>& by, const MeasureFn& fn);

}  // namespace fremdrift
