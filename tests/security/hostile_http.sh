#!/usr/bin/env bash
# Hostile HTTP clients against the real `fremdrift serve` on 127.0.0.1 and a free port, over a tiny
# store: the security review's H1 attacks (a chunked body, a 300 MiB request line, 2,000,000
# header lines, 70 slowloris connections, 400 byte ranges, a body over 8 MiB), each while health
# is polled every 200 ms (answers within 1 s) and the server's memory is sampled (peak under
# 200 MB); the exact hardening headers of pages and API; health and metrics with and without a
# login or the metrics token; a group-writable web folder refused at start.
# Exit 77 (skipped) without node. Usage: tests/security/hostile_http.sh FREMDRIFT_BINARY
set -euo pipefail
bin=$(realpath "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
if ! command -v node >/dev/null; then
  echo "hostile HTTP test skipped: needs node"
  exit 77
fi
source "$root/tests/server_lib.sh"

case_dir="$root/tests/cases/shares_and_comparison"
"$bin" --quiet ingest --register "$case_dir/register.csv" --population "$case_dir/population.csv" \
  --out "$work/s.store" >/dev/null
pw=korrekt-hest-batteri
echo "$pw" | "$bin" users add --auth-db "$work/auth.db" --username analytiker --role analyst >/dev/null
token=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
(umask 077 && echo "$token" > "$work/metrics.token")

# A web, rules or models folder others may write to is refused at start, naming the path.
cp -r "$root/web" "$work/web"
chmod -R go-w "$work/web"
chmod g+w "$work/web/js/app.js"
if "$bin" serve --store "$work/s.store" --auth-db "$work/auth.db" --listen 127.0.0.1:0 \
    --web "$work/web" > "$work/gw.log" 2>&1; then
  fail "serve with a group-writable web file started"
elif grep -q "$work/web/js/app.js is group-writable" "$work/gw.log"; then
  ok "a group-writable web file is refused: $(head -c 200 "$work/gw.log")"
else
  fail "no message naming the group-writable file: $(cat "$work/gw.log")"
fi
chmod g-w "$work/web/js/app.js"
chmod o+w "$work/web"
if "$bin" serve --store "$work/s.store" --auth-db "$work/auth.db" --listen 127.0.0.1:0 \
    --web "$work/web" > "$work/ww.log" 2>&1; then
  fail "serve with a world-writable web folder started"
elif grep -q "$work/web is world-writable" "$work/ww.log"; then ok "a world-writable web folder is refused"
else fail "no message naming the world-writable folder: $(cat "$work/ww.log")"; fi
chmod o-w "$work/web"
mkdir -m 0755 "$work/models"
cp "$root"/data/models/* "$work/models/"
chmod 0644 "$work"/models/*
chmod g+w "$work/models"
if "$bin" serve --store "$work/s.store" --db "sqlite:$work/cases.db" --models "$work/models" \
    --auth-db "$work/auth.db" --listen 127.0.0.1:0 > "$work/gm.log" 2>&1; then
  fail "serve with a group-writable models folder started"
elif grep -q -- "--models: $work/models is group-writable" "$work/gm.log"; then
  ok "a group-writable models folder is refused"
else fail "no message naming the models folder: $(cat "$work/gm.log")"; fi

# Under AddressSanitizer freed memory is held back (quarantine, 256 MB by default) before reuse,
# which would count as the server's memory here: keep that window small for this test.
asan=0
if ldd "$bin" 2>/dev/null | grep libasan >/dev/null; then asan=1; fi
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=16" \
"$bin" serve --store "$work/s.store" --auth-db "$work/auth.db" --listen 127.0.0.1:0 \
  --web "$work/web" --metrics-token-file "$work/metrics.token" > "$work/serve.log" 2>&1 &
server_pid=$!
wait_for_server
port=$(grep -o "^fremdrift serve: http://127.0.0.1:[0-9]*/" "$work/serve.log" | grep -o "[0-9]*/$" | tr -d /)
echo "server at http://127.0.0.1:$port (pid $server_pid)"
if ! node "$root/tests/security/hostile_http.mjs" "$port" "$server_pid" analytiker "$pw" "$token" "$asan"; then
  failures=$((failures + 1))
fi
if ! kill -0 "$server_pid" 2>/dev/null; then fail "the server died: $(tail -5 "$work/serve.log")"; fi

if [[ $failures -gt 0 ]]; then echo "$failures hostile HTTP check group(s) failed"; exit 1; fi
echo "all hostile HTTP checks passed"
