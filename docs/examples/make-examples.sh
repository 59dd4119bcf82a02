#!/usr/bin/env bash
# Regenerates the example committee documents in docs/examples/ from demo data, as a
# municipality would make them: simulate Herning, the other municipalities of RAR Vestjylland and
# a few elsewhere (the demo's "whole country") through the FSM2 project period, ingest the register
# with its population file, import the case events, import the finance files of data/examples/
# (seed 004's budget for Helsingør, Herning's FSM2 grant of seed 000), then run `fremdrift report`.
# The dates and case numbers are those of the seeds' agenda items.
# Usage: docs/examples/make-examples.sh [FREMDRIFT_BINARY] [WORK_DIR]
#   (default binary: build/release/src/app/fremdrift; default WORK_DIR: a fresh temp folder;
#   an existing WORK_DIR with a store is reused)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=$(realpath "${1:-$root/build/release/src/app/fremdrift}")
work=${2:-$(mktemp -d)}
out="$root/docs/examples"
scale=${FREMDRIFT_EXAMPLE_SCALE:-0.1}
mkdir -p "$work"
f() { echo "== fremdrift $*" >&2; "$bin" --quiet "$@"; }

# Herning, RAR Vestjylland (Holstebro, Lemvig, Struer, Ikast-Brande, Ringkøbing-Skjern, Skive,
# Viborg) and Helsingør, Varde, Aarhus, Odense, København.
kommuner=657,661,665,671,756,760,779,791,217,573,751,461,101
db="sqlite:$work/events.db"
if [[ ! -f "$work/demo.store" ]]; then
  f simulate --kommuner "$kommuner" --from 2017-01 --to 2021-12 --scale "$scale" --seed 2019 \
    --out "$work/simulation"
  f ingest --register "$work/simulation/register.csv" \
    --population "$work/simulation/population.csv" --out "$work/demo.store"
  f events import --db "$db" "$work/simulation/events.csv" --key-file "$work/demo.store.key" \
    --user demo
  f finance import --db "$db" --user okonomi "$root/data/examples/budget/sbu_2019-09.csv" \
    "$root/data/examples/grants/fsm2_herning.csv" \
    "$root/data/examples/grants/fsm2_herning_bevillinger.csv" \
    "$root/data/examples/grants/fsm2_herning_rater.csv"
  # A simulated jobindsats publication for the key figures' reconciliation and benchmark (the
  # document says the figures are simulated), up to the month reported on.
  f import simulated-jobindsats --db "$db" --store "$work/demo.store" --from 2017-03 --to 2019-02 \
    --seed 2019 --user demo
fi

director="Direktøren for Social, Sundhed og Beskæftigelse indstiller"
# Seed 002, punkt 27 (24 April 2019): the key figures of February 2019.
f report noegletal --store "$work/demo.store" --db "$db" --kommune 657 --period 2019-02 \
  --meeting-date 2019-04-24 --case-number 00.00.00-P19-1719-10 --item 27 \
  --recommender "$director" --out "$out/noegletal.pdf"
# Seed 002, punkt 26: the quarterly statistics on ressourceforløb, 2018 and 1st quarter 2019.
f report ressourceforloeb --store "$work/demo.store" --kommune 657 --period 2019-Q1 \
  --meeting-date 2019-04-24 --case-number 15.20.00-P05-1-18 --item 26 \
  --recommender "$director" --out "$out/ressourceforloeb.pdf"
# Flere skal med 2 (seed 000's grant), status after June 2021.
f report fsm2 --db "$db" --kommune 657 --period 2021-06 --meeting-date 2021-08-25 \
  --case-number 15.00.00-A00-1-20 --item 5 --recommender "$director" --out "$out/fsm2.pdf"
# Seed 004, punkt 2: the budget follow-up of September 2019, from the stored budget lines.
f report budgetopfoelgning --db "$db" --kommune 217 --period 2019-09 --meeting-date 2019-11-06 \
  --case-number 19/9394 --item 2 --out "$out/budgetopfoelgning.pdf"
echo "docs/examples: noegletal.pdf ressourceforloeb.pdf fsm2.pdf budgetopfoelgning.pdf (data in $work)" >&2
