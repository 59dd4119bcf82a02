#!/usr/bin/env bash
# `fremdrift serve --trusted-proxy 127.0.0.1` behind a real nginx (Debian's, started here as the
# current user with its own prefix, on free ports; plain HTTP and HTTPS with a throwaway
# certificate), clients connecting from other loopback addresses (127.0.0.2, ...). Checks: the
# audit log records the client address nginx puts in X-Forwarded-For, never nginx's own; a
# client's own X-Forwarded-For sent through nginx does not replace its address; the login
# limiter counts per client (one client locked out after 30 failures, another still logs in);
# through HTTPS (X-Forwarded-Proto https) the session cookie is Secure (__Host-) and HSTS is
# sent, through plain HTTP neither; sent directly from an untrusted peer, a spoofed
# X-Forwarded-For and X-Forwarded-Proto are ignored.
# Exit 77 (skipped) without curl, python3 or openssl; nginx missing is a failure.
# Usage: tests/ops/nginx_proxy.sh FREMDRIFT_BINARY
set -euo pipefail
bin=$(realpath "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/tests/server_lib.sh"
require_tools curl python3 openssl
source "$root/tests/ops/nginx_lib.sh"

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
  -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" \
  -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
chmod 600 "$work/key.pem"
case_dir="$root/tests/cases/shares_and_comparison"
"$bin" --quiet ingest --register "$case_dir/register.csv" --population "$case_dir/population.csv" \
  --out "$work/s.store" >/dev/null
pw=korrekt-hest-batteri
echo "$pw" | "$bin" users add --auth-db "$work/auth.db" --username analytiker --role analyst >/dev/null

"$bin" serve --store "$work/s.store" --auth-db "$work/auth.db" --listen 127.0.0.1:0 \
  --trusted-proxy 127.0.0.1 --threads 8 > "$work/serve.log" 2>&1 &
server_pid=$!
wait_for_server
fport=$(grep -o "^fremdrift serve: http://127.0.0.1:[0-9]*" "$work/serve.log" | grep -o "[0-9]*$")
hp=$(free_port)
tp=$(free_port)
proxy="
      proxy_pass http://127.0.0.1:$fport;
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;"
start_nginx "
  server {
    listen 127.0.0.1:$hp;
    location / { $proxy }
  }
  server {
    listen 127.0.0.1:$tp ssl;
    ssl_certificate $work/cert.pem;
    ssl_certificate_key $work/key.pem;
    location / { $proxy }
  }"
echo "fremdrift on $fport, nginx on $hp (http) and $tp (https)"

# login FROM URL USER [curl args...]: prints the HTTP status; headers in $work/h, jar $work/jar.
login() {
  local from=$1 url=$2 user=$3
  shift 3
  curl -sS --max-time 20 --interface "$from" -D "$work/h" -c "$work/jar" -o "$work/body" \
    -w '%{http_code}' -H 'Content-Type: application/json' \
    -d "{\"username\":\"$user\",\"password\":\"$pw\"}" "$@" "$url/api/v1/login"
}
hsts() { grep -qi "^strict-transport-security:" "$work/h"; }
cookie() { grep -i "^set-cookie:" "$work/h" | head -1; }

# Through nginx over plain HTTP: no Secure cookie, no HSTS.
code=$(login 127.0.0.2 "http://127.0.0.1:$hp" analytiker)
[[ $code == 200 ]] && ok "login through nginx (http) from 127.0.0.2" || fail "login through nginx (http): HTTP $code $(cat "$work/body")"
cookie | grep -qi "secure" && fail "cookie Secure over plain http" || ok "plain http through nginx: cookie not Secure"
hsts && fail "HSTS over plain http" || ok "plain http through nginx: no HSTS"

# Through nginx over HTTPS: X-Forwarded-Proto https makes the cookie Secure and sends HSTS.
code=$(login 127.0.0.4 "https://127.0.0.1:$tp" analytiker --cacert "$work/cert.pem")
[[ $code == 200 ]] && ok "login through nginx (https) from 127.0.0.4" || fail "login through nginx (https): HTTP $code $(cat "$work/body")"
cookie | grep -qi "; *secure" && ok "https through nginx: cookie Secure" || fail "cookie not Secure behind https"
cookie | grep -qi "__Host-" && ok "https through nginx: cookie named __Host-" || fail "cookie not __Host-"
hsts && ok "https through nginx: HSTS sent" || fail "no HSTS behind https"
code=$(curl -sS --max-time 60 --interface 127.0.0.4 --cacert "$work/cert.pem" -b "$work/jar" -o /dev/null \
  -w '%{http_code}' "https://127.0.0.1:$tp/api/v1/measurements/fuldtidspersoner?kommune=657&from=2019-02")
[[ $code == 200 ]] && ok "the Secure session works through nginx (https)" || fail "read through https: HTTP $code"

# A client's own X-Forwarded-For through nginx: nginx appends the real address, which wins.
code=$(login 127.0.0.5 "http://127.0.0.1:$hp" ghost5 -H "X-Forwarded-For: 198.51.100.5")
[[ $code == 401 ]] || fail "failed login through nginx: HTTP $code"

# The login limiter counts per client address: 30 failures from 127.0.0.3, then it is refused,
# while 127.0.0.6 still logs in.
for i in $(seq 1 30); do
  code=$(login 127.0.0.3 "http://127.0.0.1:$hp" "gjet$i")
  [[ $code == 401 ]] || { fail "failure $i from 127.0.0.3: HTTP $code"; break; }
done
code=$(login 127.0.0.3 "http://127.0.0.1:$hp" analytiker)
[[ $code == 429 ]] && ok "after 30 failures 127.0.0.3 is refused (429) even with the right password" \
  || fail "127.0.0.3 after 30 failures: HTTP $code"
code=$(login 127.0.0.6 "http://127.0.0.1:$hp" analytiker)
[[ $code == 200 ]] && ok "another client behind the same nginx (127.0.0.6) still logs in" \
  || fail "127.0.0.6 locked out with 127.0.0.3: HTTP $code"

# Directly from an untrusted peer (127.0.0.7): its X-Forwarded-* headers are ignored.
code=$(login 127.0.0.7 "http://127.0.0.1:$fport" ghost7 -H "X-Forwarded-For: 198.51.100.7" \
  -H "X-Forwarded-Proto: https")
[[ $code == 401 ]] || fail "direct failed login: HTTP $code"
code=$(login 127.0.0.7 "http://127.0.0.1:$fport" analytiker -H "X-Forwarded-For: 198.51.100.7" \
  -H "X-Forwarded-Proto: https")
[[ $code == 200 ]] || fail "direct login: HTTP $code"
cookie | grep -qi "secure" && fail "spoofed X-Forwarded-Proto made the cookie Secure" \
  || ok "spoofed X-Forwarded-Proto from an untrusted peer: cookie not Secure"
hsts && fail "spoofed X-Forwarded-Proto got HSTS" || ok "spoofed X-Forwarded-Proto from an untrusted peer: no HSTS"

kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
remote_of() {
  python3 -c 'import sqlite3,sys; print(" ".join(sorted({r[0] for r in sqlite3.connect(sys.argv[1]).execute("SELECT remote FROM audit WHERE (username = ? OR detail = ?) AND action = ?", (sys.argv[2], "user=" + sys.argv[2], sys.argv[3]))})))' \
    "$work/auth.db" "$1" "$2"
}
check_remote() {  # USER ACTION EXPECTED WHAT
  local got
  got=$(remote_of "$1" "$2")
  [[ "$got" == "$3" ]] && ok "audit: $4 recorded from $3" || fail "audit: $4 recorded from '$got', expected $3"
}
check_remote ghost5 login_failed 127.0.0.5 "failed login through nginx with a client-sent X-Forwarded-For"
check_remote gjet1 login_failed 127.0.0.3 "failed login through nginx"
check_remote ghost7 login_failed 127.0.0.7 "failed login sent directly with a spoofed X-Forwarded-For"
logins=$(remote_of analytiker login)
[[ "$logins" == "127.0.0.2 127.0.0.4 127.0.0.6 127.0.0.7" ]] && ok "audit: logins from each client's own address ($logins)" \
  || fail "audit: logins from '$logins'"
proxied=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM audit WHERE remote IN (\"127.0.0.1\", \"198.51.100.5\", \"198.51.100.7\")").fetchone()[0])' "$work/auth.db")
[[ $proxied == 0 ]] && ok "audit: no entry records nginx's address or a spoofed one" || fail "audit: $proxied entries record nginx's or a spoofed address"

if [[ $failures -gt 0 ]]; then echo "$failures check(s) failed"; exit 1; fi
echo "nginx in front: all checks passed"
