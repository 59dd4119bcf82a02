// The dashboard's access rule (roles.h).
#include "server/roles.h"

namespace fremdrift::server {

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kCaseworker:
      return "caseworker";
    case Role::kLeader:
      return "leader";
    case Role::kAnalyst:
      return "analyst";
    case Role::kAdmin:
      return "admin";
  }
  return "analyst";
}

std::string_view RoleLabel(Role role) {
  switch (role) {
    case Role::kCaseworker:
      return "Sagsbehandler";
    case Role::kLeader:
      return "Leder";
    case Role::kAnalyst:
      return "Analytiker";
    case Role::kAdmin:
      return "Administrator";
  }
  return "Analytiker";
}

Result<Role> ParseRole(std::string_view text) {
  for (Role r : {Role::kCaseworker, Role::kLeader, Role::kAnalyst, Role::kAdmin}) {
    if (text == RoleName(r)) return r;
  }
  return InvalidArgument("role: '{}' is not one of caseworker, leader, analyst, admin", text);
}

bool BoundToMunicipality(Role role) { return role == Role::kCaseworker || role == Role::kLeader; }

bool MayRead(const Principal& who, DataLevel level) {
  switch (level) {
    case DataLevel::kAggregate:
      return true;
    case DataLevel::kStaff:
      return who.role == Role::kLeader;
    case DataLevel::kCitizen:
      return who.role == Role::kCaseworker || who.role == Role::kLeader;
  }
  return false;
}

Status CheckRead(const Principal& who, DataLevel level, int kommune) {
  if (!MayRead(who, level)) {
    return PermissionDenied("the role {} may not read {} data", RoleName(who.role),
                            DataLevelName(level));
  }
  if (BoundToMunicipality(who.role) && kommune != who.kommune) {
    return PermissionDenied("user {} may only read municipality {}", who.username, who.kommune);
  }
  return Status::Ok();
}

Status CheckWriteEvents(const Principal& who, int kommune) {
  if (!BoundToMunicipality(who.role)) {
    return PermissionDenied("the role {} may not record case events", RoleName(who.role));
  }
  if (kommune != who.kommune) {
    return PermissionDenied("user {} may only record events for municipality {}", who.username,
                            who.kommune);
  }
  return Status::Ok();
}

}  // namespace fremdrift::server
