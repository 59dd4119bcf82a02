// From the measurements' Tables to the document builders' inputs: the key figures from
// `measure sammenligning` (one section per benefit group with its committee sentences and a chart
// of the municipality, its RAR area and the whole country), the quarterly ressourceforløb tables
// from `measure ressourceforloeb` (pivoted: quarters as columns), and the FSM2 status from a
// stored grant's payout status and `measure fsm2`. Thread-safety: pure functions.
#pragma once

#include <map>
#include <string>

#include "models/grant_payout.h"
#include "common/status.h"
#include "domain/reference.h"
#include "table/table.h"
#include "report/measurement_reports.h"

namespace fremdrift {

// `comparison`: the Sammenligning Table of one municipality over the months shown (the last
// period is the one reported on). `municipality`: the municipality's name ("Herning").
Result<KeyFiguresInput> KeyFiguresFromComparison(const Table& comparison,
                                                 const std::string& municipality,
                                                 const MeetingInfo& meeting);

// `measure`: RessourceforloebTable for quarters; `area`: the area label to report on;
// `quarters`: the columns ("2018-Q1", ...; empty: the quarters in the data), so a quarter without
// any forløb still shows its zeros; `names`: Danish names of the categories (benefit group ids
// such as "kontanthjaelp" -> "Kontanthjælp"; see ResourceCategoryNames).
Result<ResourceCourseInput> ResourceCourseFromMeasure(
    const Table& measure, const std::string& area, const MeetingInfo& meeting,
    std::vector<std::string> quarters = {}, const std::map<std::string, std::string>& names = {});

// The benefit groups' Danish names, and those of the statuses that are not groups.
std::map<std::string, std::string> ResourceCategoryNames(const ReferenceData& ref);

// `status`: the grant's payout status; `indicators`: PoolIndicators for the grant's municipality
// (its rows and "landsplan"). `model_indicator_ids`: indicators to chart besides the payout one.
Result<Fsm2Input> Fsm2FromStatus(const cases::GrantPayoutStatus& status, const Table& indicators,
                                 const MeetingInfo& meeting);

}  // namespace fremdrift
