#!/usr/bin/env bash
# Builds a CSV fuzz target with clang's libFuzzer (+ASan/UBSan) and runs it for a short time on
# its corpus: `register` (fuzz/register_csv_fuzz.cc on fuzz/corpus/register/, the default) or
# `events` (fuzz/events_csv_fuzz.cc on fuzz/corpus/events/).
# Usage: fuzz/run_fuzz.sh BUILD_DIR [SECONDS] [register|events]
# BUILD_DIR must hold generated/embedded_data.cc (any configured and built tree).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src="$here/../src"
build=$(realpath "$1")
seconds=${2:-20}
target=${3:-register}
out="$build/fuzz"
mkdir -p "$out"
common=(
  "$src/common/status.cc" "$src/common/csv.cc"
  "$src/domain/date.cc" "$src/domain/period.cc" "$src/domain/reference.cc" "$src/domain/cpr.cc"
  "$src/domain/pseudonym.cc" "$build/generated/embedded_data.cc")
case "$target" in
  register)
    sources=("$here/register_csv_fuzz.cc" "${common[@]}"
      "$src/registry/register_header.cc" "$src/registry/row_parser.cc")
    libs=(-lfmt -lcrypto) ;;
  events)
    # The importer links the event store (EffectiveEvents lives beside the backends' Open).
    sources=("$here/events_csv_fuzz.cc" "${common[@]}" "$src/common/input_stream.cc"
      "$src/common/file_util.cc"
      "$src/cases/event.cc" "$src/cases/event_import.cc" "$src/cases/event_store.cc"
      "$src/cases/citizen_history.cc" "$src/cases/migrations.cc" "$src/cases/sqlite_db.cc"
      "$src/cases/sqlite_event_store.cc" "$src/cases/pg_event_store.cc")
    libs=(-lfmt -lcrypto -lsqlite3 -lpq -lz -lzstd)
    pq_include=$(pkg-config --cflags libpq 2>/dev/null || true) ;;
  *) echo "usage: $0 BUILD_DIR [SECONDS] [register|events]" >&2; exit 2 ;;
esac
bin="$out/${target}_csv_fuzz"
if [[ ! -x "$bin" || -n "$(find "${sources[@]}" -newer "$bin" 2>/dev/null)" ]]; then
  # shellcheck disable=SC2086
  clang++ -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -I"$src" ${pq_include:-} "${sources[@]}" "${libs[@]}" -o "$bin"
fi
work=$(mktemp -d)
cp "$here"/corpus/"$target"/* "$work/"
# -max_total_time bounds the run; a crash exits non-zero and leaves crash-* in $out.
"$bin" -max_total_time="$seconds" -artifact_prefix="$out/" -print_final_stats=1 \
  "$work" 2>&1 | tail -4
rm -rf "$work"
echo "fuzz: ${target}_csv_fuzz ran ${seconds}s without a crash"
