// Tests of reading a trusted proxy's headers (trusted_header.h) as tables: role values (fremdrift's
// names, the Danish ones, KOMBIT user-system role URIs, several values) and whole header sets
// (user name shapes, municipality codes, headers given twice, a custom prefix). Whether the headers
// are believed at all (the peer) is tested against a server in security_trusted_header_test.cc.
#include "server/trusted_header.h"

#include <gtest/gtest.h>

#include <map>

namespace fremdrift::server {
namespace {

TEST(TrustedHeader, RoleValues) {
  struct Case {
    std::string value;
    std::optional<Role> role;  // nullopt: refused
  };
  const Case cases[] = {
      {"caseworker", Role::kCaseworker},
      {"Sagsbehandler", Role::kCaseworker},
      {" leder ", Role::kLeader},
      {"analyst", Role::kAnalyst},
      {"ADMINISTRATOR", Role::kAdmin},
      {"http://fremdrift.dk/roles/usersystemrole/analytiker/1", Role::kAnalyst},
      {"HTTPS://Fremdrift.dk/roles/UserSystemRole/sagsbehandler/1", Role::kCaseworker},
      // Another user system's role is not fremdrift's, whatever its name.
      {"http://os2faktor.dk/roles/usersystemrole/admin/1", std::nullopt},
      {"https://fremdrift.dk.example.org/roles/usersystemrole/admin/1", std::nullopt},
      {"http://evil.example/fremdrift.dk/roles/usersystemrole/admin/1", std::nullopt},
      {"http://os2faktor.dk/roles/usersystemrole/admin/1;http://fremdrift.dk/roles/"
       "usersystemrole/sagsbehandler/1",
       Role::kCaseworker},
      // mod_auth_mellon joins an attribute's values with ';' (MellonMergeEnvVars On ";").
      {"http://os2iot.dk/roles/usersystemrole/adgang/1;http://fremdrift.dk/roles/usersystemrole/"
       "leder/1",
       Role::kLeader},
      {"leder;leder", Role::kLeader},
      {"leder,sagsbehandler", std::nullopt},  // two different roles: the municipality decides
      {"", std::nullopt},
      {"superbruger", std::nullopt},
      {"http://os2iot.dk/roles/usersystemrole/adgang/1", std::nullopt},
      {"http://fremdrift.dk/roles/usersystemrole//1", std::nullopt},
  };
  for (const Case& c : cases) {
    Result<Role> r = RoleFromHeader(c.value);
    ASSERT_EQ(r.ok(), c.role.has_value()) << "'" << c.value << "'";
    if (r.ok()) {
      EXPECT_EQ(*r, *c.role) << c.value;
    } else {
      EXPECT_EQ(r.status().code(), StatusCode::kPermissionDenied);
      EXPECT_NE(r.status().message().find("fremdrift"), std::string::npos) << r.status().message();
    }
  }
}

TEST(TrustedHeader, RoleUrisOfTheConfiguredDomainOnly) {
  // A municipality that registered fremdrift's roles under its own domain.
  const std::string_view domain = "fremdrift.kommune.dk";
  Result<Role> own =
      RoleFromHeader("https://fremdrift.kommune.dk/roles/usersystemrole/leder/1", domain);
  ASSERT_TRUE(own.ok()) << own.status().message();
  EXPECT_EQ(*own, Role::kLeader);
  EXPECT_FALSE(RoleFromHeader("http://fremdrift.dk/roles/usersystemrole/admin/1", domain).ok());
  // Plain role names do not depend on the domain; an empty domain takes no role URI.
  EXPECT_EQ(*RoleFromHeader("leder", domain), Role::kLeader);
  EXPECT_FALSE(RoleFromHeader("http://fremdrift.dk/roles/usersystemrole/leder/1", "").ok());
}

TEST(TrustedHeader, HeaderSets) {
  auto ref = ReferenceData::LoadEmbedded();
  ASSERT_TRUE(ref.ok());
  using Headers = std::multimap<std::string, std::string>;
  struct Case {
    Headers headers;
    std::string want;  // "username|display|role|kommune", "-" for no user header, or the start
                       // of the refusal's message
  };
  const Case cases[] = {
      {{{"X-Remote-User", "Anna.B"},
        {"X-Remote-Role", "sagsbehandler"},
        {"X-Remote-Kommune", "657"},
        {"X-Remote-Name", "Anna Bøgh"}},
       "anna.b|Anna Bøgh|caseworker|657"},
      {{{"X-Remote-User", "ole@herning.dk"}, {"X-Remote-Role", "analytiker"}},
       "ole@herning.dk|ole@herning.dk|analyst|0"},
      // An analyst's municipality is not kept (analysts read every municipality).
      {{{"X-Remote-User", "ole"}, {"X-Remote-Role", "analyst"}, {"X-Remote-Kommune", "657"}},
       "ole|ole|analyst|0"},
      {{{"X-Remote-Role", "leder"}, {"X-Remote-Kommune", "657"}}, "-"},
      {{{"X-Remote-User", "lis"}, {"X-Remote-Role", "leder"}}, "dit login angiver ingen gyldig"},
      {{{"X-Remote-User", "lis"}, {"X-Remote-Role", "leder"}, {"X-Remote-Kommune", "999"}},
       "dit login angiver ingen gyldig kommune for rollen leder"},
      {{{"X-Remote-User", "lis"}, {"X-Remote-Role", "leder"}, {"X-Remote-Kommune", "65x"}},
       "dit login angiver ingen gyldig"},
      // KOMBIT's Context Handler names the municipality by its CVR number, bare or as the
      // SAML scope URN.
      {{{"X-Remote-User", "lis"}, {"X-Remote-Role", "leder"}, {"X-Remote-Kommune", "29189919"}},
       "lis|lis|leader|657"},
      {{{"X-Remote-User", "lis"},
        {"X-Remote-Role", "http://fremdrift.dk/roles/usersystemrole/sagsbehandler/1"},
        {"X-Remote-Kommune", "urn:dk:gov:saml:cvrNumberIdentifier:64502018"}},
       "lis|lis|caseworker|217"},
      {{{"X-Remote-User", "lis"}, {"X-Remote-Role", "leder"}, {"X-Remote-Kommune", "12345678"}},
       "dit login angiver ingen gyldig kommune for rollen leder"},
      {{{"X-Remote-User", "lis"},
        {"X-Remote-Role", "leder"},
        {"X-Remote-Kommune", "urn:dk:gov:saml:cvrNumberIdentifier:657"}},
       "dit login angiver ingen gyldig kommune for rollen leder"},
      {{{"X-Remote-User", "lis"}, {"X-Remote-Role", "leder"}, {"X-Remote-Kommune", "00657"}},
       "dit login angiver ingen gyldig kommune for rollen leder"},
      {{{"X-Remote-User", "lis"}}, "dit login giver ingen rolle"},
      {{{"X-Remote-User", "lis"}, {"X-Remote-Role", "gæst"}}, "dit login giver ingen rolle"},
      {{{"X-Remote-User", "l"}, {"X-Remote-Role", "analyst"}}, "brugernavnet"},
      {{{"X-Remote-User", "lis hansen"}, {"X-Remote-Role", "analyst"}}, "brugernavnet"},
      {{{"X-Remote-User", std::string(65, 'a')}, {"X-Remote-Role", "analyst"}}, "brugernavnet"},
      {{{"X-Remote-User", "lis"}, {"X-Remote-User", "ole"}, {"X-Remote-Role", "analyst"}},
       "login-proxyen sendte X-Remote-User mere end én gang"},
      {{{"X-Remote-User", "lis"}, {"X-Remote-Role", "analyst"}, {"X-Remote-Role", "admin"}},
       "login-proxyen sendte X-Remote-Role mere end én gang"},
  };
  TrustedHeaderOptions options;
  options.enabled = true;
  for (const Case& c : cases) {
    auto values = [&c](const std::string& name) {
      std::vector<std::string> out;
      auto [from, to] = c.headers.equal_range(name);
      for (auto it = from; it != to; ++it) out.push_back(it->second);
      return out;
    };
    auto id = IdentityFromHeaders(options, *ref, values);
    std::string got;
    if (!id) {
      got = "-";
    } else if (!id->ok()) {
      EXPECT_EQ(id->status().code(), StatusCode::kPermissionDenied);
      got = id->status().message();
    } else {
      const HeaderIdentity& h = **id;
      got = h.username + "|" + h.display_name + "|" + std::string(RoleName(h.role)) + "|" +
            std::to_string(h.kommune);
    }
    EXPECT_EQ(got.rfind(c.want, 0), 0u) << "want '" << c.want << "', got '" << got << "'";
  }
  // Another prefix: the default headers mean nothing then.
  options.prefix = "X-Mellon-";
  Headers h = {{"X-Remote-User", "lis"}, {"X-Mellon-User", "ole"}, {"X-Mellon-Role", "analyst"}};
  auto values = [&h](const std::string& name) {
    std::vector<std::string> out;
    auto [from, to] = h.equal_range(name);
    for (auto it = from; it != to; ++it) out.push_back(it->second);
    return out;
  };
  auto id = IdentityFromHeaders(options, *ref, values);
  ASSERT_TRUE(id && id->ok());
  EXPECT_EQ((*id)->username, "ole");
}

}  // namespace
}  // namespace fremdrift::server
