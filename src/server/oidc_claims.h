// Who an OpenID Connect sign-in is: the username, display name, role and municipality read from
// the ID token's claims by a configured mapping. A role claim value (a string, or an array of
// strings) is looked up in the configured role map first, then read as a fremdrift role name, its
// Danish name or a KOMBIT user-system role URI (RoleFromHeader, trusted_header.h); values of other
// systems are skipped, and all that are fremdrift's must name one role. The municipality claim
// value is looked up in the configured municipality map first, then read as a municipality code
// (1-4 digits). Pure; thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "domain/reference.h"
#include "server/roles.h"
#include "server/trusted_header.h"

namespace fremdrift::server {

struct OidcClaimMapping {
  std::string username_claim = "preferred_username";
  std::string name_claim = "name";
  std::string role_claim = "roles";
  std::string kommune_claim = "kommune";
  std::vector<std::pair<std::string, Role>> role_map;   // claim value → role
  std::vector<std::pair<std::string, int>> kommune_map;  // claim value → municipality code
  // KOMBIT role URIs count only under fremdrift's own domain (trusted_header.h).
  std::string role_uri_domain = std::string(kDefaultRoleUriDomain);
};

// Parses "VALUE=ROLE" (ROLE as RoleFromHeader reads it; the last '=' splits) and "VALUE=CODE".
Result<std::pair<std::string, Role>> ParseRoleMapEntry(std::string_view entry);
Result<std::pair<std::string, int>> ParseKommuneMapEntry(std::string_view entry,
                                                         const ReferenceData& reference);

// The identity the claims give, or PermissionDenied with a Danish message: no usable username
// (2 to 64 of a-z 0-9 . _ -; upper case is lowered), no role or several, a caseworker or leader
// without a known municipality.
Result<HeaderIdentity> IdentityFromClaims(const OidcClaimMapping& mapping,
                                          const ReferenceData& reference,
                                          const nlohmann::json& claims);

}  // namespace fremdrift::server
