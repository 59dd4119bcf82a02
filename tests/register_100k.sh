#!/usr/bin/env bash
# The 100,000-person check (issue 2): generate a register for 2008-2021 with a fixed seed, ingest
# it, compute the full monthly cube (all municipalities × groups × months, 16-66) and compare it
# row by row with the generator's independent week-by-week computation. Prints throughput figures.
# Usage: tests/register_100k.sh RELEASE_BUILD_DIR [PERSONS]
set -euo pipefail
build=$(realpath "$1")
persons=${2:-100000}
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
