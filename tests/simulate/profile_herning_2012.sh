#!/usr/bin/env bash
# End-to-end: simulate Herning calibrated to the May-July 2012 profile (figures with a month
# suffix), ingest, measure with fremdrift and check every published figure within the tolerance.
# The register starts in November 2011 so that forløb over 26 weeks in June/July are visible.
# Figures given for several months steer one calendar step of their knobs per month
# (docs/simulation.md); at full size (scale 1) and 40 rounds every figure lands within 3 %.
# Usage: profile_herning_2012.sh FREMDRIFT_BINARY
BIN=$1
source "$(dirname "$0")/lib.sh"
PROFILE="$SRC/data/reference/profiles/herning-2012-06.toml"
SCALE=${SIM_SCALE:-1}
TOL=$(toml_value "$PROFILE" tolerance_pct)
LF=$(toml_value "$PROFILE" arbejdsstyrke_16_66)

"$BIN" -q simulate --kommuner 657 --from 2011-11 --to 2012-08 --scale "$SCALE" \
  --profile "$PROFILE" --seed 7 --out "$TMP/sim" --no-events --calibration-iterations 40
"$BIN" -q ingest --register "$TMP/sim/register.csv" --out "$TMP/store" \
  --population "$TMP/sim/population.csv" > /dev/null

target() { sed -n "s/^$1[[:space:]]*=[[:space:]]*\([0-9.]*\).*/\1/p" "$PROFILE"; }
per_scale() { awk -v m="$1" -v s="$SCALE" 'BEGIN { print m / s }'; }
FTP_HOW="fremdrift measure fuldtidspersoner"

for m in 05 06; do
  measured=$(ftp "$TMP/store" bruttoledig 16-66 "2012-$m" 657)
  row "ledighedsprocent_2012_$m" "2012-$m" "$(target "ledighedsprocent_2012_$m")" \
    "$(awk -v x="$measured" -v lf="$LF" -v s="$SCALE" 'BEGIN { print 100 * x / (lf * s) }')" \
    "$TOL" "$FTP_HOW"
  for g in kontanthjaelp foertidspension; do
    row "${g}_fuldtidspersoner_2012_$m" "2012-$m" "$(target "${g}_fuldtidspersoner_2012_$m")" \
      "$(per_scale "$(ftp "$TMP/store" "$g" 16-66 "2012-$m" 657)")" "$TOL" "$FTP_HOW"
  done
  row "unge_ledige_under_25_2012_$m" "2012-$m" "$(target "unge_ledige_under_25_2012_$m")" \
    "$(per_scale "$(ftp "$TMP/store" a_dagpenge,kontanthjaelp,uddannelseshjaelp 16-24 \
       "2012-$m" 657)")" "$TOL" "$FTP_HOW --age 16-24"
done
for m in 06 07; do
  row "sygedagpengeforloeb_over_26_uger_2012_$m" "2012-$m" \
    "$(target "sygedagpengeforloeb_over_26_uger_2012_$m")" \
    "$(per_scale "$(over26 "$TMP/store" sygedagpenge "2012-$m" 657)")" "$TOL" \
    "fremdrift measure forloeb"
done
# Weeks whose Thursday lies in April (14-17) and May (18-22) 2012.
row delvis_raskmeldte_pct_2012_04 2012-04 "$(target delvis_raskmeldte_pct_2012_04)" \
  "$(partial_pct "$TMP/sim/register.csv" y_1214,y_1215,y_1216,y_1217 657)" "$TOL" \
  "register counter (tests/simulate/lib.sh)"
row delvis_raskmeldte_pct_2012_05 2012-05 "$(target delvis_raskmeldte_pct_2012_05)" \
  "$(partial_pct "$TMP/sim/register.csv" y_1218,y_1219,y_1220,y_1221,y_1222 657)" "$TOL" \
  "register counter (tests/simulate/lib.sh)"
finish
