// Compares fremdrift's and DuckDB's answers of the case benchmark (bench/case_run), per
// municipality and month where the denominator is not 0, taeller and naevner exactly:
//   fsm2: `measure fsm2` (kept: indicators 4 and udbetaling) against DuckDB's
//         periode,kommune,indikator,taeller,naevner;
//   rettidighed: `measure rettidighed` (kept: krav foerste_samtale) against DuckDB's
//         periode,kommune,ydelsesgruppe,taeller,naevner.
// Usage: node case_compare.mjs fsm2|rettidighed FREMDRIFT.csv DUCKDB.csv   (exit 1 on a difference)
import { readFileSync } from 'node:fs';

// One CSV line into fields (RFC 4180 quotes).
function split(line) {
  const out = [];
  let cur = '', quoted = false;
  for (let i = 0; i < line.length; ++i) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { cur += '"'; ++i; } else if (c === '"') quoted = false; else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { out.push(cur); cur = ''; } else cur += c;
  }
  out.push(cur);
  return out;
}

function load(path, keep) {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const cols = split(header);
  const at = (name) => cols.indexOf(name);
  const map = new Map();
  for (const line of lines) {
    const f = split(line);
    const row = { periode: f[at('periode')], kommune: f[at('kommune')], indikator: f[at('indikator')],
                  krav: at('krav') >= 0 ? f[at('krav')] : 'foerste_samtale',
                  key: f[at(kind === 'fsm2' ? 'indikator' : 'ydelsesgruppe')],
                  taeller: Number(f[at('taeller')]), naevner: Number(f[at('naevner')]) };
    if (!keep(row)) continue;
    map.set(`${row.periode}|${row.kommune}|${row.key}`, [row.taeller, row.naevner]);
  }
  return map;
}

const [kind, fPath, dPath] = process.argv.slice(2);
const wanted = kind === 'fsm2'
  ? (r) => (r.indikator === '4' || r.indikator === 'udbetaling') && r.kommune !== 'landsplan' && r.naevner > 0
  : (r) => r.krav === 'foerste_samtale' && r.kommune !== 'landsplan' && r.naevner > 0;
const f = load(fPath, wanted), d = load(dPath, wanted);
let bad = 0;
for (const [k, v] of f) {
  const w = d.get(k);
  if (!w || w[0] !== v[0] || w[1] !== v[1]) if (bad++ < 10) console.error(`differs: ${k}: fremdrift ${v} vs DuckDB ${w}`);
}
for (const k of d.keys()) if (!f.has(k) && bad++ < 10) console.error(`only in DuckDB: ${k}: ${d.get(k)}`);
console.log(`${f.size} rows vs ${d.size} rows: ${bad} differences`);
process.exit(bad || f.size === 0 ? 1 : 0);
