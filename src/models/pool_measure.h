// The pools' measurement systems over CaseData, each returning a Table: monthly indicators per
// municipality and for all municipalities together ("landsplan"), the payout status, caseloads
// against the cap, deadlines (on time, late, overdue) and steps reached. All driven by an
// EffortModel; all "as of" the CaseData's time. Pure functions; thread-safe.
#pragma once

#include "eventstore/case_data.h"
#include "models/effort_model.h"
#include "domain/reference.h"
#include "table/table.h"

namespace fremdrift::cases {

struct PoolQuery {
  MonthIndex from = -1;  // -1: the model's period (clipped at the "as of" month)
  MonthIndex to = -1;
  const ReferenceData* reference = nullptr;  // municipality names; may be null
  std::vector<int> kommuner;                 // only these (empty: all in the store)
};

// Columns: periode, kommune, omraade, indikator, beskrivelse, taeller, naevner, andel (pct).
Result<Table> PoolIndicators(const EffortModel& model, const CaseData& data, const PoolQuery& q);

// Per municipality: best month of the payout indicator, the tier reached and the amount due.
Result<Table> PoolPayout(const EffortModel& model, const CaseData& data, const PoolQuery& q);

// Per month, municipality and caseworker: active cases against the warning level and the cap.
Result<Table> PoolCaseload(const EffortModel& model, const CaseData& data, const PoolQuery& q);

// One row per deadline started: start, deadline, met on, status (overholdt, for_sent,
// overskredet, aaben).
Result<Table> PoolDeadlines(const EffortModel& model, const CaseData& data, const PoolQuery& q);

// Per month and municipality: citizens who have reached each step.
Result<Table> PoolSteps(const EffortModel& model, const CaseData& data, const PoolQuery& q);

}  // namespace fremdrift::cases
