#!/usr/bin/env bash
# Browser test driver: builds a small world (the example register, case events for Herning 657
# and Helsingør 217, users of every role), starts `fremdrift serve` on 127.0.0.1 and a free port,
# and runs dashboard.test.mjs in headless Debian chromium via playwright-core. Screenshots and
# downloads go to ARTIFACTS. Exit 77 (skipped) when node, chromium or node_modules are missing;
# scripts/test turns that skip into a failure unless FREMDRIFT_ALLOW_SKIP names browser_dashboard.
# The store keeps a population file (every register municipality but Bornholm) for the shares.
# Usage: tests/browser/run.sh FREMDRIFT_BINARY ARTIFACTS_DIR
set -euo pipefail
bin=$(realpath "$1")
artifacts=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/tests/browser/lib.sh"
require_browser "browser tests"
mkdir -p "$artifacts"
rm -f "$artifacts"/FAIL-*.png
source "$root/tests/server_lib.sh"

# Denominators for the shares on the Nøgletal page: a population file for every municipality of
# the register except Bornholm (400, alone in RAR Bornholm), so the page's "no denominator" notice
# is exercised. Labour force = 10 × the register's residents of the municipality that year, split
# over the bands 16-24, 25-29, 30-66 (enough for 16-66, 16-29 and 16-24); population = 1.3 × that.
{ echo "kommune;aar;aldersgruppe;befolkning;arbejdsstyrke"
awk -F';' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i ~ /^kom_[0-9][0-9][0-9][0-9]$/) col[i] = substr($i, 5); next }
  { for (i in col) if ($i != "" && $i != "400") n[$i ";" col[i]]++ }
  END {
    for (key in n) {
      a = 10 * n[key]; a1 = int(a * 0.14 + 0.5); a2 = int(a * 0.10 + 0.5); a3 = a - a1 - a2
      printf "%s;16-24;%d;%d\n%s;25-29;%d;%d\n%s;30-66;%d;%d\n", key, int(a1 * 1.3 + 0.5), a1,
        key, int(a2 * 1.3 + 0.5), a2, key, int(a3 * 1.3 + 0.5), a3
    }
  }' "$root/examples/register.csv" | sort; } > "$work/population.csv"
"$bin" --quiet ingest --register "$root/examples/register.csv" --population "$work/population.csv" \
  --out "$work/r.store" >/dev/null
# Case events: 12 citizens in each municipality, in the håndholdt and FSM2 pools, on kontanthjælp
# (rettidighed) and with team meetings before some decisions (rehabilitering).
{
  echo "event_id;person;kommune;date;type;attributes;recorded_by;recorded_at;supersedes"
  n=0
  for k in 657 217; do
    for i in $(seq 1 12); do
      p=$(printf "S%08d" $(( (k == 657 ? 0 : 100) + i )))
      d=$(printf "2019-%02d-%02d" $(( (i % 9) + 1 )) $(( (i % 20) + 3 )))
      e() { n=$((n+1)); echo "t$n;$p;$k;$1;$2;$3;test;2020-01-15T10:00:00;"; }
      e "$d" visitation "project=haandholdt"
      e "$d" benefit_start "group=kontanthjaelp"
      if (( i % 2 == 0 )); then e "$d" rehab_meeting ""; fi
      e "$d" decision "kind=ressourceforloeb|years=2"
      e "$d" caseworker_assigned "caseworker=sb$(( i % 3 + 1 ))|role=koordinerende"
      if (( i % 3 != 0 )); then e "$d" conversation "kind=foerste"; fi
      if (( i % 2 == 0 )); then e "$d" plan "goal=job|job_directed=1"; fi
      e "2019-12-02" target_group_start "project=fsm2"
      e "2019-12-02" visitation "project=fsm2|group=$(( i % 4 == 0 ? 2 : 1 ))"
      if (( i % 4 == 0 )); then e "2020-01-$(( 10 + i ))" rehab_meeting ""; fi
      if (( i % 2 == 1 )); then e "2020-01-10" jobformidler_assigned "jobformidler=jf1"; fi
      if (( i % 4 == 1 )); then e "2020-02-03" placement_start "kind=virksomhedspraktik"; fi
    done
  done
} > "$work/events.csv"
"$bin" --quiet events import --db "sqlite:$work/events.db" "$work/events.csv" \
  --key-file "$work/r.store.key" --user test >/dev/null
# Finance (the Økonomi page): seed 004's budget for Helsingør and Herning's FSM2 grant.
"$bin" --quiet finance import --db "sqlite:$work/events.db" --user test \
  "$root/data/examples/budget/sbu_2019-09.csv" "$root/data/examples/grants/fsm2_herning.csv" \
  "$root/data/examples/grants/fsm2_herning_bevillinger.csv" \
  "$root/data/examples/grants/fsm2_herning_rater.csv" 2>/dev/null
pw=korrekt-hest-batteri
add() { echo "$pw" | "$bin" users add --auth-db "$work/auth.db" --username "$1" --role "$2" ${3:+--kommune $3} >/dev/null; }
add analytiker analyst
add sb657 caseworker 657
add leder657 leader 657
add sb217 caseworker 217

# --min-persons 0: the analyst's pages are compared with the API figure by figure, and this small
# register's counts are nearly all under 5, which an analyst is otherwise shown as hidden (the
# hiding itself is checked in server_test and the report and publish tests).
"$bin" serve --store "$work/r.store" --db "sqlite:$work/events.db" --auth-db "$work/auth.db" \
  --listen 127.0.0.1:0 --web "$root/web" --threads 16 --min-persons 0 > "$work/serve.log" 2>&1 &
server_pid=$!
wait_for_server
url=$(grep -o "http://127.0.0.1:[0-9]*/" "$work/serve.log" | head -1)
echo "server at $url"
export FREMDRIFT_URL="$url" FREMDRIFT_ARTIFACTS="$(realpath "$artifacts")" FREMDRIFT_PASSWORD="$pw"
cd "$root"
node tests/browser/dashboard.test.mjs
