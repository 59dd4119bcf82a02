#!/usr/bin/env bash
# Builds the register CSV fuzz target with clang's libFuzzer (+ASan/UBSan) and runs it for a short
# time on fuzz/corpus/register/. Usage: fuzz/run_fuzz.sh BUILD_DIR [SECONDS]
# BUILD_DIR must hold generated/embedded_data.cc (any configured and built tree).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src="$here/../src"
build=$(realpath "$1")
seconds=${2:-20}
out="$build/fuzz"
mkdir -p "$out"
sources=(
  "$here/register_csv_fuzz.cc"
  "$src/common/status.cc" "$src/common/csv.cc"
  "$src/domain/date.cc" "$src/domain/period.cc" "$src/domain/reference.cc" "$src/domain/cpr.cc"
  "$src/domain/pseudonym.cc" "$build/generated/embedded_data.cc"
  "$src/registry/register_header.cc" "$src/registry/row_parser.cc")
if [[ ! -x "$out/register_csv_fuzz" || -n "$(find "${sources[@]}" -newer "$out/register_csv_fuzz" 2>/dev/null)" ]]; then
  clang++ -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -I"$src" "${sources[@]}" -lfmt -lcrypto -o "$out/register_csv_fuzz"
fi
work=$(mktemp -d)
cp "$here"/corpus/register/* "$work/"
# -max_total_time bounds the run; a crash exits non-zero and leaves crash-* in $out.
"$out/register_csv_fuzz" -max_total_time="$seconds" -artifact_prefix="$out/" -print_final_stats=1 \
  "$work" 2>&1 | tail -4
rm -rf "$work"
echo "fuzz: register_csv_fuzz ran ${seconds}s without a crash"
