// The `indsatsplaner` measurement (Brug for alle, as presented to Herning Kommune's
// Beskæftigelsesudvalg on 22.8.2012): per month and municipality, of the citizens in an effort (an
// open visitation on the reference day), how many have a plan, how many a plan with a concrete
// goal, and how many plans cover each domain of activity (the latest plan counts). Pure;
// thread-safe.
#pragma once

#include "eventstore/case_data.h"
#include "models/pool_measure.h"
#include "table/table.h"

namespace fremdrift::cases {

// Columns: periode, kommune, omraade, opgoerelse, personer, andel (pct of the citizens in an
// effort). `q.from`/`q.to` are required (no model period here).
Result<Table> Indsatsplaner(const CaseData& data, const PoolQuery& q);

}  // namespace fremdrift::cases
