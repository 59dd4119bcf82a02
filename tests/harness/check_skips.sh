#!/usr/bin/env bash
# Skip policy for a ctest run (docs/testing.md): reads ctest's output and fails when any test was
# skipped (exit code 77 with SKIP_RETURN_CODE, "***Skipped"), not run ("***Not Run", e.g. a missing
# executable or a failed fixture) or disabled, unless FREMDRIFT_ALLOW_SKIP names it
# (comma-separated test names, e.g. FREMDRIFT_ALLOW_SKIP="browser_dashboard,serve_tls").
# Prints the tests that did not run, and which of them were allowed.
# Usage: check_skips.sh CTEST_OUTPUT_FILE        exit 0: nothing skipped but what was allowed
set -euo pipefail
if [[ $# -ne 1 || ! -f "$1" ]]; then
  echo "usage: check_skips.sh CTEST_OUTPUT_FILE" >&2
  exit 2
fi
# Per-test lines:  " 5/23 Test  #5: browser_dashboard ......***Skipped   0.05 sec"
# Summary lines:   "	  5 - browser_dashboard (Skipped)"   (under "The following tests did not run:")
mapfile -t skipped < <(
  sed -n -E \
    -e 's/^.*Test +#[0-9]+: ([^ ]+) .*\*\*\*(Skipped|Not Run).*$/\1/p' \
    -e 's/^[[:space:]]*[0-9]+ - ([^ ]+) \((Skipped|Not Run|Disabled)[^)]*\)[[:space:]]*$/\1/p' \
    "$1" | sort -u)
if [[ ${#skipped[@]} -eq 0 ]]; then
  echo "skip check: no test skipped or not run"
  exit 0
fi
IFS=',' read -r -a allowed <<< "${FREMDRIFT_ALLOW_SKIP:-}"
bad=()
for name in "${skipped[@]}"; do
  ok=0
  for a in "${allowed[@]}"; do
    a=${a//[[:space:]]/}
    [[ -n "$a" && "$a" == "$name" ]] && ok=1
  done
  if [[ $ok -eq 1 ]]; then
    echo "skip check: $name did not run (allowed by FREMDRIFT_ALLOW_SKIP)"
  else
    echo "skip check: $name did not run"
    bad+=("$name")
  fi
done
if [[ ${#bad[@]} -gt 0 ]]; then
  echo "skip check: FAILED: ${#bad[@]} test(s) skipped or not run: ${bad[*]}"
  echo "  (install what they need, or name them in FREMDRIFT_ALLOW_SKIP to accept the skip)"
  exit 1
fi
echo "skip check: ${#skipped[@]} test(s) skipped, all allowed"
