// The whole OpenID Connect login as a person meets it, in real headless Chromium against a real
// provider (provider.mjs, run by run.sh): the dashboard's "Log ind med Testudbyder" button, the
// provider's login form, the callback, the session, the mapped role and municipality in the page
// header; the callback replayed (refused: its state is used); logout ending the provider's session
// too (RP-initiated logout) and back at the login form; a user whose claims map to no role
// (refused, Danish page); a role and municipality given through the configured maps. Each refusal
// must leave an audit row (read as the administrator through the API).
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import path from "node:path";

const BASE = process.env.FREMDRIFT_URL;
const ISSUER = process.env.OIDC_ISSUER;
const OUT = process.env.FREMDRIFT_ARTIFACTS;
assert.ok(BASE && ISSUER && OUT, "run through tests/oidc/run.sh");

const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
  // The provider's certificate is signed by the test's CA, which Chromium does not know.
  "--ignore-certificate-errors"];

const T = 30000;  // a loaded CI machine, the sanitizer build
let failures = 0;
async function check(name, fn, page) {
  try {
    await fn();
    console.log(`ok   ${name}`);
  } catch (e) {
    failures++;
    console.log(`FAIL: ${name}: ${e.message}`);
    if (page) await page.screenshot({ path: path.join(OUT, `FAIL-oidc-${name.replace(/\W+/g, "-")}.png`) }).catch(() => {});
  }
}

// Signs in at the provider's forms as `user` (the development login takes any password) and
// consents; returns when the browser is back at fremdrift.
async function providerLogin(page, user) {
  try {
    await providerLoginSteps(page, user);
  } catch (e) {
    await page.screenshot({ path: path.join(OUT, `FAIL-oidc-login-${user}.png`) }).catch(() => {});
    throw new Error(`${user} at ${page.url()}: ${e.message}`);
  }
}

async function providerLoginSteps(page, user) {
  await page.goto(BASE + "/");
  const button = page.locator("#login-oidc");
  await button.waitFor({ state: "visible", timeout: T });
  assert.equal((await button.textContent()).trim(), "Log ind med Testudbyder");
  await button.click();
  await page.waitForURL((u) => u.href.startsWith(ISSUER), { timeout: T });
  await page.locator("input[name=login]").waitFor({ timeout: T });
  await page.fill("input[name=login]", user);
  await page.fill("input[name=password]", "hvad-som-helst");
  await Promise.all([page.waitForNavigation({ timeout: T }), page.click("button[type=submit]")]);
  // The consent form (the first sign-in of this user in this browser).
  if (page.url().startsWith(ISSUER)) {
    await page.locator("button[type=submit]").waitFor({ timeout: T });
    await Promise.all([page.waitForURL((u) => u.href.startsWith(BASE), { timeout: T }),
      page.click("button[type=submit]")]);
  }
  await page.waitForURL((u) => u.href.startsWith(BASE), { timeout: T });
}

// The header names the user once /me has answered.
async function userShown(page) {
  await page.waitForFunction(() => (document.getElementById("user-name")?.textContent || "").length > 0,
    null, { timeout: T });
  return page.textContent("#user-name");
}

async function me(page) {
  return page.evaluate(async () => {
    const r = await fetch("/api/v1/me", { credentials: "same-origin" });
    return { status: r.status, body: r.status === 200 ? await r.json() : null };
  });
}

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ARGS });
try {
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
  const page = await context.newPage();
  let callback = null;
  page.on("request", (r) => { if (r.url().includes("/auth/oidc/callback")) callback = r.url(); });

  await check("login through the provider shows the mapped role and municipality", async () => {
    await providerLogin(page, "sb-oidc");
    const who = await userShown(page);
    assert.match(who, /Signe Bach/);
    assert.match(who, /Sagsbehandler/i);
    assert.match(who, /Herning/);
    const m = await me(page);
    assert.equal(m.status, 200);
    assert.equal(m.body.username, "sb-oidc");
    assert.equal(m.body.role, "caseworker");
    assert.equal(m.body.kommune, 657);
    await page.screenshot({ path: path.join(OUT, "oidc-logged-in.png") });
  }, page);

  await check("the callback replayed is refused (state used once)", async () => {
    assert.ok(callback, "no callback seen");
    const replay = await context.newPage();
    const res = await replay.goto(callback);
    assert.equal(res.status(), 403);
    assert.match(await replay.textContent("main"), /allerede brugt/);
    await replay.close();
  }, page);

  await check("logout ends the session here and at the provider", async () => {
    const seen = [];
    page.on("framenavigated", (f) => { if (f === page.mainFrame()) seen.push(f.url()); });
    await page.click("#logout");
    // Through the provider's end_session_endpoint (confirming when it asks) back to the login form.
    const deadline = Date.now() + T;
    for (;;) {
      assert.ok(Date.now() < deadline, `not back at the login form: ${seen.join(" ")}`);
      const confirm = page.locator("button[value=yes]");
      if (page.url().startsWith(ISSUER) && await confirm.count()) await confirm.click().catch(() => {});
      if (page.url().startsWith(BASE) && seen.some((u) => u.startsWith(`${ISSUER}/session/end`)) &&
          await page.locator("#login-oidc").isVisible()) break;
      await page.waitForTimeout(200);
    }
    assert.equal((await me(page)).status, 401);
    // The provider's session is gone: its login form is shown again.
    await page.click("#login-oidc");
    await page.waitForURL((u) => u.href.startsWith(ISSUER), { timeout: T });
    await page.locator("input[name=login]").waitFor({ timeout: T });
  }, page);

  await check("claims that map to no role are refused with a Danish page", async () => {
    const c = await browser.newContext({ viewport: { width: 1600, height: 900 } });
    const p = await c.newPage();
    let status = 0;
    p.on("response", (r) => { if (r.url().includes("/auth/oidc/callback")) status = r.status(); });
    await providerLogin(p, "ukendt-oidc");
    await p.waitForSelector("#login-afvist", { timeout: T });
    assert.equal(status, 403);
    const text = await p.textContent("main");
    assert.match(text, /Login afvist/);
    assert.match(text, /ingen rolle i fremdrift/);
    assert.equal((await me(p)).status, 401);
    await p.screenshot({ path: path.join(OUT, "oidc-no-role.png") });
    await c.close();
  });

  await check("a role and municipality through the configured maps", async () => {
    const c = await browser.newContext({ viewport: { width: 1600, height: 900 } });
    const p = await c.newPage();
    await providerLogin(p, "leder-oidc");
    const who = await userShown(p);
    const m = await me(p);
    assert.equal(m.body.role, "leader");
    assert.equal(m.body.kommune, 217);
    assert.match(who, /Helsingør/);
    await c.close();
  });

  await check("claims as a broker passes on KOMBIT's: role URIs and the CVR scope, no maps", async () => {
    const c = await browser.newContext({ viewport: { width: 1600, height: 900 } });
    const p = await c.newPage();
    await providerLogin(p, "kombit-oidc");
    const who = await userShown(p);
    const m = await me(p);
    assert.equal(m.body.role, "leader");
    assert.equal(m.body.kommune, 657);
    assert.match(who, /Karen Bolt/);
    assert.match(who, /Herning/);
    await c.close();
  });

  await check("the refusals and sign-ins are audited", async () => {
    const c = await browser.newContext({ viewport: { width: 1600, height: 900 } });
    const p = await c.newPage();
    await p.goto(BASE + "/");
    const rows = await p.evaluate(async ([user, password]) => {
      const login = await fetch("/api/v1/login", { method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ username: user, password }) });
      if (login.status !== 200) return { error: login.status };
      const r = await fetch("/api/v1/audit?limit=1000");
      return (await r.json()).audit;
    }, [process.env.FREMDRIFT_ADMIN, process.env.FREMDRIFT_PASSWORD]);
    assert.ok(Array.isArray(rows), JSON.stringify(rows));
    const has = (action, re) => rows.some((r) => r.action === action && re.test(`${r.username} ${r.detail}`));
    assert.ok(has("login", /sb-oidc oidc/), "login of sb-oidc");
    assert.ok(has("user_add", /user=sb-oidc role=caseworker kommune=657/), "sb-oidc created");
    assert.ok(has("user_add", /user=kombit-oidc role=leader kommune=657/), "kombit-oidc created");
    assert.ok(has("logout", /sb-oidc/), "logout");
    assert.ok(has("login_refused", /oidc: unknown, used or expired state/), "replayed state");
    assert.ok(has("login_refused", /oidc: sub=ukendt-oidc .*ingen rolle/), "no role");
    assert.ok(!rows.some((r) => r.action === "user_add" && /ukendt-oidc/.test(r.detail)), "no user for no role");
    await c.close();
  });
} finally {
  await browser.close();
}
if (failures) {
  console.log(`${failures} failure(s)`);
  process.exit(1);
}
