#!/usr/bin/env bash
# `fremdrift audit verify` on a real server's audit log: intact after logins and reads through the
# API; after one entry is edited directly in the database (the append-only triggers dropped, as
# the file's owner can) it fails naming that entry; after one is deleted it fails naming the gap.
# Exit 77 (skipped) without curl or python3 (whose sqlite3 module edits the file).
# Usage: tests/ops/audit_verify.sh FREMDRIFT_BINARY
set -euo pipefail
bin=$(realpath "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/tests/server_lib.sh"
require_tools curl python3

case_dir="$root/tests/cases/shares_and_comparison"
"$bin" --quiet ingest --register "$case_dir/register.csv" --population "$case_dir/population.csv" \
  --out "$work/s.store" >/dev/null
pw=korrekt-hest-batteri
echo "$pw" | "$bin" users add --auth-db "$work/auth.db" --username analytiker --role analyst >/dev/null
"$bin" serve --store "$work/s.store" --auth-db "$work/auth.db" --listen 127.0.0.1:0 \
  > "$work/serve.log" 2>&1 &
server_pid=$!
wait_for_server
base=$(grep -o "^fremdrift serve: http://127.0.0.1:[0-9]*" "$work/serve.log" | sed 's/^fremdrift serve: //')
for _ in 1 2 3; do
  curl -sS --max-time 20 -c "$work/jar" -o /dev/null -H 'Content-Type: application/json' \
    -d "{\"username\":\"analytiker\",\"password\":\"$pw\"}" "$base/api/v1/login"
  curl -sS --max-time 60 -b "$work/jar" -o /dev/null \
    "$base/api/v1/measurements/fuldtidspersoner?kommune=657&from=2019-02"
  curl -sS --max-time 20 -b "$work/jar" -o /dev/null "$base/api/v1/nonexistent" || true
done
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""

if "$bin" audit verify --auth-db "$work/auth.db" > "$work/v1.out" 2>&1; then
  ok "intact log verifies: $(cat "$work/v1.out")"
else fail "intact log: $(cat "$work/v1.out")"; fi
entries=$(grep -o "[0-9]* entries" "$work/v1.out" | grep -o "[0-9]*" || echo 0)
[[ $entries -ge 4 ]] && ok "$entries entries in the log" || fail "only $entries entries in the log"

sql() { python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()' "$work/auth.db" "$1"; }
cp "$work/auth.db" "$work/orig.db"
sql "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; UPDATE audit SET username = 'someone' WHERE seq = 3;"
if "$bin" audit verify --auth-db "$work/auth.db" > "$work/v2.out" 2>&1; then
  fail "an edited entry verified"
else
  grep -q "audit entry 3:" "$work/v2.out" && ok "edited entry named: $(cat "$work/v2.out")" \
    || fail "edited entry not named: $(cat "$work/v2.out")"
fi
cp "$work/orig.db" "$work/auth.db"; rm -f "$work/auth.db-wal" "$work/auth.db-shm"
sql "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = 2;"
if "$bin" audit verify --auth-db "$work/auth.db" > "$work/v3.out" 2>&1; then
  fail "a deleted entry went unnoticed"
else
  grep -q "audit entry 3: follows entry 1" "$work/v3.out" && ok "deleted entry found: $(cat "$work/v3.out")" \
    || fail "deleted entry not named: $(cat "$work/v3.out")"
fi
if "$bin" audit verify --auth-db "$work/none.db" > "$work/v4.out" 2>&1; then fail "a missing file verified"
else ok "missing file: $(cat "$work/v4.out")"; fi

if [[ $failures -gt 0 ]]; then echo "$failures check(s) failed"; exit 1; fi
echo "audit verify: all checks passed"
