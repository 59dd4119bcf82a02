#!/usr/bin/env bash
# The harness's own test (docs/testing.md): shows that the data-driven runner and the skip check
# fail on each way a failure used to hide, and pass on a good run.
#   good  a copy of two real cases passes; the skip check passes a clean ctest run
#   (a)   a wrapper binary that prints the right output and exits 23 (as LeakSanitizer does):
#         a real case fails, and so does one whose command pipes the binary's output
#   (b)   a case without `expected` fails; so does one without `cmd`, or without `hand.csv`
#   (c)   a case whose hand.csv has one value changed fails (its `expected` still matches)
#   (d)   with node taken off PATH the browser test exits 77 under a real ctest run, and the skip
#         check turns that into a failure (unless FREMDRIFT_ALLOW_SKIP names it)
#   (e)   a case folder not listed in INDEX, or a listed case without its folder, fails
#   (f)   the failure digest at the end of a run names a failed test with its failure lines
# Usage: tests/harness/selftest.sh FREMDRIFT_BINARY SOURCE_DIR
set -uo pipefail
bin=$(realpath "$1")
src=$(realpath "$2")
runner="$src/tests/run_cases.sh"
skips="$src/tests/harness/check_skips.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0; fail=0
ok() { echo "ok   $*"; pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }

# new_cases NAME CASE...: a cases folder under $work with copies of the given real cases and INDEX.
new_cases() {
  local dir="$work/$1"; shift
  mkdir -p "$dir"
  cp "$src/tests/cases/key.hex" "$dir/"
  for c in "$@"; do cp -r "$src/tests/cases/$c" "$dir/"; echo "$c" >> "$dir/INDEX"; done
  echo "$dir"
}
# expect_fail WHAT REASON BINARY DIR [CASE...]: run_cases.sh must exit non-zero, print REASON and
# close with "M failed" for some M > 0.
expect_fail() {
  local what=$1 reason=$2 b=$3 dir=$4; shift 4
  local out rc
  out=$(bash "$runner" "$b" "$dir" "$@" 2>&1); rc=$?
  if [[ $rc -ne 0 ]] && grep -qF -- "$reason" <<< "$out" &&
     grep -qE '^data-driven cases: [0-9]+ passed, [1-9][0-9]* failed$' <<< "$out"; then
    ok "$what"
  else
    bad "$what (exit $rc; wanted a failure naming '$reason'):"; sed 's/^/     /' <<< "$out" | head -20
  fi
}

# Good path: two real cases pass, with the closing line counting them.
good=$(new_cases good thursday_rule year_53_weeks)
out=$(bash "$runner" "$bin" "$good" 2>&1); rc=$?
if [[ $rc -eq 0 ]] && grep -qx 'data-driven cases: 2 passed, 0 failed' <<< "$out"; then
  ok "good: two real cases pass"
else
  bad "good: two real cases (exit $rc):"; sed 's/^/     /' <<< "$out" | head -20
fi

# (a) A binary that prints the right output and then exits 23.
cat > "$work/wrapper" <<EOF
#!/usr/bin/env bash
"$bin" "\$@"
exit 23
EOF
chmod +x "$work/wrapper"
expect_fail "(a) a real case with a binary that exits 23 after the right output" \
  "FAIL thursday_rule: exit" "$work/wrapper" "$good" thursday_rule
piped=$(new_cases piped thursday_rule)
sed -i 's/^\$FREMDRIFT measure \(.*\)$/$FREMDRIFT measure \1 | cat/' "$piped/thursday_rule/cmd"
if grep -q '| cat$' "$piped/thursday_rule/cmd" &&
   bash "$runner" "$bin" "$piped" > /dev/null 2>&1; then
  expect_fail "(a) the same case with the binary's output piped through cat" \
    "FAIL thursday_rule: exit" "$work/wrapper" "$piped"
else
  bad "(a) the piped copy of thursday_rule does not pass with the real binary"
fi

# (b) Missing files.
noexp=$(new_cases noexp thursday_rule); rm "$noexp/thursday_rule/expected"
expect_fail "(b) a case without expected" "FAIL thursday_rule: missing expected" "$bin" "$noexp"
nocmd=$(new_cases nocmd thursday_rule); rm "$nocmd/thursday_rule/cmd"
expect_fail "(b) a case without cmd" "FAIL thursday_rule: missing cmd" "$bin" "$nocmd"
nohand=$(new_cases nohand thursday_rule); rm "$nohand/thursday_rule/hand.csv"
expect_fail "(b) a case without hand.csv" "FAIL thursday_rule: missing hand.csv" "$bin" "$nohand"

# (c) One hand figure changed (February: 2/4 → 3/4); `expected` is untouched and still matches.
hand=$(new_cases hand thursday_rule)
sed -i 's|^\(csv:1;periode=2019-02,ydelsesgruppe=kontanthjaelp;fuldtidspersoner;\)2/4$|\13/4|' \
  "$hand/thursday_rule/hand.csv"
if grep -q 'fuldtidspersoner;3/4$' "$hand/thursday_rule/hand.csv"; then
  expect_fail "(c) a hand.csv value changed" "FAIL thursday_rule: hand figures do not hold" \
    "$bin" "$hand"
else
  bad "(c) could not change the hand figure in the copy"
fi

# (e) Cases and folders that do not match.
extra=$(new_cases extra thursday_rule); cp -r "$src/tests/cases/year_53_weeks" "$extra/"
expect_fail "(e) a case folder not listed in INDEX" "a case folder not listed in INDEX" "$bin" "$extra"
lost=$(new_cases lost thursday_rule); echo "a_case_that_was_deleted" >> "$lost/INDEX"
expect_fail "(e) INDEX names a case without a folder" "no such case folder" "$bin" "$lost"
noindex=$(new_cases noindex thursday_rule); rm "$noindex/INDEX"
expect_fail "(e) a cases folder without INDEX" "INDEX (the list of cases) is missing" "$bin" "$noindex"

# (d) The browser test without node, under a real ctest run (a hand-written CTestTestfile), and
# the skip check on its output. PATH keeps every command of /usr/bin and /bin but node/npm.
nobin="$work/path-without-node"; mkdir -p "$nobin"
for d in /usr/local/bin /usr/bin /bin; do
  for f in "$d"/*; do
    n=${f##*/}
    case "$n" in node|nodejs|npm|npx|corepack) continue ;; esac
    [[ -e "$nobin/$n" ]] || ln -s "$f" "$nobin/$n"
  done
done
ctest_dir="$work/ctest"; mkdir -p "$ctest_dir"
cat > "$ctest_dir/CTestTestfile.cmake" <<EOF
add_test(browser_dashboard "$nobin/bash" "$src/tests/browser/run.sh" "$bin" "$work/artifacts")
set_tests_properties(browser_dashboard PROPERTIES SKIP_RETURN_CODE 77
  ENVIRONMENT "PATH=$nobin:/usr/sbin:/sbin")
add_test(harness_true "$nobin/true")
EOF
ctest_log="$work/ctest.log"
(cd "$ctest_dir" && PATH="$nobin:/usr/sbin:/sbin" ctest -V) > "$ctest_log" 2>&1
if grep -q 'browser_dashboard .*\*\*\*Skipped' "$ctest_log" && grep -q 'missing node' "$ctest_log"; then
  ok "(d) without node the browser test exits 77 and ctest counts it as skipped"
else
  bad "(d) the browser test without node was not skipped as expected:"; sed 's/^/     /' "$ctest_log" | head -20
fi
if FREMDRIFT_ALLOW_SKIP= bash "$skips" "$ctest_log" > "$work/skips.out" 2>&1; then
  bad "(d) the skip check passed a run with browser_dashboard skipped:"; sed 's/^/     /' "$work/skips.out"
else
  ok "(d) the skip check fails on the skipped browser test"
fi
if FREMDRIFT_ALLOW_SKIP="serve_tls,browser_dashboard" bash "$skips" "$ctest_log" > /dev/null 2>&1; then
  ok "(d) FREMDRIFT_ALLOW_SKIP=...,browser_dashboard accepts that skip"
else
  bad "(d) the skip check refused a skip that FREMDRIFT_ALLOW_SKIP names"
fi
if FREMDRIFT_ALLOW_SKIP="browser" bash "$skips" "$ctest_log" > /dev/null 2>&1; then
  bad "(d) FREMDRIFT_ALLOW_SKIP=browser (a prefix, not the name) accepted the skip"
else
  ok "(d) FREMDRIFT_ALLOW_SKIP must name the test exactly"
fi
# The skip check's good path: a real ctest run where every test ran.
cat > "$ctest_dir/CTestTestfile.cmake" <<EOF
add_test(harness_true "$nobin/true")
EOF
(cd "$ctest_dir" && ctest) > "$work/clean.log" 2>&1
if bash "$skips" "$work/clean.log" > /dev/null 2>&1; then
  ok "good: the skip check passes a ctest run where every test ran"
else
  bad "good: the skip check failed a clean ctest run:"; sed 's/^/     /' "$work/clean.log" | head
fi

# (f) The failure digest: a real ctest run (-j 2, --output-on-failure, as scripts/test runs it)
# with a failing test that prints much before and after its failure line; the digest repeats the
# failure with its file:line and expected/actual lines, names the test, and prints nothing for a
# run where every test passed.
cat > "$ctest_dir/fails.sh" <<'SH'
#!/usr/bin/env bash
for i in $(seq 1 300); do echo "request $i ok"; done
echo "[ RUN      ] Suite.TheOneThatFails"
echo "src/server/thing_test.cc:42: Failure"
echo "Expected equality of these values:"
echo "  status"
echo "    Which is: 503"
echo "  200"
echo "[  FAILED  ] Suite.TheOneThatFails (12 ms)"
for i in $(seq 1 300); do echo "later request $i ok"; done
exit 1
SH
chmod +x "$ctest_dir/fails.sh"
cat > "$ctest_dir/CTestTestfile.cmake" <<CT
add_test(harness_true "$nobin/true")
add_test(harness_fails "$ctest_dir/fails.sh")
CT
(cd "$ctest_dir" && ctest --output-on-failure -j 2) > "$work/failed.log" 2>&1
digest=$(bash "$src/tests/harness/failure_digest.sh" "$work/failed.log" 2>&1)
if grep -q -- '-- harness_fails' <<< "$digest" && grep -q 'thing_test.cc:42: Failure' <<< "$digest" &&
   grep -q 'Which is: 503' <<< "$digest" && grep -q 'Suite.TheOneThatFails' <<< "$digest" &&
   ! grep -q "^request 1 ok" <<< "$digest" && ! grep -q "later request" <<< "$digest" && ! grep -q 'harness_true' <<< "$digest"; then
  ok "(f) the failure digest repeats the failing test's failure lines, and only those"
else
  bad "(f) the failure digest:"; sed 's/^/     /' <<< "$digest" | head -20
fi
if [[ -z "$(bash "$src/tests/harness/failure_digest.sh" "$work/clean.log")" ]]; then
  ok "good: the failure digest prints nothing for a run where every test passed"
else
  bad "good: the failure digest printed something for a clean run"
fi

echo "harness self-test: $pass passed, $fail failed"
[[ $fail -eq 0 ]]
