#!/usr/bin/env bash
# The demo as a jobcenter meets it: runs `fremdrift demo` (simulated Herning, Helsingør and Varde,
# ingest, case events, the example budget and grants, the demo users) on a free loopback port and
# tours every page as leder657, leder573, sb217 and analytiker in headless Debian chromium
# (demo_tour.test.mjs). Screenshots go to ARTIFACTS as tour-ROLE-PAGE.png. Exit 77 (skipped) when
# node, chromium or node_modules are missing. FREMDRIFT_TOUR_SCALE sets the demo's population scale
# (default 0.05), FREMDRIFT_FIRST_VIEW_MS the slowest first view allowed (default 3000 ms).
# Usage: tests/browser/demo_tour.sh FREMDRIFT_BINARY ARTIFACTS_DIR
set -euo pipefail
bin=$(realpath "$1")
artifacts=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/tests/browser/lib.sh"
require_browser "demo tour"
mkdir -p "$artifacts"
rm -f "$artifacts"/tour-*.png
# $work and the cleanup of the server (here the demo) as for every served test.
source "$root/tests/server_lib.sh"
pw=tour-$RANDOM-$RANDOM
t0=$(date +%s)
"$bin" demo --out "$work/demo" --kommuner 657,217,573 --scale "${FREMDRIFT_TOUR_SCALE:-0.05}" \
  --listen 127.0.0.1:0 --password "$pw" > "$work/demo.log" 2>&1 &
server_pid=$!
url=""
for _ in $(seq 1 1800); do
  url=$(grep -o "åbn http://127.0.0.1:[0-9]*/" "$work/demo.log" 2>/dev/null | head -1 | cut -d' ' -f2 || true)
  [[ -n "$url" ]] && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "FAIL: fremdrift demo stopped before it announced its address; its log:"; cat "$work/demo.log"; exit 1
  fi
  sleep 0.2
done
[[ -n "$url" ]] || { echo "FAIL: the demo did not announce its address within 6 minutes"; tail -20 "$work/demo.log"; exit 1; }
echo "demo at $url after $(( $(date +%s) - t0 )) s"
export FREMDRIFT_URL="$url" FREMDRIFT_ARTIFACTS="$(realpath "$artifacts")" FREMDRIFT_PASSWORD="$pw"
cd "$root"
node tests/browser/demo_tour.test.mjs
