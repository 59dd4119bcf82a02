// The HTML committee documents in headless chromium: each file of FREMDRIFT_DOCUMENTS
// (written by documents.sh, one per kind of `fremdrift report`) is opened and axe-core's WCAG
// 2.0/2.1 A and AA rules must find no violation; the page must declare Danish, have a title,
// every chart a text alternative and every table column headers. Prints the rules checked and
// passed per document; a screenshot of each goes to FREMDRIFT_ARTIFACTS.
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { assertAccessible } from "./axe_checks.mjs";

const DIR = process.env.FREMDRIFT_DOCUMENTS;
const OUT = process.env.FREMDRIFT_ARTIFACTS;
assert.ok(DIR && OUT, "run through tests/browser/documents.sh");
const KINDS = ["noegletal", "ressourceforloeb", "fsm2", "budgetopfoelgning"];

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
let failures = 0;
try {
  for (const kind of KINDS) {
    const file = path.join(DIR, `${kind}.html`);
    assert.ok(fs.existsSync(file), `${file} was not written`);
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    try {
      await page.goto(pathToFileURL(file).href);
      const facts = await page.evaluate(() => ({
        lang: document.documentElement.lang,
        title: document.title,
        charts: document.querySelectorAll("figure svg").length,
        namedCharts: [...document.querySelectorAll("figure svg")]
          .filter((s) => s.getAttribute("role") === "img" && (s.getAttribute("aria-label") || "").length > 20).length,
        tables: document.querySelectorAll("table").length,
        tablesWithHeaders: [...document.querySelectorAll("table")]
          .filter((t) => t.querySelector("th[scope=col]")).length,
      }));
      assert.equal(facts.lang, "da", `${kind}: <html lang>`);
      assert.ok(facts.title.length > 10, `${kind}: <title> '${facts.title}'`);
      assert.equal(facts.namedCharts, facts.charts, `${kind}: charts without a text alternative`);
      assert.equal(facts.tablesWithHeaders, facts.tables, `${kind}: tables without column headers`);
      assert.ok(facts.tables + facts.charts > 0, `${kind}: neither a table nor a chart`);
      const axe = await assertAccessible(page, kind);
      console.log(`ok ${kind}: axe-core WCAG 2.1 A/AA: ${axe.passes + axe.inapplicable} rules checked, ` +
        `${axe.passes} passed, 0 violations (${facts.tables} tables, ${facts.charts} charts)`);
      await page.screenshot({ path: path.join(OUT, `document-${kind}.png`), fullPage: true });
    } catch (e) {
      failures++;
      console.log(`FAIL ${kind}: ${e.message}`);
    } finally {
      await page.close();
    }
  }
} finally {
  await browser.close();
}
if (failures) {
  console.log(`${failures} of ${KINDS.length} documents failed`);
  process.exit(1);
}
console.log(`all ${KINDS.length} HTML committee documents pass axe-core's WCAG 2.1 A/AA rules`);
