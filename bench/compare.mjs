// Compares fremdrift's and DuckDB's answers: same keys (all leading text columns), numbers within
// 1e-9. Usage: node compare.mjs A.csv B.csv  (exit 1 on any difference)
import { readFileSync } from 'node:fs';

function load(path) {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const map = new Map();
  for (const line of lines) {
    const f = line.split(',');
    const values = [];
    const keys = [];
    for (const x of f) (x !== '' && !isNaN(Number(x)) && keys.length >= 2 ? values : keys).push(x);
    map.set(keys.join('|'), values.map(Number));
  }
  return { header, map };
}
const [a, b] = process.argv.slice(2).map(load);
let bad = 0;
for (const [k, va] of a.map) {
  const vb = b.map.get(k);
  if (!vb || vb.length !== va.length || va.some((x, i) => Math.abs(x - vb[i]) > 1e-9)) {
    if (bad++ < 10) console.error(`differs: ${k}: ${va} vs ${vb}`);
  }
}
for (const k of b.map.keys()) if (!a.map.has(k) && bad++ < 10) console.error(`only in second: ${k}`);
console.log(`${a.map.size} rows vs ${b.map.size} rows: ${bad} differences`);
process.exit(bad ? 1 : 0);
