#!/usr/bin/env bash
# `fremdrift publish` end to end against a real PostgreSQL (docs/publish.md): simulates Herning and
# Helsingør (register and case events), publishes every aggregate measurement into a database of
# its own and checks (check_tables.py) that each table holds exactly what `fremdrift measure`
# gives for the same parameters, typed and commented; that staff- and citizen-level measurements
# and person columns are absent; that a second run with another --to replaces every table (a new
# published_at, no duplicates) while readers in the background only ever see run 1's or run 2's
# tables whole (one-statement readers and readers holding a transaction); that a refused run leaves
# the schema; and that the connection's password is never printed.
# Runs against $FREMDRIFT_TEST_PG_URL when set, else a private server (scripts/pg-test-server);
# exit 77 (skipped) only when no PostgreSQL server binaries are installed.
# Usage: tests/publish/run.sh FREMDRIFT_BINARY SOURCE_DIR
set -euo pipefail
bin=$(realpath "$1")
src=$(cd "$2" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/fremdrift-publish.XXXXXX)
pgdir=""
server_url="${FREMDRIFT_TEST_PG_URL:-}"
db_name="fremdrift_publish_$$"
cleanup() {
  touch "$work/stop"
  wait 2>/dev/null || true
  if [[ -n "$server_url" ]]; then
    psql -X -q "$server_url" -c "DROP DATABASE IF EXISTS $db_name" >/dev/null 2>&1 || true
  fi
  if [[ -n "$pgdir" ]]; then "$src/scripts/pg-test-server" stop "$pgdir" >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

if [[ -z "$server_url" ]]; then
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && [[ -z "${PG_BINDIR:-}" ]]; then
    echo "PostgreSQL server binaries not installed: publish test skipped (apt-get install postgresql)"
    exit 77
  fi
  # Its own folder outside $work: as root the server runs as `postgres`, which must reach it.
  pgdir="$(mktemp -d /tmp/fremdrift-pg.XXXXXX)"
  server_url="$("$src/scripts/pg-test-server" start "$pgdir")"
fi
command -v psql >/dev/null || fail "psql is not installed (postgresql-client)"
# A database of our own on the server: postgresql://.../<db>?<options> with the name replaced.
psql -X -q -v ON_ERROR_STOP=1 "$server_url" -c "CREATE DATABASE $db_name" >/dev/null
base="${server_url%%\?*}"
url="${base%/*}/$db_name${server_url#"$base"}"
q() { psql -X -q -A -t -v ON_ERROR_STOP=1 "$url" -c "$1"; }

# A small world: two municipalities over 2019, with case events, imported with the store's key.
"$bin" -q simulate --kommuner 657,217 --from 2018-10 --to 2019-12 --scale 0.02 --seed 7 \
  --out "$work/sim" >/dev/null
"$bin" -q ingest --register "$work/sim/register.csv" --population "$work/sim/population.csv" \
  --out "$work/r.store" >/dev/null
"$bin" -q events import --db "sqlite:$work/events.db" "$work/sim/events.csv" \
  --key-file "$work/r.store.key" --user test >/dev/null
inputs=(--store "$work/r.store" --db "sqlite:$work/events.db" --kommune 657,217 --from 2019-01)

# The plan: what is published and what is left out, and why.
"$bin" publish --dry-run "${inputs[@]}" --to 2019-06 > "$work/plan.tsv"
published=$(awk -F'\t' 'NR > 1 && $2 != "" { print $1 }' "$work/plan.tsv")
by_level=$(awk -F'\t' 'NR > 1 && $4 ~ /-level data/ { print $1 }' "$work/plan.tsv")
echo "plan: $(echo $published | wc -w) measurements published, left out for their level: $(echo $by_level)"
grep -qx fuldtidspersoner <<<"$published" || fail "fuldtidspersoner is not in the plan"
grep -qx fsm2 <<<"$published" || fail "fsm2 (a case measurement) is not in the plan"
[[ -n "$by_level" ]] || fail "no measurement is left out for its level (haandholdt's caseloads are staff-level)"
"$bin" publish --dry-run --store "$work/r.store" > "$work/plan-nodb.tsv"
grep -q $'^fsm2\t\t\tneeds the event store (--db)$' "$work/plan-nodb.tsv" ||
  fail "without --db, fsm2 is not left out with a reason: $(grep '^fsm2' "$work/plan-nodb.tsv")"

# Run 1.
"$bin" publish --pg "$url" "${inputs[@]}" --to 2019-06 2> "$work/run1.err" ||
  { cat "$work/run1.err"; fail "publish run 1 failed"; }
for m in $published; do
  grep -q "^publish: $m → fremdrift_rapport\." "$work/run1.err" || fail "no progress line for $m"
done
python3 "$here/check_tables.py" "$bin" "$url" fremdrift_rapport "$work/r.store" \
  "sqlite:$work/events.db"
[[ "$(q "SELECT string_agg(DISTINCT measurement, ' ' ORDER BY measurement) FROM fremdrift_rapport.publicering")" == \
   "$(echo $published | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//')" ]] ||
  fail "publicering does not list exactly the planned measurements"
for m in $by_level; do
  t=${m//-/_}
  [[ "$(q "SELECT count(*) FROM pg_tables WHERE schemaname = 'fremdrift_rapport' AND tablename = '$t'")" == 0 ]] ||
    fail "$m is published although it is not aggregate"
done
[[ "$(q "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'fremdrift_rapport' AND column_name IN ('person', 'cpr', 'lobenr')")" == 0 ]] ||
  fail "a published table has a person column"
[[ "$(q "SELECT count(*) FROM pg_tables WHERE schemaname = 'fremdrift_rapport' AND tablename NOT IN (SELECT table_name FROM fremdrift_rapport.publicering) AND tablename NOT IN ('noter', 'publicering')")" == 0 ]] ||
  fail "the schema holds a table publicering does not list"
[[ "$(q "SELECT count(*) FROM pg_namespace WHERE nspname = 'fremdrift_rapport_ny'")" == 0 ]] ||
  fail "the schema being built is left behind"

# One statement that reads publicering and every table: what a reader sees at one moment.
tables=$(q "SELECT DISTINCT table_name FROM fremdrift_rapport.publicering ORDER BY 1")
snapshot="SELECT (SELECT string_agg(measurement || '|' || parameters || '|' || rows || '|' || published_at, ';' ORDER BY measurement, parameters) FROM fremdrift_rapport.publicering)"
for t in $tables; do snapshot+=" || '#$t=' || (SELECT count(*) FROM fremdrift_rapport.$t)"; done
run1=$(q "$snapshot")

# Readers in the background during run 2: one statement at a time, and transactions that read
# twice 0.3 s apart (both reads must agree; the refresh waits for them).
reader_statements() {
  while [[ ! -e "$work/stop" ]]; do
    psql -X -q -A -t -v ON_ERROR_STOP=1 "$url" -c "$snapshot" >> "$work/reader-a.out" 2>> "$work/reader-a.err" ||
      echo "ERROR" >> "$work/reader-a.out"
  done
}
reader_transactions() {
  while [[ ! -e "$work/stop" ]]; do
    out=$(psql -X -q -A -t -v ON_ERROR_STOP=1 "$url" 2>> "$work/reader-b.err" <<SQL || echo "ERROR"
BEGIN;
$snapshot;
SELECT 'slept' FROM pg_sleep(0.3);
$snapshot;
COMMIT;
SQL
)
    mapfile -t lines <<<"$out"
    if [[ ${#lines[@]} -ne 3 || "${lines[0]}" != "${lines[2]}" ]]; then
      printf 'MISMATCH %s\n' "${lines[@]}" >> "$work/reader-b.out"
    else
      echo "${lines[0]}" >> "$work/reader-b.out"
    fi
    sleep 0.1
  done
}
: > "$work/reader-a.out"
: > "$work/reader-b.out"
reader_statements &
reader_transactions &
for _ in $(seq 1 100); do [[ -s "$work/reader-a.out" && -s "$work/reader-b.out" ]] && break; sleep 0.1; done
"$bin" publish --pg "$url" "${inputs[@]}" --to 2019-09 2> "$work/run2.err" ||
  { cat "$work/run2.err"; fail "publish run 2 failed"; }
sleep 1
touch "$work/stop"
wait
run2=$(q "$snapshot")
[[ "$run1" != "$run2" ]] || fail "run 2 looks like run 1"
[[ "${run1#*#fuldtidspersoner=}" != "${run2#*#fuldtidspersoner=}" ]] ||
  fail "fuldtidspersoner has as many rows with --to 2019-09 as with --to 2019-06"
seen1=0 seen2=0
while IFS= read -r line; do
  if [[ "$line" == "$run1" ]]; then seen1=$((seen1 + 1))
  elif [[ "$line" == "$run2" ]]; then seen2=$((seen2 + 1))
  else fail "a reader saw neither run 1 nor run 2: ${line:0:300}"; fi
done < <(cat "$work/reader-a.out" "$work/reader-b.out")
[[ ! -s "$work/reader-a.err" && ! -s "$work/reader-b.err" ]] ||
  fail "a reader got an error: $(cat "$work/reader-a.err" "$work/reader-b.err" | head -3)"
echo "readers: $seen1 snapshots of run 1, $seen2 of run 2, none mixed"
(( seen1 > 0 && seen2 > 0 )) || fail "the readers did not read across the refresh"
[[ "$(q "SELECT count(DISTINCT published_at) FROM fremdrift_rapport.publicering")" == 1 ]] ||
  fail "publicering holds more than one publishing"
[[ "$(q "SELECT count(*) - count(DISTINCT (measurement, parameters)) FROM fremdrift_rapport.publicering")" == 0 ]] ||
  fail "publicering has duplicate rows"
python3 "$here/check_tables.py" "$bin" "$url" fremdrift_rapport "$work/r.store" \
  "sqlite:$work/events.db"

# A refused run (a municipality code that does not exist) leaves the schema as it was.
if "$bin" publish --pg "$url" --store "$work/r.store" --db "sqlite:$work/events.db" \
    --kommune 657,999 2> "$work/bad.err"; then
  fail "publish accepted --kommune 999"
fi
grep -q "999" "$work/bad.err" || fail "the error does not name the bad code: $(cat "$work/bad.err")"
[[ "$(q "$snapshot")" == "$run2" ]] || fail "a refused run changed the schema"

# The password is never printed: not on success (trust authentication ignores it) nor on failure.
secret="hemmelig-kode-4711"
if [[ "$url" =~ ^postgresql://([^:@/]+)@(.*)$ ]]; then
  "$bin" publish --pg "postgresql://${BASH_REMATCH[1]}:$secret@${BASH_REMATCH[2]}" \
    "${inputs[@]}" --to 2019-09 > "$work/pw.out" 2> "$work/pw.err" ||
    { cat "$work/pw.err"; fail "publish with a password in the URL failed"; }
  ! grep -q "$secret" "$work/pw.out" "$work/pw.err" || fail "the password was printed"
  grep -q "(postgresql://${BASH_REMATCH[1]}@" "$work/pw.err" || fail "the connection is not named"
fi
if "$bin" publish --pg "postgresql://nobody:$secret@127.0.0.1:1/x?connect_timeout=3" \
    --store "$work/r.store" > "$work/refused.out" 2> "$work/refused.err"; then
  fail "publish to a closed port succeeded"
fi
! grep -q "$secret" "$work/refused.out" "$work/refused.err" || fail "the password was printed"
grep -q "postgresql://nobody@127.0.0.1:1/x" "$work/refused.err" ||
  fail "the refused connection is not named: $(cat "$work/refused.err")"
echo "ok: publish"
