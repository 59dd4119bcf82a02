// Browser tests of the dashboard in real headless Chromium (Debian's /usr/bin/chromium driven by
// playwright-core): log in, open every page, change period and municipality, check that charts
// draw one point per API row and that tables show the API's figures, download CSV and XLSX, and
// save screenshots. Run by tests/browser/run.sh, which starts the server.
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { assertCleanDanish, checkCatalogPages, checkNoegletalForloeb } from "./catalog_checks.mjs";
import { assertNoIdsShown, assertNotAfterHorizon } from "./words_checks.mjs";
import { openHash } from "./navigation.mjs";

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
  // Expected refusals are not script errors: 401/403, the 400 of a finance import refused on
  // purpose, and the 400 of a citizen lookup asked on purpose without its formål.
  const refusedOnPurpose = (url) => /\/api\/v1\/finance\/import/.test(url) ||
    (/\/api\/v1\/borgere/.test(url) && !/[?&]formaal=/.test(url));
  const refused = (m) => /status of 40[13]/.test(m.text()) ||
    (/status of 400/.test(m.text()) && refusedOnPurpose((m.location() || {}).url || ""));
  page.on("console", (m) => { if (m.type() === "error" && !refused(m)) errors.push(m.text()); });
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
  await openHash(page, name, name);
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

// A share as the page shows it ("3,6 %", "0,45 %", "–") → [value, decimals] or null.
function parseShare(text) {
  const m = /^([+-−]?\d+)(?:,(\d+))? %$/.exec(text.trim());
  if (!m) return null;
  return [Number(`${m[1].replace("−", "-")}.${m[2] || "0"}`), (m[2] || "").length];
}
function assertShownShare(text, want, what) {
  if (want === null) { assert.equal(text.trim(), "–", `${what}: no share`); return; }
  const shown = parseShare(text);
  assert.ok(shown, `${what}: '${text}' is a share in percent`);
  assert.ok(Math.abs(shown[0] - want) <= 0.5 * 10 ** -shown[1] + 1e-9, `${what}: shown ${text}, API ${want}`);
}

// Checks the Nøgletal page against the API (`andel`, shares of the labour force): per chart one
// point per month and area with a labour force, each plotted at the API's andel_arbejdsstyrke (0 %
// for a month without anyone in the group), higher values drawn higher; the y axis in percent;
// the legend naming the three areas; the latest-month table; the committee sentences.
async function checkNoegletal(page, kommune, from, to, options = {}) {
  const yearBefore = addMonths(to, -12);
  const fetchFrom = yearBefore < from ? yearBefore : from;
  const api = await apiJson(page, `/api/v1/measurements/andel?from=${fetchFrom}&to=${to}&area=kommune,rar,land&kommune=${kommune}`);
  assert.equal(api.status, 200);
  const rows = api.body.rows;
  const areaOf = (r) => (r.omraade === String(kommune) ? "kommune" : r.omraade === "Hele landet" ? "land" : "rar");
  const rarLabel = (rows.find((r) => areaOf(r) === "rar") || {}).omraade;
  const labour = (area, p) => rows.some((r) => areaOf(r) === area && r.periode === p && r.arbejdsstyrke > 0);
  const shareOf = (g, area, p) => {
    const r = rows.find((x) => x.ydelsesgruppe === g && areaOf(x) === area && x.periode === p);
    if (r && r.andel_arbejdsstyrke !== null) return r.andel_arbejdsstyrke;
    return labour(area, p) ? 0 : null;
  };
  const groups = [...new Set(rows.map((r) => r.ydelsesgruppe))];
  const shown = monthsBetween(from, to);
  const names = await page.$$eval("#page .legend span", (ss) => ss.map((s) => s.textContent));
  assert.equal(names.length, 3, "legend names three areas");
  assert.match(names[0], new RegExp(`^${options.name} Kommune`));
  assert.ok(names[1].startsWith(rarLabel), `legend names the RAR area ${rarLabel}: ${names[1]}`);
  assert.match(names[2], /^Hele landet/);
  const cards = await page.$$eval("#charts .chart-card", (cs) => cs.map((c) => ({
    group: c.dataset.group,
    declared: Number(c.querySelector(".chart").dataset.points),
    points: [...c.querySelectorAll('g[aria-label="dot"] circle')].map((e) => ({
      title: (e.querySelector("title") || {}).textContent || "", cy: Number(e.getAttribute("cy")) })),
    yTicks: [...c.querySelectorAll('g[aria-label="y-axis tick label"] text')].map((t) => t.textContent) })));
  assert.equal(cards.length, groups.length, "one chart per benefit group");
  const seriesName = { kommune: names[0].replace(/ \(.*/, ""), rar: rarLabel, land: "Hele landet" };
  let points = 0;
  for (const c of cards) {
    const want = new Map();
    for (const area of ["kommune", "rar", "land"]) {
      for (const p of shown) {
        const v = shareOf(c.group, area, p);
        if (v !== null) want.set(`${seriesName[area]}, ${p}`, v);
      }
    }
    assert.equal(c.points.length, want.size, `points in the chart of ${c.group}`);
    assert.equal(c.declared, want.size);
    const drawn = c.points.map((d) => {
      const m = /^(.*): (.*)$/.exec(d.title);
      assert.ok(m, `point title '${d.title}'`);
      assert.ok(want.has(m[1]), `${c.group}: a point for ${m[1]}`);
      assertShownShare(m[2], want.get(m[1]), `${c.group} ${m[1]}`);
      return { value: want.get(m[1]), cy: d.cy };
    });
    // The y position follows the value: a larger share is drawn higher (smaller cy).
    for (const a of drawn) for (const b of drawn) {
      if (a.value > b.value + 1e-9) assert.ok(a.cy < b.cy + 1e-6, `${c.group}: ${a.value} drawn above ${b.value}`);
    }
    if (want.size) {
      assert.ok(c.yTicks.length >= 2, `${c.group}: y axis has ticks`);
      for (const t of c.yTicks) assert.match(t, /^−?\d+(,\d+)? %$/, `${c.group}: y tick '${t}' in percent`);
    }
    points += c.points.length;
  }
  // Where an area has no labour force, the page says so instead of drawing nothing silently.
  const missing = ["kommune", "rar", "land"].filter((a) => shown.some((p) => rows.some((r) => areaOf(r) === a && r.periode === p) && !labour(a, p)));
  const notice = await page.$('[data-notice="no-denominator"]');
  if (missing.length) {
    assert.ok(notice, `a notice names the areas without a labour force: ${missing}`);
    assert.equal(await notice.getAttribute("data-areas"), missing.join(","));
    const text = await notice.textContent();
    for (const a of missing) assert.ok(text.includes(a === "kommune" ? `${options.name} Kommune` : seriesName[a]), `notice names ${a}: ${text}`);
  } else {
    assert.equal(notice, null, "no notice when every area has a labour force");
  }
  // The latest-month table.
  const table = await page.$$eval('table[data-table="latest"] tbody tr', (trs) => trs.map((tr) => ({
    group: tr.dataset.group, cells: [...tr.children].map((td) => ({ text: td.textContent, value: td.dataset.value, source: td.dataset.source })) })));
  assert.equal(table.length, groups.length);
  for (const t of table) {
    const row = rows.find((r) => r.ydelsesgruppe === t.group && areaOf(r) === "kommune" && r.periode === to);
    assert.equal(Number(t.cells[1].value), row ? row.fuldtidspersoner : 0, `full-time persons of ${t.group}`);
    assert.equal(t.cells[1].text, da0.format(row ? row.fuldtidspersoner : 0));
    const now = shareOf(t.group, "kommune", to), before = shareOf(t.group, "kommune", yearBefore);
    for (const [i, want, what] of [[2, now, "share"], [3, before, "share a year earlier"],
      [5, shareOf(t.group, "rar", to), "RAR share"], [6, shareOf(t.group, "land", to), "country share"]]) {
      assert.equal(t.cells[i].value === "" ? null : Number(t.cells[i].value), want, `${what} of ${t.group}`);
      assertShownShare(t.cells[i].text, want, `${what} of ${t.group}`);
    }
    const change = now === null || before === null ? null : now - before;
    if (change === null) assert.equal(t.cells[4].text, "–");
    else assert.ok(Math.abs(Number(t.cells[4].value) - change) < 1e-9, `change of ${t.group}`);
  }
  // The committee sentences: those of `sammenligning` for the latest month, beside their group.
  if (labour("kommune", to)) {
    const cmp = await apiJson(page, `/api/v1/measurements/sammenligning?from=${to}&to=${to}&kommune=${kommune}`);
    assert.equal(cmp.status, 200);
    let matched = 0;
    for (const f of cmp.body.rows) {
      const t = table.find((x) => x.group === f.noegletal);
      const text = t ? t.cells[7].text : await page.textContent(`[data-list="udvalget"] li[data-figure="${f.noegletal}"]`);
      if (t) assert.equal(t.cells[7].source, "sammenligning");
      assert.ok(text.startsWith(f.tekst || f.tal_tekst), `sentence of ${f.noegletal}: ${text}`);
      if (f.tekst && f.tal_tekst) assert.ok(text.includes(f.tal_tekst));
      matched++;
    }
    assert.ok(matched >= 5, `committee sentences shown: ${matched}`);
  }
  return { groups: groups.length, points };
}

// Rettidighed: one chart per benefit group with a point per month and area (kommune, landsplan)
// that has a share; the latest-month table and the overdue list equal the API's rows.
async function checkRettidighed(page, kommune, citizen) {
  const api = await apiJson(page, `/api/v1/measurements/rettidighed?kommune=${kommune}`);
  assert.equal(api.status, 200);
  // Months that end after the data's horizon (the horizon note's day) are only partly judged: the
  // page leaves them out.
  const kinds = api.body.note_kinds || [];
  const hnote = (api.body.notes || []).find((n, i) => kinds[i] === "horizon");
  const horizon = hnote ? /(\d{4}-\d{2}-\d{2})/.exec(hnote)[1] : null;
  const monthEnd = (p) => { const [y, m] = p.split("-").map(Number); return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10); };
  const rows = api.body.rows.filter((r) => r.krav === "alle" && (!horizon || monthEnd(r.periode) <= horizon));
  const groups = [...new Set(rows.map((r) => r.ydelsesgruppe))];
  assert.ok(groups.length >= 1, "rettidighed has at least one benefit group");
  const cards = await page.$$eval("#charts .chart-card", (cs) => cs.map((c) => ({
    group: c.dataset.group, circles: c.querySelectorAll('g[aria-label="dot"] circle').length })));
  assert.equal(cards.length, groups.length, "one chart per benefit group");
  for (const c of cards) {
    const expected = rows.filter((r) => r.ydelsesgruppe === c.group && (r.kommune === kommune || r.kommune === "landsplan") && r.andel !== null).length;
    assert.equal(c.circles, expected, `points of ${c.group}`);
  }
  const latest = await page.$$eval('table[data-table="rettidighed-latest"] tbody tr', (trs) => trs.map((tr) =>
    Array.from(tr.children).map((td) => td.dataset.value ?? td.textContent)));
  const months = [...new Set(rows.filter((r) => r.kommune === kommune && r.naevner > 0).map((r) => r.periode))].sort();
  const last = months[months.length - 1];
  const want = api.body.rows.filter((r) => r.periode === last && (r.kommune === kommune || r.kommune === "landsplan"));
  assert.equal(latest.length, want.length, "latest-month rows = API");
  for (let i = 0; i < want.length; i++) {
    assert.equal(latest[i][4], want[i].krav);
    assert.equal(Number(latest[i][6]), want[i].taeller);
    assert.equal(Number(latest[i][7]), want[i].naevner);
  }
  const frister = await apiJson(page, `/api/v1/measurements/rettidighed?del=frister&kommune=${kommune}`);
  if (!citizen) {
    assert.equal(frister.status, 403, "analysts get no citizen-level deadlines");
    assert.equal(await page.$('table[data-table="rettidighed-frister"]'), null);
    return;
  }
  assert.equal(frister.status, 200);
  // Shown: the deadlines still not met, newest first (at most 100), then those met late in the
  // latest month; the sentence counts the ones not met.
  const open = frister.body.rows.filter((r) => r.status === "overskredet")
    .sort((a, b) => String(b.fristdato).localeCompare(String(a.fristdato)));
  const late = frister.body.rows.filter((r) => r.status === "for_sent" && String(r.fristdato).slice(0, 7) === last);
  const overdue = [...open.slice(0, 100), ...late.slice(0, 100)];
  assert.ok(open.length + late.length > 0, "the browser world has overdue requirements");
  const shown = await page.$$eval('table[data-table="rettidighed-frister"] tbody tr td:nth-child(6)', (tds) => tds.map((t) => t.textContent));
  assert.deepEqual(shown, overdue.map((r) => r.person), "overdue list = API");
  assert.equal(await page.$eval("[data-overdue]", (e) => Number(e.dataset.overdue)), open.length, "the sentence counts the deadlines not met");
}

// Rehabilitering: the decisions chart has a point per month and kind; the waiting-time chart a
// point per month with a median; the breach list (caseworkers/leaders) equals the API's.
async function checkRehabilitering(page, kommune, citizen) {
  const afg = await apiJson(page, `/api/v1/measurements/rehabilitering?del=afgoerelser&kommune=${kommune}`);
  assert.equal(afg.status, 200);
  const mine = afg.body.rows.filter((r) => r.kommune === kommune && r.aldersgruppe === "alle");
  const kinds = new Set(mine.filter((r) => r.antal > 0).map((r) => r.afgoerelse));
  const expected = mine.length;  // every kind is drawn, zero months included
  assert.ok(kinds.has("ressourceforloeb"));
  assert.equal(await page.$$eval('#chart-afgoerelser g[aria-label="dot"] circle', (c) => c.length), expected, "decision points");
  const total = mine.filter((r) => r.afgoerelse === "ressourceforloeb").reduce((s, r) => s + r.antal, 0);
  assert.equal(Number(await page.$eval('table[data-table="afgoerelser-alder"] tr[data-kind="ressourceforloeb"] td:last-child', (td) => td.dataset.value)), total);
  const vent = await apiJson(page, `/api/v1/measurements/rehabilitering?del=ventetid&kommune=${kommune}`);
  const points = vent.body.rows.filter((r) => (r.kommune === kommune || r.kommune === "landsplan") && r.median_dage !== null).length;
  assert.ok(points > 0, "waiting times in the browser world");
  assert.equal(await page.$$eval('#chart-ventetid g[aria-label="dot"] circle', (c) => c.length), points, "waiting-time points");
  const brud = await apiJson(page, `/api/v1/measurements/rehabilitering?del=brud&kommune=${kommune}`);
  if (!citizen) {
    assert.equal(brud.status, 403, "analysts get no citizen-level breaches");
    assert.equal(await page.$('table[data-table="brud"]'), null);
    const counts = await apiJson(page, `/api/v1/measurements/rehabilitering?del=brud_antal&kommune=${kommune}`);
    assert.equal(counts.status, 200, "but the breach counts");
    return;
  }
  assert.equal(brud.status, 200);
  assert.ok(brud.body.rows.length > 0, "the browser world has breaches");
  const shown = await page.$$eval('table[data-table="brud"] tbody tr', (trs) => trs.map((tr) => [tr.children[4].textContent, tr.children[7].dataset.value]));
  assert.deepEqual(shown, brud.body.rows.map((r) => [r.person, r.regel]), "breach list = API");
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
  const first = await checkNoegletal(page, "657", "2019-01", "2019-12", { name: "Herning" });
  assert.ok(first.points > 300, `points drawn: ${first.points}`);
  assert.equal(await page.$('[data-notice="no-denominator"]'), null);
  await shot(page, "noegletal-herning");
  // Municipality picker → Helsingør.
  await page.evaluate(() => { document.getElementById("page").dataset.ready = ""; });
  await page.selectOption("#kommune-picker", "217");
  await page.waitForSelector('#page[data-ready="noegletal"]');
  assert.match(await page.textContent("#page h1"), /Helsingør/);
  await checkNoegletal(page, "217", "2019-01", "2019-12", { name: "Helsingør" });
  // Period: from 2019-07.
  await page.evaluate(() => { document.getElementById("page").dataset.ready = ""; });
  await page.fill("#from-picker", "2019-07");
  await page.dispatchEvent("#from-picker", "change");
  await page.waitForSelector('#page[data-ready="noegletal"]');
  const six = await checkNoegletal(page, "217", "2019-07", "2019-12", { name: "Helsingør" });
  assert.ok(six.points < first.points);
  await shot(page, "noegletal-helsingoer-h2");
  const csv = await download(page, 'a[data-download="csv"]', "noegletal.csv");
  assert.equal(csv.subarray(0, 3).toString("hex"), "efbbbf", "CSV starts with a BOM for Excel");
  assert.match(csv.toString("utf8"), /Andel af arbejdsstyrken/, "the CSV has the shares");
  assert.match(csv.toString("utf8"), /2019-07;/);
  assert.doesNotMatch(csv.toString("utf8"), /2019-06;/, "the CSV covers the shown period");
  const xlsx = await download(page, 'a[data-download="xlsx"]', "noegletal.xlsx");
  assert.equal(xlsx.subarray(0, 2).toString(), "PK", "XLSX is a zip");
  // Bornholm has no labour force in the population file: the page names it and draws only the
  // country's line (RAR Bornholm is Bornholm alone).
  await page.evaluate(() => { document.getElementById("page").dataset.ready = ""; });
  await page.selectOption("#kommune-picker", "400");
  await page.waitForSelector('#page[data-ready="noegletal"]');
  await checkNoegletal(page, "400", "2019-07", "2019-12", { name: "Bornholm" });
  assert.equal(await page.$eval('[data-notice="no-denominator"]', (n) => n.dataset.areas), "kommune,rar");
  assert.equal(await page.$('[data-error="sammenligning"]'), null, "no failed committee request");
  await shot(page, "noegletal-bornholm-uden-naevner");
  await page.evaluate(() => { document.getElementById("page").dataset.ready = ""; });
  await page.selectOption("#kommune-picker", "217");
  await page.waitForSelector('#page[data-ready="noegletal"]');
  // Analysts see no citizens.
  await openPage(page, "borger");
  assert.match(await page.textContent("#page"), /ikke adgang/);
  assert.equal((await apiJson(page, "/api/v1/borgere?kommune=657")).status, 403);
  await openPage(page, "maalinger");
  await shot(page, "maalinger");
  // Rettidighed and Rehabilitering: aggregates only (the picker still holds Helsingør).
  await openPage(page, "rettidighed");
  await checkRettidighed(page, "217", false);
  await openPage(page, "rehabilitering");
  await checkRehabilitering(page, "217", false);
  await shot(page, "rehabilitering-analytiker");
});

const helpers = { openPage, apiJson, shot };

await test("analyst: Alle målinger, the catalogue's forløb, afgang, ressourceforløb and indsatsplaner = API", async (page) => {
  await login(page, "analytiker");
  const shown = await checkCatalogPages(page, helpers);
  assert.ok(shown.forloeb.dots > 0, "the forløb are drawn over time");
});

// Switches the Nøgletal page's municipality picker.
async function pickKommune(page, kommune) {
  await page.evaluate(() => { document.getElementById("page").dataset.ready = ""; });
  await page.selectOption("#kommune-picker", kommune);
  await page.waitForSelector('#page[data-ready="noegletal"]', { timeout: 60000 });
}

await test("analyst: Nøgletal, long sygedagpenge forløb and ressourceforløb = API", async (page) => {
  await login(page, "analytiker");
  await openPage(page, "noegletal");
  const ref = (await apiJson(page, "/api/v1/reference")).body;
  const to = ref.register.sidste_maaned;
  await checkNoegletalForloeb(page, "657", to, helpers);
  // The municipality with the most sygedagpenge forløb over 26 weeks in the latest month.
  const all = await apiJson(page, `/api/v1/measurements/forloeb?group=sygedagpenge&area=kommune&from=${to}&to=${to}`);
  const best = all.body.rows.filter((r) => ref.kommuner.some((k) => String(k.kode).padStart(3, "0") === r.omraade))
    .sort((a, b) => b.igangvaerende_over_26_uger - a.igangvaerende_over_26_uger)[0];
  assert.ok(best && best.igangvaerende_over_26_uger > 0, "the browser world has long sygedagpenge forløb");
  await pickKommune(page, String(Number(best.omraade)));
  const shown = await checkNoegletalForloeb(page, best.omraade, to, helpers);
  assert.equal(shown.over, best.igangvaerende_over_26_uger);
  await shot(page, "noegletal-forloeb");
  // The municipality with the most ressourceforløb in the latest quarter, and one without any that
  // year (the page says so in Danish).
  const q = `${to.slice(0, 4)}-Q${Math.ceil(+to.slice(5, 7) / 3)}`;
  const rf = await apiJson(page, `/api/v1/measurements/ressourceforloeb?period=quarter&area=kommune&from=${addMonths(to, -12).slice(0, 4)}-Q${Math.ceil(+to.slice(5, 7) / 3)}&to=${q}`);
  const ongoing = rf.body.rows.filter((r) => r.periode === q && r.maal === "igangvaerende" && r.dimension === "i_alt").sort((a, b) => b.antal - a.antal);
  assert.ok(ongoing.length && ongoing[0].antal > 0, "the browser world has ressourceforløb");
  await pickKommune(page, String(Number(ongoing[0].omraade)));
  const rfShown = await checkNoegletalForloeb(page, ongoing[0].omraade, to, helpers);
  assert.equal(rfShown.ressourceforloeb.igangvaerende, ongoing[0].antal);
  const without = ref.kommuner.map((k) => String(k.kode).padStart(3, "0")).find((k) => !rf.body.rows.some((r) => r.omraade === k));
  assert.ok(without, "a municipality without ressourceforløb");
  await pickKommune(page, String(Number(without)));
  assert.equal((await checkNoegletalForloeb(page, without, to, helpers)).ressourceforloeb, null, "a notice, no figures");
  await shot(page, "noegletal-uden-ressourceforloeb");
});

await test("leader: Nøgletal's forløb and Alle målinger in the own municipality", async (page) => {
  await login(page, "leder657");
  await openPage(page, "noegletal");
  const to = (await apiJson(page, "/api/v1/reference")).body.register.sidste_maaned;
  await checkNoegletalForloeb(page, "657", to, helpers);
  await checkCatalogPages(page, helpers, { kommune: "657" });
});

await test("caseworker: own municipality only; pool pages; citizen timeline", async (page) => {
  await login(page, "sb657");
  await openPage(page, "noegletal");
  assert.equal(await page.$eval("#kommune-picker", (s) => s.disabled), true, "bound to Herning");
  await checkNoegletal(page, "657", "2019-01", "2019-12", { name: "Herning" });
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
  await assertNoIdsShown(page, "Flere skal med 2");
  await assertNotAfterHorizon(page, fsm2.body, "Flere skal med 2");
  await openPage(page, "ressourceforloeb");
  const dl = await apiJson(page, "/api/v1/measurements/haandholdt?del=frister&kommune=657");
  const overdueApi = dl.body.rows.filter((r) => r.status === "overskredet" || r.status === "for_sent").length;
  const overdueShown = await page.$$eval('table[data-table="overskredet"] tbody tr', (t) => t.length);
  assert.equal(overdueShown, overdueApi, "overdue list = API");
  await shot(page, "ressourceforloeb");
  await assertNoIdsShown(page, "Ressourceforløb");
  await assertNotAfterHorizon(page, (await apiJson(page, "/api/v1/measurements/haandholdt?del=indikatorer&kommune=657")).body, "Ressourceforløb");
  await openPage(page, "rettidighed");
  await checkRettidighed(page, "657", true);
  await shot(page, "rettidighed");
  await assertNoIdsShown(page, "Rettidighed");
  await assertNotAfterHorizon(page, (await apiJson(page, "/api/v1/measurements/rettidighed?kommune=657")).body, "Rettidighed");
  await openPage(page, "rehabilitering");
  await checkRehabilitering(page, "657", true);
  await shot(page, "rehabilitering");
  await assertNoIdsShown(page, "Rehabilitering");
  await assertNotAfterHorizon(page, (await apiJson(page, "/api/v1/measurements/rehabilitering?del=afgoerelser&kommune=657")).body, "Rehabilitering");
  await openPage(page, "borger");
  // The purpose of the lookups first: no citizen before it is chosen.
  assert.equal(await page.$('table[data-table="borgere"]'), null);
  await page.evaluate(() => { document.getElementById("page").dataset.ready = ""; });
  await page.selectOption("#formaal", "opfølgning");
  await page.click("#formaal-vaelg");
  await page.waitForSelector('#page[data-ready="borger"] table[data-table="borgere"]');
  assert.equal((await apiJson(page, "/api/v1/borgere")).status, 400, "a lookup without a purpose");
  const list = await apiJson(page, "/api/v1/borgere?formaal=opf%C3%B8lgning");
  assert.equal(list.body.borgere.length, 12);
  assert.equal(await page.$$eval('table[data-table="borgere"] tbody tr', (t) => t.length), 12);
  await shot(page, "borgere");
  await assertNoIdsShown(page, "Borgere");
  const person = list.body.borgere[0].person;
  await page.evaluate(() => { document.getElementById("page").dataset.ready = ""; });
  await page.click(`a[href="#/borger/${person}"]`);
  await page.waitForSelector('#page[data-ready="borger"] table[data-table="haendelser"]');
  const events = await apiJson(page, `/api/v1/borgere/${person}?formaal=opf%C3%B8lgning`);
  assert.equal(await page.$$eval('table[data-table="haendelser"] tbody tr', (t) => t.length), events.body.haendelser.length);
  await shot(page, "borger-tidslinje");
  await assertNoIdsShown(page, "Borger");
  // The events name the caseworker: the page shows them, never "Sagsbehandler –".
  assert.match(await page.innerText("#page h1 + p"), new RegExp(`sagsbehandler: ${events.body.sagsbehandler}`));
  // Helsingør's citizens are refused.
  const other = await apiJson(page, "/api/v1/borgere?kommune=217");
  assert.equal(other.status, 403);
});

await test("leader: caseload per caseworker", async (page) => {
  await login(page, "leder657");
  await openPage(page, "ressourceforloeb");
  const rows = await page.$$eval('table[data-table="sagsstamme"] tbody tr', (t) => t.length);
  assert.ok(rows >= 1, "caseload table shown to leaders");
  await assertNoIdsShown(page, "Ressourceforløb (leder)");
  await shot(page, "ressourceforloeb-leder");
});

// The Økonomi page against the finance API: every cell of the budget follow-up, the grant's
// payout status and tiers; who may see it.
async function checkBudgetTable(page, kommune) {
  const api = await apiJson(page, `/api/v1/finance/budget?kommune=${kommune}`);
  assert.equal(api.status, 200);
  const cols = api.body.tabel.columns.map((c) => c.name);
  const rows = await page.$$eval('table[data-table="budget"] tbody tr', (trs) => trs.map((tr) => ({
    line: tr.dataset.line, cells: [...tr.children].map((td) => ({ text: td.textContent, value: td.dataset.value })) })));
  assert.equal(rows.length, api.body.tabel.rows.length, "one table row per budget line");
  rows.forEach((r, i) => {
    const want = api.body.tabel.rows[i];
    assert.equal(r.line, api.body.linjer[i].id);
    assert.equal(r.cells[0].text, want[cols[0]]);
    for (let c = 1; c < cols.length; c++) {
      assert.equal(Number(r.cells[c].value), want[cols[c]], `${r.line} ${cols[c]}`);
      assert.equal(r.cells[c].text, da0.format(want[cols[c]]).replace("\u2212", "-"));
    }
  });
  return rows.length;
}

await test("analyst: Økonomi, budget follow-up of another municipality", async (page) => {
  await login(page, "analytiker");
  assert.equal(await page.isVisible('nav a[data-page="oekonomi"]'), true);
  await openPage(page, "oekonomi");
  await page.evaluate(() => { document.getElementById("page").dataset.ready = ""; });
  await page.selectOption("#kommune-picker", "217");
  await page.waitForSelector('#page[data-ready="oekonomi"] table[data-table="budget"]');
  assert.match(await page.textContent("#page h1"), /Helsingør/);
  const n = await checkBudgetTable(page, "217");
  assert.ok(n >= 20, `budget lines shown: ${n}`);
  assert.match(await page.textContent("#budget-kontrol"), /Rammestyret/);
  assert.equal(await page.$("#finance-import"), null, "analysts do not import");
  await shot(page, "oekonomi-helsingoer");
  const post = await page.evaluate(async () => {
    const r = await fetch("/api/v1/finance/import", { method: "POST", headers: { "Content-Type": "application/json", "X-CSRF-Token": F.state.me.csrf_token },
      body: JSON.stringify({ files: [{ name: "x.csv", text: "grant;year;service_area;amount\nherning-fsm2;2020;17;1\n" }] }) });
    return r.status;
  });
  assert.equal(post, 403, "analysts may not import");
});

await test("leader: Økonomi, grant payout status; caseworkers are refused", async (page) => {
  await login(page, "leder657");
  await openPage(page, "oekonomi");
  await page.waitForSelector('[data-grant="herning-fsm2"]');
  const api = await apiJson(page, "/api/v1/finance/grants?kommune=657");
  assert.equal(api.status, 200);
  const g = api.body.tilsagn.find((x) => x.id === "herning-fsm2");
  assert.ok(g, "the stored grant");
  assert.deepEqual(g.bevillinger.map((b) => b.udgift), [631215, 858805, 745053]);
  assert.equal(await page.textContent('[data-grant="herning-fsm2"] [data-kpi="udbetaling"] .v'), `${da0.format(g.status.i_alt)} kr.`);
  assert.equal(await page.textContent('[data-grant="herning-fsm2"] [data-kpi="paa_spil"] .v'), `${da0.format(g.status.paa_spil)} kr.`);
  const tiers = await page.$$eval('table[data-table="trin-herning-fsm2"] tbody tr', (trs) => trs.map((tr) => ({
    total: Number(tr.children[3].dataset.value), reached: tr.children[5].textContent })));
  assert.deepEqual(tiers.map((t) => t.total), g.trin.map((t) => t.i_alt));
  assert.deepEqual(tiers.map((t) => t.reached === "ja"), g.trin.map((t) => t.naaet));
  // The payout measure's monthly chart draws every measured month of the grant (kommune and
  // landsplan), not "Ingen tal i perioden".
  const measured = g.maaneder.flatMap((m) => [m.andel, m.andel_landsplan]).filter((v) => v !== null).length;
  assert.ok(measured > 0, "the demo's events give the grant measured months");
  assert.equal(await page.getAttribute('[data-chart="herning-fsm2"] .chart', "data-points"), String(measured));
  // The example appropriations add up to 2.235.073 kr., one krone short of the grant (2.235.074).
  assert.match(await page.textContent('[data-kontrol="herning-fsm2"]'), /summer til 2\.235\.073 kr\., tilsagnet er 2\.235\.074 kr\. \(forskel 1 kr\.\)/);
  assert.ok(await page.$("#finance-import"), "leaders import");
  assert.equal((await apiJson(page, "/api/v1/finance/budget?kommune=217")).status, 403, "own municipality only");
  await shot(page, "oekonomi-herning");
  // Import through the page: a bad file is refused as a whole and names file, line and column.
  await page.setInputFiles("#finance-files", { name: "rater.csv", mimeType: "text/csv",
    buffer: Buffer.from("grant;kind;fraction\nherning-fsm2;bonus;0,5\n") });
  await page.click("#finance-import");
  await page.waitForSelector("#finance-result.error");
  assert.match(await page.textContent("#finance-result"), /rater\.csv:2: column 'kind'/);
});

await test("caseworker: no Økonomi", async (page) => {
  await login(page, "sb657");
  assert.equal(await page.isVisible('nav a[data-page="oekonomi"]'), false);
  assert.equal((await apiJson(page, "/api/v1/finance/grants?kommune=657")).status, 403);
  await openPage(page, "oekonomi");
  assert.match(await page.textContent("#page"), /ikke adgang/);
});

await test("login: wrong password is refused", async (page) => {
  await page.goto(BASE);
  await page.fill("#login-user", "analytiker");
  await page.fill("#login-password", "forkert-adgangskode");
  await page.click("#login-form button[type=submit]");
  await page.waitForSelector("#login-error:not([hidden])");
  await shot(page, "login-fejl");
});

// The Nøgletal page's breakdown picker (Fordeling): Køn gives the municipality's rows for men and
// women of the latest month, in Danish words, which add up to the total row, as the API says.
// Its own browser context: axe-core is injected as a script, which the server's CSP refuses
// (bypassCSP, as demo_tour.test.mjs does).
{
  const name = "analyst: Nøgletal broken down by køn sums to the total";
  const { assertAccessible } = await import("./axe_checks.mjs");
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "fremdrift-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: "/usr/bin/chromium", headless: true, args: ARGS,
    viewport: { width: 1400, height: 1000 }, locale: "da-DK", bypassCSP: true });
  const page = context.pages()[0] || await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error" && !/status of 40[13]/.test(m.text())) errors.push(m.text()); });
  const t0 = Date.now();
  try {
    await login(page, "analytiker");
    await openPage(page, "noegletal");
    assert.ok(await page.$('label:has(#by-picker)'), "the picker has a label");
    await page.evaluate(() => { document.getElementById("page").dataset.ready = ""; });
    await page.selectOption("#by-picker", "koen");
    await page.waitForSelector('#page[data-ready="noegletal"]', { timeout: 60000 });
    await page.waitForSelector('[data-table="fordeling"] tbody tr');
    const shown = await page.$$eval('[data-table="fordeling"] tbody tr', (trs) => trs.map((tr) => ({
      group: tr.dataset.group, kategori: tr.dataset.kategori,
      words: tr.children[1].textContent.trim(), ftp: tr.children[2].dataset.value })));
    const group = shown.some((r) => r.group === "offentlig_forsoergelse") ? "offentlig_forsoergelse" : shown[0].group;
    const rows = shown.filter((r) => r.group === group);
    const total = rows.find((r) => r.kategori === "i_alt");
    const men = rows.find((r) => r.kategori === "mand"), women = rows.find((r) => r.kategori === "kvinde");
    assert.ok(total && men && women, `rows for the total, men and women of ${group}: ${JSON.stringify(rows)}`);
    assert.equal(men.words, "Mand");
    assert.equal(women.words, "Kvinde");
    assert.equal(total.words, "I alt");
    const sum = rows.filter((r) => r.kategori !== "i_alt").reduce((a, r) => a + Number(r.ftp || 0), 0);
    assert.ok(Math.abs(sum - Number(total.ftp)) < 1e-6, `men + women (+ unknown) = ${sum}, the total ${total.ftp}`);
    // The same figures as the API's.
    const ref = (await apiJson(page, "/api/v1/reference")).body;
    const to = ref.register.sidste_maaned;
    const kommune = await page.$eval("#kommune-picker", (s) => s.value);
    const api = await apiJson(page, `/api/v1/measurements/andel?from=${to}&to=${to}&area=kommune&kommune=${kommune}&by=koen`);
    assert.equal(api.status, 200);
    const apiRow = api.body.rows.find((r) => r.ydelsesgruppe === group && r.dimension === "koen" && r.kategori === "mand" && r.periode === to);
    assert.ok(apiRow, "the API has the row for men");
    assert.ok(Math.abs(apiRow.fuldtidspersoner - Number(men.ftp)) < 1e-9, "men's full-time persons as the API's");
    assert.ok(await page.$('[data-card="fordeling"] svg'), "a chart per category");
    await assertNoIdsShown(page, "Nøgletal by køn");
    await assertAccessible(page, "Nøgletal by køn");
    await shot(page, "noegletal-fordeling-koen");
    assert.deepEqual(errors, [], "no script errors on the page");
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failures++;
    console.log(`FAIL ${name}: ${e.stack || e}`);
    await page.screenshot({ path: path.join(OUT, "FAIL-noegletal_fordeling.png"), fullPage: true }).catch(() => {});
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}

console.log(failures ? `${failures} browser test(s) failed` : "all browser tests passed");
process.exit(failures ? 1 : 0);
