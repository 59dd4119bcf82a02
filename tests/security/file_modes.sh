#!/usr/bin/env bash
# Every file fremdrift creates with citizen data is owner-only (0600) and every folder it creates
# 0700, whatever the umask: under umask 022 it runs simulate (a new folder), ingest (the register
# store, its pseudonym key and the --report JSON), events import and finance import (the case
# database and its -wal/-shm files) and users add (the auth database), then checks `stat -c %a`
# of each. Usage: tests/security/file_modes.sh FREMDRIFT_BINARY
set -euo pipefail
bin=$(realpath "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/fremdrift-file-modes-XXXXXX)
trap 'rm -rf "$work"' EXIT
umask 022
fails=0
ok() { echo "ok: $*"; }
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
mkdir "$work/in"  # inputs written by this script (umask 022, so 0755/0644: not fremdrift's)

# A new folder made by fremdrift.
"$bin" --quiet simulate --seed 1 --kommuner 657 --scale 0.002 --from 2019-01 --to 2019-02 \
  --out "$work/sim" >/dev/null
# The register store, its key and the ingest report.
"$bin" --quiet ingest --register "$root/examples/register.csv" --out "$work/r.store" \
  --report "$work/ingest-report.json" >/dev/null
# Case events and finance in one SQLite case database.
{
  echo "event_id;person;kommune;date;type;attributes;recorded_by;recorded_at;supersedes"
  echo "t1;S00000001;657;2019-03-04;visitation;project=haandholdt;test;2020-01-15T10:00:00;"
  echo "t2;S00000001;657;2019-03-04;decision;kind=ressourceforloeb|years=2;test;2020-01-15T10:00:00;"
} > "$work/in/events.csv"
"$bin" --quiet events import --db "sqlite:$work/cases.db" "$work/in/events.csv" \
  --key-file "$work/r.store.key" --user test >/dev/null
"$bin" --quiet finance import --db "sqlite:$work/cases.db" --user test \
  "$root/data/examples/grants/fsm2_herning.csv" >/dev/null 2>&1 || fail "finance import failed"
# The auth database.
echo "korrekt-hest-batteri" | "$bin" users add --auth-db "$work/auth.db" --username anna \
  --role analyst >/dev/null

expect_mode() {  # path, mode
  local got
  got=$(stat -c %a "$1")
  if [[ "$got" == "$2" ]]; then ok "$2 ${1#"$work"/}"; else fail "${1#"$work"/} has mode $got, not $2"; fi
}
for f in r.store r.store.key ingest-report.json cases.db auth.db; do
  [[ -e "$work/$f" ]] || { fail "$f was not created"; continue; }
done
expect_mode "$work/sim" 700
seen=0
while IFS= read -r -d '' f; do
  seen=$((seen + 1))
  if [[ -d "$f" ]]; then expect_mode "$f" 700; else expect_mode "$f" 600; fi
done < <(find "$work" -mindepth 1 -not -path "$work/in" -not -path "$work/in/*" -print0)
# SQLite's -wal/-shm files exist only while a connection is open; check them on a live one.
python3 - "$work/cases.db" <<'PY' || fail "cannot open cases.db again"
import os, sqlite3, stat, sys
db = sqlite3.connect(sys.argv[1]); db.execute("PRAGMA journal_mode=WAL"); db.execute("SELECT 1").fetchall()
for suffix in ("-wal", "-shm"):
    p = sys.argv[1] + suffix
    if os.path.exists(p):
        m = stat.S_IMODE(os.stat(p).st_mode)
        print(("ok: " if m == 0o600 else "FAIL: ") + f"cases.db{suffix} {m:o}")
        if m != 0o600: sys.exit(1)
PY
(( seen >= 8 )) || fail "only $seen files and folders checked"
if (( fails > 0 )); then echo "$fails failure(s)"; exit 1; fi
echo "all $seen files and folders have the right mode"
