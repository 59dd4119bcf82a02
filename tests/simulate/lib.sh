# Shared helpers for the simulator's end-to-end tests (sourced, not run). Each test runs
# `fremdrift simulate` → `fremdrift ingest` → `fremdrift measure` and compares every published
# figure of a profile with what fremdrift measures on the synthetic register.
set -euo pipefail

SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
ROWS="$TMP/table.txt"
: > "$ROWS"

# toml_value FILE KEY: the number after "KEY =" (first match, comment stripped).
toml_value() {
  sed -n "s/^$2[[:space:]]*=[[:space:]]*\([-0-9.]*\).*/\1/p" "$1" | head -1
}

# ftp STORE GROUPS AGE MONTH KOMMUNE: full-time persons summed over the comma-separated groups.
ftp() {
  "$BIN" -q measure fuldtidspersoner --store "$1" --period month --from "$4" --to "$4" \
    --kommune "$5" --group "$2" --age "$3" --format csv |
    awk -F, -v groups="$2" 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
      { n = split(groups, g, ","); for (j = 1; j <= n; j++) if ($col["ydelsesgruppe"] == g[j])
          sum += $col["fuldtidspersoner"] }
      END { printf "%.4f\n", sum }'
}

# over26 STORE GROUP MONTH KOMMUNE: ongoing forløb longer than 26 weeks at the month's end.
over26() {
  "$BIN" -q measure forloeb --store "$1" --period month --from "$3" --to "$3" --kommune "$4" \
    --group "$2" --age all --format csv |
    awk -F, -v group="$2" 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
      $col["ydelsesgruppe"] == group { sum += $col["igangvaerende_over_26_uger"] }
      END { printf "%.4f\n", sum }'
}

# partial_pct REGISTER MONTH_WEEKS KOMMUNE: 100 * weeks coded 899 / weeks coded 890-899 among
# residents of KOMMUNE aged 16-66 in the given week columns (a plain counter over the register:
# fremdrift has no code-level measurement; the simulator's own counter uses the full age rule).
partial_pct() {
  awk -F';' -v weeks="$2" -v kom="$3" '
    NR == 1 { n = split(weeks, w, ","); for (i = 1; i <= NF; i++) for (j = 1; j <= n; j++)
                if ($i == w[j]) cols[i] = 1;
              for (i = 1; i <= NF; i++) if ($i ~ /^kom_/) kcol = i; next }
    $kcol == kom { for (c in cols) { if ($c >= 890 && $c <= 899) { all++; if ($c == 899) part++ } } }
    END { printf "%.4f\n", all ? 100 * part / all : 0 }' "$1"
}

# figure_tolerance NAME DEFAULT: the figure's own tolerance from the profile's
# [test_tolerance_pct] tables ($PROFILE, when the test set it): NAME "a.b" is key b of
# [test_tolerance_pct.a], NAME "c" key c of [test_tolerance_pct]; DEFAULT when it has none.
figure_tolerance() {
  local name=$1 default=$2 section key value=""
  if [[ -n "${PROFILE:-}" && -f "$PROFILE" ]]; then
    if [[ $name == *.* ]]; then section="test_tolerance_pct.${name%.*}"; key=${name##*.}
    else section=test_tolerance_pct; key=$name; fi
    value=$(awk -v section="[$section]" -v key="$key" '
      /^\[/ { inside = ($1 == section); next }
      inside && $1 == key && $2 == "=" { print $3; exit }' "$PROFILE")
  fi
  echo "${value:-$default}"
}

# row NAME MONTH TARGET MEASURED TOLERANCE_PCT HOW: adds a line to the table. The profile's own
# tolerance for NAME (figure_tolerance), where it gives one, replaces TOLERANCE_PCT.
# An empty target or measured value is written as "none" and misses.
row() {
  echo "$1 $2 ${3:-none} ${4:-none} $(figure_tolerance "$1" "$5") $6" >> "$ROWS"
}

# Prints the table and fails when a figure misses its tolerance (or has no target or value).
finish() {
  awk 'BEGIN { printf "%-46s %-8s %10s %10s %8s %6s  %-4s %s\n", "figure", "month", "target",
                      "measured", "diff%", "tol%", "ok", "measured by"; bad = 0 }
       { # A target of 0 is met only by a measured 0 (a relative difference means nothing there).
         num = "^-?[0-9]+([.][0-9]+)?([eE][-+]?[0-9]+)?$"
         if ($3 !~ num || $4 !~ num) { d = 0; ok = 0 }
         else if ($3 != 0) { d = 100 * ($4 / $3 - 1); ok = (d <= $5 && d >= -$5) }
         else { d = 0; ok = ($4 == 0) }
         if (!ok) bad++
         how = $6; for (i = 7; i <= NF; i++) how = how " " $i
         printf "%-46s %-8s %10.2f %10.2f %+8.2f %6.2f  %-4s %s\n", $1, $2, $3, $4, d, $5,
                ok ? "ok" : "MISS", how }
       END { if (NR == 0) { print "no figures measured"; bad = 1 }; exit bad > 0 }' "$ROWS"
}
