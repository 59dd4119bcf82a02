// Sign-in by a trusted proxy's headers (trusted_header.h).
#include "server/trusted_header.h"

#include <cctype>

#include "domain/cpr.h"

namespace fremdrift::server {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// One role name: fremdrift's or the Danish one, or the <name> of a KOMBIT role URI of
// fremdrift's own user system (domain `role_uri_domain`); nullopt for anything else.
std::optional<Role> OneRole(std::string_view value, std::string_view role_uri_domain) {
  std::string v = Lower(Trim(value));
  constexpr std::string_view kKombit = "/roles/usersystemrole/";
  if (std::size_t at = v.find(kKombit); at != std::string::npos) {
    const std::string system = v.substr(0, at);
    const std::string domain = Lower(role_uri_domain);
    if (domain.empty() || (system != "http://" + domain && system != "https://" + domain)) {
      return std::nullopt;  // another user system's role
    }
    v = v.substr(at + kKombit.size());
    v = v.substr(0, v.find('/'));
  }
  struct Name {
    const char* text;
    Role role;
  };
  static constexpr Name kNames[] = {
      {"caseworker", Role::kCaseworker}, {"sagsbehandler", Role::kCaseworker},
      {"leader", Role::kLeader},         {"leder", Role::kLeader},
      {"analyst", Role::kAnalyst},       {"analytiker", Role::kAnalyst},
      {"admin", Role::kAdmin},           {"administrator", Role::kAdmin},
  };
  for (const Name& n : kNames) {
    if (v == n.text) return n.role;
  }
  return std::nullopt;
}

}  // namespace

Result<Role> RoleFromHeader(std::string_view value, std::string_view role_uri_domain) {
  std::optional<Role> found;
  bool unknown = false;
  std::size_t pos = 0;
  while (pos <= value.size()) {
    std::size_t end = value.find_first_of(";,", pos);
    if (end == std::string_view::npos) end = value.size();
    std::string_view part = Trim(value.substr(pos, end - pos));
    pos = end + 1;
    if (part.empty()) continue;
    std::optional<Role> role = OneRole(part, role_uri_domain);
    if (!role) {
      unknown = true;  // a role of another system: ignored when one of ours is there
      continue;
    }
    if (found && *found != *role) {
      return PermissionDenied(
          "dit login giver flere forskellige roller i fremdrift; kommunen skal tildele dig én");
    }
    found = role;
  }
  if (!found) {
    return PermissionDenied(
        "dit login giver ingen rolle i fremdrift{}; kommunen tildeler rollerne sagsbehandler, "
        "leder, analytiker eller administrator",
        unknown ? " (ukendt rolle)" : "");
  }
  return *found;
}

int MunicipalityFromValue(std::string_view value, const ReferenceData& reference) {
  constexpr std::string_view kScope = "urn:dk:gov:saml:cvrNumberIdentifier:";
  if (value.size() > kScope.size() && value.substr(0, kScope.size()) == kScope) {
    value.remove_prefix(kScope.size());
    return value.size() == 8 ? reference.MunicipalityByCvr(value) : 0;
  }
  if (value.empty() || value.size() > 8) return 0;
  int code = 0;
  for (char c : value) {
    if (c < '0' || c > '9') return 0;
    code = code * 10 + (c - '0');
  }
  if (value.size() == 8) return reference.MunicipalityByCvr(value);
  if (value.size() > 4) return 0;
  return reference.MunicipalityIndex(code) >= 0 ? code : 0;
}

std::optional<Result<HeaderIdentity>> IdentityFromHeaders(const TrustedHeaderOptions& options,
                                                          const ReferenceData& reference,
                                                          const HeaderValues& headers) {
  const std::vector<std::string> users = headers(options.prefix + "User");
  if (users.empty()) return std::nullopt;
  auto one = [&](const char* name, std::string* out) -> Status {
    std::vector<std::string> values = headers(options.prefix + name);
    if (values.size() > 1) {
      return PermissionDenied("login-proxyen sendte {}{} mere end én gang", options.prefix, name);
    }
    *out = values.empty() ? "" : std::string(Trim(values[0]));
    return Status::Ok();
  };
  HeaderIdentity id;
  std::string role, kommune;
  for (auto [name, out] : {std::pair{"User", &id.username}, std::pair{"Name", &id.display_name},
                           std::pair{"Role", &role}, std::pair{"Kommune", &kommune}}) {
    if (Status s = one(name, out); !s.ok()) return Result<HeaderIdentity>(s);
  }
  id.username = Lower(id.username);
  bool usable = id.username.size() >= 2 && id.username.size() <= 64;
  for (char c : id.username) {
    usable &= (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == '-' || c == '@';
  }
  if (!usable) {
    return Result<HeaderIdentity>(PermissionDenied(
        "brugernavnet fra login-proxyen kan ikke bruges (2 til 64 tegn: a-z, 0-9, '.', '_', "
        "'-', '@')"));
  }
  if (id.display_name.empty() || id.display_name.size() > 100 ||
      ContainsCprShape(id.display_name)) {
    id.display_name = id.username;
  }
  Result<Role> parsed = RoleFromHeader(role, options.role_uri_domain);
  if (!parsed.ok()) return Result<HeaderIdentity>(parsed.status());
  id.role = *parsed;
  if (BoundToMunicipality(id.role)) {
    const int code = MunicipalityFromValue(kommune, reference);
    if (code == 0) {
      return Result<HeaderIdentity>(PermissionDenied(
          "dit login angiver ingen gyldig kommune for rollen {}", Lower(RoleLabel(id.role))));
    }
    id.kommune = code;
  }
  return Result<HeaderIdentity>(std::move(id));
}

}  // namespace fremdrift::server
