// Browser tests of the dashboard in real headless Chromium (Debian's /usr/bin/chromium driven by
// playwright-core): log in, open every page, change period and municipality, check that charts
// draw one point per API row and that tables show the API's figures, download CSV and XLSX, and
// save screenshots. Run by tests/browser/run.sh, which starts the server.
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const BASE = process.env.FREMDRIFT_URL;
const OUT = process.env.FREMDRIFT_ARTIFACTS;
const PASSWORD = process.env.FREMDRIFT_PASSWORD;
assert.ok(BASE && OUT && PASSWORD, "run through tests/browser/run.sh");

const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

let failures = 0;
async function test(name, fn) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "fremdrift-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: "/usr/bin/chromium", headless: true, args: ARGS, acceptDownloads: true,
    viewport: { width: 1400, height: 1000 }, locale: "da-DK" });
  const page = context.pages()[0] || await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error" && !/status of 40[13]/.test(m.text())) errors.push(m.text()); });
  const t0 = Date.now();
  try {
    await fn(page);
    assert.deepEqual(errors, [], "no script errors on the page");
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failures++;
    console.log(`FAIL ${name}: ${e.stack || e}`);
    await page.screenshot({ path: path.join(OUT, `FAIL-${name.replace(/\W+/g, "_")}.png`), fullPage: true }).catch(() => {});
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}

async function login(page, user) {
  await page.goto(BASE);
  await page.fill("#login-user", user);
  await page.fill("#login-password", PASSWORD);
  await page.click("#login-form button[type=submit]");
  await page.waitForSelector("#nav:not([hidden])");
}
async function openPage(page, name) {
  await page.evaluate(() => { document.getElementById("page").dataset.ready = ""; });
  await page.evaluate((n) => { location.hash = `#/${n}`; }, name);
  await page.waitForSelector(`#page[data-ready="${name}"]`, { timeout: 60000 });
}
async function apiJson(page, url) {
  return page.evaluate(async (u) => { const r = await fetch(u); return { status: r.status, body: await r.json() }; }, url);
}
const shot = (page, name) => page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });
const da0 = new Intl.NumberFormat("da-DK", { maximumFractionDigits: 0 });

function addMonths(p, n) {
  const [y, m] = p.split("-").map(Number);
  const t = y * 12 + m - 1 + n;
  return `${Math.floor(t / 12)}-${String(t % 12 + 1).padStart(2, "0")}`;
}
function monthsBetween(a, b) { const out = []; for (let p = a; p <= b; p = addMonths(p, 1)) out.push(p); return out; }

// Checks the Nøgletal page against the API: points per chart and the latest-month table.
async function checkNoegletal(page, kommune, from, to) {
  const fetchFrom = addMonths(to, -12) < from ? addMonths(to, -12) : from;
  const api = await apiJson(page, `/api/v1/measurements/fuldtidspersoner?from=${fetchFrom}&to=${to}&area=kommune,rar,land&kommune=${kommune}`);
  assert.equal(api.status, 200);
  const rows = api.body.rows;
  const groups = [...new Set(rows.map((r) => r.ydelsesgruppe))];
  const shown = monthsBetween(from, to);
  const cards = await page.$$eval("#charts .chart-card", (cs) => cs.map((c) => ({
    group: c.dataset.group,
    declared: Number(c.querySelector(".chart").dataset.points),
    circles: c.querySelectorAll('g[aria-label="dot"] circle').length })));
  assert.equal(cards.length, groups.length, "one chart per benefit group");
  for (const c of cards) {
    // A point per month and area where the group has full-time persons (index needs a base).
    let expected = 0;
    for (const area of [String(kommune), "rar", "Hele landet"]) {
      const of = (p) => rows.find((r) => r.ydelsesgruppe === c.group && r.period === p &&
        (area === "rar" ? r.area !== String(kommune) && r.area !== "Hele landet" : r.area === area));
      const base = of(shown[0]);
      if (!base || !base.fuldtidspersoner) continue;
      expected += shown.filter((p) => of(p)).length;
    }
    assert.equal(c.circles, expected, `points in the chart of ${c.group}`);
    assert.equal(c.declared, expected);
  }
  const table = await page.$$eval('table[data-table="latest"] tbody tr', (trs) => trs.map((tr) => ({
    group: tr.dataset.group,
    value: tr.children[1].dataset.value, text: tr.children[1].textContent,
    before: tr.children[2].dataset.value })));
  assert.equal(table.length, groups.length);
  for (const t of table) {
    const now = rows.find((r) => r.ydelsesgruppe === t.group && r.area === String(kommune) && r.period === to);
    const before = rows.find((r) => r.ydelsesgruppe === t.group && r.area === String(kommune) && r.period === addMonths(to, -12));
    if (!now) {
      assert.equal(t.value, "", `no figure for ${t.group}`);
      assert.equal(t.text, "–");
    } else {
      assert.equal(Number(t.value), now.fuldtidspersoner, `table value of ${t.group}`);
      assert.equal(t.text, da0.format(now.fuldtidspersoner));
    }
    assert.equal(t.before === "" ? null : Number(t.before), before ? before.fuldtidspersoner : null);
  }
  return { groups: groups.length, points: cards.reduce((s, c) => s + c.circles, 0) };
}

async function download(page, selector, file) {
  const [dl] = await Promise.all([page.waitForEvent("download"), page.click(selector)]);
  const target = path.join(OUT, file);
  await dl.saveAs(target);
  return fs.readFileSync(target);
}

await test("analyst: Nøgletal, change municipality and period, downloads", async (page) => {
  await login(page, "analytiker");
  await openPage(page, "noegletal");
  const first = await checkNoegletal(page, "657", "2019-01", "2019-12");
  assert.ok(first.points > 100, `points drawn: ${first.points}`);
  await shot(page, "noegletal-herning");
  // Municipality picker → Helsingør.
  await page.evaluate(() => { document.getElementById("page").dataset.ready = ""; });
  await page.selectOption("#kommune-picker", "217");
  await page.waitForSelector('#page[data-ready="noegletal"]');
  assert.match(await page.textContent("#page h1"), /Helsingør/);
  await checkNoegletal(page, "217", "2019-01", "2019-12");
  // Period: from 2019-07.
  await page.evaluate(() => { document.getElementById("page").dataset.ready = ""; });
  await page.fill("#from-picker", "2019-07");
  await page.dispatchEvent("#from-picker", "change");
  await page.waitForSelector('#page[data-ready="noegletal"]');
  const six = await checkNoegletal(page, "217", "2019-07", "2019-12");
  assert.ok(six.points < first.points);
  await shot(page, "noegletal-helsingoer-h2");
  const csv = await download(page, 'a[data-download="csv"]', "noegletal.csv");
  assert.equal(csv.subarray(0, 3).toString("hex"), "efbbbf", "CSV starts with a BOM for Excel");
  assert.match(csv.toString("utf8"), /Ydelsesgruppe|ydelsesgruppe/);
  const xlsx = await download(page, 'a[data-download="xlsx"]', "noegletal.xlsx");
  assert.equal(xlsx.subarray(0, 2).toString(), "PK", "XLSX is a zip");
  // Analysts see no citizens.
  await openPage(page, "borger");
  assert.match(await page.textContent("#page"), /ikke adgang/);
  assert.equal((await apiJson(page, "/api/v1/borgere?kommune=657")).status, 403);
  await openPage(page, "maalinger");
  await shot(page, "maalinger");
});

await test("caseworker: own municipality only; pool pages; citizen timeline", async (page) => {
  await login(page, "sb657");
  await openPage(page, "noegletal");
  assert.equal(await page.$eval("#kommune-picker", (s) => s.disabled), true, "bound to Herning");
  await checkNoegletal(page, "657", "2019-01", "2019-12");
  assert.equal((await apiJson(page, "/api/v1/measurements/fuldtidspersoner?kommune=217")).status, 403);
  await openPage(page, "fsm2");
  const fsm2 = await apiJson(page, "/api/v1/measurements/fsm2?kommune=657");
  assert.equal(fsm2.status, 200);
  const ids = [...new Set(fsm2.body.rows.map((r) => r.indikator))];
  const charts = await page.$$eval("#charts .chart-card", (cs) => cs.map((c) => ({
    id: c.dataset.indicator, circles: c.querySelectorAll('g[aria-label="dot"] circle').length })));
  assert.equal(charts.length, ids.length, "one chart per FSM2 indicator");
  for (const c of charts) {
    const expected = fsm2.body.rows.filter((r) => r.indikator === c.id && (r.kommune === "657" || r.kommune === "landsplan") && r.andel !== null).length;
    assert.equal(c.circles, expected, `points of indicator ${c.id}`);
  }
  await shot(page, "fsm2");
  await openPage(page, "ressourceforloeb");
  const dl = await apiJson(page, "/api/v1/measurements/haandholdt?del=frister&kommune=657");
  const overdueApi = dl.body.rows.filter((r) => r.status === "overskredet" || r.status === "for_sent").length;
  const overdueShown = await page.$$eval('table[data-table="overskredet"] tbody tr', (t) => t.length);
  assert.equal(overdueShown, overdueApi, "overdue list = API");
  await shot(page, "ressourceforloeb");
  await openPage(page, "rettidighed");
  await shot(page, "rettidighed");
  await openPage(page, "rehabilitering");
  await shot(page, "rehabilitering");
  await openPage(page, "borger");
  const list = await apiJson(page, "/api/v1/borgere");
  assert.equal(list.body.borgere.length, 12);
  assert.equal(await page.$$eval('table[data-table="borgere"] tbody tr', (t) => t.length), 12);
  await shot(page, "borgere");
  const person = list.body.borgere[0].person;
  await page.evaluate(() => { document.getElementById("page").dataset.ready = ""; });
  await page.click(`a[href="#/borger/${person}"]`);
  await page.waitForSelector('#page[data-ready="borger"] table[data-table="haendelser"]');
  const events = await apiJson(page, `/api/v1/borgere/${person}`);
  assert.equal(await page.$$eval('table[data-table="haendelser"] tbody tr', (t) => t.length), events.body.haendelser.length);
  await shot(page, "borger-tidslinje");
  // Helsingør's citizens are refused.
  const other = await apiJson(page, "/api/v1/borgere?kommune=217");
  assert.equal(other.status, 403);
});

await test("leader: caseload per caseworker", async (page) => {
  await login(page, "leder657");
  await openPage(page, "ressourceforloeb");
  const rows = await page.$$eval('table[data-table="sagsstamme"] tbody tr', (t) => t.length);
  assert.ok(rows >= 1, "caseload table shown to leaders");
  await shot(page, "ressourceforloeb-leder");
});

await test("login: wrong password is refused", async (page) => {
  await page.goto(BASE);
  await page.fill("#login-user", "analytiker");
  await page.fill("#login-password", "forkert-adgangskode");
  await page.click("#login-form button[type=submit]");
  await page.waitForSelector("#login-error:not([hidden])");
  await shot(page, "login-fejl");
});

console.log(failures ? `${failures} browser test(s) failed` : "all browser tests passed");
process.exit(failures ? 1 : 0);
