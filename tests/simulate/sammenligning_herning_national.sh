#!/usr/bin/env bash
# Issue 4's acceptance, end to end at national scale: simulate the whole country at real size
# (`--all --scale 1`, January 2018 - March 2019) with Herning calibrated to its February 2019
# profile, ingest, and run `fremdrift measure sammenligning --kommune 657 --period month --from
# 2019-02 --to 2019-02`. Every figure of the profile must come out within the profile's tolerance,
# and the words beside the whole country and RAR Vestjylland must be those of the committee's
# item (seeds/002, item 27). Prints the committee's sentences. About 3 minutes (Release build).
# Usage: sammenligning_herning_national.sh FREMDRIFT_BINARY
BIN=$1
source "$(dirname "$0")/lib.sh"
PROFILE="$SRC/data/reference/profiles/herning-2019-02.toml"
# The young people's share, published in the same item but not in the reference profile.
UNGE="$SRC/data/simulate/profiles/herning-2019-02-unge.toml"
TOL=$(toml_value "$PROFILE" tolerance_pct)

"$BIN" -q simulate --all --scale 1 --from 2018-01 --to 2019-03 --profile "$PROFILE" \
  --profile "$UNGE" --seed 7 \
  --out "$TMP/sim" --no-events
"$BIN" -q ingest --register "$TMP/sim/register.csv" --out "$TMP/store" \
  --population "$TMP/sim/population.csv" > /dev/null
"$BIN" -q measure sammenligning --store "$TMP/store" --kommune 657 --period month \
  --from 2019-02 --to 2019-02 --format csv > "$TMP/cmp.csv"

# field FIGURE COLUMN: a column of the sammenligning row of FIGURE.
field() {
  awk -F, -v fig="$1" -v col="$2" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    $c["noegletal"] == fig { print $c[col] }' "$TMP/cmp.csv"
}
target() {  # SECTION NAME
  sed -n "/^\[published.$1\]/,/^\[/p" "$PROFILE" |
    sed -n "s/^$2[[:space:]]*=[[:space:]]*\([0-9.]*\).*/\1/p"
}
for f in ledighedsprocent kontant_uddannelse_integration a_dagpenge sygedagpenge jobafklaring; do
  row "share_of_labour_force.$f" 2019-02 "$(target share_of_labour_force "$f")" \
    "$(field "$f" kommune_vaerdi)" "$TOL" "fremdrift measure sammenligning"
done
# Seed 002: Herning 11,6 %, RAR Vestjylland 12,5 %, Hele landet 11,1 %.
row "unge_offentlig_forsoergelse" 2019-02 11.6 "$(field unge_offentlig_forsoergelse kommune_vaerdi)" \
  "$TOL" "fremdrift measure sammenligning"
row "unge_offentlig_forsoergelse.rar_vestjylland" 2019-02 12.5 \
  "$(field unge_offentlig_forsoergelse omraade_vaerdi)" "$TOL" "fremdrift measure sammenligning"
row "unge_offentlig_forsoergelse.hele_landet" 2019-02 11.1 \
  "$(field unge_offentlig_forsoergelse land_vaerdi)" "$TOL" "fremdrift measure sammenligning"
for f in fleksjob ressourceforloeb ledighedsydelse foertidspension; do
  row "fuldtidspersoner.$f" 2019-02 "$(target fuldtidspersoner "$f")" \
    "$(field "$f" kommune_vaerdi)" "$TOL" "fremdrift measure sammenligning"
done

# The committee's words (seeds/002 lines 206-238) for the profile's figures.
words_bad=0
expect() {  # FIGURE COLUMN WORD
  local got
  got=$(field "$1" "$2")
  printf '%-32s %-15s expected %-14s got %-14s %s\n' "$1" "$2" "'$3'" "'$got'" \
    "$([[ "$got" == "$3" ]] && echo ok || echo MISS)"
  [[ "$got" == "$3" ]] || words_bad=1
}
expect ledighedsprocent niveau_land lavere
expect kontant_uddannelse_integration niveau_land lavere
expect a_dagpenge niveau_land lavere
expect a_dagpenge niveau_omraade "på niveau med"
expect sygedagpenge niveau_land "på niveau med"
expect jobafklaring niveau_land højere
expect unge_offentlig_forsoergelse niveau_omraade lavere
expect unge_offentlig_forsoergelse niveau_land højere
[[ $(field a_dagpenge sammenligningsomraade) == "RAR Vestjylland" ]] || words_bad=1
echo
"$BIN" -q measure sammenligning --store "$TMP/store" --kommune 657 --period month \
  --from 2019-02 --to 2019-02 --format json |
  node -e 'for (const r of JSON.parse(require("fs").readFileSync(0, "utf8")).rows) console.log(r.tekst);'
echo
finish
exit $words_bad
