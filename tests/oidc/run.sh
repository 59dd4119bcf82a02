#!/usr/bin/env bash
# Sign-in through OpenID Connect against a real provider: makes a throwaway CA and a certificate
# for 127.0.0.1 signed by it (openssl), starts npm's oidc-provider over HTTPS with it
# (provider.mjs), and `fremdrift serve` told to trust that CA (--oidc-ca-file; verification is
# never turned off), then runs the whole login in headless Chromium (login.test.mjs): redirect,
# the provider's login form, callback, session, the mapped role and municipality on the
# dashboard, a replayed callback, claims that map to no role, logout at the provider. Then the
# refusals of tokens no honest provider issues (wrong issuer, audience, expired, bad signature,
# unknown key, wrong nonce) against a second server whose issuer is forged_issuer.mjs
# (negative.mjs). Every refusal must be a Danish page and an audit row. Exit 77 (skipped) when
# node, chromium or node_modules are missing.
# Usage: tests/oidc/run.sh FREMDRIFT_BINARY ARTIFACTS_DIR
set -euo pipefail
bin=$(realpath "$1")
artifacts=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/tests/browser/lib.sh"
require_browser "OpenID Connect tests"
[[ -d "$root/node_modules/oidc-provider" ]] || { echo "skipped: node_modules/oidc-provider missing (scripts/install-npm)"; exit 77; }
source "$root/tests/server_lib.sh"
require_tools openssl
mkdir -p "$artifacts"
provider_pid="" forged_pid="" second_pid=""
stop_others() {
  for p in $provider_pid $forged_pid $second_pid; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
}
trap 'stop_others; cleanup' EXIT

# The test's own CA and the providers' certificate for 127.0.0.1, signed by it.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
  -subj "/CN=fremdrift test CA" -keyout "$work/ca.key" -out "$work/ca.pem" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=127.0.0.1 \
  -keyout "$work/idp.key" -out "$work/idp.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' > "$work/ext"
openssl x509 -req -in "$work/idp.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -CAcreateserial \
  -days 2 -extfile "$work/ext" -out "$work/idp.pem" 2>/dev/null
# A CA fremdrift is not told about, for the check that verification is on.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
  -subj "/CN=other CA" -keyout "$work/other.key" -out "$work/other.pem" 2>/dev/null

secret=$(openssl rand -hex 24)
(umask 077; echo "$secret" > "$work/client-secret")
"$bin" --quiet ingest --register "$root/examples/register.csv" --out "$work/r.store" >/dev/null
pw=korrekt-hest-batteri
echo "$pw" | "$bin" users add --auth-db "$work/auth.db" --username revisor --role admin >/dev/null

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
port=$(free_port)
base="http://127.0.0.1:$port"

# start_node NAME SCRIPT: starts a provider script, waits for its "provider: ISSUER" line.
start_node() {
  local name=$1 script=$2 pid_var=$3
  (cd "$root" && exec node "$script") > "$work/$name.log" 2>&1 &
  printf -v "$pid_var" '%s' "$!"
  for _ in $(seq 1 100); do
    if grep -q '^provider: ' "$work/$name.log"; then return 0; fi
    sleep 0.1
  done
  echo "FAIL: $name did not start:"; cat "$work/$name.log"; exit 1
}
export OIDC_CERT="$work/idp.pem" OIDC_KEY="$work/idp.key" OIDC_CLIENT_SECRET="$secret"
export OIDC_REDIRECT="$base/auth/oidc/callback" OIDC_POST_LOGOUT="$base/"
start_node provider tests/oidc/provider.mjs provider_pid
issuer=$(sed -n 's/^provider: //p' "$work/provider.log")

# serve_oidc ISSUER CA LISTEN [OPTION...]: fremdrift signing in through ISSUER.
serve_oidc() {
  exec "$bin" serve --store "$work/r.store" --auth-db "$work/auth.db" --listen "$3" --web "$root/web" \
    --threads 16 --oidc-issuer "$1" --oidc-client-id fremdrift \
    --oidc-client-secret-file "$work/client-secret" --oidc-redirect-url "http://$3/auth/oidc/callback" \
    --oidc-provider-name Testudbyder --oidc-ca-file "$2" \
    --oidc-role-map jc-leder=leder --oidc-kommune-map "Helsingør Kommune=217" "${@:4}"
}

# A provider whose certificate fremdrift cannot verify is not used: the login page says so.
serve_oidc "$issuer" "$work/other.pem" "127.0.0.1:$port" > "$work/serve.log" 2>&1 &
server_pid=$!
wait_for_server
code=$(curl -s -o "$work/untrusted.html" -w '%{http_code}' "$base/auth/oidc/login")
if [[ $code == 503 ]] && grep -q 'kan ikke nå login-udbyderen' "$work/untrusted.html" &&
   grep -q 'could not be verified' "$work/serve.log"; then
  ok "a provider whose certificate is not signed by --oidc-ca-file is refused (503, Danish page)"
else
  fail "untrusted provider certificate: HTTP $code"; cat "$work/serve.log"
fi
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true

serve_oidc "$issuer" "$work/ca.pem" "127.0.0.1:$port" > "$work/serve.log" 2>&1 &
server_pid=$!
wait_for_server

FREMDRIFT_URL="$base" OIDC_ISSUER="$issuer" FREMDRIFT_ARTIFACTS="$artifacts" \
  FREMDRIFT_ADMIN=revisor FREMDRIFT_PASSWORD="$pw" \
  node "$root/tests/oidc/login.test.mjs" || fail "login.test.mjs"

if [[ -f "$root/tests/oidc/negative.mjs" ]]; then
  # Tokens no honest provider issues: a forged issuer serves them, fremdrift trusts it as its issuer.
  start_node forged tests/oidc/forged_issuer.mjs forged_pid
  forged=$(sed -n 's/^provider: //p' "$work/forged.log")
  port2=$(free_port)
  serve_oidc "$forged" "$work/ca.pem" "127.0.0.1:$port2" > "$work/serve2.log" 2>&1 &
  second_pid=$!
  for _ in $(seq 1 300); do grep -q '^fremdrift serve: http' "$work/serve2.log" && break; sleep 0.1; done
  NODE_EXTRA_CA_CERTS="$work/ca.pem" FREMDRIFT_URL="http://127.0.0.1:$port2" FORGED_ISSUER="$forged" FREMDRIFT_ADMIN=revisor \
    FREMDRIFT_PASSWORD="$pw" node "$root/tests/oidc/negative.mjs" || fail "negative.mjs"
fi

# Password login turned off: only the named break-glass account logs in with its password.
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
echo "$pw" | "$bin" users add --auth-db "$work/auth.db" --username lokal --role analyst >/dev/null
serve_oidc "$issuer" "$work/ca.pem" "127.0.0.1:$port" --password-login false \
  --password-login-user revisor > "$work/serve.log" 2>&1 &
server_pid=$!
wait_for_server
login_as() {
  curl -s -o "$work/login.json" -w '%{http_code}' -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"$pw\"}" "$base/api/v1/login"
}
methods=$(curl -s "$base/api/v1/auth/methods")
if [[ $methods == *'"password":false'* && $methods == *'"name":"Testudbyder"'* ]]; then
  ok "auth/methods: no password login, the provider's button"
else
  fail "auth/methods with password login off: $methods"
fi
code=$(login_as lokal)
if [[ $code == 403 ]] && grep -q 'adgangskode er slået fra' "$work/login.json"; then
  ok "password login off: a local account is refused (403, Danish)"
else
  fail "password login off, lokal: HTTP $code $(cat "$work/login.json")"
fi
code=$(login_as revisor)
[[ $code == 200 ]] && ok "password login off: the break-glass administrator still logs in" ||
  fail "break-glass login: HTTP $code $(cat "$work/login.json")"
if timeout 20 "$bin" serve --store "$work/r.store" --auth-db "$work/auth.db" --listen 127.0.0.1:0 \
     --password-login false > "$work/refused.log" 2>&1; then
  fail "serve started with password login off and no other way in"
else
  grep -q 'needs another way to sign in' "$work/refused.log" &&
    ok "password login off without a provider: the server refuses to start" ||
    fail "no other way in: $(cat "$work/refused.log")"
fi

"$bin" audit verify --auth-db "$work/auth.db" >/dev/null && ok "the audit chain is intact" ||
  fail "audit verify"
if [[ $failures -gt 0 ]]; then
  cp "$work"/*.log "$artifacts/" 2>/dev/null || true
  echo "--- serve.log"; grep -v " request method=" "$work/serve.log" | tail -30; echo "--- provider.log"; tail -30 "$work/provider.log"
  echo "$failures failure(s)"; exit 1
fi
echo "OpenID Connect sign-in: all checks passed"
