#!/usr/bin/env bash
# The 100,000-person check (issue 2): generate a register for 2008-2021 with a fixed seed, ingest
# it, compute the full monthly cube (all municipalities × groups × months, 16-66) and compare it
# row by row with the generator's independent week-by-week computation. Then the forløb table
# (ongoing, started, ended and ongoing over 26 weeks per month, municipality and group, 16-66) at
# the break rules --afbrydelse 4 (the default) and 1 (the older DREAM rule), each compared row by
# row with DuckDB SQL on the raw register CSV (bench/oracle_register.mjs forloeb), which shares no
# code with fremdrift. Prints throughput figures.
# Usage: tests/register_100k.sh RELEASE_BUILD_DIR [PERSONS]
set -euo pipefail
build=$(realpath "$1")
persons=${2:-100000}
root=$(cd "$(dirname "$0")/.." && pwd)
oracle=$root/bench/oracle_register.mjs
command -v node >/dev/null || { echo "register_100k: node is needed (apt-get install nodejs npm)" >&2; exit 1; }
if [[ ! -d "$root/bench/node_modules/@duckdb/node-api" ]]; then
  (cd "$root/bench" && npm install --no-audit --no-fund --no-package-lock --loglevel=error >/dev/null)
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
"$build/bench/gen_register" --persons "$persons" --from-year 2008 --to-year 2021 --seed 42 \
  --out register.csv --oracle expected.csv
csv_bytes=$(stat -c %s register.csv)
t0=$(date +%s.%N)
"$build/src/app/fremdrift" --quiet ingest --register register.csv --out s.store --report report.json >/dev/null
t1=$(date +%s.%N)
"$build/src/app/fremdrift" measure fuldtidspersoner --store s.store --period month \
  --from 2008-01 --to 2021-12 --age 16-66 > actual.csv
t2=$(date +%s.%N)
"$build/bench/gen_register" --compare expected.csv actual.csv
store_bytes=$(stat -c %s s.store)
awk -v b="$csv_bytes" -v s="$store_bytes" -v n="$persons" -v t0="$t0" -v t1="$t1" -v t2="$t2" 'BEGIN {
  printf "register %d persons: CSV %.1f MB, ingest %.2f s (%.1f MB/s), store %d bytes (%.0f bytes/person), monthly cube %.2f s\n",
    n, b/1e6, t1-t0, b/1e6/(t1-t0), s, s/n, t2-t1 }'
# The forløb table against the oracle, at both break rules.
t3=$(date +%s.%N)
for afbrydelse in 4 1; do
  "$build/src/app/fremdrift" measure forloeb --store s.store --period month --from 2008-01 \
    --to 2021-12 --area kommune,land --afbrydelse $afbrydelse > forloeb_$afbrydelse.csv
done
t4=$(date +%s.%N)
echo "oracle forløb: $(node "$oracle" forloeb --register register.csv --reference "$root/data/reference" \
  --from 2008-01 --to 2021-12 --afbrydelse 4,1 --out oracle_forloeb_)"
t5=$(date +%s.%N)
status=0
for afbrydelse in 4 1; do
  node "$oracle" compare-forloeb oracle_forloeb_$afbrydelse.csv forloeb_$afbrydelse.csv \
    "forloeb --afbrydelse $afbrydelse" || status=1
done
# Not vacuous: the two rules give different tables.
if cmp -s forloeb_4.csv forloeb_1.csv; then
  echo "register_100k: the forløb tables at --afbrydelse 4 and 1 are equal" >&2; status=1
fi
awk -v a="$t3" -v b="$t4" -v c="$t5" 'BEGIN {
  printf "forløb tables (2 rules) %.2f s, DuckDB oracle %.1f s\n", b-a, c-b }'
exit $status
