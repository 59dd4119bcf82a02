#!/usr/bin/env bash
# No count of 1 to 4 persons leaves the demo (docs/measurements.md, "Small numbers"; docs/reports.md):
# runs `fremdrift demo` small (Herning, Helsingør and Varde at 1 %, July 2019 to December 2021, so
# Flere skal med 2's months and a year before the key figures' 13 months are covered; served on a
# free loopback port) and reads back, as their readers would, everything it publishes:
#   - every committee document kind (nøgletal and ressourceforløb for Herning and for Varde, the
#     smallest, Flere skal med 2 for Herning, whose grant the demo imports, Helsingør's budget
#     follow-up) as CSV, XLSX, HTML and PDF (pdftotext; the PDF's tables must hold the HTML's
#     figures);
#   - every table `fremdrift publish` writes into PostgreSQL for the three municipalities;
#   - every aggregate measurement's CSV export (each part, all area levels; and XLSX) from the
#     demo's server as the analyst, from July 2021 (a debug build's server takes minutes for
#     every month).
# small_counts.py parses each table and fails on any person-count cell (unit personer or forløb,
# and full-time persons where no persons column stands beside them) holding 1 to 4, naming the
# file or table, row and column.
# FREMDRIFT_SCAN_MIN_PERSONS=N runs report, publish (at least 2) and serve with --min-persons N
# instead of their defaults, to see the scan find what a lower threshold shows.
# PostgreSQL: $FREMDRIFT_TEST_PG_URL when set, else a private server (scripts/pg-test-server). Exit
# 77 (skipped) when the PostgreSQL server binaries, python3, psql or curl are not installed.
# Usage: tests/discretion/small_counts.sh FREMDRIFT_BINARY SOURCE_DIR
set -euo pipefail
bin=$(realpath "$1")
src=$(cd "$2" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
source "$src/tests/server_lib.sh"
require_tools python3 psql curl
pgdir=""
server_url="${FREMDRIFT_TEST_PG_URL:-}"
db_name="fremdrift_small_counts_$$"
cleanup_all() {
  cleanup
  if [[ -n "$server_url" ]]; then
    psql -X -q "$server_url" -c "DROP DATABASE IF EXISTS $db_name" >/dev/null 2>&1 || true
  fi
  if [[ -n "$pgdir" ]]; then "$src/scripts/pg-test-server" stop "$pgdir" >/dev/null 2>&1 || true; fi
}
trap cleanup_all EXIT
die() { echo "FAIL: $*"; exit 1; }
t0=$(date +%s)
min=()
publish_min=()
if [[ -n "${FREMDRIFT_SCAN_MIN_PERSONS:-}" ]]; then
  min=(--min-persons "$FREMDRIFT_SCAN_MIN_PERSONS")
  publish_min=(--min-persons $(( FREMDRIFT_SCAN_MIN_PERSONS < 2 ? 2 : FREMDRIFT_SCAN_MIN_PERSONS )))
  echo "with --min-persons $FREMDRIFT_SCAN_MIN_PERSONS (publish ${publish_min[1]}): the scan should find counts"
fi

if [[ -z "$server_url" ]]; then
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && [[ -z "${PG_BINDIR:-}" ]]; then
    echo "PostgreSQL server binaries not installed: small-count scan skipped (apt-get install postgresql)"
    exit 77
  fi
  # Its own folder outside $work: as root the server runs as `postgres`, which must reach it.
  pgdir="$(mktemp -d /tmp/fremdrift-pg.XXXXXX)"
  server_url="$("$src/scripts/pg-test-server" start "$pgdir")"
fi
psql -X -q -v ON_ERROR_STOP=1 "$server_url" -c "CREATE DATABASE $db_name" >/dev/null
base="${server_url%%\?*}"
pg="${base%/*}/$db_name${server_url#"$base"}"

# The demo, as `scripts/run` starts it, only smaller.
kommuner=657,217,573
pw="scan-$RANDOM-$RANDOM-$RANDOM"
demo="$work/demo"
"$bin" demo --out "$demo" --kommuner "$kommuner" --scale 0.01 --from 2019-07 --to 2021-12 \
  --listen 127.0.0.1:0 --password "$pw" > "$work/demo.log" 2>&1 &
server_pid=$!
url=""
for _ in $(seq 1 1500); do
  url=$(grep -o "åbn http://127.0.0.1:[0-9]*/" "$work/demo.log" 2>/dev/null | head -1 | cut -d' ' -f2 || true)
  [[ -n "$url" ]] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/demo.log"; die "fremdrift demo stopped before it announced its address"; }
  sleep 0.2
done
[[ -n "$url" ]] || { tail -20 "$work/demo.log"; die "the demo did not announce its address within 5 minutes"; }
store="$demo/demo.store"
db="sqlite:$demo/events.db"
if [[ ${#min[@]} -gt 0 ]]; then
  # The demo's own server has the default threshold: serve its files with the one asked for.
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
  "$bin" serve --store "$store" --db "$db" --auth-db "$demo/auth.db" --listen 127.0.0.1:0 \
    --threads 4 "${min[@]}" > "$work/serve.log" 2>&1 &
  server_pid=$!
  wait_for_server
  url=$(grep -o "^fremdrift serve: http://127.0.0.1:[0-9]*" "$work/serve.log" | head -1 |
    sed 's/^fremdrift serve: //')/
fi
echo "demo at $url after $(( $(date +%s) - t0 )) s"

# Every committee document kind, in every format.
docs="$work/documents"
mkdir -p "$docs"
jobs="$work/report-jobs"
: > "$jobs"
job() { echo "$*${min[*]:+ ${min[*]}}" >> "$jobs"; }
for format in csv xlsx html pdf; do
  for k in 657 573; do
    job noegletal --store "$store" --kommune "$k" --period 2021-12 --format "$format" \
      --out "$docs/noegletal_$k.$format"
    job ressourceforloeb --store "$store" --kommune "$k" --period 2021-Q4 --format "$format" \
      --out "$docs/ressourceforloeb_$k.$format"
  done
  job fsm2 --db "$db" --kommune 657 --period 2021-12 --format "$format" --out "$docs/fsm2_657.$format"
  job budgetopfoelgning --db "$db" --kommune 217 --format "$format" \
    --out "$docs/budgetopfoelgning_217.$format"
done
export bin
# Two at a time; a document that cannot be written stops the test.
# shellcheck disable=SC2016
xargs -P 2 -L 1 bash -c 'err=$("$bin" --quiet report "$@" 2>&1) ||
  { echo "FAIL: fremdrift report $*: $err"; exit 255; }' _ < "$jobs" ||
  die "a committee document could not be written"
echo "documents: $(ls "$docs" | wc -l) files after $(( $(date +%s) - t0 )) s"

# The reporting tables.
"$bin" --quiet publish --pg "$pg" --store "$store" --db "$db" --kommune "$kommuner" \
  "${publish_min[@]}" 2> "$work/publish.err" || { cat "$work/publish.err"; die "publish failed"; }
echo "publish: done after $(( $(date +%s) - t0 )) s"

# The three scans at once (the API's waits on the server); each prints its findings.
python3 "$here/small_counts.py" api "${url%/}" analytiker "$pw" \
  "{\"kommune\": \"$kommuner\", \"model\": \"fsm2\", \"from\": \"2021-07\"}" \
  > "$work/scan-api.out" 2>&1 &
api_pid=$!
status=0
python3 "$here/small_counts.py" documents "$docs" > "$work/scan-documents.out" 2>&1 || status=1
python3 "$here/small_counts.py" publish "$pg" fremdrift_rapport > "$work/scan-publish.out" 2>&1 ||
  status=1
wait "$api_pid" || status=1
grep -hv '^     ' "$work/scan-documents.out" "$work/scan-publish.out" "$work/scan-api.out"
echo "small counts scan: $(( $(date +%s) - t0 )) s"
if [[ $status -ne 0 ]]; then
  echo "FAIL: counts of 1 to 4 persons leave the demo (or an output could not be read): above"
  exit 1
fi
echo "ok: no count of 1 to 4 persons in the demo's documents, reporting tables or analyst exports"
