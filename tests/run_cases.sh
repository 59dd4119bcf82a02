#!/usr/bin/env bash
# Data-driven test runner. Each folder under CASES_DIR is one case:
#   cmd        shell lines run with $FREMDRIFT (the binary), $CASE (the case folder) and $TMP
#              (a fresh temp folder) set; stdout is compared with `expected`
#   expected   the expected stdout, exactly
#   (optional) expected_exit  the exit code of the last command (default 0)
# Usage: run_cases.sh FREMDRIFT_BINARY CASES_DIR [CASE_NAME...]
set -u
FREMDRIFT=$(realpath "$1"); shift
CASES_DIR=$(realpath "$1"); shift
export FREMDRIFT
pass=0; fail=0; failed=()
cases=("$@")
if [[ ${#cases[@]} -eq 0 ]]; then
  mapfile -t cases < <(cd "$CASES_DIR" && ls -d */ | tr -d /)
fi
for name in "${cases[@]}"; do
  case_dir="$CASES_DIR/$name"
  [[ -f "$case_dir/cmd" ]] || continue
  TMP=$(mktemp -d)
  export CASE="$case_dir" TMP
  actual=$(cd "$TMP" && bash -e "$case_dir/cmd" 2>"$TMP/stderr")
  rc=$?
  want_rc=0
  [[ -f "$case_dir/expected_exit" ]] && want_rc=$(cat "$case_dir/expected_exit")
  if [[ "$actual" == "$(cat "$case_dir/expected")" && $rc -eq $want_rc ]]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1)); failed+=("$name")
    echo "FAIL $name (exit $rc, expected $want_rc)"
    diff <(echo "$actual") "$case_dir/expected" | head -20
    echo "--- stderr:"; head -5 "$TMP/stderr"
  fi
  rm -rf "$TMP"
done
echo "data-driven cases: $pass passed, $fail failed"
[[ $fail -eq 0 ]]
