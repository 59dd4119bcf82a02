#!/usr/bin/env bash
# Load test of the dashboard's API calls for one municipality: `wrk` (Debian package `wrk`) from a
# second process on loopback, 50 connections, bounded in time, against `fremdrift serve`. The
# Lua script logs in once per thread and then cycles through the calls the Nøgletal, FSM2 and
# Ressourceforløb pages make for Herning. Fails on any non-2xx answer or socket error.
# Usage: tests/load/run.sh FREMDRIFT_BINARY STORE [DB_URL] [SECONDS]
# (a Release binary and a national-scale store: `fremdrift simulate --all` + `fremdrift ingest`).
set -euo pipefail
bin=$(realpath "$1")
store=$2
db=${3:-}
seconds=${4:-20}
here=$(cd "$(dirname "$0")" && pwd)
command -v wrk >/dev/null || { echo "load test skipped: wrk not installed (apt-get install wrk)"; exit 77; }
work=$(mktemp -d)
pid=""
trap '[[ -n "$pid" ]] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
echo "load-test-password" | "$bin" users add --auth-db "$work/auth.db" --username load --role leader --kommune 657 >/dev/null
"$bin" serve --store "$store" ${db:+--db "$db"} --auth-db "$work/auth.db" --listen 127.0.0.1:0 \
  --threads 64 > "$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do grep -q "^fremdrift serve: http" "$work/serve.log" && break; sleep 0.1; done
url=$(grep -o "http://127.0.0.1:[0-9]*" "$work/serve.log" | head -1)
export FREMDRIFT_LOAD_CASES=${db:+1}
# Warm-up (not reported): the server makes its municipality index and whole-store cubes in the
# background at start (10 s at national scale); the first requests wait for them.
wrk -t 2 -c 50 -d "${WARMUP_SECONDS:-20}s" --timeout 60s -s "$here/dashboard.lua" "$url" > "$work/warmup.txt"
wrk -t 2 -c 50 -d "${seconds}s" --timeout 10s --latency -s "$here/dashboard.lua" "$url" | tee "$work/wrk.txt"
grep -q "Non-2xx" "$work/wrk.txt" && { echo "load test: non-2xx answers"; exit 1; }
grep -q "Socket errors" "$work/wrk.txt" && { echo "load test: socket errors"; exit 1; }
echo "load test: no errors"
