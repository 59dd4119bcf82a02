// Browser checks of the words a jobcenter meets on the case pages (Rettidighed, Rehabilitering,
// Borger, the pool pages): no visible text holds "undefined", "NaN", "null" or a snake_case id
// (the ids stay in the API's JSON; the page shows the label table's words), and no month shown
// is after the data's horizon (the day in the Tables' "horizon" note, shown on the page as
// data-horizon). Used by dashboard.test.mjs.
import assert from "node:assert/strict";

const SNAKE = /(?<![\w/#.-])[a-zæøå0-9]+(?:_[a-zæøå0-9]+)+(?![\w/.-])/;

// The page's visible text: no undefined, NaN, null or snake_case id.
export async function assertNoIdsShown(page, what) {
  const text = await page.innerText("#page");
  const bad = /\b(undefined|NaN|null)\b/.exec(text);
  assert.equal(bad, null, `${what}: '${bad && text.slice(Math.max(0, bad.index - 60), bad.index + 20)}'`);
  const id = SNAKE.exec(text);
  assert.equal(id, null, `${what}: an id on the page: '${id && text.slice(Math.max(0, id.index - 60), id.index + 40)}'`);
}

// The page states its horizon (when `table` has one) and shows no month after it: neither in the
// "latest month" headings nor in a period cell of any table.
export async function assertNotAfterHorizon(page, table, what) {
  const note = (table.note_kinds || []).findIndex((k) => k === "horizon");
  assert.ok(note >= 0, `${what}: the API's table has a horizon note`);
  const horizon = /(\d{4}-\d{2}-\d{2})/.exec(table.notes[note])[1];
  const shown = await page.$$eval("[data-horizon]", (es) => es.map((e) => e.dataset.horizon));
  assert.ok(shown.includes(horizon), `${what}: the page states the horizon ${horizon} (${shown})`);
  const month = horizon.slice(0, 7);
  for (const r of table.rows) if (r.periode) assert.ok(r.periode <= month, `${what}: API month ${r.periode} after ${horizon}`);
  const latest = await page.$$eval("[data-latest-month]", (es) => es.map((e) => e.dataset.latestMonth).filter(Boolean));
  for (const m of latest) assert.ok(m <= month, `${what}: latest month ${m} after the horizon ${horizon}`);
  const cells = await page.$$eval('td[data-column="periode"], table.data tbody td.nowrap', (tds) => tds.map((t) => t.dataset.value || ""));
  for (const p of cells) if (/^\d{4}-\d{2}$/.test(p)) assert.ok(p <= month, `${what}: a table shows ${p}, after ${horizon}`);
  return horizon;
}
