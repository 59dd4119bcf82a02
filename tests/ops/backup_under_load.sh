#!/usr/bin/env bash
# `fremdrift backup` while the server appends events through the API, then `fremdrift restore`:
# the restored case database holds every event the API acknowledged (201) before the backup began,
# the auth database comes along (the caseworker logs in from it), the key is kept apart (0600), a tampered backup
# fails `restore --verify` naming the file, and restore never overwrites. Exit 77 (skipped)
# without curl or python3.
# Usage: tests/ops/backup_under_load.sh FREMDRIFT_BINARY
set -euo pipefail
bin=$(realpath "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/tests/server_lib.sh"
require_tools curl python3

# A store (for its key and population) and a caseworker in Herning.
case_dir="$root/tests/cases/shares_and_comparison"
"$bin" --quiet ingest --register "$case_dir/register.csv" --population "$case_dir/population.csv" \
  --out "$work/s.store" >/dev/null
pw=korrekt-hest-batteri
echo "$pw" | "$bin" users add --auth-db "$work/auth.db" --username sb657 --role caseworker \
  --kommune 657 >/dev/null
"$bin" serve --store "$work/s.store" --db "sqlite:$work/events.db" --auth-db "$work/auth.db" \
  --listen 127.0.0.1:0 --threads 4 > "$work/serve.log" 2>&1 &
server_pid=$!
wait_for_server
base=$(grep -o "^fremdrift serve: http://127.0.0.1:[0-9]*" "$work/serve.log" | sed 's/^fremdrift serve: //')
curl -sS --max-time 20 -c "$work/jar" -H 'Content-Type: application/json' \
  -d "{\"username\":\"sb657\",\"password\":\"$pw\"}" "$base/api/v1/login" > "$work/login.json"
csrf=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrf_token"])' "$work/login.json")

# The writer: one event per request, each acknowledged id appended to acked.txt after its 201.
: > "$work/acked.txt"
(
  i=0
  while [[ ! -e "$work/stop" ]]; do
    i=$((i + 1))
    code=$(curl -sS --max-time 20 -b "$work/jar" -H "X-CSRF-Token: $csrf" \
      -H 'Content-Type: application/json' -o "$work/last.json" -w '%{http_code}' \
      -d "{\"person\":\"bk$i\",\"kommune\":657,\"date\":\"2021-03-01\",\"type\":\"visitation\",\"attributes\":{\"project\":\"fsm2\",\"group\":\"1\"}}" \
      "$base/api/v1/events" || true)
    [[ "$code" == 201 ]] && echo "bk$i" >> "$work/acked.txt"
  done
) &
writer=$!
for _ in $(seq 1 600); do
  [[ $(wc -l < "$work/acked.txt") -ge 150 ]] && break
  sleep 0.1
done
cp "$work/acked.txt" "$work/before.txt"   # acknowledged before the backup began
before=$(wc -l < "$work/before.txt")
if [[ $before -lt 150 ]]; then
  touch "$work/stop"; wait "$writer" || true
  echo "FAIL: the API acknowledged only $before events in 60 s; last answer: $(cat "$work/last.json" 2>/dev/null)"
  exit 1
fi
if "$bin" backup "$work/b" --store "$work/s.store" --db "sqlite:$work/events.db" \
    --auth-db "$work/auth.db" > "$work/backup.out" 2>&1; then
  ok "backup taken while the API was writing ($before events acknowledged before it began)"
else
  fail "backup: $(cat "$work/backup.out")"
fi
touch "$work/stop"
wait "$writer" || true
after=$(wc -l < "$work/acked.txt")
[[ $after -gt $before ]] && ok "the writer went on during the backup ($before -> $after)" \
  || fail "the writer did not go on during the backup ($before -> $after)"

# The key is apart and private; the manifest lists every file.
[[ $(stat -c %a "$work/b/key/s.store.key") == 600 ]] && ok "key kept apart, mode 600" \
  || fail "key: $(ls -l "$work/b/key" 2>&1)"
for f in data/events.db data/auth.db data/s.store data/s.store.population.csv key/s.store.key; do
  grep -q "\"path\": \"$f\"" "$work/b/manifest.json" && ok "manifest lists $f" || fail "manifest lacks $f"
done
"$bin" restore "$work/b" --verify > /dev/null && ok "restore --verify: the backup is whole" \
  || fail "restore --verify failed on an untouched backup"

# Restore, and find every acknowledged event.
"$bin" restore "$work/b" --to "$work/r" > "$work/restore.out" 2>&1 || fail "restore: $(cat "$work/restore.out")"
"$bin" events list --db "sqlite:$work/r/events.db" --all | cut -d';' -f2 > "$work/restored.txt"
missing=0
while read -r p; do
  grep -qx "$p" "$work/restored.txt" || { missing=$((missing + 1)); echo "  missing $p"; }
done < "$work/before.txt"
[[ $missing -eq 0 ]] && ok "restored database holds all $before events acknowledged before the backup" \
  || fail "$missing of $before acknowledged events are missing after restore"
restored=$(grep -cx "bk[0-9]*" "$work/restored.txt" || true)
[[ $restored -le $after ]] && ok "restored $restored events (at most the $after acknowledged in all)" \
  || fail "restored $restored events, more than the $after acknowledged"
for f in events.db auth.db s.store s.store.key s.store.population.csv; do
  [[ -f "$work/r/$f" && $(stat -c %a "$work/r/$f") == 600 ]] && ok "restored $f (600)" || fail "restored $f: $(ls -l "$work/r/$f" 2>&1)"
done
# The restored auth database still lets the caseworker in.
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
"$bin" serve --store "$work/r/s.store" --db "sqlite:$work/r/events.db" --auth-db "$work/r/auth.db" \
  --listen 127.0.0.1:0 > "$work/serve.log" 2>&1 &
server_pid=$!
wait_for_server
base=$(grep -o "^fremdrift serve: http://127.0.0.1:[0-9]*" "$work/serve.log" | sed 's/^fremdrift serve: //')
code=$(curl -sS --max-time 20 -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
  -d "{\"username\":\"sb657\",\"password\":\"$pw\"}" "$base/api/v1/login")
[[ "$code" == 200 ]] && ok "login against the restored auth database" || fail "login after restore: HTTP $code"

# Restore never overwrites; a tampered backup is refused naming the file.
if "$bin" restore "$work/b" --to "$work/r" > "$work/again.out" 2>&1; then fail "restore overwrote $work/r"
else grep -q "exists" "$work/again.out" && ok "restore refuses to overwrite" || fail "$(cat "$work/again.out")"; fi
printf 'X' | dd of="$work/b/data/events.db" bs=1 seek=200 conv=notrunc status=none
if "$bin" restore "$work/b" --verify > "$work/verify.out" 2>&1; then fail "a tampered backup verified"
else grep -q "data/events.db has changed" "$work/verify.out" && ok "tampered backup refused: $(head -c 160 "$work/verify.out")" \
  || fail "tampered backup: $(cat "$work/verify.out")"; fi

if [[ $failures -gt 0 ]]; then echo "$failures check(s) failed"; exit 1; fi
echo "backup under load: all checks passed"
