// Accessibility checks with axe-core (npm, injected into the page): the rules tagged WCAG 2.0/2.1
// level A and AA (wcag2a, wcag2aa, wcag21a, wcag21aa) must find no violation on the page as shown.
// Used by demo_tour.test.mjs on every page of every demo role.
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

// Runs axe on the whole document; fails naming each violated rule, its impact and the first
// elements it found. Returns the number of rules that ran and passed.
export async function assertAccessible(page, what) {
  if (!(await page.evaluate(() => typeof window.axe !== "undefined"))) await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations", "passes"] });
    return {
      passes: r.passes.length,
      inapplicable: r.inapplicable.length,
      violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.length, first: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) })),
    };
  }, TAGS);
  if (result.violations.length) {
    assert.fail(`${what}: WCAG 2.1 A/AA violations:\n` +
      result.violations.map((v) => `  ${v.id} (${v.impact}, ${v.nodes} elements): ${v.help}: ${v.first.join(", ")}`).join("\n"));
  }
  return result;
}
