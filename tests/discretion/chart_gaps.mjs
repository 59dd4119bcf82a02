// The dashboard's line charts (web/js/charts.js) break a series' line at a month without a value
// (null: a count not shown for discretion, docs/measurements.md "Small numbers"): the line is two
// separate segments (two "M" moves in its path) and no dot is drawn there (nor at 0).
// Run by tests/discretion/chart_gaps.sh in headless Debian chromium (playwright-core).
import assert from "node:assert/strict";
import path from "node:path";
import { createRequire } from "node:module";

const root = process.env.FREMDRIFT_ROOT;
const require = createRequire(path.join(root, "package.json"));
const { chromium } = require("playwright-core");

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium" });
try {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.setContent('<!doctype html><html lang="da"><body><div id="t"></div></body></html>');
  await page.addScriptTag({ path: path.join(root, "web/vendor/d3.min.js") });
  await page.addScriptTag({ path: path.join(root, "web/vendor/plot.umd.min.js") });
  // The two helpers of app.js that charts.js uses.
  await page.addScriptTag({ content: `window.F = {
    el(tag, attrs, ...kids) { const e = document.createElement(tag);
      for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
      for (const k of kids.flat()) if (k != null) e.append(k); return e; },
    fmtShare: (v) => String(v) };` });
  await page.addScriptTag({ path: path.join(root, "web/js/charts.js") });
  const result = await page.evaluate(() => {
    const months = ["2019-01", "2019-02", "2019-03", "2019-04", "2019-05", "2019-06"];
    const herning = [12, 14, null, 11, 13, null], land = [40, 41, 42, 40, 39, 38];
    const data = months.map((p, i) => ({ period: p, series: "Herning", value: herning[i] }))
      .concat(months.map((p, i) => ({ period: p, series: "Hele landet", value: land[i] })));
    const chart = F.charts.line(data, { series: ["Herning", "Hele landet"], zero: true });
    document.getElementById("t").append(chart);
    const svg = chart.querySelector("svg");
    const paths = [...svg.querySelectorAll('g[aria-label="line"] path')];
    const dots = [...svg.querySelectorAll('g[aria-label="dot"] circle')];
    return {
      moves: paths.map((p) => (p.getAttribute("d").match(/M/g) || []).length),
      points: chart.dataset.points, gaps: chart.dataset.gaps, dots: dots.length,
    };
  });
  assert.deepEqual(errors, [], "no script error");
  assert.deepEqual(result.moves, [2, 1], "Herning's line is broken at March (two segments), the country's is whole");
  assert.equal(result.points, "10", "a dot per month with a value: 4 of Herning's, 6 of the country's");
  assert.equal(result.dots, 10);
  assert.equal(result.gaps, "1", "one month without a value between two with one");
  console.log(`ok   chart gaps: segments per series ${JSON.stringify(result.moves)}, ${result.dots} dots`);
} finally {
  await browser.close();
}
