#!/usr/bin/env bash
# Data-driven test runner (docs/testing.md). Each folder under CASES_DIR is one case:
#   cmd        shell lines run with `bash -eo pipefail` and $FREMDRIFT (the binary), $CASE (the
#              case folder) and $TMP (a fresh temp folder) set; its stdout is compared with
#              `expected`. Any failing command, in a pipeline too, fails the case.
#   expected   the expected stdout, exactly (required)
#   hand.csv   figures worked out by hand, checked on their own against the same stdout by
#              tests/harness/check_hand.py (required; never written by the program)
#   (optional) expected_exit  the exit code of the cmd (default 0)
# A case folder without cmd, expected or hand.csv fails. With no case names given, the cases are
# the names listed in CASES_DIR/INDEX (one a line): a listed case without its folder fails, a
# folder not listed fails, and the number of cases run must equal the number of folders.
# Usage: run_cases.sh FREMDRIFT_BINARY CASES_DIR [CASE_NAME...]
set -uo pipefail
if [[ $# -lt 2 ]]; then
  echo "usage: run_cases.sh FREMDRIFT_BINARY CASES_DIR [CASE_NAME...]" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
FREMDRIFT=$(realpath "$1"); shift
CASES_DIR=$(realpath "$1"); shift
export FREMDRIFT
[[ -x "$FREMDRIFT" ]] || { echo "run_cases: $FREMDRIFT is not an executable" >&2; exit 2; }
pass=0; fail=0; ran=0; failed=()
cases=("$@")
bad() {  # NAME WHY...: records a failed case
  fail=$((fail + 1)); failed+=("$1"); echo "FAIL $1: ${*:2}"
}
all=0
mapfile -t folder_names < <(find "$CASES_DIR" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort)
if [[ ${#cases[@]} -eq 0 ]]; then
  all=1
  if [[ ! -f "$CASES_DIR/INDEX" ]]; then
    echo "FAIL: $CASES_DIR/INDEX (the list of cases) is missing"
    echo "data-driven cases: 0 passed, 1 failed"
    exit 1
  fi
  mapfile -t cases < <(grep -v -e '^#' -e '^[[:space:]]*$' "$CASES_DIR/INDEX")
  # A lookup table, not `printf | grep -q`: under pipefail grep's early exit can SIGPIPE printf
  # and make a listed folder look unlisted.
  declare -A listed=()
  for c in "${cases[@]}"; do listed[$c]=1; done
  for f in "${folder_names[@]}"; do
    [[ -n "${listed[$f]:-}" ]] || bad "$f" "a case folder not listed in INDEX"
  done
fi
for name in "${cases[@]}"; do
  ran=$((ran + 1))
  case_dir="$CASES_DIR/$name"
  if [[ ! -d "$case_dir" ]]; then bad "$name" "no such case folder"; continue; fi
  missing=()
  for f in cmd expected hand.csv; do [[ -f "$case_dir/$f" ]] || missing+=("$f"); done
  if [[ ${#missing[@]} -gt 0 ]]; then
    bad "$name" "missing ${missing[*]}"
    continue
  fi
  TMP=$(mktemp -d)
  export CASE="$case_dir" TMP
  (cd "$TMP" && bash -eo pipefail "$case_dir/cmd") > "$TMP/.stdout" 2> "$TMP/.stderr"
  rc=$?
  want_rc=0
  [[ -f "$case_dir/expected_exit" ]] && want_rc=$(cat "$case_dir/expected_exit")
  ok=1
  if [[ $rc -ne $want_rc ]]; then
    ok=0; bad "$name" "exit $rc, expected $want_rc"
  elif ! cmp -s "$TMP/.stdout" "$case_dir/expected"; then
    ok=0; bad "$name" "stdout differs from expected"
    diff "$TMP/.stdout" "$case_dir/expected" | head -20
  elif ! python3 "$here/harness/check_hand.py" "$case_dir/hand.csv" "$TMP/.stdout" > "$TMP/.hand" 2>&1; then
    ok=0; bad "$name" "hand figures do not hold"
    grep -v '^hand figures:' "$TMP/.hand" | head -20
  fi
  if [[ $ok -eq 1 ]]; then
    pass=$((pass + 1))
  else
    echo "--- stderr:"; head -5 "$TMP/.stderr"
  fi
  rm -rf "$TMP"
done
if [[ $all -eq 1 && $ran -ne ${#folder_names[@]} ]]; then
  echo "FAIL: ran $ran cases, but $CASES_DIR has ${#folder_names[@]} case folders"
  fail=$((fail + 1))
fi
if [[ $ran -eq 0 ]]; then
  echo "FAIL: no case ran"
  fail=$((fail + 1))
fi
echo "data-driven cases: $pass passed, $fail failed"
[[ $fail -eq 0 ]]
