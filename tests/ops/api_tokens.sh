#!/usr/bin/env bash
# API tokens end to end with the real binary: `fremdrift token issue` prints a token once; a
# `fremdrift serve` answers it with aggregates as "Authorization: Bearer" (curl, no cookie, no
# CSRF token), refuses it citizen data and another municipality (403) and garbled tokens (401);
# `token list` never shows a secret; after `token revoke` the same token gets 401; every use is in
# the audit log, which still verifies; docs/examples/api-noegler/hent.py runs against the server
# (when python3 has requests). Exit 77 (skipped) without curl.
# Usage: tests/ops/api_tokens.sh FREMDRIFT_BINARY
set -euo pipefail
bin=$(realpath "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/tests/server_lib.sh"
require_tools curl

case_dir="$root/tests/cases/shares_and_comparison"
"$bin" --quiet ingest --register "$case_dir/register.csv" --population "$case_dir/population.csv" \
  --out "$work/s.store" >/dev/null
auth="$work/auth.db"
token=$("$bin" token issue powerbi-herning --auth-db "$auth" --kommune 657 --days 30 2>"$work/issue.err")
[[ $token =~ ^fdt_[0-9a-f]{64}$ ]] && ok "issue printed a token" || fail "issue printed '$token'"
grep -q "kommune 657" "$work/issue.err" && ok "issue says what it may: $(head -1 "$work/issue.err")" \
  || fail "issue's note: $(cat "$work/issue.err")"
if "$bin" token issue powerbi-herning --auth-db "$auth" --kommune 657 >/dev/null 2>"$work/dup.err"; then
  fail "a taken name was issued again"
else ok "a taken name is refused: $(cat "$work/dup.err")"; fi
if "$bin" token issue ingen-kommune --auth-db "$auth" >/dev/null 2>"$work/scope.err"; then
  fail "a token without a municipality scope was issued"
else ok "no scope is refused: $(cat "$work/scope.err")"; fi
if "$bin" token issue for-lang --auth-db "$auth" --kommune 657 --days 400 >/dev/null 2>&1; then
  fail "a token for 400 days was issued"
else ok "400 days are refused"; fi
"$bin" token list --auth-db "$auth" > "$work/list.csv"
grep -q "^powerbi-herning,657,active," "$work/list.csv" && ok "list shows the token" \
  || fail "list: $(cat "$work/list.csv")"
grep -q "${token#fdt_}" "$work/list.csv" "$auth" && fail "the secret is in the list or the database" \
  || ok "the secret is in neither the list nor the database"

"$bin" serve --store "$work/s.store" --auth-db "$auth" --listen 127.0.0.1:0 > "$work/serve.log" 2>&1 &
server_pid=$!
wait_for_server
base=$(grep -o "^fremdrift serve: http://127.0.0.1:[0-9]*" "$work/serve.log" | sed 's/^fremdrift serve: //')
status() { curl -sS --max-time 60 -o "$work/body" -w '%{http_code}' "$@"; }
bearer=(-H "Authorization: Bearer $token")

s=$(status "${bearer[@]}" "$base/api/v1/measurements/fuldtidspersoner?from=2019-02&area=kommune,rar,land")
[[ $s == 200 ]] && grep -q '"omraade":"657"' "$work/body" && ok "the token reads Herning's aggregates" \
  || fail "aggregates: $s $(head -c 300 "$work/body")"
grep -q '"omraade":"217"' "$work/body" && fail "another municipality's rows were sent" || ok "only its municipality"
s=$(status "${bearer[@]}" "$base/api/v1/measurements/fuldtidspersoner?from=2019-02&format=csv-da")
[[ $s == 200 ]] && ok "csv-da for Excel" || fail "csv-da: $s"
s=$(status "${bearer[@]}" "$base/api/v1/measurements/fuldtidspersoner?kommune=217&from=2019-02")
[[ $s == 403 ]] && grep -q "API-nøglen 'powerbi-herning' giver kun adgang til kommune 657" "$work/body" \
  && ok "another municipality: 403 $(cat "$work/body")" || fail "kommune=217: $s $(cat "$work/body")"
s=$(status "${bearer[@]}" "$base/api/v1/borgere?formaal=sagsbehandling")
[[ $s == 403 ]] && grep -q "kun læseadgang til aggregerede målinger" "$work/body" \
  && ok "citizen data: 403 $(cat "$work/body")" || fail "borgere: $s $(cat "$work/body")"
s=$(status "${bearer[@]}" -H 'Content-Type: application/json' -d '{}' "$base/api/v1/logout")
[[ $s == 403 ]] && ok "a write: 403" || fail "POST with a token: $s"
last=${token: -1}; [[ $last == 0 ]] && other=1 || other=0
s=$(status -H "Authorization: Bearer ${token%?}$other" "$base/api/v1/measurements/fuldtidspersoner")
[[ $s == 401 ]] && ok "a garbled token: 401 $(cat "$work/body")" || fail "garbled: $s"
s=$(status -H "Authorization: Bearer nonsense" "$base/api/v1/measurements")
[[ $s == 401 ]] && ok "nonsense: 401" || fail "nonsense: $s"

if python3 -c 'import requests' 2>/dev/null; then
  if FREMDRIFT_URL="$base" FREMDRIFT_TOKEN="$token" python3 "$root/docs/examples/api-noegler/hent.py" \
      fuldtidspersoner from=2019-02 area=kommune,land > "$work/py.csv" 2>"$work/py.err"; then
    if head -1 "$work/py.csv" | grep -q "omraade" && grep -q "657" "$work/py.csv"; then
      ok "the Python example prints the table: $(head -1 "$work/py.csv")"
    else fail "hent.py: $(head -3 "$work/py.csv")"; fi
  else fail "hent.py: $(cat "$work/py.err")"; fi
else
  echo "note: python3 without requests: docs/examples/api-noegler/hent.py not run"
fi

"$bin" token revoke powerbi-herning --auth-db "$auth" >/dev/null
s=$(status "${bearer[@]}" "$base/api/v1/measurements/fuldtidspersoner?from=2019-02")
[[ $s == 401 ]] && grep -q "trukket tilbage" "$work/body" && ok "revoked: 401 $(cat "$work/body")" \
  || fail "after revoke: $s $(cat "$work/body")"
"$bin" token list --auth-db "$auth" | grep -q "^powerbi-herning,657,revoked," && ok "list: revoked" \
  || fail "list after revoke: $("$bin" token list --auth-db "$auth")"
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""

# The audit: issue and revoke by the CLI, each use by the token, refusals and failures.
python_rows() {
  python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute(sys.argv[2]).fetchone()[0])' "$auth" "$1"
}
if command -v python3 >/dev/null; then
  reads=$(python_rows "SELECT count(*) FROM audit WHERE action='token_read' AND username='token:powerbi-herning'")
  denied=$(python_rows "SELECT count(*) FROM audit WHERE action='denied' AND username='token:powerbi-herning'")
  failed=$(python_rows "SELECT count(*) FROM audit WHERE action='token_failed'")
  cli=$(python_rows "SELECT count(*) FROM audit WHERE action IN ('token_issue','token_revoke') AND username='cli'")
  [[ $reads -ge 2 && $denied -eq 3 && $failed -ge 3 && $cli -eq 2 ]] \
    && ok "audited: $reads reads, $denied refusals, $failed failures, $cli CLI changes" \
    || fail "audit rows: reads=$reads denied=$denied failed=$failed cli=$cli"
  leaked=$(python_rows "SELECT count(*) FROM audit WHERE detail LIKE '%${token#fdt_}%'")
  [[ $leaked -eq 0 ]] && ok "no audit row holds the secret" || fail "$leaked audit rows hold the secret"
fi
"$bin" audit verify --auth-db "$auth" > "$work/verify.out" 2>&1 && ok "the audit chain verifies: $(cat "$work/verify.out")" \
  || fail "audit verify: $(cat "$work/verify.out")"

if [[ $failures -gt 0 ]]; then echo "$failures check(s) failed"; exit 1; fi
echo "api tokens: all checks passed"
