#!/usr/bin/env bash
# Issue 3: generation streams with bounded memory. Simulates the whole country 2008-2021 at two
# scales, 8x apart, with a Release build and compares their peak memory (GNU time's maximum
# resident set): the larger run may use at most 1.5x the smaller one's. (Before the batching of
# per-chunk tallies the peak grew with the population: 0.4 kB per planned person, 2 GB at N.)
# Usage: bounded_memory.sh FREMDRIFT_BINARY   (needs /usr/bin/time, Debian package `time`)
BIN=$1
source "$(dirname "$0")/lib.sh"
[[ -x /usr/bin/time ]] || { echo "skipped: /usr/bin/time missing (apt-get install time)"; exit 77; }
peak() {  # SCALE → peak RSS in kB
  rm -rf "$TMP/sim"
  /usr/bin/time -f "%M" -o "$TMP/rss" "$BIN" -q simulate --all --scale "$1" --from 2008-01 \
    --to 2021-12 --seed 42 --no-events --out "$TMP/sim" > /dev/null
  echo "scale $1: $(($(wc -l < "$TMP/sim/register.csv") - 1)) persons in the register," \
    "peak $(( $(cat "$TMP/rss") / 1024 )) MB" >&2
  cat "$TMP/rss"
}
small=$(peak 0.01)
large=$(peak 0.08)
if (( large * 2 > small * 3 )); then
  echo "FAIL: peak memory grows with the population ($small kB → $large kB for 8x the persons)"
  exit 1
fi
echo "bounded: $small kB → $large kB for 8x the persons"
