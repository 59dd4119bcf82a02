#!/usr/bin/env bash
# `fremdrift --config FILE serve`: the shipped example configuration (data/examples/fremdrift.toml,
# its paths moved to a temporary folder) starts the server where it says; the command line wins
# over the file, the file over the environment (FREMDRIFT_SERVE_*), the environment over the
# defaults; a misspelt key and a missing file are errors naming them.
# Usage: tests/ops/config_file.sh FREMDRIFT_BINARY
set -euo pipefail
bin=$(realpath "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/tests/server_lib.sh"
require_tools python3
"$bin" --quiet ingest --register "$root/tests/cases/shares_and_comparison/register.csv" \
  --out "$work/register.store" >/dev/null
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
p1=$(free_port); p2=$(free_port); p3=$(free_port)
sed -e "s#/var/lib/fremdrift#$work#g" -e "s#127.0.0.1:8080#127.0.0.1:$p1#" \
  "$root/data/examples/fremdrift.toml" > "$work/fremdrift.toml"
grep -q "^store = \"$work/register.store\"" "$work/fremdrift.toml" || { echo "FAIL: example config has no store line"; exit 1; }

# start ARGS...: a server with ARGS, waited for; sets $port to the port it announces.
start() {
  "$@" > "$work/serve.log" 2>&1 &
  server_pid=$!
  wait_for_server
  port=$(grep -o "^fremdrift serve: http://127.0.0.1:[0-9]*" "$work/serve.log" | grep -o "[0-9]*$")
}
stop() { kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""; }

start "$bin" --config "$work/fremdrift.toml" serve
[[ "$port" == "$p1" ]] && ok "the example configuration's listen address is used ($port)" || fail "listened on $port, not $p1"
[[ -f "$work/auth.db" ]] && ok "its auth-db is used" || fail "no $work/auth.db"
stop
start "$bin" --config "$work/fremdrift.toml" serve --listen "127.0.0.1:$p2"
[[ "$port" == "$p2" ]] && ok "--listen on the command line wins over the file" || fail "listened on $port, not $p2"
stop
FREMDRIFT_SERVE_LISTEN="127.0.0.1:$p3" start "$bin" --config "$work/fremdrift.toml" serve
[[ "$port" == "$p1" ]] && ok "the file wins over FREMDRIFT_SERVE_LISTEN" || fail "listened on $port, not $p1"
stop
FREMDRIFT_SERVE_LISTEN="127.0.0.1:$p3" FREMDRIFT_SERVE_STORE="$work/register.store" \
  FREMDRIFT_SERVE_AUTH_DB="$work/auth.db" start "$bin" serve
[[ "$port" == "$p3" ]] && ok "FREMDRIFT_SERVE_LISTEN without a file" || fail "listened on $port, not $p3"
stop

printf '[serve]\nlissten = "127.0.0.1:1"\n' > "$work/typo.toml"
if "$bin" --config "$work/typo.toml" serve > "$work/typo.out" 2>&1; then fail "a misspelt key was accepted"
else grep -q "lissten" "$work/typo.out" && ok "misspelt key refused: $(head -1 "$work/typo.out")" || fail "$(cat "$work/typo.out")"; fi
if "$bin" --config "$work/none.toml" serve > "$work/none.out" 2>&1; then fail "a missing file was accepted"
else grep -q "none.toml" "$work/none.out" && ok "missing file refused: $(head -1 "$work/none.out")" || fail "$(cat "$work/none.out")"; fi

if [[ $failures -gt 0 ]]; then echo "$failures check(s) failed"; exit 1; fi
echo "config file: all checks passed"
