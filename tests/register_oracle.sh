#!/usr/bin/env bash
# An oracle that shares nothing with fremdrift (docs/oracle.md): DuckDB reads the raw register CSV
# and the reference CSVs and computes the monthly full-time persons with its own SQL
# (bench/oracle_register.mjs); they must equal `fremdrift measure fuldtidspersoner` row for row at
# every area level (kommune, RAR, region, Hele landet), for ages 16-66 and 16-29, every month and
# every group: the same rows, fuldtidspersoner within 1e-9, personer exact. Then `fremdrift measure
# beskaeftigelse` (ended forløb in employment 1, 3, 6 and 12 months after, from the register's
# grad_/branche_ columns) against the oracle's SQL: the same rows and counts.
# The register: `fremdrift simulate --all` 2018-2021 with a fixed seed, some residences blanked
# (unknown municipality) and edge persons added (A, birth dates in `foedselsdato`), and the same
# persons with CPR numbers instead (B).
# Usage: tests/register_oracle.sh RELEASE_BUILD_DIR [SCALE]
# FREMDRIFT_ORACLE_AFBRYDELSE (default 4, the spec's): the forløb break rule of the age rule, given
# to both fremdrift (--afbrydelse) and the oracle (docs/oracle.md).
set -euo pipefail
build=$(realpath "$1")
scale=${2:-0.003}
afbrydelse=${FREMDRIFT_ORACLE_AFBRYDELSE:-4}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
bin=$build/src/app/fremdrift
oracle=$root/bench/oracle_register.mjs
ref=$root/data/reference
[[ -x "$bin" ]] || { echo "register_oracle: no $bin" >&2; exit 1; }
command -v node >/dev/null || { echo "register_oracle: node is needed (apt-get install nodejs npm)" >&2; exit 1; }
if [[ ! -d "$root/bench/node_modules/@duckdb/node-api" ]]; then
  (cd "$root/bench" && npm install --no-audit --no-fund --no-package-lock --loglevel=error >/dev/null)
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
now() { date +%s.%N; }
t0=$(now)
"$bin" --quiet simulate --all --scale "$scale" --from 2018-01 --to 2021-12 --seed 11 --no-events \
  --out sim >/dev/null
node "$oracle" variant --register sim/register.csv --kommuner "$ref/kommuner.csv" \
  --out-a A.csv --out-b B.csv --edge 300 --seed 5 >/dev/null
t1=$(now)
for v in A B; do
  "$bin" --quiet ingest --register $v.csv --out $v.store >/dev/null
  for band in 16-66 16-29; do
    "$bin" measure fuldtidspersoner --store $v.store --period month --from 2018-01 --to 2021-12 \
      --area kommune,rar,region,land --age $band --afbrydelse "$afbrydelse" --format json \
      > fremdrift_${v}_$band.json
  done
done
t2=$(now)
status=0
for v in A B; do
  echo "oracle $v: $(node "$oracle" compute --register $v.csv --reference "$ref" --from 2018-01 --to 2021-12 \
    --age 16-66,16-29 --afbrydelse "$afbrydelse" --out oracle_${v}_)"
  for band in 16-66 16-29; do
    node "$oracle" compare oracle_${v}_$band.csv fremdrift_${v}_$band.json "$v $band" || status=1
    # Not vacuous: every level and the unknown municipality have rows.
    for pat in ',ukendt,' ',RAR ' ',Region ' ',Hele landet,' ',657,'; do
      grep -q "$pat" oracle_${v}_$band.csv || { echo "register_oracle: no '$pat' rows in $v $band" >&2; status=1; }
    done
  done
done
# Fra ydelse til beskæftigelse: the simulated register's grad_/branche_ columns, ended forløb and
# the share in employment 1, 3, 6 and 12 months after, against the oracle's own SQL (A only).
"$bin" measure beskaeftigelse --store A.store --period month --from 2018-01 --to 2021-12 \
  --area kommune,land --age 16-66 --afbrydelse "$afbrydelse" > fremdrift_A_beskaeftigelse.csv
echo "oracle beskaeftigelse: $(node "$oracle" beskaeftigelse --register A.csv --reference "$ref" \
  --from 2018-01 --to 2021-12 --age 16-66 --afbrydelse "$afbrydelse" --out oracle_A_beskaeftigelse_)"
node "$oracle" compare-beskaeftigelse oracle_A_beskaeftigelse_$afbrydelse.csv \
  fremdrift_A_beskaeftigelse.csv "A beskaeftigelse" || status=1
t3=$(now)
awk -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" -v p="$(($(wc -l < A.csv) - 1))" 'BEGIN {
  printf "register_oracle: %d persons; data %.1f s, fremdrift (2 ingests, 4 cubes) %.1f s, DuckDB oracle (2 registers) %.1f s\n",
    p, b - a, c - b, d - c }'
[[ $status -eq 0 ]] && echo "register_oracle: fremdrift agrees with the oracle on every row"
exit $status
