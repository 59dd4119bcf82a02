#!/usr/bin/env bash
# Compiler launcher of the sanitizer builds (CMakeLists.txt): hands the compiler the source and
# build trees' paths relative to the folder it runs in. AddressSanitizer and UBSan keep file names
# in the objects, and GCC 12 applies -ffile-prefix-map to debug info and __FILE__ but not to
# those; with relative names the binary holds no absolute path of either tree (docs/install.md).
# Usage: relative-paths.sh SOURCE_DIR BINARY_DIR COMMAND ARGS... (COMMAND: the compiler, or a
# launcher such as ccache and then the compiler).
set -euo pipefail
src=$1
bin=$2
shift 2
rel_bin=$(realpath -m --relative-to="$PWD" "$bin")
# A source tree above the build tree is reached by ../..; another one through the link
# BINARY_DIR/fremdrift-source (made by CMakeLists.txt), since a relative path to it would repeat
# its absolute path after the ../.. .
case "$bin/" in
  "$src/"*) rel_src=$(realpath -m --relative-to="$PWD" "$src") ;;
  *) rel_src=$rel_bin/fremdrift-source ;;
esac
# The build tree first: it may lie inside the source tree.
relative() {
  case $1 in
    "$bin" | "$bin"/*) out=$rel_bin${1#"$bin"} ;;
    "$src" | "$src"/*) out=$rel_src${1#"$src"} ;;
    *) out=$1 ;;
  esac
}
args=()
for a in "$@"; do
  case $a in
    -I*) relative "${a#-I}"; a=-I$out ;;
    /*) relative "$a"; a=$out ;;
  esac
  args+=("$a")
done
exec "${args[@]}"
