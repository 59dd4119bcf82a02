// The payout status of a stored pool grant: the pool's payout indicator month by month for the
// grant's municipality (from the effort model's measurement over the case events), the tier
// reached in the best month and the amount due, capped by the documented expenses of the interim
// and final accounts when they are stored, and what the grant pays at each tier. The payout rule
// is the grant's stored rates, else the model's [payout]. Pure functions; thread-safe.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "eventstore/case_data.h"
#include "models/effort_model.h"
#include "models/pool_measure.h"
#include "finance/finance_store.h"
#include "domain/reference.h"
#include "finance/payout.h"
#include "table/table.h"

namespace fremdrift::cases {

struct IndicatorMonth {
  MonthIndex month = 0;
  std::int64_t numerator = 0, denominator = 0;
  double share_pct = 0;           // NaN when the denominator is 0
  double national_share_pct = 0;  // all municipalities in the store ("landsplan"); NaN when none
};

struct TierPayout {
  std::string label;     // "Under 15 %", "Mindst 15 %", ...
  double threshold_pct;  // -1 for "no tier"
  PayoutResult payout;
};

struct GrantPayoutStatus {
  StoredGrant grant;
  PayoutRule rule;
  std::string rule_source;  // "tilsagnets rater" or "modellen fsm2"
  std::string indicator;    // indicator id in the model ("udbetaling")
  std::string indicator_label;
  std::vector<IndicatorMonth> months;       // the project period up to the data's "as of"
  PayoutResult now;                         // by the best month so far, capped by the accounts
  std::vector<TierPayout> tiers;            // the grant at no tier and at each tier (uncapped)
  std::vector<std::string> split_problems;  // CheckSplit of the stored appropriations
};

// Computes the pool indicators a payout status reads (PoolIndicators when none is given); the
// server passes one that keeps them between requests.
using PoolIndicatorFn =
    std::function<Result<Table>(const EffortModel&, const CaseData&, const PoolQuery&)>;

// `model` and `data` may be null (no measurement: the months stay empty and no tier is reached).
// `to`: the last month measured (-1: the model's period, clipped at the data's "as of").
Result<GrantPayoutStatus> ComputeGrantPayout(const StoredGrant& grant, const EffortModel* model,
                                             const CaseData* data, const ReferenceData* reference,
                                             MonthIndex to = -1,
                                             const PoolIndicatorFn& indicators = nullptr);

// One row per tier: trin, taerskel, rate1, rate2, i_alt, ikke_udbetalt, naaet ("ja" on the tier
// reached now).
Table GrantTierTable(const GrantPayoutStatus& status);
// One row per grant: id, kommune, pulje, tilskud, projektperiode, bevilget (sum of appropriations),
// bedste_maaned, andel, trin, udbetaling, paa_spil.
Table GrantsTable(const std::vector<GrantPayoutStatus>& statuses);
// One row per year and service area: aar, serviceomraade, indtaegt, udgift.
Table AppropriationsTable(const StoredGrant& grant);

}  // namespace fremdrift::cases
