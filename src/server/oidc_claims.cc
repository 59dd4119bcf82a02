// The identity of an OpenID Connect sign-in (oidc_claims.h).
#include "server/oidc_claims.h"

#include <cctype>

#include "domain/cpr.h"
#include "server/auth_store.h"

namespace fremdrift::server {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A claim's values as text: a string, a number, or an array of them.
std::vector<std::string> ClaimValues(const nlohmann::json& claims, const std::string& name) {
  std::vector<std::string> out;
  if (name.empty() || !claims.contains(name)) return out;
  auto one = [&out](const nlohmann::json& v) {
    if (v.is_string()) out.push_back(v.get<std::string>());
    if (v.is_number_integer()) out.push_back(std::to_string(v.get<std::int64_t>()));
  };
  const nlohmann::json& v = claims[name];
  if (v.is_array()) {
    for (const auto& e : v) one(e);
  } else {
    one(v);
  }
  return out;
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

Result<std::pair<std::string, Role>> ParseRoleMapEntry(std::string_view entry) {
  std::size_t eq = entry.rfind('=');
  if (eq == std::string_view::npos || eq == 0 || eq + 1 == entry.size()) {
    return InvalidArgument("oidc role map: '{}' is not VALUE=ROLE", entry);
  }
  Result<Role> role = RoleFromHeader(entry.substr(eq + 1));
  if (!role.ok()) {
    return InvalidArgument("oidc role map: '{}' names no role (caseworker, leader, analyst, admin)",
                           entry);
  }
  return std::pair{std::string(entry.substr(0, eq)), *role};
}

Result<std::pair<std::string, int>> ParseKommuneMapEntry(std::string_view entry,
                                                         const ReferenceData& reference) {
  std::size_t eq = entry.rfind('=');
  std::string_view code = eq == std::string_view::npos ? "" : entry.substr(eq + 1);
  if (eq == 0 || !AllDigits(code) || code.size() > 4 ||
      reference.MunicipalityIndex(std::stoi(std::string(code))) < 0) {
    return InvalidArgument("oidc kommune map: '{}' is not VALUE=CODE with a known municipality code",
                           entry);
  }
  return std::pair{std::string(entry.substr(0, eq)), std::stoi(std::string(code))};
}

Result<HeaderIdentity> IdentityFromClaims(const OidcClaimMapping& mapping,
                                          const ReferenceData& reference,
                                          const nlohmann::json& claims) {
  HeaderIdentity id;
  std::vector<std::string> names = ClaimValues(claims, mapping.username_claim);
  id.username = names.size() == 1 ? Lower(names[0]) : std::string();
  if (!ValidateUsername(id.username).ok()) {
    return PermissionDenied(
        "login-udbyderen sendte intet brugernavn, fremdrift kan bruge (kravet {}: 2 til 64 tegn "
        "a-z, 0-9, '.', '_' og '-')",
        mapping.username_claim);
  }
  std::vector<std::string> display = ClaimValues(claims, mapping.name_claim);
  id.display_name = display.size() == 1 ? display[0] : std::string();
  if (id.display_name.empty() || id.display_name.size() > 100 ||
      ContainsCprShape(id.display_name)) {
    id.display_name = id.username;
  }
  // Mapped values become fremdrift's role names; the rest are read as they are.
  std::string roles;
  for (const std::string& value : ClaimValues(claims, mapping.role_claim)) {
    std::string as = value;
    for (const auto& [from, role] : mapping.role_map) {
      if (from == value) as = std::string(RoleName(role));
    }
    if (as.find_first_of(";,") != std::string::npos) continue;  // not one role name
    roles += (roles.empty() ? "" : ";") + as;
  }
  ASSIGN_OR_RETURN(id.role, RoleFromHeader(roles, mapping.role_uri_domain));
  if (BoundToMunicipality(id.role)) {
    int code = 0;
    for (const std::string& value : ClaimValues(claims, mapping.kommune_claim)) {
      int found = 0;
      for (const auto& [from, kommune] : mapping.kommune_map) {
        if (from == value) found = kommune;
      }
      if (found == 0) found = MunicipalityFromValue(value, reference);
      if (found == 0 || reference.MunicipalityIndex(found) < 0) continue;
      if (code != 0 && code != found) {
        return PermissionDenied("dit login angiver flere forskellige kommuner; kommunen skal "
                                "tildele dig rollen for én");
      }
      code = found;
    }
    if (code == 0) {
      return PermissionDenied("dit login angiver ingen gyldig kommune for rollen {}",
                              Lower(RoleLabel(id.role)));
    }
    id.kommune = code;
  }
  return id;
}

}  // namespace fremdrift::server
