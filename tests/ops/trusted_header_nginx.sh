#!/usr/bin/env bash
# `fremdrift serve --trusted-header --trusted-proxy 127.0.0.1` behind a real nginx (Debian's,
# started here as the current user on a free port) that plays the sign-in front: it sets
# X-Remote-User, -Role (a KOMBIT user-system role URI), -Kommune and -Name for every request it
# passes, replacing whatever the client sent under those names, as mod_auth_mellon's front does.
# Checks: through nginx the person the proxy names is signed in (/me: user, role, municipality)
# and audited once (login, "trusted header"); a client's own X-Remote-* headers sent through
# nginx change nothing; the same headers sent directly to fremdrift from a peer that is not the
# trusted proxy (127.0.0.2) are ignored (401, no audit row naming that user), also when they
# name an administrator; the audit chain stays intact.
# Exit 77 (skipped) without curl or python3; nginx missing is a failure.
# Usage: tests/ops/trusted_header_nginx.sh FREMDRIFT_BINARY
set -euo pipefail
bin=$(realpath "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/tests/server_lib.sh"
require_tools curl python3
source "$root/tests/ops/nginx_lib.sh"

case_dir="$root/tests/cases/shares_and_comparison"
"$bin" --quiet ingest --register "$case_dir/register.csv" --population "$case_dir/population.csv" \
  --out "$work/s.store" >/dev/null
pw=korrekt-hest-batteri
echo "$pw" | "$bin" users add --auth-db "$work/auth.db" --username revisor --role admin >/dev/null

"$bin" serve --store "$work/s.store" --auth-db "$work/auth.db" --listen 127.0.0.1:0 \
  --trusted-proxy 127.0.0.1 --trusted-header --threads 8 > "$work/serve.log" 2>&1 &
server_pid=$!
wait_for_server
fport=$(grep -o "^fremdrift serve: http://127.0.0.1:[0-9]*" "$work/serve.log" | grep -o "[0-9]*$")
hp=$(free_port)
start_nginx "
  server {
    listen 127.0.0.1:$hp;
    location / {
      proxy_pass http://127.0.0.1:$fport;
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$remote_addr;
      # The front's sign-in result; a client's own headers of these names are replaced.
      proxy_set_header X-Remote-User    sb-proxy;
      proxy_set_header X-Remote-Role    'http://os2iot.dk/roles/usersystemrole/adgang/1;http://fremdrift.dk/roles/usersystemrole/sagsbehandler/1';
      proxy_set_header X-Remote-Kommune 657;
      proxy_set_header X-Remote-Name    'Signe Proxy';
    }
  }"
echo "fremdrift on $fport, nginx on $hp"

# me FROM URL [curl args...]: GET /api/v1/me; prints the status, body in $work/me.json.
me() {
  local from=$1 url=$2
  shift 2
  curl -sS --max-time 20 --interface "$from" -o "$work/me.json" -w '%{http_code}' "$@" "$url/api/v1/me"
}
field() { python3 -c "import json,sys; print(json.load(open('$work/me.json')).get('$1'))"; }

via="http://127.0.0.1:$hp" direct="http://127.0.0.1:$fport"
code=$(me 127.0.0.2 "$via")
if [[ $code == 200 && $(field username) == sb-proxy && $(field role) == caseworker && $(field kommune) == 657 ]]; then
  ok "through nginx the proxy's headers sign in sb-proxy, caseworker of 657"
else
  fail "through nginx: HTTP $code $(cat "$work/me.json")"
fi
code=$(me 127.0.0.2 "$via" -H 'X-Remote-User: revisor' -H 'X-Remote-Role: admin' -H 'X-Remote-Kommune: 217')
if [[ $code == 200 && $(field username) == sb-proxy && $(field role) == caseworker ]]; then
  ok "a client's own X-Remote-* headers through nginx change nothing"
else
  fail "client headers through nginx: HTTP $code $(cat "$work/me.json")"
fi
for who in "sb-direct sagsbehandler 657" "admin-direct administrator 0"; do
  read -r user role kommune <<< "$who"
  code=$(me 127.0.0.2 "$direct" -H "X-Remote-User: $user" -H "X-Remote-Role: $role" -H "X-Remote-Kommune: $kommune")
  if [[ $code == 401 ]]; then
    ok "the same headers sent directly from 127.0.0.2 are ignored ($user: 401)"
  else
    fail "direct headers for $user: HTTP $code $(cat "$work/me.json")"
  fi
done
# The proxy's user can still change things with the CSRF token /me gives (the session of the
# proxy), and a direct request with that user's headers cannot.
code=$(me 127.0.0.2 "$via")
csrf=$(field csrf_token)
post() { curl -sS --max-time 20 --interface 127.0.0.2 -o /dev/null -w '%{http_code}' -X POST \
  -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' -d '{}' "$@"; }
code=$(post -H 'X-Remote-User: sb-proxy' -H 'X-Remote-Role: sagsbehandler' -H 'X-Remote-Kommune: 657' \
  "$direct/api/v1/logout")
[[ $code == 401 ]] && ok "a direct change with the proxy user's headers and CSRF token: 401" ||
  fail "direct change: HTTP $code"

# The audit, read as the administrator (password login beside the header mode).
curl -sS --interface 127.0.0.2 -c "$work/jar" -o /dev/null -H 'Content-Type: application/json' \
  -d "{\"username\":\"revisor\",\"password\":\"$pw\"}" "$direct/api/v1/login"
curl -sS --interface 127.0.0.2 -b "$work/jar" -o "$work/audit.json" "$direct/api/v1/audit?limit=1000"
python3 - "$work/audit.json" <<'PY' && ok "audit: sb-proxy's sign-in once, nothing of the direct users" || fail "audit"
import json, sys
rows = json.load(open(sys.argv[1]))["audit"]
logins = [r for r in rows if r["action"] == "login" and r["username"] == "sb-proxy"]
assert len(logins) == 1 and logins[0]["detail"] == "trusted header" and logins[0]["kommune"] == 657, logins
assert logins[0]["remote"] == "127.0.0.2", logins[0]
assert not any(r["username"] in ("sb-direct", "admin-direct") for r in rows), rows
PY
"$bin" audit verify --auth-db "$work/auth.db" >/dev/null && ok "the audit chain is intact" || fail "audit verify"
if [[ $failures -gt 0 ]]; then
  echo "--- serve.log"; tail -20 "$work/serve.log"; echo "$failures failure(s)"; exit 1
fi
echo "trusted header behind nginx: all checks passed"
