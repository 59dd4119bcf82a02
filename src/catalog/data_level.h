// DataLevel: what a measurement's result exposes, which decides who may read it and whether the
// read is audited person by person (server/roles.h). Pure.
#pragma once

#include <string_view>

namespace fremdrift::catalog {

enum class DataLevel {
  kAggregate,  // counts and shares per area (no person can be singled out by design)
  kStaff,      // figures per caseworker (caseloads)
  kCitizen,    // one citizen's events, deadlines or plan: audited on every read
};

std::string_view DataLevelName(DataLevel level);  // "aggregate", "staff", "citizen"

}  // namespace fremdrift::catalog
