#!/usr/bin/env bash
# End-to-end: simulate Herning calibrated to the February 2019 profile, ingest the register,
# measure with fremdrift, and check every published figure within the profile's tolerance.
# Usage: profile_herning_2019.sh FREMDRIFT_BINARY
BIN=$1
source "$(dirname "$0")/lib.sh"
PROFILE="$SRC/data/reference/profiles/herning-2019-02.toml"
SCALE=${SIM_SCALE:-0.35}   # a third of the population keeps the Debug+ASan run short
TOL=$(toml_value "$PROFILE" tolerance_pct)
LF=$(toml_value "$PROFILE" arbejdsstyrke_16_66)

"$BIN" -q simulate --kommuner 657 --from 2018-12 --to 2019-03 --scale "$SCALE" \
  --profile "$PROFILE" --seed 7 --out "$TMP/sim" --no-events
"$BIN" -q ingest --register "$TMP/sim/register.csv" --out "$TMP/store" \
  --population "$TMP/sim/population.csv" > /dev/null

share() {  # NAME GROUPS: 100 * FTP / (estimate labour force * scale)
  local target measured
  target=$(sed -n '/^\[published.share_of_labour_force\]/,/^\[/p' "$PROFILE" |
           sed -n "s/^$1[[:space:]]*=[[:space:]]*\([0-9.]*\).*/\1/p")
  measured=$(ftp "$TMP/store" "$2" 16-66 2019-02 657)
  row "share_of_labour_force.$1" 2019-02 "$target" \
    "$(awk -v m="$measured" -v lf="$LF" -v s="$SCALE" 'BEGIN { print 100 * m / (lf * s) }')" \
    "$TOL" "fremdrift measure fuldtidspersoner"
}
count() {  # GROUP: FTP / scale
  local target measured
  target=$(sed -n '/^\[published.fuldtidspersoner\]/,/^\[/p' "$PROFILE" |
           sed -n "s/^$1[[:space:]]*=[[:space:]]*\([0-9.]*\).*/\1/p")
  measured=$(ftp "$TMP/store" "$1" 16-66 2019-02 657)
  row "fuldtidspersoner.$1" 2019-02 "$target" \
    "$(awk -v m="$measured" -v s="$SCALE" 'BEGIN { print m / s }')" "$TOL" \
    "fremdrift measure fuldtidspersoner"
}

share ledighedsprocent bruttoledig
share kontant_uddannelse_integration kontanthjaelp,uddannelseshjaelp,integrationsydelse
share a_dagpenge a_dagpenge
share sygedagpenge sygedagpenge
share jobafklaring jobafklaring
count fleksjob
count ressourceforloeb
count ledighedsydelse
count foertidspension
# The population file's labour force against the profile's estimate.
row arbejdsstyrke_16_66 2019 "$LF" \
  "$(awk -F';' -v s="$SCALE" '$1 == "657" && $2 == "2019" { a += $5 } END { print a / s }' \
     "$TMP/sim/population.csv")" "$TOL" "population.csv"
finish
