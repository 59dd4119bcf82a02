#!/usr/bin/env bash
# The failures of a ctest run, short, at the end of its output: a long run's log may be cut in the
# middle where a reader sees it (CI keeps the start and the end), so the lines that say what failed
# are repeated last. For each failed test: GoogleTest's failure lines with the lines that follow
# them (file:line, expected and actual, until GoogleTest's next "[ ... ]" line), its "[  FAILED  ]" names, and a script test's lines that
# name a failure ("FAIL", "not ok", "Error:", "AssertionError"). At most 40 lines per test.
# Usage: failure_digest.sh CTEST_OUTPUT_FILE        prints nothing when nothing failed
set -euo pipefail
if [[ $# -ne 1 || ! -f "$1" ]]; then
  echo "usage: failure_digest.sh CTEST_OUTPUT_FILE" >&2
  exit 2
fi
log=$1
mapfile -t failed < <(sed -n -E 's/^[[:space:]]*[0-9]+ - ([^ ]+) \((Failed|Timeout|SEGFAULT|Subprocess aborted|Child aborted|Exception)[^)]*\).*$/\1/p' "$log" | sort -u)
[[ ${#failed[@]} -eq 0 ]] && exit 0
echo "== failures in short (${#failed[@]} tests)"
for name in "${failed[@]}"; do
  echo "-- $name"
  # The test's own output: from its "Test #N: name" line to the next test's result line or
  # ctest's closing summary; in it, the failure lines, and up to 10 lines after a GoogleTest
  # failure (its message, until the next "[ ... ]" line).
  awk -v name="$name" '
    $0 ~ ("Test +#[0-9]+: " name " ") { on = 1; next }
    on && (/^ *[0-9]+\/[0-9]+ Test +#[0-9]+: / || /^[0-9]+% tests passed/) { on = 0 }
    !on { next }
    after > 0 && !/^\[/ && !/:[0-9]+: Failure/ { print; after--; next }
    { after = 0 }
    /:[0-9]+: Failure/ { print; after = 10; next }
    /^\[  FAILED  \] [0-9]+ tests?, listed below/ { next }
    /^\[  FAILED  \]|(^|[^a-z])(FAIL|not ok|Error:|AssertionError|failed:)/ { print }
  ' "$log" | head -n 40
done
