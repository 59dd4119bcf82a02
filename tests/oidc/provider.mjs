// A real OpenID provider for the sign-in tests: npm's oidc-provider (an OpenID-certified
// implementation) over HTTPS with the certificate given (signed by the test's own CA, which
// fremdrift is told to trust), one static confidential client for fremdrift, and test users whose
// claims carry a role and a municipality. Its login form takes any password (the provider's
// development interactions); the user names below decide the claims. Prints
// "provider: ISSUER" when it listens. The ID token carries the profile claims (not only userinfo),
// as the providers municipalities use (Keycloak, Entra ID) do with role claims.
// Usage: node provider.mjs  (env: OIDC_CERT, OIDC_KEY, OIDC_REDIRECT, OIDC_POST_LOGOUT,
//                             OIDC_CLIENT_SECRET)
import https from "node:https";
import fs from "node:fs";
import Provider from "oidc-provider";

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`provider.mjs: ${name} not set`);
  return v;
};

// The test users: their claims as the municipality's identity provider would send them.
const USERS = {
  "sb-oidc": { name: "Signe Bach", roles: ["http://fremdrift.dk/roles/usersystemrole/sagsbehandler/1"], kommune: "657" },
  "leder-oidc": { name: "Lars Eriksen", roles: ["jc-leder"], kommune: "Helsingør Kommune" },
  "ukendt-oidc": { name: "Uffe Kendt", roles: ["http://os2iot.dk/roles/usersystemrole/adgang/1"], kommune: "657" },
  // As a broker (Keycloak) in front of KOMBIT's Context Handler passes them on: the user-system
  // role URIs of every system the person has roles in, and the municipality as the privileges'
  // scope, its CVR number.
  "kombit-oidc": {
    name: "Karen Bolt",
    roles: ["http://os2iot.dk/roles/usersystemrole/admin/1", "http://fremdrift.dk/roles/usersystemrole/leder/1"],
    kommune: "urn:dk:gov:saml:cvrNumberIdentifier:29189919",
  },
};

const server = https.createServer({ cert: fs.readFileSync(env("OIDC_CERT")), key: fs.readFileSync(env("OIDC_KEY")) });
server.listen(0, "127.0.0.1", () => {
  const issuer = `https://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [{
      client_id: "fremdrift",
      client_secret: env("OIDC_CLIENT_SECRET"),
      redirect_uris: [env("OIDC_REDIRECT")],
      post_logout_redirect_uris: [env("OIDC_POST_LOGOUT")],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    }],
    pkce: { required: () => true },
    conformIdTokenClaims: false,
    claims: { openid: ["sub"], profile: ["name", "preferred_username", "roles", "kommune"] },
    scopes: ["openid", "profile"],
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    cookies: { keys: ["fremdrift-test-provider-cookie-key"] },
    async findAccount(ctx, id) {
      return {
        accountId: id,
        async claims() {
          const u = USERS[id] || { name: id, roles: [], kommune: "" };
          return { sub: id, preferred_username: id, ...u };
        },
      };
    },
  });
  server.on("request", provider.callback());
  console.log(`provider: ${issuer}`);
});
