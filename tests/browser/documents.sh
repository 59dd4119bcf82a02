#!/usr/bin/env bash
# The HTML committee documents to WCAG 2.1 AA: writes every kind of `fremdrift report ... --format
# html` (noegletal, ressourceforloeb, fsm2, budgetopfoelgning) from the test data of
# tests/report (the shares-and-comparison register, the example register, a small FSM2 project
# with Herning's example grant, the example budget), opens each in headless Debian chromium and
# runs axe-core's WCAG 2.0/2.1 A and AA rules on it (documents.test.mjs): zero violations.
# Exit 77 (skipped; scripts/test turns that into a failure) when node, chromium or node_modules
# are missing.
# Usage: tests/browser/documents.sh FREMDRIFT_BINARY ARTIFACTS_DIR
set -euo pipefail
bin=$(realpath "$1")
artifacts=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/tests/browser/lib.sh"
require_browser "document accessibility check"
mkdir -p "$artifacts"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
f() { "$bin" --quiet "$@"; }

shares="$root/tests/cases/shares_and_comparison"
f ingest --register "$shares/register.csv" --population "$shares/population.csv" --out "$work/s.store" >/dev/null
f ingest --register "$root/examples/register.csv" --out "$work/e.store" >/dev/null
# The municipality of the example register with the most ressourceforløb started.
kommune=$(f measure ressourceforloeb --store "$work/e.store" --period quarter --from 2018-Q1 \
  --to 2019-Q4 --area kommune --format json | node -e '
  const rows = JSON.parse(require("fs").readFileSync(0, "utf8")).rows, n = {};
  for (const r of rows) if (r.maal === "startede" && r.dimension === "i_alt" && r.omraade !== "ukendt")
    n[r.omraade] = (n[r.omraade] || 0) + r.antal;
  const best = Object.keys(n).sort((a, b) => n[b] - n[a])[0];
  if (!best) { console.error("the example register has no ressourceforløb"); process.exit(1); }
  console.log(best);')
# A small FSM2 project in Herning: 20 persons visited in December 2019, some with paid hours.
{
  echo "event_id;person;kommune;date;type;attributes;recorded_by;recorded_at;supersedes"
  n=0
  for i in $(seq 0 19); do
    e() { n=$((n + 1)); echo "f$n;P$i;657;$1;$2;$3;sb;$1T12:00:00;"; }
    e 2019-12-02 target_group_start "project=fsm2"
    e 2019-12-02 visitation "project=fsm2|group=1"
    (( i % 2 )) && e 2020-01-10 jobformidler_assigned "jobformidler=jf1"
    (( i < 2 )) && e 2020-03-02 paid_hours "month=2020-02|hours=8"
    (( i < 3 )) && e 2020-04-02 paid_hours "month=2020-03|hours=12"
    (( i > 1 && i < 5 )) && e 2020-05-04 paid_hours "month=2020-04|hours=20"
    true
  done
} > "$work/events.csv"
db="sqlite:$work/fsm2.db"
f events import --db "$db" "$work/events.csv" --user test --as-of 2020-06-30
grants="$root/data/examples/grants"
f finance import --db "$db" --user okonomi "$grants/fsm2_herning.csv" \
  "$grants/fsm2_herning_bevillinger.csv" "$grants/fsm2_herning_rater.csv" 2>/dev/null

html="$work/html"
mkdir -p "$html"
f report noegletal --store "$work/s.store" --kommune 657 --period 2019-02 \
  --meeting-date 2019-04-24 --format html --out "$html/noegletal.html"
f report ressourceforloeb --store "$work/e.store" --kommune "$kommune" --period 2019-Q4 \
  --format html --out "$html/ressourceforloeb.html"
f report fsm2 --db "$db" --kommune 657 --period 2020-06 --meeting-date 2020-08-26 \
  --format html --out "$html/fsm2.html"
f report budgetopfoelgning --budget "$root/data/examples/budget/sbu_2019-09.csv" \
  --meeting-date 2019-11-06 --format html --out "$html/budgetopfoelgning.html"
export FREMDRIFT_DOCUMENTS="$html" FREMDRIFT_ARTIFACTS="$(realpath "$artifacts")"
cd "$root"
node tests/browser/documents.test.mjs
