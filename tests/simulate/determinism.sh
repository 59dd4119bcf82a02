#!/usr/bin/env bash
# End-to-end: the same seed and arguments give byte-identical files (with 1 and 2 threads); another
# seed gives other people at the same levels; every event refers to a person in register.csv, in
# the municipality the register gives for that week, and placements fall in placement-coded weeks.
# Usage: determinism.sh FREMDRIFT_BINARY
BIN=$1
source "$(dirname "$0")/lib.sh"
ARGS=(--kommuner 657,217,573 --from 2019-10 --to 2020-12 --scale 0.05)
"$BIN" -q simulate "${ARGS[@]}" --seed 5 --out "$TMP/a" --threads 2
"$BIN" -q simulate "${ARGS[@]}" --seed 5 --out "$TMP/b" --threads 1
"$BIN" -q simulate "${ARGS[@]}" --seed 6 --out "$TMP/c"
for f in register.csv population.csv events.csv; do
  cmp "$TMP/a/$f" "$TMP/b/$f" || { echo "FAIL: $f differs between runs with the same seed"; exit 1; }
done
if cmp -s "$TMP/a/register.csv" "$TMP/c/register.csv"; then
  echo "FAIL: another seed gave the same register"; exit 1
fi
rows_a=$(($(wc -l < "$TMP/a/register.csv") - 1))
rows_c=$(($(wc -l < "$TMP/c/register.csv") - 1))
echo "register rows: seed 5 = $rows_a, seed 6 = $rows_c"
awk -v a="$rows_a" -v c="$rows_c" 'BEGIN { r = c / a; exit !(r > 0.9 && r < 1.1) }' ||
  { echo "FAIL: levels differ between seeds"; exit 1; }

# Events against the register: person exists; municipality = kom_YYYY of the week's Thursday;
# placement_start/end in weeks coded with virksomhedspraktik (x17/x18, x27/x28, x37/x38, ...) or
# løntilskud (x15/x16, ...); visitation into fsm2 in a week coded aktivitetsparat kontant-/
# uddannelseshjælp (72x/73x) or integrationsydelse (70x/71x).
awk -F';' '
  function jdn(y, m, d,   era, yoe, doy, doe) {  # days since 1970-01-01
    y -= (m <= 2); era = int(y / 400); yoe = y - era * 400
    doy = int((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1
    doe = yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy
    return era * 146097 + doe - 719468
  }
  function thursday(day) { w = (day + 3) % 7; return day - w + 3 }  # 1970-01-01 was a Thursday
  function isoweek(day,   th, y, jan4, w1) {  # "YYWW" of the ISO week holding day
    th = thursday(day); y = substr(civil(th), 1, 4) + 0
    jan4 = jdn(y, 1, 4); w1 = thursday(jan4)
    return sprintf("%02d%02d", y % 100, int((th - w1) / 7) + 1)
  }
  function civil(day,   z, era, doe, yoe, y, doy, mp, d, m) {
    z = day + 719468; era = int(z / 146097); doe = z - era * 146097
    yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
    y = yoe + era * 400; doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
    mp = int((5 * doy + 2) / 153); d = doy - int((153 * mp + 2) / 5) + 1
    m = mp < 10 ? mp + 3 : mp - 9; if (m <= 2) y++
    return sprintf("%04d-%02d-%02d", y, m, d)
  }
  FNR == 1 && FILENAME ~ /register/ { for (i = 1; i <= NF; i++) col[$i] = i; next }
  FILENAME ~ /register/ { reg[$1] = $0; next }
  FNR == 1 { next }
  {
    n++
    if (!($2 in reg)) { print "FAIL: event " $1 " for unknown person " $2; bad++; next }
    split(reg[$2], r, ";")
    split($4, d, "-"); day = jdn(d[1], d[2], d[3]); wk = isoweek(day)
    th = civil(thursday(day)); kom = r[col["kom_" substr(th, 1, 4)]]
    if (kom != $3) { print "FAIL: event " $1 " in " $3 " but register says " kom; bad++ }
    code = r[col["y_" wk]]
    if ($5 ~ /^placement_/) {
      if (!(code % 10 == 5 || code % 10 == 6 || code % 10 == 7 || code % 10 == 8) || code == "") {
        print "FAIL: " $1 " " $5 " in week " wk " coded " code; bad++ }
      placements++
    }
    if ($5 == "visitation" && $6 ~ /project=fsm2/ && !(code >= 700 && code <= 739 && code != "")) {
      print "FAIL: " $1 " visitation in week " wk " coded " code; bad++ }
  }
  END { printf "%d events checked, %d placements, %d problems\n", n, placements, bad; exit bad > 0 || n == 0 }
' "$TMP/a/register.csv" "$TMP/a/events.csv"
echo "ok"
