#!/usr/bin/env bash
# One catalogue, two doors: every aggregate measurement gives byte-identical CSV through
# `fremdrift measure <id> --format csv` and through /api/v1/measurements/<id>?format=csv with the
# same parameters, and the two list the same measurements. A small simulated world (fixed seed,
# Herning and Helsingør at 1 %, register and case events), ingested with its population and
# imported into SQLite, served by `fremdrift serve` on 127.0.0.1 and a free port; an analyst logs
# in and cli_api_same.py compares (it names no column). Usage: tests/catalog/cli_api_same.sh
# FREMDRIFT_BINARY
set -euo pipefail
bin=$(realpath "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
command -v python3 >/dev/null || { echo "FAIL: python3 is needed (scripts/install-deps)"; exit 1; }
source "$root/tests/server_lib.sh"

"$bin" --quiet simulate --seed 7 --kommuner 657,217 --scale 0.01 --from 2018-06 --to 2020-12 \
  --out "$work/sim" >/dev/null
"$bin" --quiet ingest --register "$work/sim/register.csv" --population "$work/sim/population.csv" \
  --out "$work/s.store" >/dev/null
"$bin" --quiet events import --db "sqlite:$work/events.db" "$work/sim/events.csv" \
  --key-file "$work/s.store.key" --user test >/dev/null
# Official figures for the measurements over them (afstemning, benchmark), when built with them.
if "$bin" import jobindsats --help >/dev/null 2>&1; then
  for pair in Y07A02:y07a02_2019-03 Y30R21:y30r21_2024-04; do
    "$bin" --quiet import jobindsats --db "sqlite:$work/events.db" --table "${pair%%:*}" \
      "$root/tests/official/fixtures/${pair#*:}.json" --user test
  done
fi
pw=korrekt-hest-batteri
echo "$pw" | "$bin" users add --auth-db "$work/auth.db" --username analytiker --role analyst \
  >/dev/null

"$bin" serve --store "$work/s.store" --db "sqlite:$work/events.db" --auth-db "$work/auth.db" \
  --listen 127.0.0.1:0 --threads 2 > "$work/serve.log" 2>&1 &
server_pid=$!
wait_for_server
base=$(grep -o "^fremdrift serve: http://127.0.0.1:[0-9]*" "$work/serve.log" | head -1 |
  sed 's/^fremdrift serve: //')
[[ -n "$base" ]] || { echo "FAIL: no address in the server's log: $(cat "$work/serve.log")"; exit 1; }
echo "server at $base"

# The CLI reads the same inputs the server was started with (the population file is the copy
# ingest kept beside the store, as the server reads it).
inputs=$(printf '{"store":"%s","population":"%s","db":"sqlite:%s"}' "$work/s.store" \
  "$work/s.store.population.csv" "$work/events.db")
# Values for required parameters and for the narrowed requests, by parameter name.
samples='{"kommune":"657","model":"fsm2","area":"kommune,rar,region,land","group":"sygedagpenge",
  "age":"16-29","figure":"ledighedsprocent,sygedagpenge","as_of":"2020-06-30","afbrydelse":"1"}'
python3 "$root/tests/catalog/cli_api_same.py" "$bin" "$base" analytiker "$pw" "$inputs" "$samples"
