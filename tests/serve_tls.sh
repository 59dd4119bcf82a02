#!/usr/bin/env bash
# `fremdrift serve --tls-cert/--tls-key` end to end: a throwaway self-signed certificate made with
# openssl, the real server over HTTPS on 127.0.0.1 and a free port, and curl verifying the server
# against that certificate. Checks: the login's session cookie is Secure, HttpOnly and
# SameSite=Strict; HSTS is sent; the session works for an API call over HTTPS (and nothing works
# without it); plain HTTP to the TLS port gets no answer, and the server still serves HTTPS after
# it; mismatched TLS options are refused at start. Exit 77 (skipped) without openssl or curl.
# Usage: tests/serve_tls.sh FREMDRIFT_BINARY
set -euo pipefail
bin=$(realpath "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
for tool in openssl curl; do
  if ! command -v "$tool" >/dev/null; then
    echo "TLS test skipped: needs $tool (scripts/install-deps --with-tests)"
    exit 77
  fi
done
source "$root/tests/server_lib.sh"

# A self-signed certificate for 127.0.0.1, valid for a day.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
  -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" \
  -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
chmod 600 "$work/key.pem"

# A small world: the shares case's register and population, one analyst.
case_dir="$root/tests/cases/shares_and_comparison"
"$bin" --quiet ingest --register "$case_dir/register.csv" --population "$case_dir/population.csv" \
  --out "$work/s.store" >/dev/null
pw=korrekt-hest-batteri
echo "$pw" | "$bin" users add --auth-db "$work/auth.db" --username analytiker --role analyst >/dev/null

# Mismatched TLS options are refused before serving.
if "$bin" serve --store "$work/s.store" --auth-db "$work/auth.db" --listen 127.0.0.1:0 \
    --tls-cert "$work/cert.pem" > "$work/half.log" 2>&1; then
  fail "serve with --tls-cert and no --tls-key started"
elif grep -q -- "--tls-key" "$work/half.log"; then ok "--tls-cert without --tls-key is refused"
else fail "no message naming --tls-key: $(cat "$work/half.log")"; fi
if "$bin" serve --store "$work/s.store" --auth-db "$work/auth.db" --listen 127.0.0.1:0 \
    --tls-cert "$work/key.pem" --tls-key "$work/cert.pem" > "$work/swapped.log" 2>&1; then
  fail "serve with swapped certificate and key started"
else ok "swapped certificate and key are refused: $(head -c 200 "$work/swapped.log")"; fi

"$bin" serve --store "$work/s.store" --auth-db "$work/auth.db" --listen 127.0.0.1:0 \
  --tls-cert "$work/cert.pem" --tls-key "$work/key.pem" --web "$root/web" --threads 4 \
  > "$work/serve.log" 2>&1 &
server_pid=$!
wait_for_server
port=$(grep -o "^fremdrift serve: https://127.0.0.1:[0-9]*/" "$work/serve.log" | grep -o "[0-9]*/$" | tr -d /)
if [[ -z "$port" ]]; then echo "FAIL: the server does not announce https: $(cat "$work/serve.log")"; exit 1; fi
base="https://127.0.0.1:$port"
echo "server at $base"
# curl checks the server's certificate against ours (no --insecure anywhere).
https() { curl -sS --max-time 20 --cacert "$work/cert.pem" "$@"; }

# Log in over HTTPS.
status=$(https -o "$work/login.json" -D "$work/login.headers" -c "$work/jar" \
  -H 'Content-Type: application/json' -d "{\"username\":\"analytiker\",\"password\":\"$pw\"}" \
  -w '%{http_code}' "$base/api/v1/login")
[[ "$status" == 200 ]] && ok "login over HTTPS" || fail "login over HTTPS: HTTP $status $(cat "$work/login.json")"
cookie=$(grep -i '^set-cookie: __Host-fremdrift_session=' "$work/login.headers" | tr -d '\r' || true)
if [[ -z "$cookie" ]]; then
  fail "no session cookie: $(cat "$work/login.headers")"
else
  for attr in Secure HttpOnly SameSite=Strict Path=/; do
    if tr ';' '\n' <<<"$cookie" | sed 's/^ *//' | grep -qx "$attr"; then ok "session cookie has $attr"
    else fail "session cookie lacks $attr: $cookie"; fi
  done
fi
hsts=$(grep -i '^strict-transport-security:' "$work/login.headers" | tr -d '\r' || true)
[[ "$hsts" =~ max-age=[1-9][0-9]* ]] && ok "HSTS on the API: $hsts" || fail "no Strict-Transport-Security on login"
https -o /dev/null -D "$work/page.headers" "$base/"
grep -qi '^strict-transport-security: max-age=[1-9]' "$work/page.headers" && ok "HSTS on the pages" \
  || fail "no Strict-Transport-Security on /"

# An API call with the session, over HTTPS: Herning's gross unemployment rate of February 2019,
# 1.5 / 280 (tests/cases/shares_and_comparison/cmd). The analyst has no citizen access, so the 1.5
# full-time persons (fewer than 5 persons) and the rate built on them are not shown (null); the
# labour force of 280 is.
status=$(https -o "$work/ledighed.json" -b "$work/jar" -w '%{http_code}' \
  "$base/api/v1/measurements/ledighedsprocent?from=2019-02&area=kommune,rar,land&kommune=657")
if [[ "$status" == 200 ]] && tr -d ' \n' < "$work/ledighed.json" |
    grep -q '"omraade":"657","bruttoledige":null,"arbejdsstyrke":280.0,"ledighedsprocent":null'; then
  ok "API call over HTTPS with the session"
else
  fail "API call over HTTPS: HTTP $status $(tr -d ' \n' < "$work/ledighed.json" | grep -o '"omraade":"657"[^}]*' || head -c 400 "$work/ledighed.json")"
fi
status=$(https -o "$work/me.json" -b "$work/jar" -w '%{http_code}' "$base/api/v1/me")
[[ "$status" == 200 ]] && grep -Eq '"username": *"analytiker"' "$work/me.json" && ok "me over HTTPS" \
  || fail "me over HTTPS: HTTP $status"
status=$(https -o /dev/null -w '%{http_code}' "$base/api/v1/me")
[[ "$status" == 401 ]] && ok "no session, no access (401)" || fail "without the cookie: HTTP $status"

# Plain HTTP to the TLS port gets no HTTP answer.
set +e
plain=$(curl -sS --max-time 10 -o "$work/plain.out" -w '%{http_code}' "http://127.0.0.1:$port/api/v1/health" 2>"$work/plain.err")
rc=$?
set -e
if [[ $rc -ne 0 && ( "$plain" == 000 || -z "$plain" ) ]] && ! grep -q '"status"' "$work/plain.out" 2>/dev/null; then
  ok "plain HTTP to the TLS port fails (curl exit $rc: $(tr -d '\n' < "$work/plain.err"))"
else
  fail "plain HTTP to the TLS port answered: exit $rc, HTTP $plain $(head -c 200 "$work/plain.out" 2>/dev/null)"
fi
# ... and a client that does not trust the certificate is refused by curl's verification.
if curl -sS --max-time 10 -o /dev/null "$base/api/v1/health" 2>/dev/null; then
  fail "an unknown self-signed certificate was accepted without --cacert"
else
  ok "the certificate is not trusted without --cacert"
fi
status=$(https -o "$work/health.json" -w '%{http_code}' "$base/api/v1/health")
[[ "$status" == 200 ]] && grep -Eq '"status": *"ok"' "$work/health.json" && ok "still serving HTTPS afterwards" \
  || fail "HTTPS after the plain request: HTTP $status"

[[ "$hsts" == "strict-transport-security: max-age=31536000" || "$hsts" == "Strict-Transport-Security: max-age=31536000" ]] \
  && ok "HSTS is exactly max-age=31536000" || fail "HSTS: $hsts"

# Cipher suites (Mozilla "intermediate", ECDHE + AEAD only on TLS 1.2): CBC/SHA-1 suites fail.
# $1: port, $2: cipher, $3: "tls1_2" or "tls1_3". Succeeds when the handshake does.
handshake() {
  local args=(-connect "127.0.0.1:$1" -servername 127.0.0.1 "-$3")
  [[ "$3" == tls1_2 ]] && args+=(-cipher "$2") || args+=(-ciphersuites "$2")
  echo | timeout 10 openssl s_client "${args[@]}" >"$work/s_client.out" 2>&1 &&
    grep -q "Cipher is $2" "$work/s_client.out"
}
handshake "$port" ECDHE-ECDSA-AES128-SHA tls1_2 && fail "ECDHE-ECDSA-AES128-SHA (CBC, SHA-1) accepted" \
  || ok "ECDHE-ECDSA-AES128-SHA refused"
handshake "$port" ECDHE-ECDSA-AES128-GCM-SHA256 tls1_2 && ok "ECDHE-ECDSA-AES128-GCM-SHA256 on TLS 1.2" \
  || fail "ECDHE-ECDSA-AES128-GCM-SHA256 refused: $(tail -3 "$work/s_client.out")"
handshake "$port" TLS_AES_128_GCM_SHA256 tls1_3 && ok "TLS 1.3" || fail "TLS 1.3 refused"
if echo | timeout 10 openssl s_client -connect "127.0.0.1:$port" -tls1_1 >/dev/null 2>&1; then
  fail "TLS 1.1 accepted"
else ok "TLS 1.1 refused"; fi

# A second server with an RSA certificate and a Host allow-list.
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=127.0.0.1" \
  -addext "subjectAltName=IP:127.0.0.1" -keyout "$work/rsa-key.pem" -out "$work/rsa-cert.pem" 2>/dev/null
chmod 600 "$work/rsa-key.pem"
"$bin" serve --store "$work/s.store" --auth-db "$work/auth.db" --listen 127.0.0.1:0 \
  --tls-cert "$work/rsa-cert.pem" --tls-key "$work/rsa-key.pem" \
  --server-name fremdrift.example,127.0.0.1 > "$work/serve.log" 2>&1 &
server_pid=$!
wait_for_server
port=$(grep -o "^fremdrift serve: https://127.0.0.1:[0-9]*/" "$work/serve.log" | grep -o "[0-9]*/$" | tr -d /)
handshake "$port" ECDHE-RSA-AES128-SHA tls1_2 && fail "ECDHE-RSA-AES128-SHA (CBC, SHA-1) accepted" \
  || ok "ECDHE-RSA-AES128-SHA refused"
handshake "$port" AES128-GCM-SHA256 tls1_2 && fail "AES128-GCM-SHA256 (no forward secrecy) accepted" \
  || ok "AES128-GCM-SHA256 (RSA key exchange) refused"
handshake "$port" ECDHE-RSA-AES256-GCM-SHA384 tls1_2 && ok "ECDHE-RSA-AES256-GCM-SHA384 on TLS 1.2" \
  || fail "ECDHE-RSA-AES256-GCM-SHA384 refused: $(tail -3 "$work/s_client.out")"
rsa() { curl -sS --max-time 20 --cacert "$work/rsa-cert.pem" "$@"; }
status=$(rsa -o "$work/host.json" -w '%{http_code}' "https://127.0.0.1:$port/api/v1/health")
[[ "$status" == 200 ]] && ok "an allowed Host (127.0.0.1:PORT) is served" || fail "allowed Host: HTTP $status"
status=$(rsa -o /dev/null -w '%{http_code}' -H "Host: FREMDRIFT.example:$port" "https://127.0.0.1:$port/api/v1/health")
[[ "$status" == 200 ]] && ok "an allowed Host in capitals is served" || fail "allowed name: HTTP $status"
status=$(rsa -o "$work/evil.json" -w '%{http_code}' -H 'Host: evil.example' \
  -H 'Content-Type: application/json' -H 'Origin: https://evil.example' \
  -d "{\"username\":\"analytiker\",\"password\":\"$pw\"}" "https://127.0.0.1:$port/api/v1/login")
[[ "$status" == 421 ]] && ok "a login with another Host is refused (421)" \
  || fail "Host evil.example: HTTP $status $(head -c 200 "$work/evil.json")"

if [[ $failures -gt 0 ]]; then echo "$failures TLS check(s) failed"; exit 1; fi
echo "all TLS checks passed"
