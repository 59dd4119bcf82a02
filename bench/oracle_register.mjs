// An independent oracle for `fremdrift measure fuldtidspersoner` (docs/oracle.md). DuckDB reads
// the RAW register CSV and the reference CSVs itself and computes the full-time persons with its
// own SQL from the definitions in shared/specs/measurements.md and register-format.md: the week
// columns unpivoted, ISO week → month by the Thursday rule, the residence of the week's Thursday
// year, birth dates from `foedselsdato` or the CPR number (century rule), forløb and the forløb
// age rule, code → benefit group → offentlig forsørgelse, municipality → RAR → region. It reads
// nothing fremdrift wrote.
//
//   node oracle_register.mjs compute --register R.csv --reference DIR --from YYYY-MM --to YYYY-MM
//        [--age 16-66,16-29,...|all] [--levels kommune,rar,region,land] [--afbrydelse N]
//        --out PREFIX            writes PREFIX<band>.csv (period,area,ydelsesgruppe,
//                                fuldtidspersoner,personer; full precision) for every band
//   node oracle_register.mjs forloeb --register R.csv --reference DIR --from YYYY-MM --to YYYY-MM
//        [--age 16-66|all] [--afbrydelse 4,1,...] --out PREFIX
//                                writes PREFIX<afbrydelse>.csv (period,area,ydelsesgruppe,
//                                igangvaerende,startede,afsluttede,igangvaerende_over_26_uger) at
//                                the kommune level and Hele landet, for every break rule
//   node oracle_register.mjs beskaeftigelse --register R.csv --reference DIR --from YYYY-MM
//        --to YYYY-MM [--age 16-66|all] [--afbrydelse N] --out PREFIX
//                                writes PREFIX<afbrydelse>.csv (period,area,ydelsesgruppe,maal,
//                                afsluttede,naevner,antal): ended forløb and those in employment
//                                4, 13, 26 and 52 weeks after (no code that week; the month's
//                                grad_YYYY_MM > 0, or without grad a branche_YYYY_MM not blank)
//   node oracle_register.mjs compare-beskaeftigelse ORACLE.csv FREMDRIFT.csv [LABEL]
//        exit 1 unless both hold the same rows with the same three counts
//   node oracle_register.mjs compare-forloeb ORACLE.csv FREMDRIFT.csv [LABEL]
//        exit 1 unless both hold the same rows with the same four counts
//   node oracle_register.mjs compare ORACLE.csv FREMDRIFT.json [LABEL]
//        exit 1 unless both hold the same rows and every row agrees (fuldtidspersoner within
//        1e-9, personer exact); prints row counts per area level.
//
//   node oracle_register.mjs variant --register SIM.csv --kommuner kommuner.csv --out-a A.csv
//        --out-b B.csv [--edge N] [--seed S]     test input with edge cases and CPR numbers
//
// --afbrydelse N: the gap (weeks without the group) that ends a forløb, and the number of weeks of
// data after a forløb's last week before it counts as ended (specs/measurements.md "Forløb";
// the spec's default is 4, 1 is the older DREAM rule: any week without the group ends it).
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync, writeFileSync } from 'node:fs';

function die(msg) {
  console.error(`oracle_register: ${msg}`);
  process.exit(2);
}

function parseArgs(argv) {
  const a = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || i + 1 >= argv.length) die(`bad argument ${argv[i]}`);
    a[argv[i].slice(2)] = argv[i + 1];
  }
  return a;
}

const sqlString = (s) => `'${String(s).replaceAll("'", "''")}'`;
const ident = (s) => `"${String(s).replaceAll('"', '""')}"`;

// The header's columns, named as the register format names them (case and spaces ignored).
function readHeader(path) {
  const buf = readFileSync(path);
  let text = buf.subarray(0, Math.min(buf.length, 1 << 20)).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const line = text.split(/\r?\n/, 1)[0];
  const delim = (line.match(/;/g) || []).length >= (line.match(/,/g) || []).length ? ';' : ',';
  const cols = line.split(delim).map((c) => c.replace(/^"|"$/g, ''));
  const norm = cols.map((c) => c.trim().toLowerCase());
  const find = (name) => { const i = norm.indexOf(name); return i < 0 ? null : cols[i]; };
  const id = ['cpr', 'pnr', 'lobenr', 'id'].map(find).find((c) => c !== null);
  if (!id) die('no id column');
  const weeks = [], years = new Map(), grad = new Map(), branche = new Map();
  norm.forEach((n, i) => {
    let m;
    if ((m = n.match(/^y_(\d\d)(\d\d)$/))) weeks.push({ col: cols[i], yy: +m[1], ww: +m[2] });
    else if ((m = n.match(/^grad_(\d{4})_(\d\d)$/))) grad.set(`${m[1]}-${m[2]}`, cols[i]);
    else if ((m = n.match(/^branche_(\d{4})_(\d\d)$/))) branche.set(`${m[1]}-${m[2]}`, cols[i]);
    else if ((m = n.match(/^(?:kom_|nykom)(\d{4})$/)) && !years.has(+m[1])) years.set(+m[1], cols[i]);
  });
  if (!weeks.length) die('no week column');
  return { delim, cols, id, birth: find('foedselsdato'), kom: find('kom'), weeks, years, grad, branche };
}

async function compute(args, measure = 'fuldtidspersoner') {
  for (const k of ['register', 'reference', 'from', 'to', 'out']) if (!args[k]) die(`--${k} missing`);
  const rules = String(args.afbrydelse ?? 4).split(',').map(Number);
  if (rules.some((a) => !Number.isInteger(a) || a < 1)) die('--afbrydelse must be whole numbers >= 1');
  if (measure === 'fuldtidspersoner' && rules.length !== 1) die('--afbrydelse: one rule here');
  const afbrydelse = rules[0];
  const bands = (args.age ?? '16-66').split(',').map((b) => {
    if (b === 'all') return { label: 'all', all: true };
    const m = b.match(/^(\d+)-(\d+)$/);
    if (!m) die(`bad age band ${b}`);
    return { label: b, min: +m[1], max: +m[2] };
  });
  const levels = (args.levels ?? 'kommune,rar,region,land').split(',');
  const h = readHeader(args.register);
  const ref = args.reference;
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  await con.run(`SET threads = ${Number(args.threads ?? 2)}`);
  const t0 = performance.now();

  // The register as text, one row per person (pid: a row number, the person key here).
  await con.run(`CREATE TABLE reg AS
    SELECT row_number() OVER () AS pid, * FROM read_csv(${sqlString(args.register)},
      delim = ${sqlString(h.delim)}, header = true, all_varchar = true, quote = '"', escape = '"',
      auto_detect = false, columns = {${h.cols.map((c) => `${sqlString(c)}: 'VARCHAR'`).join(', ')}})`);

  // ISO weeks from the column names: y_YYWW → week-year (91-99 → 19xx, else 20xx), its Monday
  // (the Monday on or before 4 January starts week 1), Thursday and Sunday; idx counts weeks.
  await con.run(`CREATE TABLE weeks AS
    WITH c(col, yy, ww) AS (VALUES ${h.weeks.map((w) => `(${sqlString(w.col)}, ${w.yy}, ${w.ww})`).join(', ')}),
    y AS (SELECT *, CASE WHEN yy >= 91 THEN 1900 + yy ELSE 2000 + yy END AS wyear FROM c),
    d AS (SELECT *, make_date(wyear, 1, 4) - CAST(isodow(make_date(wyear, 1, 4)) - 1 AS INTEGER)
                    + 7 * (ww - 1) AS monday FROM y)
    SELECT col, wyear, ww, monday, monday + 3 AS thursday, monday + 6 AS sunday,
           CAST((monday - DATE '1990-01-01') // 7 AS INTEGER) AS idx,
           strftime(monday + 3, '%Y-%m') AS month
    FROM d`);
  const bad = (await con.runAndReadAll(
    `SELECT col FROM weeks WHERE ww < 1 OR year(thursday) <> wyear LIMIT 1`)).getRows();
  if (bad.length) die(`week column ${bad[0][0]} is not an ISO week`);
  const [[regFirst, regLast]] = (await con.runAndReadAll(
    `SELECT min(idx), max(idx) FROM weeks`)).getRows();

  // Months asked for: weeks(P) = the Thursdays of the month; its last day = the Sunday after its
  // last Thursday.
  await con.run(`CREATE TABLE months AS
    WITH m AS (SELECT unnest(generate_series(DATE '${args.from}-01', DATE '${args.to}-01',
                                              INTERVAL 1 MONTH))::DATE AS first_day),
    d AS (SELECT first_day, unnest(generate_series(first_day, (first_day + INTERVAL 1 MONTH - INTERVAL 1 DAY)::DATE,
                                                    INTERVAL 1 DAY))::DATE AS day FROM m)
    SELECT strftime(first_day, '%Y-%m') AS month, count(*) AS weeks, max(day) + 3 AS last_day
    FROM d WHERE isodow(day) = 4 GROUP BY first_day`);

  // Birth date: foedselsdato when given, else from a 10-digit CPR number (DDMMYY-SSSS): digit 7
  // 0-3 → 1900s; 4 or 9 → 2000s if YY <= 36, else 1900s; 5-8 → 2000s if YY <= 57, else 1800s.
  const cpr = `regexp_replace(trim(${ident(h.id)}), '^(\\d{6})-?(\\d{4})$', '\\1\\2')`;
  const cprBirth = `CASE WHEN regexp_full_match(trim(${ident(h.id)}), '\\d{6}-?\\d{4}') THEN
      make_date(CAST(substr(${cpr}, 5, 2) AS INTEGER) +
                CASE WHEN substr(${cpr}, 7, 1) IN ('0', '1', '2', '3') THEN 1900
                     WHEN substr(${cpr}, 7, 1) IN ('4', '9') THEN
                       CASE WHEN CAST(substr(${cpr}, 5, 2) AS INTEGER) <= 36 THEN 2000 ELSE 1900 END
                     ELSE CASE WHEN CAST(substr(${cpr}, 5, 2) AS INTEGER) <= 57 THEN 2000 ELSE 1800 END
                END,
                CAST(substr(${cpr}, 3, 2) AS INTEGER), CAST(substr(${cpr}, 1, 2) AS INTEGER)) END`;
  const birth = h.birth
    ? `COALESCE(CAST(NULLIF(trim(${ident(h.birth)}), '') AS DATE), ${cprBirth})` : cprBirth;
  await con.run(`CREATE TABLE persons AS
    SELECT pid, ${birth} AS birth, ${h.kom ? `NULLIF(trim(${ident(h.kom)}), '')` : 'NULL::VARCHAR'} AS kom
    FROM reg`);

  // Residence per person and calendar year (kom_YYYY / nykomYYYY; empty = unknown).
  const yearCols = [...h.years.entries()];
  if (yearCols.length) {
    await con.run(`CREATE TABLE residence AS
      SELECT pid, y.yr, NULLIF(trim(v), '') AS kom
      FROM (UNPIVOT (SELECT pid, ${yearCols.map(([, c]) => ident(c)).join(', ')} FROM reg)
            ON ${yearCols.map(([, c]) => ident(c)).join(', ')} INTO NAME col VALUE v) u
      JOIN (VALUES ${yearCols.map(([y, c]) => `(${y}, ${sqlString(c)})`).join(', ')}) y(yr, col) USING (col)`);
  } else {
    await con.run(`CREATE TABLE residence (pid BIGINT, yr INTEGER, kom VARCHAR)`);
  }
  await con.run(`CREATE TABLE yearcols AS SELECT * FROM (VALUES ${
    yearCols.length ? yearCols.map(([y]) => `(${y})`).join(', ') : '(NULL)'}) t(yr) WHERE yr IS NOT NULL`);

  // Reference data as published: code → group, group → offentlig forsørgelse, municipality →
  // RAR area and region.
  await con.run(`CREATE TABLE codes AS SELECT trim(code) AS code, trim(ydelsesgruppe) AS grp
    FROM read_csv(${sqlString(`${ref}/dream-codes.csv`)}, header = true, all_varchar = true)`);
  await con.run(`CREATE TABLE grps AS SELECT trim(ydelsesgruppe) AS grp,
      trim(offentlig_forsoergelse) = '1' AS offentlig
    FROM read_csv(${sqlString(`${ref}/ydelsesgrupper.csv`)}, header = true, all_varchar = true)`);
  await con.run(`CREATE TABLE kommuner AS SELECT trim(kode) AS kode, trim(rar) AS rar, trim(region) AS region
    FROM read_csv(${sqlString(`${ref}/kommuner.csv`)}, header = true, all_varchar = true)`);

  // Every coded person-week: the week's month, group, residence (the calendar year of its
  // Thursday; `kom` where the register has no column for that year). Every code must be known.
  const [[orphanCodes]] = (await con.runAndReadAll(
    `SELECT count(*) FROM codes WHERE grp NOT IN (SELECT grp FROM grps)`)).getRows();
  if (Number(orphanCodes) > 0) die('dream-codes.csv names a group that ydelsesgrupper.csv lacks');
  const weekList = h.weeks.map((w) => ident(w.col)).join(', ');
  await con.run(`CREATE TABLE u AS
    SELECT pid, col, trim(code) AS code
    FROM (UNPIVOT (SELECT pid, ${weekList} FROM reg) ON ${weekList} INTO NAME col VALUE code)
    WHERE trim(code) <> ''`);
  const [[unknownCodes]] = (await con.runAndReadAll(
    `SELECT count(*) FROM u WHERE code NOT IN (SELECT code FROM codes)`)).getRows();
  if (Number(unknownCodes) > 0) die(`${unknownCodes} coded weeks with a code not in dream-codes.csv`);
  await con.run(`CREATE TABLE pw AS
    SELECT u.pid, w.idx, w.month, c.grp, g.offentlig, p.birth,
           CASE WHEN yc.yr IS NOT NULL THEN r.kom ELSE p.kom END AS kom
    FROM u JOIN weeks w USING (col)
    JOIN codes c ON c.code = u.code
    JOIN grps g ON g.grp = c.grp
    JOIN persons p ON p.pid = u.pid
    LEFT JOIN yearcols yc ON yc.yr = year(w.thursday)
    LEFT JOIN residence r ON r.pid = u.pid AND r.yr = year(w.thursday)`);

  if (measure === 'beskaeftigelse') {
    const counts = {};
    for (const rule of rules) {
      counts[rule] = await beskaeftigelseCounts(con, args, bands[0], rule, regLast, h);
    }
    console.log(JSON.stringify({ rows: counts, ms: Math.round(performance.now() - t0) }));
    return;
  }
  if (measure === 'forloeb') {
    const counts = {};
    for (const rule of rules) counts[rule] = await forloebCounts(con, args, bands[0], rule, regLast);
    console.log(JSON.stringify({ rows: counts, ms: Math.round(performance.now() - t0) }));
    return;
  }

  // Forløb of group g: weeks of g; a gap of >= afbrydelse weeks without g starts a new one. It is
  // ended when the register holds >= afbrydelse weeks after its last week. Age reference day: the
  // Sunday of the forløb's last week when it is ended and that week's Thursday lies in the month,
  // else the month's last day.
  await con.run(`CREATE TABLE pwf AS
    WITH b AS (SELECT *, CASE WHEN idx - LAG(idx) OVER (PARTITION BY pid, grp ORDER BY idx) - 1
                                   < ${afbrydelse} THEN 0 ELSE 1 END AS brk FROM pw),
    f AS (SELECT *, SUM(brk) OVER (PARTITION BY pid, grp ORDER BY idx ROWS UNBOUNDED PRECEDING) AS fid FROM b),
    e AS (SELECT *, MAX(idx) OVER (PARTITION BY pid, grp, fid) AS flast FROM f)
    SELECT e.pid, e.month, e.grp, e.offentlig, e.kom, e.birth,
           CASE WHEN ${regLast} - e.flast >= ${afbrydelse}
                     AND strftime(DATE '1990-01-01' + CAST(e.flast * 7 + 3 AS INTEGER), '%Y-%m') = e.month
                THEN DATE '1990-01-01' + CAST(e.flast * 7 + 6 AS INTEGER)
                ELSE m.last_day END AS ref_day,
           m.weeks
    FROM e JOIN months m USING (month)`);

  const areaSql = [];
  if (levels.includes('kommune')) areaSql.push(`SELECT *, COALESCE(kom, 'ukendt') AS area FROM c`);
  if (levels.includes('rar')) areaSql.push(`SELECT c.*, k.rar AS area FROM c JOIN kommuner k ON k.kode = c.kom`);
  if (levels.includes('region')) areaSql.push(`SELECT c.*, k.region AS area FROM c JOIN kommuner k ON k.kode = c.kom`);
  if (levels.includes('land')) areaSql.push(`SELECT *, 'Hele landet' AS area FROM c`);

  const counts = {};
  for (const band of bands) {
    const age = `(year(ref_day) - year(birth) - CASE WHEN month(ref_day) < month(birth) OR
                   (month(ref_day) = month(birth) AND day(ref_day) < day(birth)) THEN 1 ELSE 0 END)`;
    const where = band.all ? 'TRUE' : `birth IS NOT NULL AND ${age} BETWEEN ${band.min} AND ${band.max}`;
    const reader = await con.runAndReadAll(`
      WITH c AS (SELECT pid, month, grp, offentlig, kom, weeks FROM pwf WHERE ${where}),
      a AS (${areaSql.join(' UNION ALL ')}),
      s AS (SELECT month, area, grp AS series, pid, weeks FROM a
            UNION ALL SELECT month, area, 'offentlig_forsoergelse', pid, weeks FROM a WHERE offentlig)
      SELECT month, area, series, CAST(count(*) AS DOUBLE) / any_value(weeks) AS ftp,
             count(DISTINCT pid) AS persons
      FROM s GROUP BY month, area, series ORDER BY 1, 2, 3`);
    const rows = reader.getRows();
    const lines = ['period,area,ydelsesgruppe,fuldtidspersoner,personer'];
    for (const [p, a, g, f, n] of rows) lines.push(`${p},${a},${g},${f},${n}`);
    writeFileSync(`${args.out}${band.label}.csv`, lines.join('\n') + '\n');
    counts[band.label] = rows.length;
  }
  const [[nPersons, nWeeks]] = (await con.runAndReadAll(
    `SELECT (SELECT count(*) FROM reg), (SELECT count(*) FROM pw)`)).getRows();
  console.log(JSON.stringify({ persons: Number(nPersons), coded_weeks: Number(nWeeks),
    register_weeks: Number(regLast) - Number(regFirst) + 1, afbrydelse, rows: counts,
    ms: Math.round(performance.now() - t0) }));
}

// The forløb table's counts per month, municipality (and Hele landet) and group, from the person-
// weeks `pw`, written to PREFIX<afbrydelse>.csv (specs/measurements.md "Forløb"):
//   - forløb of g: the weeks of g, a new one after a gap of >= afbrydelse weeks without g; ended
//     when the register holds >= afbrydelse weeks after its last week, else open;
//   - started in month m: first week's Thursday in m, counted where that week was lived;
//     ended: ended and last week in m, where that week was lived;
//   - ongoing at the month's last week w: first <= w <= last, or open and first <= w; counted where
//     the person lived in its latest week of g at or before w; over 26 weeks: w - first + 1 > 26;
//   - age: on the Sunday of the forløb's last week when it is ended and that week lies in m, else
//     on the month's last day.
async function forloebCounts(con, args, band, rule, regLast) {
  const monthOf = (idx) => `strftime(DATE '1990-01-01' + CAST((${idx}) * 7 + 3 AS INTEGER), '%Y-%m')`;
  const sunday = (idx) => `(DATE '1990-01-01' + CAST((${idx}) * 7 + 6 AS INTEGER))`;
  await con.run(`CREATE OR REPLACE TABLE pwk AS
    SELECT pid, idx, grp, COALESCE(kom, 'ukendt') AS kom, birth FROM pw`);
  await con.run(`CREATE OR REPLACE TABLE fl AS
    WITH b AS (SELECT *, CASE WHEN idx - LAG(idx) OVER (PARTITION BY pid, grp ORDER BY idx) - 1
                                   < ${rule} THEN 0 ELSE 1 END AS brk FROM pwk),
    f AS (SELECT *, SUM(brk) OVER (PARTITION BY pid, grp ORDER BY idx ROWS UNBOUNDED PRECEDING) AS fid FROM b)
    SELECT pid, grp, fid, min(idx) AS first, max(idx) AS last, arg_min(kom, idx) AS kom_first,
           arg_max(kom, idx) AS kom_last, any_value(birth) AS birth,
           ${regLast} - max(idx) >= ${rule} AS ended
    FROM f GROUP BY pid, grp, fid`);
  await con.run(`CREATE OR REPLACE TABLE mw AS
    SELECT month, last_day, CAST((last_day - 6 - DATE '1990-01-01') // 7 AS INTEGER) AS w FROM months`);
  const age = (ref) => `(year(${ref}) - year(birth) - CASE WHEN month(${ref}) < month(birth) OR
                   (month(${ref}) = month(birth) AND day(${ref}) < day(birth)) THEN 1 ELSE 0 END)`;
  const inBand = (ref) => band.all ? 'TRUE'
    : `birth IS NOT NULL AND ${age(ref)} BETWEEN ${band.min} AND ${band.max}`;
  const refDay = `CASE WHEN ended AND ${monthOf('last')} = month THEN ${sunday('last')} ELSE last_day END`;
  const rows = (await con.runAndReadAll(`
    WITH st AS (SELECT m.month, fl.* , fl.kom_first AS kom FROM fl JOIN mw m ON m.month = ${monthOf('fl.first')}),
    en AS (SELECT m.month, fl.*, fl.kom_last AS kom FROM fl JOIN mw m ON m.month = ${monthOf('fl.last')}
           WHERE fl.ended),
    og0 AS (SELECT m.month, m.w, m.last_day, fl.* FROM fl JOIN mw m
            ON m.w >= fl.first AND m.w <= CASE WHEN fl.ended THEN fl.last ELSE ${regLast} END),
    og AS (SELECT og0.*, k.kom FROM og0 ASOF JOIN pwk k
           ON k.pid = og0.pid AND k.grp = og0.grp AND k.idx <= og0.w),
    ev AS (SELECT month, kom, grp, 1 AS st, 0 AS en, 0 AS og, 0 AS o26 FROM (
             SELECT st.*, mw.last_day FROM st JOIN mw USING (month)) WHERE ${inBand(refDay)}
           UNION ALL
           SELECT month, kom, grp, 0, 1, 0, 0 FROM (
             SELECT en.*, mw.last_day FROM en JOIN mw USING (month)) WHERE ${inBand(refDay)}
           UNION ALL
           SELECT month, kom, grp, 0, 0, 1, CASE WHEN w - first + 1 > 26 THEN 1 ELSE 0 END
           FROM og WHERE ${inBand(refDay)}),
    a AS (SELECT month, kom AS area, grp, st, en, og, o26 FROM ev
          UNION ALL SELECT month, 'Hele landet', grp, st, en, og, o26 FROM ev)
    SELECT month, area, grp, sum(og), sum(st), sum(en), sum(o26) FROM a
    GROUP BY ALL ORDER BY 1, 2, 3`)).getRows();
  const lines = ['period,area,ydelsesgruppe,igangvaerende,startede,afsluttede,igangvaerende_over_26_uger'];
  for (const r of rows) lines.push(r.map((v) => String(v)).join(','));
  writeFileSync(`${args.out}${rule}.csv`, lines.join('\n') + '\n');
  return rows.length;
}

// "Fra ydelse til beskæftigelse" per month of the forløb's last week, municipality of that week
// (and Hele landet) and group, written to PREFIX<afbrydelse>.csv (specs/measurements.md, status
// after the end and employment): of the ended forløb (as in forloebCounts), those whose week
// last+k (k = 4, 13, 26, 52) lies in the register and in a month with an employment column
// (naevner), and of those the ones with no code in that week and employment in its month (antal):
// grad_ of the month > 0 ('.' or ',' decimal mark), or without a grad_ column a branche_ not blank.
// Age: on the Sunday of the forløb's last week.
async function beskaeftigelseCounts(con, args, band, rule, regLast, h) {
  const monthOf = (idx) => `strftime(DATE '1990-01-01' + CAST((${idx}) * 7 + 3 AS INTEGER), '%Y-%m')`;
  const sunday = (idx) => `(DATE '1990-01-01' + CAST((${idx}) * 7 + 6 AS INTEGER))`;
  const fam = (map, name) => {
    if (!map.size) return `SELECT NULL::BIGINT AS pid, NULL::VARCHAR AS month, NULL::VARCHAR AS v WHERE FALSE`;
    const list = [...map.values()].map(ident).join(', ');
    return `SELECT pid, m.month, v FROM (UNPIVOT (SELECT pid, ${list} FROM reg) ON ${list}
              INTO NAME col VALUE v) u
            JOIN (VALUES ${[...map.entries()].map(([mo, c]) => `(${sqlString(mo)}, ${sqlString(c)})`).join(', ')})
              m(month, col) USING (col)`;
  };
  await con.run(`CREATE OR REPLACE TABLE empmonths AS
    SELECT month FROM (VALUES ${[...new Set([...h.grad.keys(), ...h.branche.keys()])]
      .map((m) => `(${sqlString(m)})`).join(', ') || '(NULL)'}) t(month) WHERE month IS NOT NULL`);
  await con.run(`CREATE OR REPLACE TABLE emp AS
    SELECT pid, month FROM (${fam(h.grad, 'grad')})
      WHERE TRY_CAST(replace(trim(v), ',', '.') AS DOUBLE) > 0
    UNION
    SELECT pid, month FROM (${fam(h.branche, 'branche')})
      WHERE trim(v) <> '' AND month NOT IN (${h.grad.size
        ? [...h.grad.keys()].map(sqlString).join(', ') : `''`})`);
  await con.run(`CREATE OR REPLACE TABLE pwk AS
    SELECT pid, idx, grp, COALESCE(kom, 'ukendt') AS kom, birth FROM pw`);
  await con.run(`CREATE OR REPLACE TABLE fl AS
    WITH b AS (SELECT *, CASE WHEN idx - LAG(idx) OVER (PARTITION BY pid, grp ORDER BY idx) - 1
                                   < ${rule} THEN 0 ELSE 1 END AS brk FROM pwk),
    f AS (SELECT *, SUM(brk) OVER (PARTITION BY pid, grp ORDER BY idx ROWS UNBOUNDED PRECEDING) AS fid FROM b)
    SELECT pid, grp, max(idx) AS last, arg_max(kom, idx) AS kom, any_value(birth) AS birth
    FROM f GROUP BY pid, grp, fid HAVING ${regLast} - max(idx) >= ${rule}`);
  const age = (ref) => `(year(${ref}) - year(birth) - CASE WHEN month(${ref}) < month(birth) OR
                   (month(${ref}) = month(birth) AND day(${ref}) < day(birth)) THEN 1 ELSE 0 END)`;
  const inBand = band.all ? 'TRUE'
    : `birth IS NOT NULL AND ${age(sunday('last'))} BETWEEN ${band.min} AND ${band.max}`;
  const rows = (await con.runAndReadAll(`
    WITH e AS (SELECT fl.*, ${monthOf('last')} AS month FROM fl
               WHERE ${monthOf('last')} IN (SELECT month FROM months) AND ${inBand}),
    k AS (SELECT * FROM (VALUES (4, 'efter_1_maaned'), (13, 'efter_3_maaneder'),
                                (26, 'efter_6_maaneder'), (52, 'efter_12_maaneder')) t(k, maal)),
    s AS (SELECT e.*, k.maal, e.last + k.k AS w, ${monthOf('e.last + k.k')} AS wmonth FROM e, k),
    st AS (SELECT s.*,
             w <= ${regLast} AND wmonth IN (SELECT month FROM empmonths) AS known,
             EXISTS (SELECT 1 FROM pw WHERE pw.pid = s.pid AND pw.idx = s.w) AS coded,
             EXISTS (SELECT 1 FROM emp WHERE emp.pid = s.pid AND emp.month = s.wmonth) AS employed
           FROM s),
    a AS (SELECT month, kom AS area, grp, maal, known, coded, employed FROM st
          UNION ALL SELECT month, 'Hele landet', grp, maal, known, coded, employed FROM st)
    SELECT month, area, grp, maal, count(*),
           count(*) FILTER (WHERE known),
           count(*) FILTER (WHERE known AND NOT coded AND employed)
    FROM a GROUP BY ALL ORDER BY 1, 2, 3, 4`)).getRows();
  const lines = ['period,area,ydelsesgruppe,maal,afsluttede,naevner,antal'];
  for (const r of rows) lines.push(r.map((v) => String(v)).join(','));
  writeFileSync(`${args.out}${rule}.csv`, lines.join('\n') + '\n');
  return rows.length;
}

// fremdrift's table CSV against the oracle's, row by row: the rows keyed by `oracleKey` in the
// oracle's CSV and by `fremdriftKey` in fremdrift's (the same key columns, named as each names
// them), with the same `vals`. Prints up to 20 problems; returns the oracle's rows, fremdrift's
// rows, the problems and `sum(col)`, the oracle's total of a value column.
function compareKeyed(oraclePath, fremdriftPath, oracleKey, fremdriftKey, vals, label) {
  const read = (path, key) => {
    const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
    const cols = header.split(',');
    const at = (n) => { const i = cols.indexOf(n); if (i < 0) die(`${path}: no column ${n}`); return i; };
    const k = key.map(at), v = vals.map(at);
    const m = new Map();
    for (const line of lines) {
      const f = line.split(',');
      m.set(k.map((i) => f[i]).join('|'), v.map((i) => Number(f[i])).join(','));
    }
    return m;
  };
  const oracle = read(oraclePath, oracleKey);
  const fremdrift = read(fremdriftPath, fremdriftKey);
  const problems = [];
  for (const [k, o] of oracle) {
    const f = fremdrift.get(k);
    if (f === undefined) problems.push(`only in oracle: ${k} = ${o}`);
    else if (f !== o) problems.push(`differs: ${k}: oracle ${o}, fremdrift ${f}`);
  }
  for (const [k, f] of fremdrift) if (!oracle.has(k)) problems.push(`only in fremdrift: ${k} = ${f}`);
  for (const p of problems.slice(0, 20)) console.error(`${label}: ${p}`);
  const sum = (col) => [...oracle.values()].reduce((s, v) => s + Number(v.split(',')[vals.indexOf(col)]), 0);
  return { oracle, fremdrift, problems, sum };
}

// fremdrift's beskaeftigelse CSV against the oracle's: the same (period, area, group, maal) rows
// with the same afsluttede, naevner and antal.
function compareBeskaeftigelse(oraclePath, fremdriftPath, label = '') {
  const { oracle, fremdrift, problems, sum } = compareKeyed(oraclePath, fremdriftPath,
    ['period', 'area', 'ydelsesgruppe', 'maal'], ['periode', 'omraade', 'ydelsesgruppe', 'maal'],
    ['afsluttede', 'naevner', 'antal'], label);
  console.log(`${label}: ${oracle.size} oracle rows (ended ${sum('afsluttede')}, measurable ${sum('naevner')}, in ` +
              `employment ${sum('antal')}), ${fremdrift.size} fremdrift rows: ${problems.length} differences`);
  return problems.length === 0 && sum('antal') > 0;
}

// fremdrift's forloeb CSV against the oracle's: the same (period, area, group) rows with the same
// igangvaerende, startede, afsluttede and igangvaerende_over_26_uger.
function compareForloeb(oraclePath, fremdriftPath, label = '') {
  const { oracle, fremdrift, problems, sum } = compareKeyed(oraclePath, fremdriftPath,
    ['period', 'area', 'ydelsesgruppe'], ['periode', 'omraade', 'ydelsesgruppe'],
    ['igangvaerende', 'startede', 'afsluttede', 'igangvaerende_over_26_uger'], label);
  console.log(`${label}: ${oracle.size} oracle rows (ongoing ${sum('igangvaerende')}, started ` +
              `${sum('startede')}, ended ${sum('afsluttede')}, over 26 weeks ` +
              `${sum('igangvaerende_over_26_uger')}), ${fremdrift.size} fremdrift rows: ` +
              `${problems.length} differences`);
  return problems.length === 0;
}

function levelOf(area) {
  if (area === 'Hele landet') return 'land';
  if (area.startsWith('RAR ')) return 'rar';
  if (area.startsWith('Region ')) return 'region';
  return 'kommune';
}

function compare(oraclePath, fremdriftPath, label = '') {
  const oracle = new Map();
  const [, ...lines] = readFileSync(oraclePath, 'utf8').trim().split('\n');
  for (const line of lines) {
    const [p, a, g, f, n] = line.split(',');
    oracle.set(`${p}|${a}|${g}`, [Number(f), Number(n)]);
  }
  const fremdrift = new Map();
  for (const r of JSON.parse(readFileSync(fremdriftPath, 'utf8')).rows) {
    fremdrift.set(`${r.periode}|${r.omraade}|${r.ydelsesgruppe}`, [Number(r.fuldtidspersoner), Number(r.personer)]);
  }
  const problems = [];
  const perLevel = {};
  for (const [k, o] of oracle) {
    const lv = levelOf(k.split('|')[1]);
    perLevel[lv] = (perLevel[lv] ?? 0) + 1;
    const f = fremdrift.get(k);
    if (!f) problems.push(`only in oracle: ${k} = ${o[0]} / ${o[1]}`);
    else if (!(Math.abs(f[0] - o[0]) <= 1e-9) || f[1] !== o[1]) {
      problems.push(`differs: ${k}: oracle ${o[0]} / ${o[1]}, fremdrift ${f[0]} / ${f[1]}`);
    }
  }
  for (const [k, f] of fremdrift) if (!oracle.has(k)) problems.push(`only in fremdrift: ${k} = ${f[0]} / ${f[1]}`);
  const levels = Object.entries(perLevel).map(([l, n]) => `${l} ${n}`).join(', ');
  for (const p of problems.slice(0, 20)) console.error(`${label}: ${p}`);
  console.log(`${label}: ${oracle.size} oracle rows (${levels}), ${fremdrift.size} fremdrift rows: ` +
              `${problems.length} differences`);
  return problems.length === 0;
}

// Input for the check (not an answer): from a simulated register write
//   A: the register with every 97th person's residence blanked for one year (unknown
//      municipality) and N extra persons at the edges of the rules (band birthdays near the end
//      of a forløb, short gaps, forløb at the end of the data, 29 February births, moves);
//   B: A with the id column replaced by a CPR number made from the birth date (digit 7 drawn
//      from those the century rule allows; every third with a dash) and no foedselsdato column.
function variant(args) {
  for (const k of ['register', 'out-a', 'out-b', 'kommuner']) if (!args[k]) die(`--${k} missing`);
  let seed = Number(args.seed ?? 1) >>> 0;
  const rnd = () => {  // mulberry32
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = (a) => a[Math.floor(rnd() * a.length)];
  const lines = readFileSync(args.register, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l);
  const header = lines[0].split(';');
  const norm = header.map((c) => c.trim().toLowerCase());
  const idCol = norm.findIndex((c) => ['cpr', 'pnr', 'lobenr', 'id'].includes(c));
  const birthCol = norm.indexOf('foedselsdato');
  if (idCol < 0 || birthCol < 0) die('variant needs an id and a foedselsdato column');
  const komCols = [], weekCols = [];
  norm.forEach((c, i) => {
    let m;
    if ((m = c.match(/^kom_(\d{4})$/))) komCols.push({ i, year: +m[1] });
    if ((m = c.match(/^y_(\d\d)(\d\d)$/))) weekCols.push({ i, yy: +m[1], ww: +m[2] });
  });
  const day = 86400000;
  const isoMonday = (y, w) => {
    const jan4 = Date.UTC(y, 0, 4);
    return jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * day + (w - 1) * 7 * day;
  };
  const weekMon = weekCols.map((w) => isoMonday(w.yy >= 91 ? 1900 + w.yy : 2000 + w.yy, w.ww));
  const kommuner = readFileSync(args.kommuner, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]);
  const codes = ['111', '130', '730', '733', '890', '771', '783', '651', '881', '621', '720', '703', '740'];
  const iso = (t) => new Date(t).toISOString().slice(0, 10);
  const rows = lines.slice(1).map((l) => l.split(';'));
  rows.forEach((r, k) => {
    if (k % 97 === 5 && komCols.length) r[komCols[k % komCols.length].i] = '';
  });
  const edge = Number(args.edge ?? 300);
  const firstMon = weekMon[0], nWeeks = weekCols.length;
  for (let e = 0; e < edge; ++e) {
    const r = new Array(header.length).fill('');
    r[idCol] = `E${String(e).padStart(6, '0')}`;
    r[norm.indexOf('koen')] = rnd() < 0.5 ? 'M' : 'K';
    const home = pick(kommuner), away = pick(kommuner);
    for (const c of komCols) r[c.i] = rnd() < 0.85 ? home : rnd() < 0.5 ? away : '';
    // A block of one code whose last week lies near the week of a band birthday (16, 30, 67).
    const endWeek = Math.floor(rnd() * nWeeks);
    const birthday = weekMon[Math.min(endWeek, nWeeks - 1)] + Math.floor(rnd() * 21 - 7) * day;
    const bd = new Date(birthday);
    let birth;
    if (e % 50 === 0) birth = pick(['1952-02-29', '1988-02-29', '2004-02-29', '1989-03-01', '1951-02-28']);
    else birth = `${bd.getUTCFullYear() - pick([16, 30, 67])}-${iso(birthday).slice(5)}`;
    if (birth.endsWith('02-29') && !(/^\d+/.exec(birth)[0] % 4 === 0)) birth = birth.replace('02-29', '02-28');
    r[birthCol] = birth;
    const code = pick(codes);
    const len = 1 + Math.floor(rnd() * 12);
    for (let w = Math.max(0, endWeek - len + 1); w <= endWeek; ++w) r[weekCols[w].i] = code;
    // Then a short gap (1-5 weeks) and more weeks of the same code, another code or nothing.
    const gap = 1 + Math.floor(rnd() * 5), more = Math.floor(rnd() * 6);
    const next = rnd() < 0.5 ? code : pick(codes);
    for (let w = endWeek + gap + 1; w <= endWeek + gap + more && w < nWeeks; ++w) r[weekCols[w].i] = next;
    // Some persons have codes in the last weeks of the data.
    if (e % 7 === 0) for (let w = nWeeks - 1 - Math.floor(rnd() * 5); w < nWeeks; ++w) r[weekCols[w].i] = code;
    rows.push(r);
  }
  writeFileSync(args['out-a'], [header.join(';'), ...rows.map((r) => r.join(';'))].join('\n') + '\n');
  // B: CPR numbers.
  const cprLines = [[...header.filter((_, i) => i !== birthCol)].map((c, i) => (i === idCol ? 'cpr' : c)).join(';')];
  const used = new Set();
  rows.forEach((r, k) => {
    const m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(r[birthCol]);
    if (!m) die(`row ${k + 2}: no birth date for a CPR number`);
    const y = +m[1], yy = y % 100;
    let digits;
    do {  // a person may have only one row: no CPR number twice
      const d7 = pick(y < 1900 ? '5678' : y < 2000 ? (yy <= 36 ? '0123' : '012349') : (yy <= 36 ? '456789' : '5678'));
      digits = `${m[3]}${m[2]}${m[1].slice(2)}${d7}${String(Math.floor(rnd() * 1000)).padStart(3, '0')}`;
    } while (used.has(digits));
    used.add(digits);
    const cpr = k % 3 === 0 ? `${digits.slice(0, 6)}-${digits.slice(6)}` : digits;
    const out = r.slice();
    out[idCol] = cpr;
    out.splice(birthCol, 1);
    cprLines.push(out.join(';'));
  });
  writeFileSync(args['out-b'], cprLines.join('\n') + '\n');
  console.log(JSON.stringify({ persons: rows.length, edge }));
}

const [cmd, ...rest] = process.argv.slice(2);
if (cmd === 'compute') {
  await compute(parseArgs(rest));
} else if (cmd === 'forloeb') {
  await compute(parseArgs(rest), 'forloeb');
} else if (cmd === 'beskaeftigelse') {
  await compute(parseArgs(rest), 'beskaeftigelse');
} else if (cmd === 'compare-beskaeftigelse') {
  if (rest.length < 2) die('usage: compare-beskaeftigelse ORACLE.csv FREMDRIFT.csv [LABEL]');
  process.exit(compareBeskaeftigelse(rest[0], rest[1], rest[2] ?? rest[1]) ? 0 : 1);
} else if (cmd === 'compare-forloeb') {
  if (rest.length < 2) die('usage: compare-forloeb ORACLE.csv FREMDRIFT.csv [LABEL]');
  process.exit(compareForloeb(rest[0], rest[1], rest[2] ?? rest[1]) ? 0 : 1);
} else if (cmd === 'variant') {
  variant(parseArgs(rest));
} else if (cmd === 'compare') {
  if (rest.length < 2) die('usage: compare ORACLE.csv FREMDRIFT.json [LABEL]');
  process.exit(compare(rest[0], rest[1], rest[2] ?? rest[1]) ? 0 : 1);
} else {
  die('usage: oracle_register.mjs compute ... | compare ORACLE.csv FREMDRIFT.json [LABEL]');
}
