#!/usr/bin/env bash
# ctest harness_fuzz_abort: fuzz/run_fuzz.sh must turn a crashing target into a failed run.
# 1. A stored crash (testdata/harness_abort/crashes/) that still crashes fails the run before
#    any fuzzing; 2. with no stored crash, a crash the fuzzer finds fails the run. Both times the
# exit status must be 1 (not 0, and not 77, which ctest may read as "skipped"), the log must hold
# the whole stack trace (the failed check, "#0" frames and LLVMFuzzerTestOneInput), and the second
# run must name a crash file that exists.
# Usage: fuzz/testdata/harness_fuzz_abort.sh BUILD_DIR
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
bad=0
check() {  # check NAME LOG RC
  local name=$1 log=$2 rc=$3
  if [[ $rc -ne 1 ]]; then echo "FAIL $name: exit status $rc, want 1"; bad=1; fi
  for want in "check failed: !StartsWithFz" "ERROR: libFuzzer: deadly signal" "#0 " \
              "in LLVMFuzzerTestOneInput" "harness_abort_fuzz.cc:"; do
    if ! grep -qF -- "$want" "$log"; then echo "FAIL $name: log lacks '$want'"; bad=1; fi
  done
}

bash "$here/../run_fuzz.sh" "$build" 30 harness_abort >"$out/stored.log" 2>&1
rc=$?
check stored "$out/stored.log" "$rc"
grep -q "crashing stored input: .*crash-stored" "$out/stored.log" ||
  { echo "FAIL stored: the log does not name the stored crash"; bad=1; }

mkdir -p "$out/no-crashes"
FUZZ_CRASHES_DIR="$out/no-crashes" bash "$here/../run_fuzz.sh" "$build" 30 harness_abort \
  >"$out/found.log" 2>&1
rc=$?
check found "$out/found.log" "$rc"
unit=$(sed -n 's/^fuzz: crash file: //p' "$out/found.log")
if [[ -z $unit || ! -f $unit ]]; then
  echo "FAIL found: no crash file named, or '$unit' does not exist"; bad=1
elif [[ $(head -c 2 "$unit") != FZ ]]; then
  echo "FAIL found: the crash file does not start with FZ"; bad=1
fi

if [[ $bad -ne 0 ]]; then
  echo "---- stored.log"; cat "$out/stored.log"; echo "---- found.log"; cat "$out/found.log"
  exit 1
fi
echo "harness_fuzz_abort: both runs failed with status 1 and a full stack trace"
