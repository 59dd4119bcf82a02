#!/usr/bin/env bash
# Builds one libFuzzer target (clang++, -fsanitize=fuzzer,address,undefined) and runs it:
#   1. replays every stored crash in fuzz/crashes/TARGET/ (a crash that still crashes fails);
#   2. fuzzes for SECONDS over the committed corpus fuzz/corpus/TARGET/ plus the working corpus
#      BUILD_DIR/fuzz/work/TARGET/ (kept between runs), with the dictionary fuzz/dict/*.dict;
#   3. with FUZZ_MERGE=1 (or MODE "merge"), merges the working corpus's new coverage into
#      fuzz/corpus/TARGET/ (-merge=1); otherwise says how many new units are waiting there.
# Any crash, sanitizer report, failed FREMDRIFT_CHECK, timeout or out-of-memory exits 1 (never 77,
# which ctest may read as "skipped"), prints the whole libFuzzer log and the crash file's path.
#
# Usage: fuzz/run_fuzz.sh BUILD_DIR [SECONDS] [TARGET] [run|merge|build]   (SECONDS 0: corpus once)
#        fuzz/run_fuzz.sh list
# BUILD_DIR must hold generated/embedded_data.cc (any configured and built tree). TARGET defaults
# to "register"; `fuzz/run_fuzz.sh list` prints the targets. Environment:
#   FUZZ_SECONDS   overrides SECONDS (e.g. FUZZ_SECONDS=3600 for a long local run)
#   FUZZ_MERGE=1   merge new corpus units into fuzz/corpus/TARGET/ after the run
#   FUZZ_TIMEOUT   seconds one input may take before it counts as a hang (default 10)
#   FUZZ_SEED      libFuzzer's -seed (the ctest entries use 1; unset or 0: random)
#   FUZZ_ARGS      extra libFuzzer flags, e.g. "-jobs=2 -workers=2" or "-max_len=65536"
#   FUZZ_CXX       the clang++ to use (default: clang++ on PATH)
#   FUZZ_CORPUS_DIR, FUZZ_CRASHES_DIR  other corpus / stored-crash folders (the harness test)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
src="$root/src"

targets="register events spell_store population budget grants effort_model rule_set params"
if [[ ${1:-} == list ]]; then echo "$targets"; exit 0; fi
if [[ $# -lt 1 ]]; then
  echo "usage: $0 BUILD_DIR [SECONDS] [TARGET] [run|merge|build]   (targets: $targets)" >&2
  exit 2
fi
fail() { echo "run_fuzz.sh: $*" >&2; exit 1; }

build=$(realpath "$1")
seconds=${FUZZ_SECONDS:-${2:-20}}
target=${3:-register}
mode=${4:-run}
[[ ${FUZZ_MERGE:-0} == 1 && $mode == run ]] && mode=merge
timeout=${FUZZ_TIMEOUT:-10}
cxx=${FUZZ_CXX:-clang++}
cxx=$(command -v "$cxx") ||
  fail "'${FUZZ_CXX:-clang++}' not found: the fuzz tests need clang with libFuzzer" \
    "(apt-get install clang)"
[[ -f $build/generated/embedded_data.cc ]] ||
  fail "$build/generated/embedded_data.cc is missing: build the tree first (cmake --build $build)"

# Sources every target shares, and the groups the targets draw on.
# A citizen's history (citizen_history.cc) keeps its events in the compact form of
# history_event.cc, with texts interned by string_pool.cc.
history=("$src/eventstore/citizen_history.cc" "$src/eventstore/history_event.cc"
  "$src/eventstore/string_pool.cc")
common=("$src/common/status.cc" "$src/common/file_util.cc" "$src/common/data_dir.cc")
domain=("$src/domain/date.cc" "$src/domain/period.cc" "$src/domain/reference.cc"
  "$src/domain/area.cc" "$src/common/csv.cc" "$build/generated/embedded_data.cc")
store=("$src/registry/spell_store.cc" "$src/registry/kommune_index.cc" "$src/domain/pseudonym.cc"
  "$src/domain/cpr.cc")
measure=("$src/measure/fuldtidspersoner.cc" "$src/measure/age_filter.cc"
  "$src/measure/period_grid.cc" "$src/measure/person_set.cc" "$src/measure/forloeb_scan.cc"
  "$src/table/table.cc" "$src/table/danish_format.cc"
  "$src/common/thread_pool.cc" "${store[@]}")
libs=(-lfmt)
dict=""
corpus="$here/corpus/$target"
crashes="$here/crashes/$target"
case "$target" in
  register)
    name=register_csv_fuzz dict=register
    sources=("$here/register_csv_fuzz.cc" "${common[@]}" "${domain[@]}" "$src/domain/cpr.cc"
      "$src/domain/pseudonym.cc" "$src/registry/register_header.cc" "$src/registry/row_parser.cc"
      "$src/registry/herkomst.cc" "$src/registry/background_columns.cc")
    libs+=(-lcrypto) ;;
  events)
    # The importer links the event store (EffectiveEvents lives beside the backends' Open).
    name=events_csv_fuzz dict=events
    sources=("$here/events_csv_fuzz.cc" "${common[@]}" "${domain[@]}" "$src/domain/cpr.cc"
      "$src/domain/pseudonym.cc" "$src/common/input_stream.cc" "$src/common/thread_pool.cc"
      "$src/eventstore/event.cc" "$src/eventstore/event_import.cc" "$src/eventstore/event_store.cc"
      "${history[@]}" "$src/eventstore/migrations.cc" "$src/db/sqlite_db.cc"
      "$src/db/connection.cc" "$src/db/sql_text.cc" "$src/db/sqlite_connection.cc"
      "$src/db/pg_connection.cc" "$src/eventstore/sqlite_event_store.cc"
      "$src/eventstore/pg_event_store.cc")
    libs+=(-lcrypto -lsqlite3 -lpq -lz -lzstd) ;;
  spell_store)
    name=spell_store_fuzz dict=spell_store
    sources=("$here/spell_store_fuzz.cc" "${common[@]}" "$src/domain/date.cc" "${store[@]}")
    libs+=(-lcrypto) ;;
  population)
    name=population_csv_fuzz dict=population
    sources=("$here/population_csv_fuzz.cc" "${common[@]}" "${domain[@]}"
      "$src/measure/population.cc" "${measure[@]}")
    libs+=(-lcrypto) ;;
  budget)
    name=budget_csv_fuzz dict=finance
    sources=("$here/budget_csv_fuzz.cc" "${common[@]}" "${domain[@]}"
      "$src/finance/budget_line.cc" "$src/finance/budget_followup.cc" "$src/table/table.cc"
      "$src/table/danish_format.cc") ;;
  grants)
    name=grants_csv_fuzz dict=finance
    sources=("$here/grants_csv_fuzz.cc" "${common[@]}" "${domain[@]}"
      "$src/finance/budget_line.cc" "$src/finance/grant.cc" "$src/finance/payout.cc"
      "$src/finance/finance_import.cc") ;;
  effort_model)
    name=effort_model_fuzz dict=toml
    sources=("$here/effort_model_fuzz.cc" "${common[@]}" "${domain[@]}"
      "$src/models/effort_model.cc" "$src/models/predicate.cc" "$src/models/toml_file.cc"
      "$src/eventstore/event.cc" "${history[@]}" "$src/domain/cpr.cc") ;;
  rule_set)
    name=rule_set_fuzz dict=toml
    sources=("$here/rule_set_fuzz.cc" "${common[@]}" "${domain[@]}"
      "$src/rules/rule_set.cc" "$src/models/toml_file.cc" "$src/eventstore/event.cc"
      "${history[@]}" "$src/domain/cpr.cc") ;;
  params)
    name=params_fuzz dict=params
    sources=("$here/params_fuzz.cc" "${common[@]}" "${domain[@]}" "$src/catalog/params.cc"
      "${measure[@]}")
    libs+=(-lcrypto -lcpp-httplib) ;;
  harness_abort)
    # The harness's own check: a target that fails a FREMDRIFT_CHECK on some inputs.
    name=harness_abort_fuzz dict=""
    sources=("$here/testdata/harness_abort_fuzz.cc")
    corpus="$here/testdata/harness_abort/corpus" crashes="$here/testdata/harness_abort/crashes" ;;
  *) fail "unknown target '$target' (targets: $targets)" ;;
esac
corpus=${FUZZ_CORPUS_DIR:-$corpus}
crashes=${FUZZ_CRASHES_DIR:-$crashes}
[[ -d $corpus ]] || fail "no corpus folder $corpus"

# --- Build: one object per source under BUILD_DIR/fuzz/obj (shared by the targets, rebuilt when
# the source or a header it includes changed; a lock per object lets targets build side by side).
out="$build/fuzz"
mkdir -p "$out/obj" "$out/bin" "$out/logs"
launcher=()
command -v ccache >/dev/null && launcher=(ccache)
# shellcheck disable=SC2054,SC2207  # commas inside a flag; pkg-config prints words
flags=(-std=c++20 -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined
  -fno-sanitize-recover=undefined -I"$src" $(pkg-config --cflags libpq 2>/dev/null || true))
stale() {  # stale OBJ: OBJ or its dependency list is missing, or a dependency is newer
  local obj=$1
  [[ -f $obj && -f $obj.d ]] || return 0
  local deps
  deps=$(sed -e 's/^[^:]*://' -e 's/\\$//' "$obj.d")
  # shellcheck disable=SC2086
  [[ -n $(find $deps -newer "$obj" 2>/dev/null | head -1) ]] && return 0
  for d in $deps; do [[ -e $d ]] || return 0; done
  return 1
}
own_flags() {  # own_flags SOURCE: sets `own`, the flags of this source beyond `flags`
  local source=$1
  own=()
  # toml++ 3.3.0 (Debian 12) has two defects a TOML run hits within seconds (fuzz/README.md,
  # "Known defects"): TOML_UNREACHABLE on some non-ASCII characters (upstream issues #190/#295)
  # and a failed assert in parse_key on "[" + a control character. In sources that parse TOML
  # those two checks are off, so the fuzzer goes on to test what the parser does after them.
  if grep -q 'toml_file.h\|toml++' "$source"; then
    own=(-fno-sanitize=unreachable '-DTOML_ASSERT(expr)=static_assert(true)')
  fi
}
compile() {  # compile SOURCE OBJ
  local source=$1 obj=$2 own
  own_flags "$source"
  "${launcher[@]}" "$cxx" "${flags[@]}" "${own[@]}" -fsanitize=fuzzer-no-link \
    -MMD -MF "$obj.d.tmp$$" -c "$source" -o "$obj.tmp$$" ||
    { rm -f "$obj.tmp$$" "$obj.d.tmp$$"; return 1; }
  mv "$obj.d.tmp$$" "$obj.d" && mv "$obj.tmp$$" "$obj"
}
objects=()
for s in "${sources[@]}"; do
  rel=${s#"$root/"}; rel=${rel#"$build/"}; rel=${rel#/}
  own_flags "$s"
  # The object's name holds a checksum of its flags, so changed flags build a new object.
  sum=$(printf '%s ' "$cxx" "${flags[@]}" "${own[@]}" | cksum | cut -d' ' -f1)
  obj="$out/obj/${rel//\//_}.$sum.o"
  objects+=("$obj")
  if stale "$obj"; then
    exec 9>"$obj.lock"
    flock 9
    if stale "$obj"; then
      echo "fuzz: compiling ${s##*/}"
      compile "$s" "$obj" || fail "compiling $s for $name failed"
    fi
    exec 9>&-
  fi
done
bin="$out/bin/$name"
if [[ ! -x $bin || -n $(find "${objects[@]}" -newer "$bin") ]]; then
  "$cxx" "${flags[@]}" -fsanitize=fuzzer "${objects[@]}" "${libs[@]}" -o "$bin.tmp$$" ||
    fail "linking $name failed"
  mv "$bin.tmp$$" "$bin"
fi
[[ $mode == build ]] && { echo "fuzz: built $bin"; exit 0; }

# --- Run.
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=0:detect_leaks=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
if symbolizer=$(command -v llvm-symbolizer); then export ASAN_SYMBOLIZER_PATH=$symbolizer; fi
artifacts="$out/artifacts/$target"
work="$out/work/$target"
mkdir -p "$artifacts" "$work"
log="$out/logs/$target.log"
common_args=(-error_exitcode=1 -timeout_exitcode=1 -timeout="$timeout" -rss_limit_mb=2048
  -artifact_prefix="$artifacts/" -print_final_stats=1)
[[ -n $dict ]] && common_args+=(-dict="$here/dict/$dict.dict")
[[ ${FUZZ_SEED:-0} != 0 ]] && common_args+=(-seed="$FUZZ_SEED")
# shellcheck disable=SC2206
extra=(${FUZZ_ARGS:-})

failed() {  # failed WHAT: the whole log, the crash file, and how to keep it
  echo "======== fuzz: $name FAILED ($1); the whole log ($log):"
  cat "$log"
  echo "======== end of log"
  local unit
  unit=$(sed -n 's/.*Test unit written to //p' "$log" | tail -1)
  if [[ -n $unit ]]; then
    echo "fuzz: crash file: $unit"
    echo "fuzz: to keep it as a regression input: mkdir -p $crashes && cp $unit $crashes/"
  fi
  [[ -n ${2:-} ]] && echo "fuzz: crashing stored input: $2"
  exit 1
}

# 1. Stored crashes first, one by one (so the log names the one that still crashes).
stored=()
if [[ -d $crashes ]]; then
  while IFS= read -r -d '' f; do stored+=("$f"); done \
    < <(find "$crashes" -maxdepth 1 -type f ! -name '.*' ! -name '*.md' -print0 | sort -z)
fi
for f in "${stored[@]}"; do
  "$bin" "${common_args[@]}" "$f" >"$log" 2>&1 || failed "stored crash still crashes" "$f"
done
[[ ${#stored[@]} -gt 0 ]] && echo "fuzz: $name: ${#stored[@]} stored crash input(s) pass"

# 2. Fuzz over the working corpus (new units land there) and the committed corpus.
# SECONDS 0: only run every corpus unit once (a quick regression check, or before a merge).
before=$(find "$work" -type f | wc -l)
if [[ $seconds -gt 0 ]]; then
  "$bin" "${common_args[@]}" -max_total_time="$seconds" "${extra[@]}" "$work" "$corpus" \
    >"$log" 2>&1 || failed "fuzzing for ${seconds}s"
else
  "$bin" "${common_args[@]}" -runs=0 "${extra[@]}" "$work" "$corpus" >"$log" 2>&1 ||
    failed "running the corpus"
fi
grep -E '^stat::|^Done|^#[0-9]+.*DONE' "$log" || true
new=$(( $(find "$work" -type f | wc -l) - before ))
if [[ $seconds -gt 0 ]]; then what="ran ${seconds}s"; else what="ran its corpus once"; fi
echo "fuzz: $name $what without a crash ($new new unit(s) in $work)"

# 3. New corpus units: merge them into the committed corpus, or say they are waiting.
if [[ $mode == merge ]]; then
  n0=$(find "$corpus" -type f | wc -l)
  "$bin" "${common_args[@]}" -merge=1 "$corpus" "$work" >"$log" 2>&1 || failed "merging"
  n1=$(find "$corpus" -type f | wc -l)
  echo "fuzz: merged $((n1 - n0)) unit(s) with new coverage into $corpus (review, then commit)"
elif [[ $(find "$work" -type f | wc -l) -gt 0 ]]; then
  echo "fuzz: FUZZ_MERGE=1 $0 $1 $seconds $target   adds their new coverage to $corpus"
fi
