// Browser checks of the catalogue's measurements as a user meets them: "Alle målinger" offers
// forloeb, afgang, ressourceforloeb and indsatsplaner with their parameters and shows, for the
// parameters typed into the form, a table whose every cell equals the API's JSON (numbers in
// Danish format) and a chart of the time series; the Nøgletal page shows the long sygedagpenge
// forløb and the latest quarter's ressourceforløb equal to the API's values, or a Danish notice
// where the register has none. No page shows "undefined", "NaN" or "null"; headings are Danish.
// Used by dashboard.test.mjs; `h` holds its helpers (openPage, apiJson).
import assert from "node:assert/strict";
import { openHash } from "./navigation.mjs";

export const CATALOG_IDS = ["forloeb", "afgang", "ressourceforloeb", "indsatsplaner"];
const da0 = new Intl.NumberFormat("da-DK", { maximumFractionDigits: 0 });
const daN = (d) => new Intl.NumberFormat("da-DK", { minimumFractionDigits: d, maximumFractionDigits: d });
// English words that would betray an untranslated heading or label.
const ENGLISH = /\b(the|of|and|ongoing|started|ended|measurement|table|period|area|group|share|none|error)\b/i;

const query = (params) => new URLSearchParams(Object.entries(params).filter(([, v]) => v !== "")).toString();

// The page's visible text holds no "undefined", "NaN" or "null", and its headings are Danish.
export async function assertCleanDanish(page, what) {
  const text = await page.innerText("#page");
  const bad = /\b(undefined|NaN|null)\b/.exec(text);
  assert.equal(bad, null, `${what}: '${bad && text.slice(Math.max(0, bad.index - 60), bad.index + 20)}'`);
  const headings = await page.$$eval("#page h1, #page h2, #page h3, #page th, #page label", (hs) => hs.map((x) => x.firstChild ? x.firstChild.textContent.trim() : ""));
  assert.ok(headings.length > 0, `${what}: headings`);
  for (const t of headings) assert.doesNotMatch(t, ENGLISH, `${what}: heading or label '${t}' is Danish`);
  return headings;
}

// A measurement's page with `params` typed into its form (kommune only where the user may type
// it); returns the query the page should have asked for.
async function showMeasurement(page, id, params, boundKommune) {
  await openHash(page, `maalinger/${id}`, "maalinger", "#measurement-form");
  const want = {};
  for (const name of await page.$$eval("#measurement-form [data-param]", (ls) => ls.map((l) => l.dataset.param))) want[name] = "";
  for (const [name, value] of Object.entries(params)) {
    assert.ok(name in want, `${id} offers the parameter ${name}`);
    const control = `#measurement-form [data-param="${name}"] input, #measurement-form [data-param="${name}"] select`;
    if (await page.$eval(control, (c) => c.tagName) === "SELECT") {
      await page.selectOption(control, { index: await page.$eval(control, (s, v) => [...s.options].findIndex((o) => o.value === v), value) });
    } else {
      await page.fill(control, value);
    }
    want[name] = value;
  }
  if ("kommune" in want && boundKommune) {
    assert.equal(await page.inputValue('#measurement-form [data-param="kommune"] input'), boundKommune, "bound to the user's municipality");
    want.kommune = boundKommune;
  }
  await page.evaluate(() => { document.getElementById("page").dataset.ready = ""; });
  await page.click('#measurement-form button[type="submit"]');
  await page.waitForSelector('#page[data-ready="maalinger"]', { timeout: 60000 });
  return query(want);
}

// The table on a measurement's page against the API's JSON for the same query: the same columns
// (labels), the same rows in the same order, every cell's value, numbers in Danish format.
// An empty Table (allowed with `allowEmpty`: a user bound to a municipality without such data) is
// said in Danish.
async function assertTableEqualsApi(page, id, q, h, allowEmpty) {
  const api = await h.apiJson(page, `/api/v1/measurements/${id}?${q}&format=json`);
  assert.equal(api.status, 200, `${id}?${q}: ${JSON.stringify(api.body).slice(0, 200)}`);
  const { columns, rows } = api.body;
  assert.ok(rows.length > 0 || allowEmpty, `${id}?${q}: the API has rows`);
  if (!rows.length) {
    assert.equal(await page.textContent("#measurement-result [data-rows]"), "Ingen rækker for de valgte parametre.");
  }
  assert.ok(rows.length <= 5000, `${id}: pick parameters that fit one page`);
  const sorted = (text) => [...new URLSearchParams(text).entries()].sort().map((e) => e.join("=")).join("&");
  assert.equal(sorted(await page.getAttribute("#measurement-result", "data-query")), sorted(q), `${id}: the page asked for the typed parameters`);
  const shown = await page.$$eval(`table[data-table="${id}"]`, ([t]) => ({
    head: [...t.querySelectorAll("thead th")].map((th) => [th.dataset.column, th.textContent]),
    rows: [...t.querySelectorAll("tbody tr")].map((tr) => [...tr.children].map((td) => [td.dataset.value, td.textContent])) }));
  assert.deepEqual(shown.head, columns.map((c) => [c.name, c.label || c.name]), `${id}: columns`);
  assert.equal(shown.rows.length, rows.length, `${id}: one table row per API row`);
  rows.forEach((r, i) => columns.forEach((c, j) => {
    const [value, text] = shown.rows[i][j];
    const v = r[c.name];
    assert.equal(value, v === null ? "" : String(v), `${id} row ${i} ${c.name}`);
    if (c.type === "string") return;
    if (v === null) assert.equal(text, "–");
    else if (c.unit === "pct") assert.equal(text, `${daN(c.decimals >= 0 ? c.decimals : 1).format(v)} %`, `${id} row ${i} ${c.name}`);
    else if (c.type === "integer") assert.equal(text, da0.format(v), `${id} row ${i} ${c.name}`);
    else assert.match(text, /^-?\d{1,3}(\.\d{3})*(,\d+)?$/, `${id} row ${i} ${c.name}: '${text}'`);
  }));
  return api.body;
}

// The chart: a Table with a `periode` column over several periods and a numeric measure is
// drawn; for one series, one point per period (a count the Table leaves out is drawn as 0) or,
// for a measure that is not a count, per row with a value.
async function assertChart(page, id, table) {
  const time = table.columns.find((c) => c.name === "periode" && c.role === "dimension");
  const measure = table.columns.find((c) => c.role === "value" && c.type !== "string");
  const periods = new Set(table.rows.map((r) => r[time ? time.name : ""]));
  if (!time || !measure || periods.size < 2) {
    assert.equal(await page.$("#measurement-chart"), null, `${id}: no chart without a time series`);
    return 0;
  }
  const series = Number(await page.getAttribute("#measurement-chart", "data-series"));
  assert.ok(series >= 1, `${id}: the chart has series`);
  const dots = await page.$$eval('#measurement-chart g[aria-label="dot"] circle', (c) => c.length);
  assert.ok(dots > 0, `${id}: the chart has points`);
  if (series === 1) {
    const want = measure.type === "integer" ? periods.size : table.rows.filter((r) => r[measure.name] !== null).length;
    assert.equal(dots, want, `${id}: one point per ${measure.type === "integer" ? "period" : "row"}`);
  }
  return dots;
}

// The municipality (code) with the most API rows for `id` with `params` (and area=kommune where
// the measurement has areas), among `among` when given.
async function busiestKommune(page, m, params, h, among) {
  const area = m.params.some((p) => p.name === "area") ? { area: "kommune" } : {};
  const api = await h.apiJson(page, `/api/v1/measurements/${m.id}?${query(Object.assign(area, params))}`);
  assert.equal(api.status, 200);
  const column = api.body.columns.find((c) => c.name === "omraade" || c.name === "kommune").name;
  const n = new Map();
  for (const r of api.body.rows) {
    if (/^\d{3}$/.test(r[column]) && (!among || among.includes(r[column]))) n.set(r[column], (n.get(r[column]) || 0) + 1);
  }
  const best = [...n.entries()].sort((a, b) => b[1] - a[1])[0];
  assert.ok(best, `${m.id}: some municipality has rows`);
  return best[0];
}

// "Alle målinger": the list names every measurement of the API's listing, the four new ones
// reachable; each of them shows the API's figures for the parameters typed into its form, for
// the municipality with the most rows, or for `options.kommune`, the user's own (where a table
// may be empty).
export async function checkCatalogPages(page, h, options = {}) {
  const listing = (await h.apiJson(page, "/api/v1/measurements")).body.measurements;
  await h.openPage(page, "maalinger");
  const shown = await page.$$eval("tr[data-measurement]", (trs) => trs.map((tr) => ({
    id: tr.dataset.measurement, title: tr.children[0].textContent, link: !!tr.querySelector("a") })));
  assert.deepEqual(shown.map((m) => m.id), listing.map((m) => m.id), "the list is the API's listing");
  for (const id of CATALOG_IDS) {
    const m = listing.find((x) => x.id === id);
    assert.ok(m, `the API lists ${id}`);
    assert.ok(m.available && m.allowed, `${id} is available to the user`);
    const row = shown.find((x) => x.id === id);
    assert.equal(row.title, m.title);
    assert.ok(row.link, `${id} links to its page`);
  }
  await assertCleanDanish(page, "Alle målinger");
  const bound = options.kommune || "";
  const pick = async (id, params) => (bound ? {} : { kommune: await busiestKommune(page, listing.find((m) => m.id === id), params, h, options.among) });
  const cases = [
    ["forloeb", { from: "2019-01", to: "2019-12", group: "sygedagpenge" }],
    ["afgang", { from: "2019-07", to: "2019-12", group: "sygedagpenge" }],
    ["ressourceforloeb", { from: "2019-Q1", to: "2019-Q4" }],
    ["indsatsplaner", { from: "2019-01", to: "2020-02" }],
  ];
  const result = {};
  for (const [id, params] of cases) {
    const typed = Object.assign(await pick(id, params), params);
    const q = await showMeasurement(page, id, typed, bound);
    const table = await assertTableEqualsApi(page, id, q, h, !!bound);
    const dots = await assertChart(page, id, table);
    assert.equal(await page.textContent("#page h1"), listing.find((m) => m.id === id).title);
    await assertCleanDanish(page, `måling ${id}`);
    await h.shot(page, `maaling-${id}${bound ? `-${bound}` : ""}`);
    result[id] = { rows: table.rows.length, dots };
  }
  return result;
}

const quarterOf = (p) => `${p.slice(0, 4)}-Q${Math.floor((+p.slice(5, 7) - 1) / 3) + 1}`;

// Nøgletal's forløb sections for `kommune` and the latest month `to` against the API.
export async function checkNoegletalForloeb(page, kommune, to, h) {
  const yearBefore = `${+to.slice(0, 4) - 1}${to.slice(4)}`;
  const api = await h.apiJson(page, `/api/v1/measurements/forloeb?${query({ group: "sygedagpenge", area: "kommune,rar,land", kommune, from: yearBefore, to })}`);
  assert.equal(api.status, 200);
  const areaOf = (r) => (r.omraade === kommune ? "kommune" : r.omraade === "Hele landet" ? "land" : "rar");
  const value = (area, p, col) => { const r = api.body.rows.find((x) => areaOf(x) === area && x.periode === p); return r ? r[col] : 0; };
  await assertCleanDanish(page, `Nøgletal ${kommune}`);
  const headings = await page.$$eval("#page h2", (hs) => hs.map((x) => x.textContent));
  assert.ok(headings.includes("Lange sygedagpengeforløb") && headings.includes("Ressourceforløb"), `headings: ${headings}`);
  let over = null;
  if (!api.body.rows.some((r) => areaOf(r) === "kommune")) {
    assert.match(await page.textContent('[data-notice="no-forloeb"]'), /Registret har ingen sygedagpengeforløb i .* Kommune/);
    assert.equal(await page.$('[data-kpi="sygedagpenge-over-26"]'), null, "no figure without forløb");
  } else {
    over = value("kommune", to, "igangvaerende_over_26_uger");
    const kpi = await page.$eval('[data-kpi="sygedagpenge-over-26"]', (k) => [k.dataset.value, k.querySelector(".v").textContent]);
    assert.deepEqual(kpi, [String(over), da0.format(over)], "long sygedagpenge forløb = API");
    const before = await page.$eval('[data-kpi="sygedagpenge-over-26-aaret-foer"]', (k) => k.dataset.value);
    assert.equal(Number(before), value("kommune", yearBefore, "igangvaerende_over_26_uger"), "a year earlier = API");
    const table = await page.$$eval('table[data-table="sygedagpenge-over-26"] tbody tr', (trs) => trs.map((tr) =>
      [tr.dataset.area, ...[...tr.children].slice(1).map((td) => td.dataset.value)]));
    assert.deepEqual(table.map((r) => r[0]), ["kommune", "rar", "land"]);
    for (const [area, ongoing, n] of table) {
      assert.equal(Number(ongoing), value(area, to, "igangvaerende"), `ongoing in ${area}`);
      assert.equal(Number(n), value(area, to, "igangvaerende_over_26_uger"), `over 26 weeks in ${area}`);
    }
    assert.match(await page.textContent('[data-sentence="sygedagpenge"]'), new RegExp(`havde ${da0.format(over).replace(".", "\\.")} sygedagpengeforløb`));
  }
  // Ressourceforløb: the last whole quarter up to `to` and the four before; a notice when the
  // municipality has none in those quarters.
  const q = +to.slice(5, 7) % 3 === 0 ? quarterOf(to) : null;
  assert.ok(q, "pick a quarter's last month");
  const q0 = `${+q.slice(0, 4) - 1}${q.slice(4)}`;
  const rf = await h.apiJson(page, `/api/v1/measurements/ressourceforloeb?${query({ period: "quarter", area: "kommune", kommune, from: q0, to: q })}`);
  assert.equal(rf.status, 200);
  const total = (maal) => { const r = rf.body.rows.find((x) => x.periode === q && x.maal === maal && x.dimension === "i_alt"); return r ? r.antal : 0; };
  let figures = null;
  if (!rf.body.rows.length) {
    assert.match(await page.textContent('[data-notice="no-ressourceforloeb"]'), /^Registret har ingen ressourceforløb i .* Kommune fra \d\. kvartal \d{4} til \d\. kvartal \d{4}\.$/);
    assert.equal(await page.$('[data-kpi^="ressourceforloeb-"]'), null, "no figures without ressourceforløb");
  } else {
    assert.equal(await page.$('[data-notice="no-ressourceforloeb"]'), null);
    figures = {};
    for (const maal of ["startede", "afsluttede", "igangvaerende"]) {
      const kpi = await page.$eval(`[data-kpi="ressourceforloeb-${maal}"]`, (k) => [k.dataset.value, k.querySelector(".v").textContent, k.querySelector(".l").textContent]);
      assert.deepEqual(kpi.slice(0, 2), [String(total(maal)), da0.format(total(maal))], `ressourceforløb ${maal} = API`);
      assert.match(kpi[2], /kvartal \d{4}$/, "the quarter is named in Danish");
      figures[maal] = total(maal);
    }
    const quarters = await page.$$eval('table[data-table="ressourceforloeb-kvartaler"] tbody tr', (trs) => trs.map((tr) =>
      [tr.dataset.quarter, ...[...tr.children].slice(1).map((td) => Number(td.dataset.value))]));
    assert.equal(quarters.length, 5, "five quarters");
    for (const [p, ...n] of quarters) {
      const want = ["startede", "afsluttede", "igangvaerende"].map((m) => { const r = rf.body.rows.find((x) => x.periode === p && x.maal === m && x.dimension === "i_alt"); return r ? r.antal : 0; });
      assert.deepEqual(n, want, `ressourceforløb in ${p}`);
    }
  }
  return { over, ressourceforloeb: figures };
}
