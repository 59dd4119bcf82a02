// A forged OpenID provider for the refusal tests (negative.mjs): it serves discovery, a key set
// and a token endpoint over HTTPS (certificate from the test's CA), and answers the code
// "CASE.NONCE" with an ID token broken as CASE says: wrong issuer, wrong audience, expired,
// signed by another key under a published key id, signed by a key not in the set, a wrong
// nonce; "good" gives a valid token (so the harness can succeed, and each refusal is the
// token's fault). No honest provider issues these, which is why it is not oidc-provider.
// GET /stats tells how often the key set was fetched. Prints "provider: ISSUER".
// Usage: node forged_issuer.mjs  (env: OIDC_CERT, OIDC_KEY, OIDC_CLIENT_SECRET)
import https from "node:https";
import fs from "node:fs";
import { SignJWT, generateKeyPair, exportJWK } from "jose";

const published = await generateKeyPair("RS256");
const other = await generateKeyPair("RS256");
const jwk = { ...(await exportJWK(published.publicKey)), kid: "published", use: "sig", alg: "RS256" };
let jwksFetches = 0;

const server = https.createServer({ cert: fs.readFileSync(process.env.OIDC_CERT), key: fs.readFileSync(process.env.OIDC_KEY) });
server.listen(0, "127.0.0.1", () => {
  const issuer = `https://127.0.0.1:${server.address().port}`;
  server.on("request", async (req, res) => {
    const url = new URL(req.url, issuer);
    const json = (status, body) => { res.writeHead(status, { "Content-Type": "application/json" }); res.end(JSON.stringify(body)); };
    if (url.pathname === "/.well-known/openid-configuration") {
      return json(200, { issuer, authorization_endpoint: `${issuer}/auth`, token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`, response_types_supported: ["code"], subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"] });
    }
    if (url.pathname === "/jwks") { jwksFetches++; return json(200, { keys: [jwk] }); }
    if (url.pathname === "/stats") return json(200, { jwks_fetches: jwksFetches });
    if (url.pathname === "/token" && req.method === "POST") {
      let body = "";
      for await (const chunk of req) body += chunk;
      const form = new URLSearchParams(body);
      const basic = Buffer.from(`fremdrift:${process.env.OIDC_CLIENT_SECRET}`).toString("base64");
      if (req.headers.authorization !== `Basic ${basic}` || !form.get("code_verifier")) {
        return json(401, { error: "invalid_client" });
      }
      const [kind, nonce] = (form.get("code") || "").split(".");
      const now = Math.floor(Date.now() / 1000);
      const claims = { iss: issuer, aud: "fremdrift", sub: "sb-forged", preferred_username: "sb-forged",
        name: "Falsk Person", roles: ["sagsbehandler"], kommune: "657", nonce, iat: now, exp: now + 300 };
      let key = published.privateKey, kid = "published";
      if (kind === "wrong-issuer") claims.iss = "https://login.andet-sted.example";
      if (kind === "wrong-audience") claims.aud = "andet-system";
      if (kind === "expired") { claims.iat = now - 7200; claims.exp = now - 3600; }
      if (kind === "bad-signature") key = other.privateKey;
      if (kind === "unknown-kid") { key = other.privateKey; kid = "unpublished"; }
      if (kind === "wrong-nonce") claims.nonce = "not-the-login-nonce";
      const idToken = await new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid }).sign(key);
      return json(200, { access_token: "x", token_type: "Bearer", expires_in: 300, id_token: idToken });
    }
    json(404, { error: "not_found" });
  });
  console.log(`provider: ${issuer}`);
});
