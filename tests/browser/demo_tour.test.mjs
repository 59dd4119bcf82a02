// The demo as its users meet it, in real headless Chromium: for each demo role, every page in the
// menu is opened by clicking it, and read as a user would. On each page: it draws without an error
// box or script error; no visible text holds "undefined", "NaN", "null", a snake_case id or the
// word "seed", and no chart an English month name; axe-core finds no WCAG 2.0/2.1 A or AA
// violation (axe_checks.mjs; the login page too); no month shown is after the data's horizon;
// the first view appears within the time allowed (measured from the click and printed;
// FREMDRIFT_FIRST_VIEW_MS, default 3000 on a loaded CI machine, the target being 1 s). The pool
// pages show at least one indicator with a figure for the municipality that runs the pool (Flere
// skal med 2: Herning and Helsingør; Håndholdt ressourceforløb: Varde); the Borger page lists
// citizens and a citizen's timeline names the caseworker; a keyboard-only walk logs in and opens
// every page (keyboardTour). A screenshot of every page per role is
// saved in the artefacts folder as tour-ROLE-PAGE.png. Run by tests/browser/demo_tour.sh, which
// starts `fremdrift demo`.
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { assertNoIdsShown } from "./words_checks.mjs";
import { assertAccessible } from "./axe_checks.mjs";
import { afterHashChange } from "./navigation.mjs";

const BASE = process.env.FREMDRIFT_URL;
const OUT = process.env.FREMDRIFT_ARTIFACTS;
const PASSWORD = process.env.FREMDRIFT_PASSWORD;
const LIMIT_MS = Number(process.env.FREMDRIFT_FIRST_VIEW_MS || 3000);
assert.ok(BASE && OUT && PASSWORD, "run through tests/browser/demo_tour.sh");

const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

// The demo's roles a jobcenter meets: leaders of a pool municipality each, a caseworker, the
// analyst. `pools`: the pool pages that must show an indicator with a figure for this user's
// (default) municipality.
const ROLES = [
  { user: "leder657", kommune: "657", pools: ["fsm2"] },
  { user: "leder573", kommune: "573", pools: ["ressourceforloeb"] },
  { user: "sb217", kommune: "217", pools: ["fsm2"] },
  { user: "analytiker", kommune: "657", pools: ["fsm2"] },
];

let failures = 0;
const timings = [];
const axeRuns = [];

async function openByClick(page, name) {
  const t0 = Date.now();
  const link = `nav a[data-page="${name}"]`;
  if (await page.$eval(link, (a) => a.getAttribute("href") === location.hash)) {
    await page.click(link);  // already there: the link does not navigate, the router draws again
    await page.evaluate(() => F.route());
  } else {
    await afterHashChange(page, () => page.click(link));
  }
  await page.waitForSelector(`#page[data-ready="${name}"]`, { timeout: 60000 });
  return Date.now() - t0;
}

// The page's visible text holds no error box, no "seed" and no ids (words_checks.mjs).
async function assertReadable(page, what) {
  const error = await page.$("#page .error");
  if (error) assert.fail(`${what}: the page shows an error: ${await error.innerText()}`);
  await assertNoIdsShown(page, what);
  const text = await page.innerText("#page");
  const seed = /\bseed\b/i.exec(text);
  assert.equal(seed, null, `${what}: '${seed && text.slice(Math.max(0, seed.index - 60), seed.index + 20)}'`);
  // Chart labels in Danish: no English month ("Oct", "May", "Dec 2020") on an axis.
  const english = await page.$$eval("#page svg text", (ts) => ts.map((t) => t.textContent)
    .filter((t) => /^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b/.test(t)));
  assert.deepEqual(english, [], `${what}: English month names on a chart`);
  assert.ok(text.trim().length > 40, `${what}: the page has content (${JSON.stringify(text.slice(0, 80))})`);
  const axe = await assertAccessible(page, what);
  axeRuns.push({ what, passes: axe.passes });
}

// No month shown after the horizon the page states (data-horizon: YYYY-MM-DD), and the latest
// month a page opens on is a whole one: it ends on or before the horizon (a month the data only
// reaches a few days into would show a fall at the data's edge).
async function assertWithinHorizon(page, what) {
  const horizons = await page.$$eval("[data-horizon]", (es) => es.map((e) => e.dataset.horizon).filter(Boolean));
  if (!horizons.length) return null;
  const day = horizons.sort().slice(-1)[0];
  const month = day.slice(0, 7);
  const monthEnd = (p) => { const [y, m] = p.split("-").map(Number); return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10); };
  const latest = await page.$$eval("[data-latest-month]", (es) => es.map((e) => e.dataset.latestMonth).filter(Boolean));
  for (const m of latest) {
    assert.ok(m <= month, `${what}: latest month ${m} after the horizon ${month}`);
    assert.ok(monthEnd(m) <= day, `${what}: latest month ${m} is only judged to ${day}, yet shown as the latest`);
  }
  return month;
}

// A pool page: at least one indicator card with a figure (a share) for the municipality.
async function assertPoolFigures(page, what) {
  const cards = await page.$$eval("#charts .chart-card[data-indicator]", (cs) => cs.map((c) => ({
    id: c.dataset.indicator, latest: ((c.querySelector("h3 .latest") || {}).textContent || "").trim() })));
  assert.ok(cards.length > 0, `${what}: no indicator cards`);
  const withFigure = cards.filter((c) => /\d/.test(c.latest));
  assert.ok(withFigure.length > 0, `${what}: no indicator shows a figure (${JSON.stringify(cards)})`);
  return withFigure.length;
}

// Nøgletal's comparisons: another municipality (where the role may read one), an index with the
// first month at 100, and the same months of earlier years, one line a year.
async function tourComparisons(page, role) {
  const what = `${role.user} noegletal`;
  const choose = async (sel, value) => {
    await page.evaluate(() => { document.getElementById("page").dataset.ready = ""; });
    await page.selectOption(sel, value);
    await page.waitForSelector('#page[data-ready="noegletal"]', { timeout: 60000 });
  };
  const legend = () => page.$$eval("#page .legend span", (ss) => ss.map((s) => s.textContent));
  const parts = [];
  // The page opens on the register's latest month, which late registrations will still raise.
  const prelim = await page.$$eval("[data-preliminary]", (es) => es.map((e) => e.dataset.preliminary));
  assert.ok(prelim.length > 0, `${what}: the latest month is marked foreløbig`);
  parts.push(`${prelim[0]} marked foreløbig`);
  const picker = await page.$("#compare-picker");
  if (role.user === "analytiker") {
    assert.ok(picker, `${what}: the analyst may compare with another municipality`);
    await choose("#compare-picker", "217");
    assert.ok((await legend()).some((l) => /^Helsingør Kommune/.test(l)), `${what}: the legend names the compared municipality (${await legend()})`);
    const shown = await page.$$eval("#charts .chart-card .chart", (cs) => cs.map((c) => Number(c.dataset.points)));
    assert.ok(shown.some((n) => n > 0), `${what}: charts with the compared municipality draw points`);
    await page.screenshot({ path: path.join(OUT, `tour-${role.user}-noegletal-sammenlign.png`), fullPage: true });
    await assertReadable(page, `${what} (compared with Helsingør)`);
    parts.push("compared with Helsingør");
  } else {
    assert.equal(picker, null, `${what}: a municipality-bound role has no other municipality to compare with`);
  }
  await choose("#view-picker", "indeks");
  assert.match(await page.innerText('#page h2[data-view="indeks"]'), /indeks \(.* = 100\)/);
  // Every line starts at 100 in the first month shown (the y axis has no percent sign).
  const ticks = await page.$$eval('#charts g[aria-label="y-axis tick label"] text', (ts) => ts.map((t) => t.textContent));
  assert.ok(ticks.length && ticks.every((t) => !t.includes("%")), `${what}: index axis without percent (${ticks.slice(0, 5)})`);
  await page.screenshot({ path: path.join(OUT, `tour-${role.user}-noegletal-indeks.png`), fullPage: true });
  await assertReadable(page, `${what} (index)`);
  await choose("#view-picker", "aar");
  const years = await legend();
  assert.ok(years.length >= 2 && years.every((y) => /^\d{4}$/.test(y)), `${what}: one line a year (${years})`);
  const xTicks = await page.$$eval('#charts g[aria-label="x-axis tick label"] text', (ts) => ts.map((t) => t.textContent));
  assert.ok(xTicks.length && xTicks.every((t) => /^(jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|dec)$/.test(t)), `${what}: months without years on the axis (${xTicks.slice(0, 6)})`);
  await page.screenshot({ path: path.join(OUT, `tour-${role.user}-noegletal-aar.png`), fullPage: true });
  await assertReadable(page, `${what} (year by year)`);
  parts.push(`index, ${years.length} years`);
  await choose("#view-picker", "andel");
  if (role.user === "analytiker") await choose("#compare-picker", "");
  return `, ${parts.join(", ")}`;
}

// Økonomi: the grant's payout thresholds drawn as goal lines on its chart.
async function tourGoalLine(page, what) {
  const targets = await page.$$eval("[data-chart] .chart", (cs) => cs.map((c) => Number(c.dataset.targets)));
  assert.ok(targets.length && targets.every((n) => n > 0), `${what}: the payout chart shows its goals (${targets})`);
  const labels = await page.$$eval("[data-chart] svg text", (ts) => ts.map((t) => t.textContent).filter((t) => /^Mål \d/.test(t)));
  assert.ok(labels.length > 0, `${what}: the goal lines are labelled`);
  return `, goal lines ${labels.join(", ")}`;
}

// Økonomi: every demo municipality has a budget follow-up (the activity-based budget of its benefit
// expenses from the simulated register), with lines and figures, and no "no budget" notice.
async function tourBudget(page, what) {
  assert.equal(await page.$("#no-budget"), null, `${what}: a budget follow-up is shown`);
  const rows = await page.$$eval('table[data-table="budget"] tbody tr', (trs) => trs.map((tr) => tr.textContent));
  assert.ok(rows.length >= 4, `${what}: the budget table has lines (${rows.length})`);
  assert.ok(rows.some((r) => /Kontanthjælp/.test(r)) && rows.every((r) => /\d/.test(r)), `${what}: benefit lines with figures`);
  return `, budget ${rows.length} lines`;
}

// Afstemning med jobindsats: the demo's simulated publication compared with fremdrift's own
// figures: a summary that counts the comparisons and says the figures are simulated, both series
// drawn, and the rows beyond the tolerance listed (the latest month is, by late registrations).
async function tourReconciliation(page, what) {
  assert.equal(await page.$('[data-empty="afstemning"]'), null, `${what}: figures from jobindsats are shown`);
  const summary = await page.innerText('[data-summary="afstemning"]');
  const m = /(\d+) af ([\d.]+) sammenligninger afviger/.exec(summary);
  assert.ok(m, `${what}: the summary counts the comparisons (${summary})`);
  assert.match(summary, /simulerede/, `${what}: simulated figures are called simulated`);
  const points = await page.$eval("#chart-afstemning .chart", (c) => Number(c.dataset.points));
  assert.ok(points >= 2 * 12, `${what}: fremdrift's and jobindsats' series drawn (${points} points)`);
  const flagged = await page.$$eval('table[data-table="afvigelser"] tbody tr', (trs) => trs.length);
  assert.equal(flagged, Number(m[1]), `${what}: every row beyond the tolerance is listed`);
  assert.ok(flagged > 0, `${what}: the latest month's late registrations are flagged`);
  return `, ${m[1]} of ${m[2]} comparisons beyond the tolerance`;
}

// Benchmark: the municipality's rank in a sentence, one bar per municipality shown with the own
// one among them, and the table.
async function tourBenchmark(page, what, kommune) {
  assert.equal(await page.$('[data-empty="benchmark"]'), null, `${what}: a rank is shown`);
  const rank = await page.$eval("[data-rank]", (e) => ({ rank: Number(e.dataset.rank), text: e.textContent }));
  assert.ok(rank.rank >= 1, `${what}: a rank (${rank.text})`);
  assert.match(rank.text, new RegExp(`er nr\\. ${rank.rank} af \\d+ kommuner`), `${what}: the rank in words`);
  assert.match(rank.text, /12 måneder til og med \d\. kvartal \d{4}/, `${what}: the period in words`);
  const bars = await page.$eval("#chart-benchmark .chart", (c) => Number(c.dataset.bars));
  assert.ok(bars >= 2, `${what}: bars for the municipality and others (${bars})`);
  const own = await page.$$eval('table[data-table="benchmark"] tbody td[data-value]', (tds, k) => tds.some((t) => t.dataset.value === k), String(kommune).padStart(3, "0"));
  assert.ok(own, `${what}: the municipality is in the table`);
  return `, rank ${rank.rank}, ${bars} bars`;
}

// The Borger page: the purpose first, then the list, then the first citizen's timeline.
async function tourCitizen(page, user) {
  const what = `${user} borger`;
  await page.selectOption("#formaal", { index: 0 });
  await page.evaluate(() => { document.getElementById("page").dataset.ready = ""; });
  await page.click("#formaal-vaelg");
  await page.waitForSelector('#page[data-ready="borger"] table[data-table="borgere"]', { timeout: 60000 });
  const rows = await page.$$eval('table[data-table="borgere"] tbody tr', (t) => t.length);
  assert.ok(rows > 0, `${what}: the list shows citizens`);
  await page.screenshot({ path: path.join(OUT, `tour-${user}-borgere.png`), fullPage: true });
  await assertReadable(page, `${what} (list)`);
  // The Sagsbehandler column names caseworkers (a citizen without a visitation has none); the
  // first citizen with one is opened.
  const heads = await page.$$eval('table[data-table="borgere"] thead th', (ths) => ths.map((t) => t.textContent));
  const col = heads.indexOf("Sagsbehandler");
  assert.ok(col > 0, `${what}: the list has a Sagsbehandler column (${heads})`);
  const workers = await page.$$eval(`table[data-table="borgere"] tbody td:nth-child(${col + 1})`, (tds) => tds.map((t) => t.textContent));
  const first = workers.findIndex((w) => w !== "Ikke registreret");
  assert.ok(first >= 0, `${what}: no citizen in the list has a caseworker`);
  await page.evaluate(() => { document.getElementById("page").dataset.ready = ""; });
  await page.click(`table[data-table="borgere"] tbody tr:nth-child(${first + 1}) a`);
  await page.waitForSelector('#page[data-ready="borger"] table[data-table="haendelser"]', { timeout: 60000 });
  await page.screenshot({ path: path.join(OUT, `tour-${user}-borger-tidslinje.png`), fullPage: true });
  await assertReadable(page, `${what} (timeline)`);
  const head = await page.innerText("#page h1 + p");
  assert.match(head, /sagsbehandler: \S/, `${what}: the citizen's caseworker is named ('${head}')`);
  const named = workers.filter((w) => w !== "Ikke registreret").length;
  return `, ${rows} citizens listed (${named} with a caseworker), a timeline read`;
}

for (const role of ROLES) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "fremdrift-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: "/usr/bin/chromium", headless: true, args: ARGS,
    // bypassCSP: axe-core is injected as a script, which the server's CSP rightly refuses.
    viewport: { width: 1400, height: 1000 }, locale: "da-DK", bypassCSP: true });
  const page = context.pages()[0] || await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    // A caseworker's refused Økonomi request is expected; any other console error is not.
    if (m.type() === "error" && !/status of 40[13]/.test(m.text())) errors.push(m.text());
  });
  try {
    await page.goto(BASE);
    await page.waitForSelector("#login-form");
    const loginAxe = await assertAccessible(page, `${role.user} login`);
    axeRuns.push({ what: `${role.user} login`, passes: loginAxe.passes });
    await page.fill("#login-user", role.user);
    await page.fill("#login-password", PASSWORD);
    await page.click("#login-form button[type=submit]");
    await page.waitForSelector("#nav:not([hidden])");
    await page.waitForSelector('#page[data-ready]:not([data-ready=""])', { timeout: 60000 });
    const pages = await page.$$eval("nav a[data-page]", (as) => as.filter((a) => !a.hidden).map((a) => a.dataset.page));
    assert.ok(pages.length >= 5, `${role.user}: the menu shows ${pages}`);
    for (const name of pages) {
      const what = `${role.user} ${name}`;
      try {
        const ms = await openByClick(page, name);
        timings.push({ what, ms });
        await page.screenshot({ path: path.join(OUT, `tour-${role.user}-${name}.png`), fullPage: true });
        await assertReadable(page, what);
        const horizon = await assertWithinHorizon(page, what);
        let extra = "";
        if (role.pools.includes(name)) extra = `, ${await assertPoolFigures(page, what)} indicators with a figure`;
        if (name === "borger") extra = await tourCitizen(page, role.user);
        if (name === "noegletal") extra = await tourComparisons(page, role);
        if (name === "oekonomi" && role.user.startsWith("leder")) extra = await tourBudget(page, what);
        if (name === "oekonomi" && role.kommune === "657") extra += await tourGoalLine(page, what);
        if (name === "afstemning") extra = await tourReconciliation(page, what);
        if (name === "benchmark") extra = await tourBenchmark(page, what, role.kommune);
        assert.ok(ms <= LIMIT_MS, `${what}: first view took ${ms} ms (allowed ${LIMIT_MS} ms)`);
        assert.deepEqual(errors.splice(0), [], `${what}: no script errors`);
        console.log(`ok   ${what}: first view ${ms} ms${horizon ? `, up to ${horizon}` : ""}${extra}`);
      } catch (e) {
        failures++;
        console.log(`FAIL ${what}: ${e.message || e}`);
        errors.splice(0);
      }
    }
    // The help on accessibility, from the footer: what is accessible and how it is checked.
    if (role.user === "leder657") {
      const what = `${role.user} tilgaengelighed`;
      try {
        await page.evaluate(() => { document.getElementById("page").dataset.ready = ""; });
        await page.click("#help-accessibility");
        await page.waitForSelector('#page[data-ready="tilgaengelighed"]', { timeout: 60000 });
        await assertReadable(page, what);
        const cards = await page.$$eval("[data-help]", (cs) => cs.map((c) => c.dataset.help));
        assert.deepEqual(cards, ["dashboard", "dokumenter", "kontrol", "mangler"], `${what}: the help's sections`);
        assert.match(await page.innerText('[data-help="kontrol"]'), /axe-core/, `${what}: how it is checked`);
        await page.screenshot({ path: path.join(OUT, `tour-${role.user}-tilgaengelighed.png`), fullPage: true });
        console.log(`ok   ${what}: ${cards.length} sections`);
      } catch (e) {
        failures++;
        console.log(`FAIL ${what}: ${e.message || e}`);
      }
    }
  } catch (e) {
    failures++;
    console.log(`FAIL ${role.user}: ${e.stack || e}`);
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}
// Keyboard only: Tab to the login fields, a wrong password announced (role=alert), the right one
// with Enter, then every menu page reached with Tab and opened with Enter, each focused link
// showing a visible focus outline.
async function keyboardTour(user) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "fremdrift-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: "/usr/bin/chromium", headless: true, args: ARGS,
    viewport: { width: 1400, height: 1000 }, locale: "da-DK" });
  const page = context.pages()[0] || await context.newPage();
  const active = () => page.evaluate(() => {
    const a = document.activeElement;
    const cs = getComputedStyle(a);
    return { id: a.id, page: a.dataset ? a.dataset.page || "" : "", outline: cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) >= 2 };
  });
  const tabTo = async (want, max = 40) => {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press("Tab");
      const a = await active();
      if (want(a)) return a;
    }
    assert.fail(`${user} keyboard: not reached with ${max} Tab presses`);
  };
  try {
    await page.goto(BASE);
    await page.waitForSelector("#login-form");
    await tabTo((a) => a.id === "login-user");
    await page.keyboard.type(user);
    await page.keyboard.press("Tab");
    assert.equal((await active()).id, "login-password", "Tab from the user name reaches the password");
    await page.keyboard.type("forkert-adgangskode");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#login-error:not([hidden])");
    assert.equal(await page.getAttribute("#login-error", "role"), "alert", "the login error is announced");
    await page.fill("#login-password", "");
    await page.focus("#login-password");
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press("Enter");
    await page.waitForSelector('#page[data-ready]:not([data-ready=""])', { timeout: 60000 });
    const pages = await page.$$eval("nav a[data-page]", (as) => as.filter((a) => !a.hidden).map((a) => a.dataset.page));
    for (const name of pages) {
      await page.evaluate(() => { document.activeElement.blur(); window.scrollTo(0, 0); });
      const a = await tabTo((x) => x.page === name);
      assert.ok(a.outline, `${user} keyboard: the focused menu link ${name} shows no focus outline`);
      await page.evaluate(() => { document.getElementById("page").dataset.ready = ""; });
      await page.keyboard.press("Enter");
      await page.waitForSelector(`#page[data-ready="${name}"]`, { timeout: 60000 });
    }
    console.log(`ok   ${user} keyboard only: login (a wrong password announced), ${pages.length} pages by Tab and Enter with a visible focus`);
  } catch (e) {
    failures++;
    console.log(`FAIL ${user} keyboard only: ${e.message || e}`);
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}
await keyboardTour("leder657");

const sorted = timings.map((t) => t.ms).sort((a, b) => a - b);
if (sorted.length) {
  console.log(`first views: ${sorted.length} pages, median ${sorted[Math.floor(sorted.length / 2)]} ms, ` +
    `slowest ${sorted[sorted.length - 1]} ms (${timings.find((t) => t.ms === sorted[sorted.length - 1]).what})`);
}
if (axeRuns.length) {
  const passes = axeRuns.map((r) => r.passes);
  console.log(`axe-core (WCAG 2.0/2.1 A and AA rules): ${axeRuns.length} views without a violation, ` +
    `${Math.min(...passes)}-${Math.max(...passes)} rules checked and passed per view`);
}
console.log(failures ? `${failures} page check(s) failed` : "every page of every role reads well");
process.exit(failures ? 1 : 0);
