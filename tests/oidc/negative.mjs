// The refusals of ID tokens no honest provider issues, against a `fremdrift serve` whose issuer
// is forged_issuer.mjs (run.sh starts both): wrong issuer, wrong audience, expired, a bad
// signature, a key id not in the key set (the set is fetched again once, then the token refused),
// a wrong nonce; and of callbacks that are not the browser's own (no login cookie) or carry a
// state already used. Each gets 403, a Danish page saying why, no session, and an audit row
// (login_refused, read as the administrator). A valid token from the same issuer signs in, so
// each refusal is the token's fault.
import assert from "node:assert/strict";

const BASE = process.env.FREMDRIFT_URL;
const FORGED = process.env.FORGED_ISSUER;
assert.ok(BASE && FORGED, "run through tests/oidc/run.sh");

let failures = 0;
async function check(name, fn) {
  try { await fn(); console.log(`ok   ${name}`); } catch (e) { failures++; console.log(`FAIL: ${name}: ${e.message}`); }
}

// Starts a login: the state and nonce fremdrift sent to the provider, and the browser's cookie.
async function begin() {
  const r = await fetch(`${BASE}/auth/oidc/login`, { redirect: "manual" });
  assert.equal(r.status, 302);
  const to = new URL(r.headers.get("location"));
  assert.equal(to.origin, FORGED);
  assert.equal(to.searchParams.get("code_challenge_method"), "S256");
  assert.ok(to.searchParams.get("code_challenge"));
  const cookie = r.headers.get("set-cookie").split(";")[0];
  assert.match(cookie, /^fremdrift_oidc_login=/);
  return { state: to.searchParams.get("state"), nonce: to.searchParams.get("nonce"), cookie };
}

async function callback(kind, login, { cookie = login.cookie, state = login.state } = {}) {
  const r = await fetch(`${BASE}/auth/oidc/callback?code=${kind}.${login.nonce}&state=${state}`,
    { redirect: "manual", headers: cookie ? { cookie } : {} });
  return { status: r.status, text: await r.text(), setCookie: r.headers.get("set-cookie") || "" };
}

const CASES = [
  ["wrong-issuer", /kommer ikke fra den login-udbyder/, /oidc: issuer/],
  ["wrong-audience", /udstedt til et andet system/, /oidc: audience/],
  ["expired", /er udløbet/, /oidc: expired/],
  ["bad-signature", /signaturen .* er ikke gyldig/, /oidc: signature/],
  ["unknown-kid", /nøgle, som udbyderen ikke har offentliggjort/, /oidc: unknown key/],
  ["wrong-nonce", /hører ikke til det login/, /oidc: nonce/],
];

await check("a valid token from the same issuer signs in", async () => {
  const login = await begin();
  const r = await callback("good", login);
  assert.equal(r.status, 302, r.text);
  assert.match(r.setCookie, /fremdrift_session=[0-9a-f]{64}/);
});

for (const [kind, page] of CASES) {
  await check(`${kind}: refused with a Danish page`, async () => {
    const r = await callback(kind, await begin());
    assert.equal(r.status, 403);
    assert.match(r.text, /<html lang="da">/);
    assert.match(r.text, /Login afvist/);
    assert.match(r.text, page);
    assert.doesNotMatch(r.setCookie, /fremdrift_session=[0-9a-f]/);
  });
}

await check("an unknown key id makes fremdrift fetch the key set again once", async () => {
  const stats = async () => (await (await fetch(`${FORGED}/stats`)).json()).jwks_fetches;
  const before = await stats();
  await callback("unknown-kid", await begin());
  assert.equal(await stats(), before + 1);
});

await check("a callback without the browser's login cookie is refused", async () => {
  const r = await callback("good", await begin(), { cookie: "" });
  assert.equal(r.status, 403);
  assert.match(r.text, /startet i en anden browser/);
});

await check("a state used once is refused the second time", async () => {
  const login = await begin();
  assert.equal((await callback("good", login)).status, 302);
  const again = await callback("good", login);
  assert.equal(again.status, 403);
  assert.match(again.text, /allerede brugt/);
});

await check("each refusal is audited", async () => {
  const login = await fetch(`${BASE}/api/v1/login`, { method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username: process.env.FREMDRIFT_ADMIN, password: process.env.FREMDRIFT_PASSWORD }) });
  assert.equal(login.status, 200);
  const cookie = login.headers.get("set-cookie").split(";")[0];
  const rows = (await (await fetch(`${BASE}/api/v1/audit?action=login_refused&limit=1000`, { headers: { cookie } })).json()).audit;
  for (const [kind, , audit] of CASES) assert.ok(rows.some((r) => audit.test(r.detail)), `${kind}: no audit row`);
  assert.ok(rows.some((r) => /another browser/.test(r.detail)), "other browser");
  assert.ok(rows.some((r) => /unknown, used or expired state/.test(r.detail)), "used state");
});

if (failures) { console.log(`${failures} failure(s)`); process.exit(1); }
