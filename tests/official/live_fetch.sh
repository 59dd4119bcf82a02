#!/usr/bin/env bash
# `fremdrift import jobindsats --key-file` against a local HTTPS stand-in for api.jobindsats.dk
# (fake_jobindsats.py) with a certificate from a throwaway certificate authority: the key file's
# mode is checked, the key travels in the Authorization header and is never printed, the
# server's certificate is verified (refused without --ca-file, accepted with it), the key refusal
# ("Forkert nøgle eller nøglen er udløbet.") stops the import, a broken answer to one of two
# tables stores nothing, and the fetched figures land in the case store with the request as
# their source. Fails when python3 or openssl is missing.
# Usage: tests/official/live_fetch.sh FREMDRIFT_BINARY
set -euo pipefail
bin=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
for tool in python3 openssl; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is needed (scripts/install-deps --with-tests)"; exit 1; }
done
work=$(mktemp -d)
server_pid=
cleanup() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
failures=0
ok() { echo "ok   $*"; }
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

# A certificate authority and a server certificate for 127.0.0.1 signed by it, valid for a day.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
  -subj "/CN=fremdrift test CA" -keyout "$work/ca.key" -out "$work/ca.pem" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=127.0.0.1" \
  -keyout "$work/server.key" -out "$work/server.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\n' > "$work/ext.cnf"
openssl x509 -req -in "$work/server.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" \
  -CAcreateserial -days 1 -extfile "$work/ext.cnf" -out "$work/server.pem" 2>/dev/null

key="hemmelig-noegle-$RANDOM$RANDOM"
python3 "$here/fake_jobindsats.py" "$work/server.pem" "$work/server.key" "$here/fixtures" "$key" \
  "$work/port" "$work/requests.log" &
server_pid=$!
for _ in $(seq 100); do [[ -s "$work/port" ]] && break; sleep 0.1; done
[[ -s "$work/port" ]] || { echo "FAIL: the stand-in server did not start"; exit 1; }
base="https://127.0.0.1:$(cat "$work/port")"
echo "stand-in for jobindsats at $base"
db="sqlite:$work/cases.db"
imports() {
  python3 -c 'import sqlite3,sys
c = sqlite3.connect(sys.argv[1])
try:
    print(c.execute("SELECT COUNT(*) FROM official_imports").fetchone()[0])
except sqlite3.OperationalError:
    print(0)' "$work/cases.db"
}
run() {  # run NAME ARGS...: the import's exit code, its output in $work/NAME.out
  local name=$1; shift
  local rc=0
  "$bin" import jobindsats --db "$db" --base-url "$base" "$@" > "$work/$name.out" 2>&1 || rc=$?
  echo "$rc"
}
never_shows_key() {
  if grep -q "$key" "$work/$1.out"; then fail "$1: the key appears in the output"; fi
}

# 1. A key file others may read is refused before anything is sent.
printf '%s\n' "$key" > "$work/key"
chmod 644 "$work/key"
rc=$(run loose --key-file "$work/key" --ca-file "$work/ca.pem" --table Y07A02 --from 2019-01 --to 2019-02)
if [[ $rc -ne 0 ]] && grep -q "chmod 600" "$work/loose.out"; then ok "a key file with mode 0644 is refused: $(cat "$work/loose.out")"
else fail "mode 0644 key file: exit $rc: $(cat "$work/loose.out")"; fi
never_shows_key loose
[[ ! -s "$work/requests.log" ]] && ok "nothing was sent with a refused key file" || fail "a request was sent"
chmod 600 "$work/key"

# 2. Without --ca-file the throwaway authority is not trusted: TLS verification fails.
rc=$(run untrusted --key-file "$work/key" --table Y07A02 --from 2019-01 --to 2019-02)
if [[ $rc -ne 0 ]] && grep -q "could not be verified" "$work/untrusted.out"; then ok "an untrusted certificate is refused: $(cat "$work/untrusted.out")"
else fail "untrusted certificate: exit $rc: $(cat "$work/untrusted.out")"; fi
never_shows_key untrusted
[[ "$(imports)" == 0 ]] && ok "nothing stored after the TLS refusal" || fail "figures stored after the TLS refusal"

# 3. A plain-http address is refused.
rc=0
"$bin" import jobindsats --db "$db" --base-url "http://127.0.0.1:1" --key-file "$work/key" \
  --table Y07A02 --from 2019-01 --to 2019-02 > "$work/plain.out" 2>&1 || rc=$?
[[ $rc -ne 0 ]] && grep -q "not an https:// address" "$work/plain.out" && ok "http:// refused" ||
  fail "http:// base url: exit $rc: $(cat "$work/plain.out")"

# 4. A wrong key: the stand-in answers with jobindsats' sentence; nothing is stored.
wrong=$(mktemp -p "$work"); printf 'forkert-%s\n' "$key" > "$wrong"; chmod 600 "$wrong"
rc=$(run wrong --key-file "$wrong" --ca-file "$work/ca.pem" --table Y07A02 --from 2019-01 --to 2019-02)
if [[ $rc -ne 0 ]] && grep -q "refused the key" "$work/wrong.out" && grep -q "Forkert nøgle eller nøglen er udløbet." "$work/wrong.out"; then
  ok "the key refusal is recognised: $(cat "$work/wrong.out")"
else fail "wrong key: exit $rc: $(cat "$work/wrong.out")"; fi
grep -q "forkert-$key" "$work/wrong.out" && fail "the wrong key appears in the output" || true
[[ "$(imports)" == 0 ]] && ok "nothing stored after the key refusal" || fail "figures stored after the key refusal"

# 5. Two tables, the second answered with a broken document: all or nothing.
rc=$(run half --key-file "$work/key" --ca-file "$work/ca.pem" --table Y07A02,Y30R21 --from 2019-01 --to 2019-12)
if [[ $rc -ne 0 ]] && grep -q "y30r21/json (2019QMAT02-2019QMAT04): not a jobindsats response: not valid JSON" "$work/half.out"; then
  ok "a broken second answer names its request: $(cat "$work/half.out")"
else fail "broken second answer: exit $rc: $(cat "$work/half.out")"; fi
[[ "$(imports)" == 0 ]] && ok "the first table's figures were not stored either" || fail "a partial import was stored"

# 6. The right key: both tables fetched and stored, the request as the source.
rc=$(run good --key-file "$work/key" --ca-file "$work/ca.pem" --table Y07A02 --from 2019-01 --to 2019-02)
rc2=$(run good2 --key-file "$work/key" --ca-file "$work/ca.pem" --table y30r21 --from 2023-07 --to 2023-12)
if [[ $rc -eq 0 && $rc2 -eq 0 ]]; then ok "fetched: $(cat "$work/good.out" "$work/good2.out" | tr '\n' ' ')"
else fail "good key: exit $rc/$rc2: $(cat "$work/good.out" "$work/good2.out")"; fi
never_shows_key good; never_shows_key good2
[[ "$(imports)" == 2 ]] && ok "two imports stored" || fail "imports stored: $(imports), expected 2"
python3 - "$work/cases.db" "$base" <<'PY' && ok "sources and figures as fetched" || fail "stored figures"
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
sources = [r[0] for r in c.execute("SELECT source FROM official_imports ORDER BY id")]
want = [f"POST {sys.argv[2]}/v2/data/y07a02/json (2019M01-2019M02)",
        f"POST {sys.argv[2]}/v2/data/y30r21/json (2023QMAT04)"]
assert sources == want, sources
# Y07A02: 7 rows; 6 with all four measures, the country's with two (its shares are null) = 26.
n07 = c.execute("SELECT COUNT(*) FROM official_figures WHERE source_table='Y07A02'").fetchone()[0]
assert n07 == 6 * 4 + 2, n07
v = c.execute("SELECT value FROM official_figures WHERE source_table='Y07A02' AND area='657' "
              "AND period='2019-02' AND measure='fuldtidspersoner'").fetchone()[0]
assert abs(v - 1.7) < 1e-12, v
# Y30R21: 15 rows of 7 measures.
n30 = c.execute("SELECT COUNT(*) FROM official_figures WHERE source_table='Y30R21'").fetchone()[0]
assert n30 == 15 * 7, n30
PY
"$bin" --quiet measure benchmark --db "$db" --kommune 657 > "$work/bench.csv"
grep -q "^2023QMAT04,alle,kommune,5,657,Herning," "$work/bench.csv" && ok "the fetched benchmark ranks Herning 5th" ||
  fail "benchmark after the fetch: $(cat "$work/bench.csv")"

# What the stand-in received: the key in the Authorization header, areas and periods in the body.
python3 - "$work/requests.log" <<'PY' && ok "requests as the API expects them" || fail "requests"
import json, sys
reqs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
good = [r for r in reqs if r["key_ok"]]
assert any(r["path"] == "/v2/data/y07a02/json" and r["body"] == {"area": "*", "period": ["2019M01", "2019M02"]} for r in good), reqs
bench = [r for r in good if r["path"] == "/v2/data/y30r21/json" and r["body"]["period"] == ["2023QMAT04"]]
assert bench and bench[0]["body"]["_ygrp_y30r21"] == ["Ydelsesgrupper i alt", "A-dagpenge mv.", "Sygedagpenge mv.", "Kontanthjælp mv."], bench
assert any(not r["key_ok"] for r in reqs), "the wrong key was never sent"
PY

echo "live fetch: $failures failed"
[[ $failures -eq 0 ]]
