#!/usr/bin/env bash
# Two `fremdrift serve` instances behind one nginx (round robin), sharing users, sessions, login
# lockouts and one audit log in PostgreSQL (--auth-db postgresql://...): a login answered by one
# instance opens a citizen read answered by the other, audited exactly once; reads spread over
# both at once extend one chain (`audit verify` intact, every read once); an account locked by
# failures spread over both instances is locked on each; `audit prune` and `audit borger` work on
# the PostgreSQL log. Runs against $FREMDRIFT_TEST_PG_URL when set, else a private server
# (scripts/pg-test-server); exit 77 (skipped) without curl or python3, or when no PostgreSQL server
# binaries are installed; nginx missing is a failure.
# Usage: tests/ops/nginx_two_instances.sh FREMDRIFT_BINARY
set -euo pipefail
bin=$(realpath "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/tests/server_lib.sh"
require_tools curl python3
source "$root/tests/ops/nginx_lib.sh"

server_url="${FREMDRIFT_TEST_PG_URL:-}"
pgdir=""
db_name="fremdrift_auth_$$"
pids=()
finish() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  stop_nginx
  if [[ -n "$server_url" ]]; then
    psql -X -q "$server_url" -c "DROP DATABASE IF EXISTS $db_name" >/dev/null 2>&1 || true
  fi
  if [[ -n "$pgdir" ]]; then "$root/scripts/pg-test-server" stop "$pgdir" >/dev/null 2>&1 || true; fi
  cleanup
}
trap finish EXIT
if [[ -z "$server_url" ]]; then
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && [[ -z "${PG_BINDIR:-}" ]]; then
    echo "PostgreSQL server binaries not installed: two-instance test skipped (apt-get install postgresql)"
    exit 77
  fi
  pgdir="$(mktemp -d /tmp/fremdrift-pg.XXXXXX)"
  server_url="$("$root/scripts/pg-test-server" start "$pgdir")"
fi
command -v psql >/dev/null || { echo "FAIL: psql is not installed (postgresql-client)"; exit 1; }
psql -X -q -v ON_ERROR_STOP=1 "$server_url" -c "CREATE DATABASE $db_name" >/dev/null
base="${server_url%%\?*}"
url="${base%/*}/$db_name${server_url#"$base"}"
q() { psql -X -q -A -t -v ON_ERROR_STOP=1 "$url" -c "$1"; }

case_dir="$root/tests/cases/shares_and_comparison"
"$bin" --quiet ingest --register "$case_dir/register.csv" --population "$case_dir/population.csv" \
  --out "$work/s.store" >/dev/null
cpr=0101801234
cat > "$work/events.csv" <<CSV
event_id;person;kommune;date;type;attributes;recorded_by;recorded_at;supersedes
a1;$cpr;657;2021-03-01;visitation;project=fsm2|group=1;sb;2021-03-01T12:00:00;
CSV
"$bin" --quiet events import --db "sqlite:$work/events.db" --key-file "$work/s.store.key" \
  "$work/events.csv" >/dev/null
pa=$("$bin" events list --db "sqlite:$work/events.db" --key-file "$work/s.store.key" --person "$cpr" \
  | grep -o "[0-9a-f]\{32\}" | head -1)
pw=korrekt-hest-batteri
echo "$pw" | "$bin" users add --auth-db "$url" --username sb657 --role caseworker --kommune 657 >/dev/null
echo "$pw" | "$bin" users add --auth-db "$url" --username an1 --role analyst >/dev/null
[[ $(q "SELECT count(*) FROM users") == 2 ]] && ok "users added to the PostgreSQL auth database" \
  || fail "users not in PostgreSQL"

ports=()
for i in 1 2; do
  "$bin" serve --store "$work/s.store" --db "sqlite:$work/events.db" --auth-db "$url" \
    --listen 127.0.0.1:0 --trusted-proxy 127.0.0.1 > "$work/serve$i.log" 2>&1 &
  pids+=($!)
  server_pid=${pids[-1]}
  for _ in $(seq 1 300); do
    grep -q "^fremdrift serve: http" "$work/serve$i.log" && break
    kill -0 "$server_pid" 2>/dev/null || { echo "FAIL: instance $i stopped: $(cat "$work/serve$i.log")"; exit 1; }
    sleep 0.1
  done
  ports+=($(grep -o "^fremdrift serve: http://127.0.0.1:[0-9]*" "$work/serve$i.log" | grep -o "[0-9]*$"))
done
server_pid=""
[[ ${#ports[@]} == 2 ]] || { echo "FAIL: the instances did not both start"; exit 1; }
hp=$(free_port)
start_nginx "
  upstream fremdrift {
    server 127.0.0.1:${ports[0]};
    server 127.0.0.1:${ports[1]};
  }
  server {
    listen 127.0.0.1:$hp;
    location / {
      proxy_pass http://fremdrift;
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      add_header X-Instance \$upstream_addr always;
    }
  }"
echo "instances on ${ports[*]}, nginx on $hp"
front="http://127.0.0.1:$hp"
instance() { grep -i "^x-instance:" "$1" | tr -d '\r' | awk '{print $2}'; }

curl -sS --max-time 20 --interface 127.0.0.2 -D "$work/login.h" -c "$work/jar" -o "$work/login.json" \
  -H 'Content-Type: application/json' -d "{\"username\":\"sb657\",\"password\":\"$pw\"}" "$front/api/v1/login"
login_at=$(instance "$work/login.h")
[[ -n "$login_at" ]] && ok "logged in through nginx, answered by $login_at" || fail "login: $(cat "$work/login.json")"
# Round robin: the next request goes to the other instance (tried a few times to be sure).
read_at=""
for _ in 1 2 3 4; do
  code=$(curl -sS --max-time 20 --interface 127.0.0.2 -D "$work/read.h" -b "$work/jar" -o "$work/read.json" \
    -w '%{http_code}' "$front/api/v1/borgere/$pa?formaal=sagsbehandling")
  read_at=$(instance "$work/read.h")
  [[ "$read_at" != "$login_at" ]] && break
  [[ $code == 200 ]] || break
done
[[ "$read_at" != "$login_at" && $code == 200 ]] \
  && ok "the session made by $login_at reads a citizen through $read_at" \
  || fail "read through the other instance: HTTP $code at $read_at (login at $login_at)"
reads=$(q "SELECT count(*) FROM audit WHERE action = 'read' AND citizen = '$pa'")
[[ $reads -ge 1 ]] || fail "no read in the audit log"
q "SELECT remote FROM audit WHERE action = 'read'" | sort -u > "$work/remotes"
[[ "$(cat "$work/remotes")" == 127.0.0.2 ]] && ok "reads audited with the client's address (127.0.0.2)" \
  || fail "read audited from $(cat "$work/remotes")"
last_read=$(q "SELECT count(*) FROM audit WHERE action = 'read' AND citizen = '$pa' AND purpose = 'sagsbehandling'")
[[ $last_read == "$reads" ]] || fail "reads without the purpose"
# Exactly once: one more read adds exactly one entry, whichever instance answers.
curl -sS --max-time 20 -b "$work/jar" -o /dev/null "$front/api/v1/borgere/$pa?formaal=tilsyn"
[[ $(q "SELECT count(*) FROM audit WHERE action = 'read' AND citizen = '$pa'") == $((reads + 1)) ]] \
  && ok "one read, one audit entry" || fail "one read gave $(( $(q "SELECT count(*) FROM audit WHERE action = 'read' AND citizen = '$pa'") - reads )) entries"

# Both instances at once: 40 reads in parallel, every one audited once, one intact chain.
before=$(q "SELECT count(*) FROM audit WHERE action = 'read'")
curls=()
for i in $(seq 1 40); do
  curl -sS --max-time 30 -b "$work/jar" -D "$work/par$i.h" -o /dev/null "$front/api/v1/borgere/$pa?formaal=opf%C3%B8lgning" &
  curls+=($!)
done
for p in "${curls[@]}"; do wait "$p" || true; done
served=$(cat "$work"/par*.h | grep -i "^x-instance:" | tr -d '\r' | awk '{print $2}' | sort -u | wc -l)
[[ $served == 2 ]] && ok "parallel reads answered by both instances" || fail "parallel reads answered by $served instance(s)"
after=$(q "SELECT count(*) FROM audit WHERE action = 'read'")
[[ $((after - before)) == 40 ]] && ok "40 parallel reads, 40 audit entries" || fail "40 parallel reads gave $((after - before)) entries"
"$bin" audit verify --auth-db "$url" > "$work/v1.out" 2>&1 && ok "one chain: $(cat "$work/v1.out")" \
  || fail "audit verify: $(cat "$work/v1.out")"
[[ $(q "SELECT count(*) FROM (SELECT seq FROM audit GROUP BY seq HAVING count(*) > 1) d") == 0 ]] || fail "duplicate numbers"

# An account locked by failures spread over both instances is locked on each.
for i in 1 2 3 4 5; do
  curl -sS --max-time 20 -o /dev/null -H 'Content-Type: application/json' \
    -d '{"username":"an1","password":"forkert-forkert-1"}' "$front/api/v1/login"
done
[[ $(q "SELECT failed_logins FROM users WHERE username = 'an1'") == 5 ]] && ok "failures counted across instances" \
  || fail "failures counted: $(q "SELECT failed_logins FROM users WHERE username = 'an1'")"
for p in "${ports[@]}"; do
  code=$(curl -sS --max-time 20 -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
    -d "{\"username\":\"an1\",\"password\":\"$pw\"}" "http://127.0.0.1:$p/api/v1/login")
  [[ $code != 200 ]] && ok "locked account refused by the instance on $p (HTTP $code)" || fail "locked account logged in on $p"
done
# The append-only triggers hold on PostgreSQL.
if q "UPDATE audit SET username = 'x' WHERE seq = 1" >/dev/null 2>&1; then fail "an audit row was updated"
else ok "UPDATE of an audit row refused"; fi

for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
pids=()
total_reads=$(q "SELECT count(*) FROM audit WHERE action = 'read' AND citizen = '$pa'")
# Prune and the access request on the PostgreSQL log.
"$bin" --today 2030-01-01 audit prune --auth-db "$url" --older-than 6m --archive-dir "$work/archive" \
  --archive-key "$work/archive.key" > "$work/p.out" 2>&1 && ok "prune: $(cat "$work/p.out")" || fail "prune: $(cat "$work/p.out")"
archive=$(ls "$work"/archive/audit-*.jsonl 2>/dev/null | head -1)
[[ $(q "SELECT count(*) FROM audit") == 1 ]] && ok "the PostgreSQL log holds only the prune's entry" || fail "after prune: $(q "SELECT count(*) FROM audit") entries"
"$bin" audit verify --auth-db "$url" --archive "$archive" --archive-key "$work/archive.key" > "$work/v2.out" 2>&1 \
  && ok "pruned PostgreSQL log with its archive: $(cat "$work/v2.out")" || fail "verify after prune: $(cat "$work/v2.out")"
echo "$cpr" | "$bin" audit borger --cpr --store "$work/s.store" --auth-db "$url" --format json \
  --archive "$archive" --archive-key "$work/archive.key" > "$work/b.json" 2> "$work/b.err" || fail "borger: $(cat "$work/b.err")"
python3 - "$work/b.json" "$total_reads" <<'PY' && ok "access request from the PostgreSQL log's archive: $total_reads look-ups" || fail "access request: $(head -c 300 "$work/b.json")"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["antal"] == int(sys.argv[2]), (d["antal"], sys.argv[2])
assert {o["formaal"] for o in d["opslag"]} == {"sagsbehandling", "tilsyn", "opfølgning"}
PY

if [[ $failures -gt 0 ]]; then echo "$failures check(s) failed"; exit 1; fi
echo "two instances behind nginx on PostgreSQL: all checks passed"
