// Navigation in the dashboard as the browser tests do it, without racing the app's router: a page
// is ready when #page carries data-ready=<page>, which the router clears when a navigation starts
// and sets when that navigation has drawn. A hash change reaches the router as a task of its own,
// so an earlier navigation may finish (and mark the page ready) between the test's change and the
// router's start; these helpers wait until the router has seen the change before waiting for ready.
"use strict";

// Runs `action` (which changes location.hash, e.g. a click on a nav link) and returns once the
// router has started on the new hash. When the hash would not change, the router is asked to draw
// the page again.
export async function afterHashChange(page, action) {
  const seen = page.evaluate(() => new Promise((resolve) => {
    window.addEventListener("hashchange", () => resolve(), { once: true });
  }));
  await action();
  await seen;
}

// Opens `#/<hash>` and waits until page `name` is drawn (and `selector` inside #page, if given).
export async function openHash(page, hash, name, selector = "") {
  const same = await page.evaluate((h) => location.hash === h, `#/${hash}`);
  if (same) {
    await page.evaluate(() => F.route());
  } else {
    await afterHashChange(page, () => page.evaluate((h) => { location.hash = h; }, `#/${hash}`));
  }
  await page.waitForSelector(`#page[data-ready="${name}"]${selector ? " " + selector : ""}`, { timeout: 60000 });
}
