// PublishPlan: which measurements of the catalogue `fremdrift publish` writes to PostgreSQL, with
// which parameters, and which it leaves out and why. Only aggregate measurements (level aggregate
// for the parameters used) are published; staff- and citizen-level ones never are. A measurement
// whose input is missing (no --store, no --db, no population) or that needs a parameter publish
// cannot give is left out with a reason. A measurement whose `kommune` parameter is required (one
// municipality per call, e.g. sammenligning) is computed once per given municipality.
// Thread-safety: pure functions over value types.
#pragma once

#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "common/status.h"

namespace fremdrift::publish {

// What the command line asked for (each part empty = the measurements' own defaults).
struct PublishRequest {
  std::vector<int> kommuner;
  std::string from;  // YYYY-MM
  std::string to;    // YYYY-MM
};

struct PlannedTable {
  const catalog::Measurement* measurement = nullptr;
  std::string table;                   // SQL table name: the id with '-' → '_'
  std::vector<catalog::Params> calls;  // one, or one per municipality
  std::string defaults;                // "age=16-66&area=kommune": declared defaults not given
};

struct LeftOut {
  std::string measurement;
  std::string reason;  // English, for the progress lines
};

struct PublishPlan {
  std::vector<PlannedTable> tables;  // in catalogue order
  std::vector<LeftOut> left_out;
};

// The SQL table name of a measurement id ("fsm2-udbetaling" → "fsm2_udbetaling"); InvalidArgument
// when the result is not a plain lower-case identifier of at most 63 bytes or is taken by the
// schema's own tables (noter, publicering).
Result<std::string> TableNameFor(std::string_view measurement_id);

// InvalidArgument for a bad request (a month that is not YYYY-MM, --to before --from, an unknown
// municipality code, a catalogue id that makes no table name).
Result<PublishPlan> MakePublishPlan(const catalog::MeasurementRegistry& registry,
                                    const catalog::MeasureContext& ctx,
                                    const PublishRequest& request);

}  // namespace fremdrift::publish
