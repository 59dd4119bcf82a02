// Sign-in by a trusted proxy's headers (`serve --trusted-header`): an Apache with
// mod_auth_mellon (SAML, e.g. KOMBIT's Context Handler) or mod_auth_openidc in front signs the
// user in and passes who they are as request headers: <prefix>User, <prefix>Role,
// <prefix>Kommune and <prefix>Name (prefix "X-Remote-" by default). The server believes them only
// when the socket peer is one of --trusted-proxy; from anyone else they are ignored
// (http_server.cc). This file reads the headers into an identity. Pure; thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "domain/reference.h"
#include "server/roles.h"

namespace fremdrift::server {

// The domain of fremdrift's own user-system roles in KOMBIT's role URIs
// (http://<domain>/roles/usersystemrole/<name>/<version>): the domain the municipality registered
// fremdrift's roles under in the Administrationsmodul (serve --role-uri-domain).
inline constexpr std::string_view kDefaultRoleUriDomain = "fremdrift.dk";

struct TrustedHeaderOptions {
  bool enabled = false;
  std::string prefix = "X-Remote-";
  std::string role_uri_domain = std::string(kDefaultRoleUriDomain);
};

struct HeaderIdentity {
  std::string username;      // lower case, [a-z0-9._@-]{2,64}
  std::string display_name;  // <prefix>Name, else the username
  Role role = Role::kAnalyst;
  int kommune = 0;  // caseworker and leader: a known municipality code; 0 otherwise
};

// Every value of a request header (one per header line), by name.
using HeaderValues = std::function<std::vector<std::string>(const std::string& name)>;

// The role a role header names: a fremdrift role (caseworker, leader, analyst, admin), its Danish
// name (sagsbehandler, leder, analytiker, administrator) or a KOMBIT user-system role URI
// http(s)://<role_uri_domain>/roles/usersystemrole/<one of those>/<version>. A role URI of another
// user system (another domain, e.g. .../usersystemrole/admin/1 of a different system) is not
// fremdrift's, whatever its name. Several values separated by ';' or ',' (mod_auth_mellon's
// MellonMergeEnvVars) must all name the same role. PermissionDenied with a Danish message for
// none, an unknown one or several different ones.
Result<Role> RoleFromHeader(std::string_view value,
                            std::string_view role_uri_domain = kDefaultRoleUriDomain);

// The municipality code a municipality header or claim names, or 0: a municipality code (up to 4
// digits: "657", "0657"), the municipality's CVR number ("29189919", as KOMBIT's Context Handler
// scopes roles), or that number as the SAML scope URN ("urn:dk:gov:saml:cvrNumberIdentifier:
// 29189919"). Only municipalities of the reference data count.
int MunicipalityFromValue(std::string_view value, const ReferenceData& reference);

// nullopt when the request has no <prefix>User header (the session cookie decides then); else
// the identity, or PermissionDenied with a Danish message: a user name that cannot be used, a
// header given twice, a role as RoleFromHeader refuses, a caseworker or leader without a known
// municipality code.
std::optional<Result<HeaderIdentity>> IdentityFromHeaders(const TrustedHeaderOptions& options,
                                                          const ReferenceData& reference,
                                                          const HeaderValues& headers);

}  // namespace fremdrift::server
