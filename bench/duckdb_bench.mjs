// The DuckDB side of fremdrift's benchmarks (docs/benchmarks.md): the same questions asked of the
// same data in DuckDB's best form, a long table of spells split at residence changes.
//   node duckdb_bench.mjs load DIR THREADS         DIR/spells.csv, codes.csv, months.csv → DIR/bench.duckdb
//   node duckdb_bench.mjs queries DIR THREADS REPS runs Q1-Q3 REPS times; prints {"q1":[ms...],...};
//                                                  writes DIR/duckdb_q{1,2,3}.csv
//   node duckdb_bench.mjs ingest REGISTER THREADS  times read_csv of the register into a table (Q4)
import { DuckDBInstance } from '@duckdb/node-api';
import { writeFileSync } from 'node:fs';

const [cmd, arg, threadsArg, repsArg] = process.argv.slice(2);
const threads = Number(threadsArg || 2);

// The forløb break rule fremdrift uses by default (specs/measurements.md "Forløb"): a gap of at
// least this many weeks without the group ends a forløb, and a forløb is ended only when the
// data hold this many weeks after its last week.
const AFBRYDELSE = 4;

// Spells with their benefit group, their forløb's first and last week (fstart, fend: the spells of
// one group of a person, a new forløb after a gap of >= AFBRYDELSE weeks: gaps and islands per
// group), whether it is ended, and the last week each spell covers for "ongoing at week w" (up
// to the next spell of its forløb; the forløb's last spell covers to the end of the data when the
// forløb is open).
const FORLOEB = `
  s AS (SELECT sp.*, c.grp, c.offentlig FROM spells sp JOIN codes c USING (code)),
  b AS (SELECT *, CASE WHEN first_week - LAG(last_week) OVER w - 1 < ${AFBRYDELSE}
                       THEN 0 ELSE 1 END AS brk
        FROM s WINDOW w AS (PARTITION BY person, grp ORDER BY first_week)),
  f AS (SELECT *, SUM(brk) OVER (PARTITION BY person, grp ORDER BY first_week
                                 ROWS UNBOUNDED PRECEDING) AS fid FROM b),
  e AS (SELECT *, MAX(last_week) OVER (PARTITION BY person, grp, fid) AS fend,
                  MIN(first_week) OVER (PARTITION BY person, grp, fid) AS fstart,
                  (SELECT max(data_last_week) FROM months) AS data_last
        FROM f)`;

// Full-time persons by month × municipality × group (and the offentlig forsørgelse total), ages
// 16-66 by the forløb age rule. `where` limits the spells (Q2).
function cubeSql(where, months) {
  return `
  WITH ${FORLOEB},
  x AS (
    SELECT m.month, e.kom, e.grp, e.offentlig, e.person, m.weeks,
           LEAST(e.last_week, m.last_week) - GREATEST(e.first_week, m.first_week) + 1 AS n,
           CASE WHEN m.data_last_week - e.fend >= ${AFBRYDELSE} AND e.fend <= m.last_week
                THEN DATE '1970-01-05' + CAST((e.fend + m.store_first_week) * 7 + 6 AS INTEGER)
                ELSE m.end_date END AS ref_day,
           e.birth
    FROM (SELECT e.*, unnest(range(a.mi, b.mi + 1)) AS mi
          FROM e JOIN weekmonth a ON a.week = e.first_week JOIN weekmonth b ON b.week = e.last_week
          WHERE ${where}) e
    JOIN months m USING (mi)
    WHERE ${months}),
  y AS (
    SELECT * FROM x
    WHERE birth IS NOT NULL AND
          year(ref_day) - year(birth) -
          CASE WHEN month(ref_day) < month(birth) OR
                    (month(ref_day) = month(birth) AND day(ref_day) < day(birth))
               THEN 1 ELSE 0 END BETWEEN 16 AND 66)
  SELECT month AS period, CASE WHEN kom = 0 THEN 'ukendt' ELSE lpad(kom::VARCHAR, 3, '0') END AS area,
         grp AS ydelsesgruppe, SUM(n) / ANY_VALUE(weeks) AS fuldtidspersoner,
         COUNT(DISTINCT person) AS personer
  FROM y GROUP BY ALL
  UNION ALL
  SELECT month, CASE WHEN kom = 0 THEN 'ukendt' ELSE lpad(kom::VARCHAR, 3, '0') END,
         'offentlig_forsoergelse', SUM(n) / ANY_VALUE(weeks), COUNT(DISTINCT person)
  FROM y WHERE offentlig GROUP BY ALL
  ORDER BY 1, 2, 3`;
}

// Ongoing sygedagpenge forløb over 26 weeks at each month's last week w, by the municipality of
// the forløb's latest spell starting at or before w (a week in a short gap counts where the
// person last had the benefit).
const Q3 = `
  WITH ${FORLOEB},
  c AS (SELECT *, COALESCE(LEAD(first_week) OVER (PARTITION BY person, grp, fid ORDER BY first_week) - 1,
                           CASE WHEN data_last - fend < ${AFBRYDELSE} THEN data_last ELSE last_week END)
                    AS cover_last
        FROM e WHERE grp = 'sygedagpenge')
  SELECT m.month, CASE WHEN e.kom = 0 THEN 'ukendt' ELSE lpad(e.kom::VARCHAR, 3, '0') END AS area,
         COUNT(*) AS over_26
  FROM (SELECT c.*, unnest(range(a.mi, b.mi + 1)) AS mi
        FROM c JOIN weekmonth a ON a.week = c.first_week JOIN weekmonth b ON b.week = c.cover_last) e
  JOIN months m USING (mi)
  WHERE m.last_week BETWEEN e.first_week AND e.cover_last AND m.last_week - e.fstart + 1 > 26
  GROUP BY ALL ORDER BY 1, 2`;

async function connect(path) {
  const db = await DuckDBInstance.create(path);
  const con = await db.connect();
  await con.run(`SET threads = ${threads}`);
  return con;
}

// The answer as CSV (written after the timing, from the rows of the last timed run).
function writeCsv(cols, rows, file) {
  const lines = [cols.join(',')];
  for (const row of rows) {
    lines.push(row.map((v) => (v === null ? '' : typeof v === 'bigint' ? v.toString() : String(v))).join(','));
  }
  writeFileSync(file, lines.join('\n') + '\n');
}

if (cmd === 'load') {
  const con = await connect(`${arg}/bench.duckdb`);
  await con.run(`CREATE OR REPLACE TABLE spells AS SELECT * FROM read_csv('${arg}/spells.csv',
      columns = {'person': 'INTEGER', 'birth': 'DATE', 'first_week': 'INTEGER',
                 'last_week': 'INTEGER', 'code': 'SMALLINT', 'kom': 'SMALLINT'}, header = true)`);
  await con.run(`CREATE OR REPLACE TABLE codes AS SELECT * FROM read_csv('${arg}/codes.csv', header = true)`);
  await con.run(`CREATE OR REPLACE TABLE months AS
      SELECT row_number() OVER (ORDER BY first_week) - 1 AS mi, *
      FROM read_csv('${arg}/months.csv', header = true)`);
  // Reference data: the month of every week (a week belongs to the month of its Thursday).
  await con.run(`CREATE OR REPLACE TABLE weekmonth AS
      SELECT w AS week, mi FROM months, range(first_week, last_week + 1) t(w)`);
  console.log(JSON.stringify({ loaded: true }));
} else if (cmd === 'queries') {
  const con = await connect(`${arg}/bench.duckdb`);
  const q2Months = `m.month BETWEEN '2019-01' AND '2020-12'`;
  const queries = [
    ['q1', cubeSql('TRUE', 'TRUE')],
    ['q2', cubeSql('e.kom = 657', q2Months)],
    ['q3', Q3],
  ];
  const times = { q1: [], q2: [], q3: [] };
  const reps = Number(repsArg || 1);
  for (let r = 0; r < reps; ++r) {
    for (const [name, sql] of queries) {
      const t0 = performance.now();
      const reader = await con.runAndReadAll(sql);
      const rows = reader.getRows();
      times[name].push(performance.now() - t0);
      if (r === reps - 1) writeCsv(reader.columnNames(), rows, `${arg}/duckdb_${name}.csv`);
    }
  }
  console.log(JSON.stringify(times));
} else if (cmd === 'ingest') {
  const con = await connect(':memory:');
  const t0 = performance.now();
  await con.run(`CREATE TABLE register AS SELECT * FROM read_csv('${arg}', delim = ';', header = true)`);
  const ms = performance.now() - t0;
  const n = (await con.runAndReadAll(`SELECT count(*) FROM register`)).getRows()[0][0];
  console.log(JSON.stringify({ q4: [ms], rows: Number(n) }));
} else {
  console.error('usage: duckdb_bench.mjs load|queries|ingest ...');
  process.exit(2);
}
