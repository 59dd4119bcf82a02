// The DuckDB side of the case engine's benchmark (docs/benchmarks.md, "The case engine"), on the
// same events CSV that `fremdrift events import` reads:
//   node case_bench.mjs import CSV THREADS          times read_csv into a table: {"ms":..,"rows":..}
//   node case_bench.mjs load CSV DB THREADS         the events into DB (a DuckDB file; not timed)
//   node case_bench.mjs fsm2 DB THREADS REPS OUT    FSM2 indicator 4 and the payout measure
//                                                  (udbetaling) per municipality and month, REPS
//                                                  times; prints {"ms":[...]}, writes OUT (CSV)
//   node case_bench.mjs rettidighed DB THREADS REPS OUT   the share of first conversations on
//                                                  time per municipality, group and month
// The SQL follows data/models/fsm2.toml and docs/cases.md: a citizen counts in a month in the
// municipality of their stay on its last day (a citizen whose events are several municipalities'
// is seen only through the current stay's events), in indsatsgruppen when the latest fsm2
// visitation on or before that day is group 1, no leaving event (moved, died, folkepension) and no
// exemption with one of the 13 marks open on that day; indicator 4 counts paid hours in the month,
// the payout measure paid hours or SU education. Each end event closes the latest open start of
// its kind (a stack: the depth of starts and ends matches them).
import { DuckDBInstance } from '@duckdb/node-api';
import { writeFileSync } from 'node:fs';

const [cmd, a1, a2, a3, a4, a5] = process.argv.slice(2);

const MARKS = ['broekpension', 'barsel', 'sygdom', 'opfoelgning_uden_personlig_kontakt',
  'paa_vej_efterloen_fleksydelse', 'paa_vej_pension', 'paa_vej_job', 'barsel_inden_6_uger',
  'arbejdsfordeling_op_til_6_uger', 'arbejdsfordeling_over_6_uger', 'vejrlig_materialemangel',
  'dom_anbringelse_forvaring_behandling', 'saerlige_oevrige'];
const LEAVE = `('moved', 'died', 'folkepension')`;
const list = (xs) => `(${xs.map((x) => `'${x}'`).join(', ')})`;

async function connect(path, threads) {
  const db = await DuckDBInstance.create(path);
  const con = await db.connect();
  await con.run(`SET threads = ${threads}`);
  return con;
}

const READ = (file) => `read_csv('${file}', delim = ';', header = true,
    columns = {'event_id': 'VARCHAR', 'person': 'VARCHAR', 'kommune': 'INTEGER', 'date': 'DATE',
               'type': 'VARCHAR', 'attributes': 'VARCHAR', 'recorded_by': 'VARCHAR',
               'recorded_at': 'VARCHAR', 'supersedes': 'VARCHAR'})`;

// Intervals of one kind (start type, end type): each end closes the latest open start (a stack),
// found by depth: a start that brings the running count of open starts to d is closed by the next
// end that brings it back to d - 1 (per person, and per `matchKey` value where ends name one).
function intervals(name, startType, endType, matchKey) {
  const part = matchKey ? `person, attr(attributes, '${matchKey}')` : 'person';
  return `
  ${name}_se AS (
    SELECT person, kommune, dn, k, attributes, type = '${startType}' AS is_start,
           ${matchKey ? `attr(attributes, '${matchKey}')` : `''`} AS mk,
           SUM(CASE WHEN type = '${startType}' THEN 1 ELSE -1 END)
             OVER (PARTITION BY ${part} ORDER BY k ROWS UNBOUNDED PRECEDING) AS depth
    FROM eff WHERE type IN ('${startType}', '${endType}')),
  ${name}_lv AS (
    SELECT *, CASE WHEN is_start THEN depth ELSE depth + 1 END AS level FROM ${name}_se),
  ${name}_nx AS (
    SELECT *, LEAD(is_start) OVER w AS next_is_start, LEAD(dn) OVER w AS next_dn
    FROM ${name}_lv WINDOW w AS (PARTITION BY person, mk, level ORDER BY k)),
  ${name} AS (
    SELECT person, kommune, dn AS start_dn, attributes,
           CASE WHEN next_is_start = false THEN GREATEST(dn, next_dn) ELSE 2147483647 END AS end_dn
    FROM ${name}_nx WHERE is_start)`;
}

const FSM2 = `
  WITH
  ${intervals('exemption', 'exemption_start', 'exemption_end', null)},
  ${intervals('education', 'education_start', 'education_end', 'kind')},
  horizon AS (SELECT MAX(dn) AS h FROM eff),
  months AS (
    SELECT strftime(m, '%Y-%m') AS periode, date_diff('day', DATE '1970-01-01', m) AS first_dn,
           date_diff('day', DATE '1970-01-01', last_day(m)) AS ref_dn
    FROM (SELECT CAST(range AS DATE) AS m
          FROM range(TIMESTAMP '2019-12-01', TIMESTAMP '2022-01-01', INTERVAL 1 MONTH)), horizon
    WHERE date_diff('day', DATE '1970-01-01', m) <= h),
  fsm2_persons AS (SELECT DISTINCT person FROM eff
                   WHERE type = 'visitation' AND attr(attributes, 'project') = 'fsm2'),
  pinfo AS (SELECT person, MIN(dn) AS first_dn, COUNT(DISTINCT kommune) > 1 AS scoped,
                   arg_min(kommune, k) AS first_kommune
            FROM eff WHERE person IN (SELECT person FROM fsm2_persons) GROUP BY person),
  -- The stay: the first event, then every event but paid hours; a run of one municipality starts
  -- a stay.
  s0 AS (SELECT e.person, e.kommune, e.dn, e.k FROM eff e JOIN pinfo p USING (person)
         WHERE p.scoped AND (e.type <> 'paid_hours' OR e.k = (SELECT MIN(k) FROM eff x WHERE x.person = e.person))),
  s1 AS (SELECT *, CASE WHEN kommune IS DISTINCT FROM LAG(kommune) OVER w THEN 1 ELSE 0 END AS chg
         FROM s0 WINDOW w AS (PARTITION BY person ORDER BY k)),
  s2 AS (SELECT *, SUM(chg) OVER (PARTITION BY person ORDER BY k ROWS UNBOUNDED PRECEDING) AS run FROM s1),
  stay AS (SELECT person, kommune, k, MIN(dn) OVER (PARTITION BY person, run) AS since FROM s2),
  pm0 AS (SELECT p.person, p.scoped, p.first_kommune, m.periode, m.first_dn, m.ref_dn,
                 m.ref_dn * 100000000 + 99999999 AS ref_k
          FROM pinfo p JOIN months m ON p.first_dn <= m.ref_dn),
  pm AS (SELECT pm0.person, pm0.scoped, pm0.periode, pm0.first_dn, pm0.ref_dn,
                CASE WHEN pm0.scoped THEN st.kommune ELSE pm0.first_kommune END AS kommune,
                CASE WHEN pm0.scoped THEN st.since ELSE -2147483647 END AS since
         FROM pm0 ASOF LEFT JOIN stay st ON pm0.person = st.person AND pm0.ref_k >= st.k),
  vis AS (SELECT person, kommune, dn, k, attr(attributes, 'group') AS grp FROM eff
          WHERE type = 'visitation' AND attr(attributes, 'project') = 'fsm2'),
  grp AS (SELECT pm.person, pm.periode, arg_max(v.grp, v.k) AS grp
          FROM pm JOIN vis v ON v.person = pm.person AND v.dn <= pm.ref_dn
               AND (NOT pm.scoped OR (v.kommune = pm.kommune AND v.dn >= pm.since))
          GROUP BY ALL),
  leave AS (SELECT person, kommune, dn FROM eff
            WHERE (type = 'citizen_leaves' AND attr(attributes, 'reason') IN ${LEAVE})
               OR (type IN ('target_group_end', 'visitation_end')
                   AND attr(attributes, 'project') = 'fsm2' AND attr(attributes, 'reason') IN ${LEAVE})),
  afg AS (SELECT DISTINCT pm.person, pm.periode
          FROM pm JOIN leave l ON l.person = pm.person AND l.dn <= pm.ref_dn
               AND (NOT pm.scoped OR (l.kommune = pm.kommune AND l.dn >= pm.since))),
  frit AS (SELECT DISTINCT pm.person, pm.periode
           FROM pm JOIN exemption x ON x.person = pm.person AND x.start_dn <= pm.ref_dn
                AND x.end_dn >= pm.ref_dn AND attr(x.attributes, 'reason') IN ${list(MARKS)}
                AND (NOT pm.scoped OR (x.kommune = pm.kommune AND x.start_dn >= pm.since))),
  paid AS (SELECT person, kommune, dn, attr(attributes, 'month') AS periode,
                  CAST(attr(attributes, 'hours') AS DOUBLE) AS hours
           FROM eff WHERE type = 'paid_hours'),
  hrs AS (SELECT pm.person, pm.periode, SUM(p.hours) AS h
          FROM pm JOIN paid p ON p.person = pm.person AND p.periode = pm.periode
               AND (NOT pm.scoped OR (p.kommune = pm.kommune AND p.dn >= pm.since))
          GROUP BY ALL),
  edu AS (SELECT DISTINCT pm.person, pm.periode
          FROM pm JOIN education x ON x.person = pm.person AND x.start_dn <= pm.ref_dn
               AND x.end_dn >= pm.first_dn AND attr(x.attributes, 'kind') = 'su'
               AND (NOT pm.scoped OR (x.kommune = pm.kommune AND x.start_dn >= pm.since))),
  den AS (SELECT pm.person, pm.periode, pm.kommune, COALESCE(h.h, 0) > 0 AS timer,
                 edu.person IS NOT NULL AS su
          FROM pm JOIN grp g USING (person, periode)
          LEFT JOIN afg a USING (person, periode) LEFT JOIN frit f USING (person, periode)
          LEFT JOIN hrs h USING (person, periode) LEFT JOIN edu USING (person, periode)
          WHERE g.grp = '1' AND a.person IS NULL AND f.person IS NULL)
  SELECT periode, lpad(kommune::VARCHAR, 3, '0') AS kommune, '4' AS indikator,
         COUNT(*) FILTER (WHERE timer) AS taeller, COUNT(*) AS naevner
  FROM den GROUP BY ALL
  UNION ALL
  SELECT periode, lpad(kommune::VARCHAR, 3, '0'), 'udbetaling',
         COUNT(*) FILTER (WHERE timer OR su), COUNT(*)
  FROM den GROUP BY ALL
  ORDER BY 1, 2, 3`;

// Rettidighed's first conversation (data/rules/rettidighed.toml: lab2015_foerste_samtale and
// lab2020_foerste_samtale, the same terms: kontant- and uddannelseshjælp forløb starting from
// 2015-01-01, a conversation within 7 days of the first contact, else of the benefit's start; the
// COVID-19 suspension of 12.3.-26.5.2020 pauses the clock), per municipality (the citizen's on the
// deadline day), benefit group and month of the deadline, judged on the data's last day: a
// requirement counts once its deadline has passed, unless the benefit ended before it or an
// exemption was open on it; on time when the first conversation on or after the clock's start
// (up to the benefit's end) was held by the deadline.
const RETTIDIGHED = `
  WITH
  ${intervals('benefit', 'benefit_start', 'benefit_end', 'group')},
  ${intervals('exemption', 'exemption_start', 'exemption_end', null)},
  horizon AS (SELECT MAX(dn) AS h FROM eff),
  req0 AS (
    SELECT b.person, attr(b.attributes, 'group') AS grp, b.start_dn, b.end_dn,
           COALESCE(date_diff('day', DATE '1970-01-01',
                              TRY_CAST(NULLIF(attr(b.attributes, 'first_contact'), '') AS DATE)),
                    b.start_dn) AS clock
    FROM benefit b, horizon
    WHERE b.start_dn <= h AND b.start_dn >= date_diff('day', DATE '1970-01-01', DATE '2015-01-01')
      AND attr(b.attributes, 'group') IN ('kontanthjaelp', 'uddannelseshjaelp')),
  req AS (
    SELECT *, clock + 7 + CASE
        WHEN s_from <= clock + 7 AND GREATEST(s_from, clock + 1) <= s_to
        THEN s_to - GREATEST(s_from, clock + 1) + 1 ELSE 0 END AS deadline
    FROM req0, (SELECT date_diff('day', DATE '1970-01-01', DATE '2020-03-12') AS s_from,
                       date_diff('day', DATE '1970-01-01', DATE '2020-05-26') AS s_to)),
  judged AS (
    SELECT r.*, h FROM req r, horizon
    WHERE r.deadline <= h AND r.end_dn >= r.deadline
      AND NOT EXISTS (SELECT 1 FROM exemption x WHERE x.person = r.person
                        AND x.start_dn <= r.deadline AND x.end_dn >= r.deadline)),
  met AS (
    SELECT j.person, j.grp, j.start_dn, j.clock, j.deadline, MIN(c.dn) AS met_dn
    FROM judged j LEFT JOIN eff c ON c.person = j.person AND c.type = 'conversation'
         AND c.dn >= j.clock AND c.dn <= LEAST(j.end_dn, j.h)
    GROUP BY ALL),
  firstk AS (SELECT person, arg_min(kommune, k) AS kommune FROM eff GROUP BY person),
  located AS (
    SELECT m.*, m.deadline * 100000000 + 99999999 AS dk FROM met m),
  withk AS (
    SELECT l.*, COALESCE(e.kommune, f.kommune) AS kommune
    FROM located l ASOF LEFT JOIN eff e ON l.person = e.person AND l.dk >= e.k
    JOIN firstk f ON f.person = l.person)
  SELECT strftime(DATE '1970-01-01' + CAST(deadline AS INTEGER), '%Y-%m') AS periode,
         lpad(kommune::VARCHAR, 3, '0') AS kommune, grp AS ydelsesgruppe,
         COUNT(*) FILTER (WHERE met_dn IS NOT NULL AND met_dn <= deadline) AS taeller,
         COUNT(*) AS naevner
  FROM withk GROUP BY ALL ORDER BY 1, 2, 3`;

function writeCsv(cols, rows, file) {
  const lines = [cols.join(',')];
  for (const row of rows) lines.push(row.map((v) => (typeof v === 'bigint' ? v.toString() : String(v))).join(','));
  writeFileSync(file, lines.join('\n') + '\n');
}

if (cmd === 'import') {
  const con = await connect(':memory:', Number(a2 || 2));
  const t0 = performance.now();
  await con.run(`CREATE TABLE events AS SELECT * FROM ${READ(a1)}`);
  const ms = performance.now() - t0;
  const rows = (await con.runAndReadAll('SELECT count(*) FROM events')).getRows()[0][0];
  console.log(JSON.stringify({ ms, rows: Number(rows) }));
} else if (cmd === 'load') {
  const con = await connect(a2, Number(a3 || 2));
  // rowid: the order of the file (DuckDB keeps the insertion order), fremdrift's order of arrival.
  await con.run(`CREATE OR REPLACE TABLE raw AS SELECT * FROM ${READ(a1)}`);
  await con.run(`CREATE OR REPLACE TABLE eff AS
      SELECT person, kommune, type, attributes, date_diff('day', DATE '1970-01-01', date) AS dn,
             date_diff('day', DATE '1970-01-01', date) * 100000000 + rowid AS k
      FROM raw
      WHERE type <> 'retraction'
        AND event_id NOT IN (SELECT supersedes FROM raw WHERE supersedes IS NOT NULL)`);
  await con.run('DROP TABLE raw');
  console.log(JSON.stringify({ loaded: true }));
} else if (cmd === 'fsm2' || cmd === 'rettidighed') {
  const con = await connect(a1, Number(a2 || 2));
  await con.run(`CREATE OR REPLACE MACRO attr(a, key) AS
      regexp_extract(a, '(?:^|\\|)' || key || '=([^|]*)', 1)`);
  const reps = Number(a3 || 1);
  const ms = [];
  let reader;
  for (let r = 0; r < reps; ++r) {
    const t0 = performance.now();
    reader = await con.runAndReadAll(cmd === 'fsm2' ? FSM2 : RETTIDIGHED);
    reader.getRows();
    ms.push(performance.now() - t0);
  }
  writeCsv(reader.columnNames(), reader.getRows(), a4);
  console.log(JSON.stringify({ ms }));
} else {
  console.error('usage: case_bench.mjs import|load|fsm2|rettidighed ...');
  process.exit(2);
}
