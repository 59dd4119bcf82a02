// Roles and the access rule of the dashboard: who may read which level of data for which
// municipality. caseworker: own municipality, aggregates and citizen level; leader: own
// municipality, every view (also caseloads per caseworker); analyst: aggregates only, every
// municipality; admin: aggregates for every municipality and user administration, no citizen data.
// Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "catalog/data_level.h"
#include "common/status.h"

namespace fremdrift::server {

enum class Role { kCaseworker, kLeader, kAnalyst, kAdmin };

// What a view or an endpoint exposes (catalog/data_level.h).
using catalog::DataLevel;
using catalog::DataLevelName;

std::string_view RoleName(Role role);   // "caseworker", ...
std::string_view RoleLabel(Role role);  // Danish: "Sagsbehandler", ...
Result<Role> ParseRole(std::string_view text);

struct Principal {
  std::string username;
  Role role = Role::kAnalyst;
  int kommune = 0;  // municipality code; 0 = none (analyst, admin)
};

// True when the role is bound to one municipality (caseworker, leader).
bool BoundToMunicipality(Role role);
// May `who` see data of `level` at all?
bool MayRead(const Principal& who, DataLevel level);
// May `who` see data of `level` about municipality `kommune`? PermissionDenied names the reason.
Status CheckRead(const Principal& who, DataLevel level, int kommune);
// May `who` append events for municipality `kommune`?
Status CheckWriteEvents(const Principal& who, int kommune);

}  // namespace fremdrift::server
