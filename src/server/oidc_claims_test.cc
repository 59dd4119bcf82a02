// Tests of reading who an OpenID Connect sign-in is from its claims (oidc_claims.h), as a table:
// role values through the configured map, fremdrift's and the Danish names and KOMBIT role URIs,
// arrays, the municipality through its map or as a code, and the refusals (no role, several,
// no valid municipality, an unusable user name).
#include "server/oidc_claims.h"

#include <gtest/gtest.h>

namespace fremdrift::server {
namespace {

TEST(OidcClaims, MapsClaimsToAnIdentity) {
  auto ref = ReferenceData::LoadEmbedded();
  ASSERT_TRUE(ref.ok());
  OidcClaimMapping m;
  m.role_map = {{"jc-sagsbehandler", Role::kCaseworker}, {"okonomi", Role::kAnalyst}};
  m.kommune_map = {{"Herning Kommune", 657}};
  struct Case {
    const char* name;
    nlohmann::json claims;
    std::optional<Role> role;  // nullopt: refused
    int kommune = 0;
  };
  const Case cases[] = {
      {"mapped role, mapped municipality",
       {{"preferred_username", "Anna"}, {"roles", "jc-sagsbehandler"}, {"kommune", "Herning Kommune"}},
       Role::kCaseworker, 657},
      {"role array with a foreign value, code as a number",
       {{"preferred_username", "bo"}, {"roles", {"andet-system", "leder"}}, {"kommune", 217}},
       Role::kLeader, 217},
      {"KOMBIT URI, code as text",
       {{"preferred_username", "cc"},
        {"roles", {"http://fremdrift.dk/roles/usersystemrole/sagsbehandler/1"}},
        {"kommune", "657"}},
       Role::kCaseworker, 657},
      {"KOMBIT's CVR scope",
       {{"preferred_username", "cc"},
        {"roles", "leder"},
        {"kommune", "urn:dk:gov:saml:cvrNumberIdentifier:29189919"}},
       Role::kLeader, 657},
      {"CVR number as a number, and the same municipality by its code",
       {{"preferred_username", "cc"},
        {"roles", "leder"},
        {"kommune", nlohmann::json::array({64502018, "217"})}},
       Role::kLeader, 217},
      {"a CVR number that is no municipality's",
       {{"preferred_username", "cc"}, {"roles", "leder"}, {"kommune", "12345678"}}, std::nullopt},
      {"analyst needs no municipality",
       {{"preferred_username", "dd"}, {"roles", "okonomi"}}, Role::kAnalyst, 0},
      {"no role claim", {{"preferred_username", "ee"}}, std::nullopt},
      {"only foreign roles", {{"preferred_username", "ee"}, {"roles", {"x", "y"}}}, std::nullopt},
      {"two roles",
       {{"preferred_username", "ee"}, {"roles", {"leder", "okonomi"}}, {"kommune", 657}},
       std::nullopt},
      {"caseworker without municipality",
       {{"preferred_username", "ee"}, {"roles", "sagsbehandler"}}, std::nullopt},
      {"unknown municipality",
       {{"preferred_username", "ee"}, {"roles", "sagsbehandler"}, {"kommune", "999"}}, std::nullopt},
      {"two municipalities",
       {{"preferred_username", "ee"}, {"roles", "leder"}, {"kommune", {657, 217}}}, std::nullopt},
      {"user name with @", {{"preferred_username", "a@b.dk"}, {"roles", "analytiker"}}, std::nullopt},
      {"no user name", {{"roles", "analytiker"}}, std::nullopt},
  };
  for (const Case& c : cases) {
    auto id = IdentityFromClaims(m, *ref, c.claims);
    ASSERT_EQ(id.ok(), c.role.has_value()) << c.name << ": " << id.status().message();
    if (!id.ok()) {
      EXPECT_EQ(id.status().code(), StatusCode::kPermissionDenied) << c.name;
      continue;
    }
    EXPECT_EQ(id->role, *c.role) << c.name;
    EXPECT_EQ(id->kommune, c.kommune) << c.name;
  }
  auto anna = IdentityFromClaims(
      m, *ref, {{"preferred_username", "Anna"}, {"name", "Anna Jensen"}, {"roles", "analyst"}});
  ASSERT_TRUE(anna.ok());
  EXPECT_EQ(anna->username, "anna");
  EXPECT_EQ(anna->display_name, "Anna Jensen");
}

TEST(OidcClaims, ParsesMapEntries) {
  auto ref = ReferenceData::LoadEmbedded();
  ASSERT_TRUE(ref.ok());
  auto r = ParseRoleMapEntry("cn=jc,ou=roller=leder");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->first, "cn=jc,ou=roller");
  EXPECT_EQ(r->second, Role::kLeader);
  EXPECT_FALSE(ParseRoleMapEntry("x=superbruger").ok());
  EXPECT_FALSE(ParseRoleMapEntry("leder").ok());
  auto k = ParseKommuneMapEntry("Herning Kommune=657", *ref);
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(k->second, 657);
  EXPECT_FALSE(ParseKommuneMapEntry("x=999", *ref).ok());
  EXPECT_FALSE(ParseKommuneMapEntry("x=abc", *ref).ok());
}

}  // namespace
}  // namespace fremdrift::server
