#!/usr/bin/env bash
# The audit log's retention and a citizen's access request, on a real server's log: caseworkers
# read citizens (imported by CPR, stored by pseudonym) with purposes; `fremdrift audit prune`
# (period from the command line, the configuration file or the environment) archives the old
# entries in a signed file (0600, its key 0600 apart) and removes them; `audit verify` accepts the
# pruned log alone and with its archives, and names the entry when an archive is changed (even
# re-signed with the key) or missing; a failed prune leaves the log as it was; `audit borger
# --cpr` reads the CPR number from standard input and lists the citizen's look-ups (dates,
# purposes) from log and archives without staff names, other citizens or the number itself; a
# malformed number is refused without being repeated.
# Exit 77 (skipped) without curl or python3.
# Usage: tests/ops/audit_retention.sh FREMDRIFT_BINARY
set -euo pipefail
bin=$(realpath "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/tests/server_lib.sh"
require_tools curl python3

case_dir="$root/tests/cases/shares_and_comparison"
"$bin" --quiet ingest --register "$case_dir/register.csv" --population "$case_dir/population.csv" \
  --out "$work/s.store" >/dev/null
# Two citizens by (made-up) CPR number, pseudonymised with the store's key on import.
cpr_a=0101801234
cpr_b=020290-4321
cat > "$work/events.csv" <<CSV
event_id;person;kommune;date;type;attributes;recorded_by;recorded_at;supersedes
a1;$cpr_a;657;2021-03-01;visitation;project=fsm2|group=1;sb;2021-03-01T12:00:00;
b1;$cpr_b;657;2021-03-02;visitation;project=fsm2|group=1;sb;2021-03-02T12:00:00;
CSV
"$bin" --quiet events import --db "sqlite:$work/events.db" --key-file "$work/s.store.key" \
  "$work/events.csv" >/dev/null
pa=$("$bin" events list --db "sqlite:$work/events.db" --key-file "$work/s.store.key" --person "$cpr_a" \
  | grep -o "[0-9a-f]\{32\}" | head -1)
pb=$("$bin" events list --db "sqlite:$work/events.db" --key-file "$work/s.store.key" --person "$cpr_b" \
  | grep -o "[0-9a-f]\{32\}" | head -1)
[[ -n "$pa" && -n "$pb" && "$pa" != "$pb" ]] || { echo "FAIL: no pseudonyms from events list"; exit 1; }
pw=korrekt-hest-batteri
echo "$pw" | "$bin" users add --auth-db "$work/auth.db" --username sb657 --role caseworker \
  --kommune 657 >/dev/null

# serve_reads PURPOSE...: a server; one login; a read of citizen A per purpose, one of B.
serve_reads() {
  "$bin" serve --store "$work/s.store" --db "sqlite:$work/events.db" --auth-db "$work/auth.db" \
    --listen 127.0.0.1:0 > "$work/serve.log" 2>&1 &
  server_pid=$!
  wait_for_server
  base=$(grep -o "^fremdrift serve: http://127.0.0.1:[0-9]*" "$work/serve.log" | sed 's/^fremdrift serve: //')
  curl -sS --max-time 20 -c "$work/jar" -o /dev/null -H 'Content-Type: application/json' \
    -d "{\"username\":\"sb657\",\"password\":\"$pw\"}" "$base/api/v1/login"
  local p code
  for p in "$@"; do
    code=$(curl -sS --max-time 20 -b "$work/jar" -o /dev/null -w '%{http_code}' "$base/api/v1/borgere/$pa?formaal=$p")
    [[ $code == 200 ]] || fail "read of citizen A ($p): HTTP $code"
  done
  code=$(curl -sS --max-time 20 -b "$work/jar" -o /dev/null -w '%{http_code}' "$base/api/v1/borgere/$pb?formaal=tilsyn")
  [[ $code == 200 ]] || fail "read of citizen B: HTTP $code"
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
}
count() { python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$work/auth.db" "$1"; }

serve_reads sagsbehandling klagesag
before=$(count "SELECT count(*) FROM audit")
last=$(count "SELECT max(seq) FROM audit")

# Nothing is older than six months today: only the run is recorded.
"$bin" audit prune --auth-db "$work/auth.db" --older-than 6m > "$work/p0.out" 2>&1 \
  || fail "prune with nothing to prune: $(cat "$work/p0.out")"
[[ $(count "SELECT count(*) FROM audit") == $((before + 1)) ]] && ok "nothing older than 6m: only the prune's own entry added" \
  || fail "prune with nothing to prune changed the log"
[[ ! -d "$work/auth.db.archive" || -z "$(ls -A "$work/auth.db.archive")" ]] || fail "an archive was written with nothing to prune"

# A failed prune (the archive folder is a file) leaves the log as it was.
n=$(count "SELECT count(*) FROM audit")
touch "$work/not-a-dir"
if "$bin" --today 2030-01-01 audit prune --auth-db "$work/auth.db" --older-than 6m \
    --archive-dir "$work/not-a-dir" > "$work/pf.out" 2>&1; then fail "a prune into a file succeeded"
else
  [[ $(count "SELECT count(*) FROM audit") == "$n" ]] && ok "failed prune left the log ($n entries): $(head -1 "$work/pf.out")" \
    || fail "failed prune changed the log"
fi

# The retention period from the configuration file's [audit.prune] section: everything is older
# than 6 months in 2030.
printf '[audit.prune]\nolder-than = "6m"\n' > "$work/fremdrift.toml"
if "$bin" --today 2030-01-01 --config "$work/fremdrift.toml" audit prune --auth-db "$work/auth.db" \
    > "$work/p1.out" 2>&1; then ok "prune with the period from the configuration file: $(cat "$work/p1.out")"
else fail "prune (config): $(cat "$work/p1.out")"; fi
archive1=$(ls "$work"/auth.db.archive/audit-*.jsonl | head -1)
[[ -f "$archive1" ]] || { echo "FAIL: no archive written"; exit 1; }
[[ $(stat -c %a "$archive1") == 600 ]] && ok "archive is 0600" || fail "archive mode $(stat -c %a "$archive1")"
[[ $(stat -c %a "$work/auth.db.archive") == 700 ]] && ok "archive folder is 0700" || fail "archive folder mode $(stat -c %a "$work/auth.db.archive")"
[[ $(stat -c %a "$work/auth.db.archive.key") == 600 ]] && ok "archive key is 0600, beside the database, not in the archive folder" \
  || fail "archive key mode"
[[ $(count "SELECT count(*) FROM audit") == 1 ]] && ok "the log holds only the prune's own entry" \
  || fail "after the prune the log holds $(count "SELECT count(*) FROM audit") entries"
[[ $(count "SELECT action FROM audit") == audit_prune ]] && ok "the prune is audited" || fail "no audit_prune entry"
archived=$(($(wc -l < "$archive1") - 2))
[[ $archived == $((last + 1)) ]] && ok "$archived entries archived" || fail "$archived entries archived, expected $((last + 1))"

serve_reads opfølgning
"$bin" audit verify --auth-db "$work/auth.db" > "$work/v1.out" 2>&1 \
  && ok "pruned log verifies alone: $(cat "$work/v1.out")" || fail "pruned log: $(cat "$work/v1.out")"
"$bin" audit verify --auth-db "$work/auth.db" --archive "$archive1" > "$work/v2.out" 2>&1 \
  && ok "pruned log verifies with its archive: $(cat "$work/v2.out")" || fail "with archive: $(cat "$work/v2.out")"

# A second prune (from the environment); both archives make one chain, the first alone a gap.
FREMDRIFT_AUDIT_PRUNE_OLDER_THAN=1d "$bin" --today 2030-01-01 audit prune --auth-db "$work/auth.db" \
  > "$work/p2.out" 2>&1 || fail "second prune: $(cat "$work/p2.out")"
archive2=$(ls "$work"/auth.db.archive/audit-*.jsonl | tail -1)
[[ "$archive2" != "$archive1" ]] || fail "the second prune wrote no new archive: $(cat "$work/p2.out")"
"$bin" audit verify --auth-db "$work/auth.db" --archive "$archive2" --archive "$archive1" > "$work/v3.out" 2>&1 \
  && ok "two archives and the log: $(cat "$work/v3.out")" || fail "two archives: $(cat "$work/v3.out")"
first2=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["first_seq"])' "$archive2")
if "$bin" audit verify --auth-db "$work/auth.db" --archive "$archive1" > "$work/v4.out" 2>&1; then
  fail "a missing archive went unnoticed"
else
  grep -q "audit entry $first2: pruned, but in no archive given" "$work/v4.out" \
    && ok "missing archive named: $(cat "$work/v4.out")" || fail "missing archive: $(cat "$work/v4.out")"
fi

# A changed archive: one byte fails the signature; an edit re-signed with the key fails the chain.
cp "$archive1" "$work/a1.orig"
sed -i '3s/klagesag/tilsyn/;3s/sagsbehandling/tilsyn/;3s/sb657/sb999/' "$archive1"
if "$bin" audit verify --auth-db "$work/auth.db" --archive "$archive1" --archive "$archive2" > "$work/v5.out" 2>&1; then
  fail "a changed archive verified"
else
  grep -q "signature does not match" "$work/v5.out" && grep -q "$archive1" "$work/v5.out" \
    && ok "changed archive refused: $(cat "$work/v5.out")" || fail "changed archive: $(cat "$work/v5.out")"
fi
python3 - "$archive1" "$work/auth.db.archive.key" <<'PY'
import hmac, hashlib, sys
path, keyfile = sys.argv[1], sys.argv[2]
key = bytes.fromhex(open(keyfile).read().strip())
lines = open(path, 'rb').read().split(b'\n')[:-2]   # without the signature line
body = b'\n'.join(lines) + b'\n'
sig = hmac.new(key, body, hashlib.sha256).hexdigest()
open(path, 'wb').write(body + b'{"hmac_sha256":"' + sig.encode() + b'"}\n')
PY
edited_seq=$(sed -n 3p "$archive1" | python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["seq"])')
if "$bin" audit verify --auth-db "$work/auth.db" --archive "$archive1" --archive "$archive2" > "$work/v6.out" 2>&1; then
  fail "an edited, re-signed archive verified"
else
  grep -q "audit entry $edited_seq: its hash does not match" "$work/v6.out" \
    && ok "edited re-signed archive names entry $edited_seq: $(cat "$work/v6.out")" || fail "re-signed: $(cat "$work/v6.out")"
fi
cp "$work/a1.orig" "$archive1"

# The access request: the CPR number on standard input only.
borger() { "$bin" audit borger --cpr --store "$work/s.store" --auth-db "$work/auth.db" "$@"; }
echo "$cpr_a" | borger --archive "$archive1" --archive "$archive2" > "$work/b1.out" 2> "$work/b1.err" \
  || fail "borger: $(cat "$work/b1.err")"
for p in sagsbehandling klagesag opfølgning; do
  grep -q "$p" "$work/b1.out" && ok "access request lists the purpose $p" || fail "no $p in: $(cat "$work/b1.out")"
done
grep -q "tilsyn" "$work/b1.out" && fail "citizen B's read (tilsyn) listed for A" || ok "other citizens' reads left out"
grep -q "sb657\|127.0.0.1\|$pa\|$pb" "$work/b1.out" && fail "staff name, address or pseudonym in the answer" \
  || ok "no staff name, address or pseudonym in the answer"
grep -q "0101801234\|010180" "$work/b1.out" "$work/b1.err" && fail "the CPR number was echoed" || ok "the CPR number is not echoed"
echo "$cpr_a" | borger --format json --archive "$archive1" --archive "$archive2" > "$work/b2.json" \
  || fail "borger json"
python3 - "$work/b2.json" <<'PY' && ok "JSON answer: three look-ups with dates and purposes" || fail "JSON answer: $(cat "$work/b2.json")"
import json, sys, re
d = json.load(open(sys.argv[1]))
purposes = sorted(o["formaal"] for o in d["opslag"])
assert d["antal"] == 3 and purposes == ["klagesag", "opfølgning", "sagsbehandling"], purposes
assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", o["dato"]) for o in d["opslag"])
assert all(set(o) == {"dato", "tidspunkt_utc", "formaal", "art", "kommune"} for o in d["opslag"])
PY
echo "$cpr_a" | borger --format json > "$work/b3.json" || fail "borger without archives"
[[ $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["antal"])' "$work/b3.json") == 0 ]] \
  && ok "without the archives: only what the log holds (none since the second prune)" || fail "without archives: $(cat "$work/b3.json")"
[[ $(count "SELECT count(*) FROM audit WHERE action = 'access_request' AND citizen = '$pa'") == 3 ]] \
  && ok "each access request is audited, by pseudonym" || fail "access requests not audited"
for bad in 12345 3213451234 "01018O1234"; do
  if echo "$bad" | borger > "$work/bad.out" 2>&1; then fail "'$bad' accepted as a CPR number"
  elif grep -q "$bad" "$work/bad.out"; then fail "the malformed number is repeated: $(cat "$work/bad.out")"
  elif grep -q "CPR" "$work/bad.out"; then ok "malformed number refused without repeating it: $(cat "$work/bad.out")"
  else fail "unclear error: $(cat "$work/bad.out")"; fi
done
if borger --format json "$cpr_a" < /dev/null > "$work/argv.out" 2>&1; then fail "a CPR number on the command line was accepted"
elif grep -q "$cpr_a" "$work/argv.out"; then fail "a CPR number on the command line is repeated: $(cat "$work/argv.out")"
else ok "a CPR number on the command line is refused without repeating it: $(cat "$work/argv.out")"; fi

if [[ $failures -gt 0 ]]; then echo "$failures check(s) failed"; exit 1; fi
echo "audit retention and access request: all checks passed"
