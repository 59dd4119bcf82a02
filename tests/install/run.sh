#!/usr/bin/env bash
# The installed fremdrift is relocatable and needs nothing of the trees it was built in
# (docs/install.md): `cmake --install BUILD --prefix P` into a temporary prefix, the prefix moved
# to another temporary folder, then the installed binary run from / with a clean environment (no
# FREMDRIFT_* variables, HOME a temporary folder) and, where the system allows a mount namespace,
# with the source and build trees hidden under empty folders: `fremdrift paths` finds the data
# beside the binary; `fremdrift demo` simulates, ingests, imports and serves (the page, a static
# file, the API, a login); `fremdrift measure` reads the demo's store and event store with the
# installed models and rule sets; `fremdrift serve` serves the installed pages. The binary holds
# neither tree's path, and a copy of it without its share folder fails naming where it looked.
# Usage: tests/install/run.sh CMAKE BUILD_DIR SOURCE_DIR
set -euo pipefail
cmake=$1
build=$(realpath "$2")
src=$(realpath "$3")
if ! command -v curl >/dev/null; then
  echo "install test skipped: needs curl (scripts/install-deps --with-tests)"
  exit 77
fi
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok   $*"; }
die() { echo "FAIL: $*" >&2; exit 1; }

tmp=$(mktemp -d)
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
case "$tmp/" in "$src/"* | "$build/"*) die "the temporary folder $tmp is inside the trees under test" ;; esac

# 1. Install, then move the prefix elsewhere: nothing else is copied.
"$cmake" --install "$build" --prefix "$tmp/first" >"$tmp/install.log" 2>&1 ||
  die "cmake --install failed: $(cat "$tmp/install.log")"
mkdir "$tmp/moved"
mv "$tmp/first" "$tmp/moved/fremdrift"
prefix=$tmp/moved/fremdrift
bin=$prefix/bin/fremdrift
share=$prefix/share/fremdrift
[[ -x $bin ]] || die "no $bin after cmake --install"
for f in data/models/fsm2.toml data/rules/rettidighed.toml data/reference/profiles web/index.html \
    web/js/app.js examples/register.csv; do
  [[ -e $share/$f ]] && ok "installed share/fremdrift/$f" || fail "share/fremdrift/$f is missing"
done
[[ "$(ls "$prefix/bin")" == fremdrift ]] && ok "bin/ holds fremdrift only" \
  || fail "bin/ holds more than fremdrift: $(ls "$prefix/bin" | tr '\n' ' ')"
[[ "$(ls "$prefix" | tr '\n' ' ')" == "bin share " ]] && ok "the prefix holds bin/ and share/ only" \
  || fail "the prefix holds $(ls "$prefix" | tr '\n' ' ')"
bad_modes=$(find "$share" \( -type d ! -perm 755 \) -o \( -type f ! -perm 644 \) | head -3)
[[ -z "$bad_modes" ]] && ok "share/fremdrift: folders 0755, files 0644" ||
  fail "share/fremdrift modes: $(stat -c '%a %n' $bad_modes | tr '\n' ' ')"
if find "$prefix" -name '*_test' -o -name '*.a' -o -name 'CMakeCache.txt' | grep -q .; then
  fail "tests or build files installed: $(find "$prefix" -name '*_test' -o -name '*.a' | head -3)"
else ok "no tests, libraries or build files installed"; fi

# 2. No path of the source or build tree in the binary (__FILE__, debug info, data folders).
for tree in "$src" "$build"; do
  hits=$(grep -caF "$tree" "$bin" || true)
  if [[ "$hits" == 0 ]]; then ok "the binary does not hold $tree"
  else fail "the binary holds $tree: $(strings -a "$bin" | grep -F "$tree" | sort -u | head -5 | tr '\n' ' ')"; fi
done

# 3. A clean environment, from /, the trees hidden when a mount namespace can be made.
home=$tmp/home
mkdir -m 700 "$home"
clean_env=(env -i PATH=/usr/bin:/bin HOME="$home" LANG=C.UTF-8)
unshare_flags=()
if command -v unshare >/dev/null; then
  if [[ $(id -u) == 0 ]] && unshare -m --propagation private true 2>/dev/null; then
    unshare_flags=(-m --propagation private)
  elif unshare -rm --propagation private true 2>/dev/null; then
    unshare_flags=(-rm --propagation private)
  fi
fi
# in_clean CMD...: runs CMD as described above (exec'd, so a background run's $! is CMD's pid).
in_clean() {
  if [[ ${#unshare_flags[@]} -gt 0 ]]; then
    # The build tree first: it may lie inside the source tree.
    exec unshare "${unshare_flags[@]}" -- /bin/sh -c \
      'mount -t tmpfs -o ro,size=4k none "$1" && mount -t tmpfs -o ro,size=4k none "$2" &&
       shift 2 && cd / && exec "$@"' sh "$build" "$src" "${clean_env[@]}" "$@"
  fi
  cd / && exec "${clean_env[@]}" "$@"
}
run() { (in_clean "$@"); }
if [[ ${#unshare_flags[@]} -gt 0 ]]; then
  if run /bin/sh -c "test ! -e '$src/data/models' && test ! -e '$build/CMakeCache.txt'"; then
    ok "the source and build trees are hidden from the installed binary (unshare ${unshare_flags[*]})"
  else
    die "unshare ran but the trees are still visible"
  fi
else
  echo "note: no mount namespace here (unshare): the trees stay visible; the checks below still" \
    "show where the binary reads from"
fi

# 4. `fremdrift paths`: the data folder beside the binary.
if run "$bin" paths >"$tmp/paths.out" 2>&1; then
  grep -qxF "data:    $share (installed beside the binary)" "$tmp/paths.out" &&
    grep -qxF "models:  $share/data/models" "$tmp/paths.out" &&
    grep -qxF "rules:   $share/data/rules" "$tmp/paths.out" &&
    grep -qxF "web:     $share/web" "$tmp/paths.out" &&
    ok "fremdrift paths: the data beside the moved binary" ||
    fail "fremdrift paths: $(cat "$tmp/paths.out")"
else
  fail "fremdrift paths failed: $(cat "$tmp/paths.out")"
fi

# 5. `fremdrift demo`, small, on a free port; its pages, API and login.
out=$tmp/demo
(in_clean "$bin" --quiet demo --kommuner 657 --scale 0.02 --from 2019-01 --to 2019-06 \
  --out "$out" --listen 127.0.0.1:0) >"$tmp/demo.log" 2>&1 &
server_pid=$!
# wait_for LOG PATTERN: the announced port, or exit with the log.
wait_for() {
  for _ in $(seq 1 1200); do
    if grep -q "$2" "$1" 2>/dev/null; then
      grep -o "$2[0-9]*" "$1" | head -1 | grep -o '[0-9]*$'
      return 0
    fi
    kill -0 "$server_pid" 2>/dev/null || die "stopped before it served; its log: $(cat "$1")"
    sleep 0.25
  done
  die "did not serve within 300 s; its log: $(cat "$1")"
}
port=$(wait_for "$tmp/demo.log" "åbn http://127.0.0.1:")
base=http://127.0.0.1:$port
ok "fremdrift demo serves on $base"
get() { curl -sS --max-time 30 "$@"; }
# check_pages WHAT: the page and a static file are the installed ones; health answers.
check_pages() {
  get -o "$tmp/index.html" "$base/" && cmp -s "$tmp/index.html" "$share/web/index.html" &&
    ok "$1: / is the installed web/index.html" || fail "$1: / is not the installed index.html"
  get -o "$tmp/app.js" "$base/js/app.js" && cmp -s "$tmp/app.js" "$share/web/js/app.js" &&
    ok "$1: /js/app.js is the installed file" || fail "$1: /js/app.js differs from the installed file"
  [[ $(get -o "$tmp/health.json" -w '%{http_code}' "$base/api/v1/health") == 200 ]] &&
    grep -Eq '"status": *"ok"' "$tmp/health.json" && ok "$1: /api/v1/health" ||
    fail "$1: /api/v1/health: $(cat "$tmp/health.json")"
}
check_pages demo
status=$(get -o "$tmp/login.json" -c "$tmp/jar" -H 'Content-Type: application/json' \
  -d '{"username":"analytiker","password":"fremdrift-demo"}' -w '%{http_code}' "$base/api/v1/login")
[[ "$status" == 200 ]] && ok "demo: login as analytiker" || fail "demo login: HTTP $status $(cat "$tmp/login.json")"
status=$(get -o "$tmp/health2.json" -b "$tmp/jar" -w '%{http_code}' "$base/api/v1/health")
[[ "$status" == 200 ]] && grep -Eq '"cases": *true' "$tmp/health2.json" &&
  ok "demo: the server has the case events (models loaded from the share folder)" ||
  fail "demo health with a session: HTTP $status $(cat "$tmp/health2.json")"
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
# The demo imports the example grant, whose appropriations add up to one krone less than the
# grant, as the committee decided them: that check's warning is expected (the Økonomi page shows
# it too); any other warning fails.
grep "warning" "$tmp/demo.log" | grep -v "grant herning-fsm2: årsbeløbene summer til" > "$tmp/warnings" || true
[[ -s "$tmp/warnings" ]] && fail "demo warned: $(cat "$tmp/warnings")"
grep -q "grant herning-fsm2" "$tmp/demo.log" && ok "demo imported the installed example grant" ||
  fail "demo did not import the example grant from the share folder"
[[ -f $out/demo.store && -f $out/events.db ]] && ok "demo wrote its store and event store" ||
  fail "demo's files are missing: $(ls "$out")"

# 6. `fremdrift measure` on the demo's data: the register, a pool (models) and a rule set (rules).
measure() {  # measure NAME ARGS...: `fremdrift measure NAME ARGS...`, a CSV with rows
  local name=$1
  shift
  if run "$bin" --quiet measure "$name" "$@" >"$tmp/$name.csv" 2>"$tmp/$name.err" &&
      [[ $(wc -l <"$tmp/$name.csv") -ge 2 ]]; then
    ok "measure $name: $(($(wc -l <"$tmp/$name.csv") - 1)) rows"
  else
    fail "measure $name: $(head -c 400 "$tmp/$name.err") $(head -c 200 "$tmp/$name.csv")"
  fi
}
measure fuldtidspersoner --store "$out/demo.store" --period month --from 2019-01 --to 2019-06 \
  --kommune 657 --area kommune
measure pool --model haandholdt --db "sqlite:$out/events.db" --from 2019-01 --to 2019-06 \
  --kommune 657
measure rettidighed --db "sqlite:$out/events.db" --from 2019-01 --to 2019-06 --kommune 657

# 7. `fremdrift serve` over the demo's files, briefly.
(in_clean "$bin" serve --store "$out/demo.store" --db "sqlite:$out/events.db" \
  --auth-db "$out/auth.db" --listen 127.0.0.1:0) >"$tmp/serve.log" 2>&1 &
server_pid=$!
port=$(wait_for "$tmp/serve.log" "fremdrift serve: http://127.0.0.1:")
base=http://127.0.0.1:$port
grep -qF "(web: $share/web)" "$tmp/serve.log" && ok "serve: the installed web folder" ||
  fail "serve: not the installed web folder: $(cat "$tmp/serve.log")"
check_pages serve
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""

# 8. Without its share folder the binary finds nothing (no compiled-in fallback) and says where it
# looked; FREMDRIFT_DATA_DIR then points it at the data.
mkdir -p "$tmp/bare/bin"
cp "$bin" "$tmp/bare/bin/fremdrift"
if run "$tmp/bare/bin/fremdrift" paths >"$tmp/bare.out" 2>&1; then
  fail "a binary without share/fremdrift found data: $(cat "$tmp/bare.out")"
elif grep -qF "no data folder found" "$tmp/bare.out" && grep -qF "$tmp/bare/share/fremdrift" "$tmp/bare.out" &&
    grep -qF "FREMDRIFT_DATA_DIR" "$tmp/bare.out"; then
  ok "without share/fremdrift: $(grep -o 'no data folder found[^;]*' "$tmp/bare.out")"
else
  fail "without share/fremdrift, unclear message: $(cat "$tmp/bare.out")"
fi
clean_env+=(FREMDRIFT_DATA_DIR="$share")
if run "$tmp/bare/bin/fremdrift" paths >"$tmp/env.out" 2>&1 &&
    grep -qxF "data:    $share (\$FREMDRIFT_DATA_DIR)" "$tmp/env.out"; then
  ok "FREMDRIFT_DATA_DIR points a bare binary at the data"
else
  fail "FREMDRIFT_DATA_DIR: $(cat "$tmp/env.out")"
fi

if [[ $failures -gt 0 ]]; then echo "$failures install check(s) failed"; exit 1; fi
echo "all install checks passed"
