#!/usr/bin/env bash
# The Debian package (scripts/package, packaging/, docs/drift.md): builds it (reusing RELEASE_DIR
# when that is a Release build with the server layer, else build/package), then checks its
# control fields, conffile and contents; lintian (any E: fails; warnings are printed);
# `systemd-analyze verify` of its unit in a root holding the unpacked package and the system's
# units (any message fails), the unit's hardening directives and its offline security exposure;
# and `fremdrift --config FILE serve` from the unpacked package with the packaged configuration
# file, its /var/lib/fremdrift moved to a temporary state folder: data found beside the binary,
# health, the login page, a login with the Secure cookie of the configuration's TLS proxy setting,
# and the register added as the configuration file's comments tell.
# FREMDRIFT_PACKAGE_DEB=FILE checks that package instead of building one.
# Usage: tests/package/run.sh SOURCE_DIR [RELEASE_DIR]
set -euo pipefail
src=$(realpath "$1")
release_dir=${2:-}
source "$src/tests/server_lib.sh"
require_tools dpkg-deb lintian systemd-analyze curl python3 dpkg-buildpackage dh
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# 1. The package.
if [[ -n "${FREMDRIFT_PACKAGE_DEB:-}" ]]; then
  deb=$(realpath "$FREMDRIFT_PACKAGE_DEB")
else
  args=(--out "$work/out")
  if [[ -n "$release_dir" && -f "$release_dir/CMakeCache.txt" ]] &&
      grep -qx 'CMAKE_BUILD_TYPE:STRING=Release' "$release_dir/CMakeCache.txt" &&
      grep -q '^FREMDRIFT_LAYERS:STRING=.*server' "$release_dir/CMakeCache.txt"; then
    args+=(--build-dir "$release_dir")
  fi
  "$src/scripts/package" "${args[@]}" >"$work/package.log" 2>&1 ||
    { echo "FAIL: scripts/package ${args[*]}:"; tail -40 "$work/package.log"; exit 1; }
  deb=$(tail -1 "$work/package.log")
fi
[[ -f "$deb" ]] || { echo "FAIL: no package at '$deb'"; exit 1; }
ok "package $(basename "$deb") ($(($(stat -c %s "$deb") / 1024)) KiB)"

# 2. Control fields and contents.
depends=$(dpkg-deb -f "$deb" Depends)
printf '%s\n' "$depends" | tr ',|' '\n\n' | sed 's/(.*//; s/ //g' >"$work/depends"
missing=""
for d in libc6 libstdc++6 libsqlite3-0 libpq5 libssl3 libcairo2 libargon2-1 adduser fonts-dejavu-core; do
  grep -qxF "$d" "$work/depends" || missing+=" $d"
done
[[ -z "$missing" ]] && ok "Depends (dpkg-shlibdeps and the scripts'): $depends" ||
  fail "Depends lacks$missing: $depends"
dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles >"$work/conffiles"
grep -qx /etc/fremdrift/fremdrift.toml "$work/conffiles" && ok "conffile /etc/fremdrift/fremdrift.toml" ||
  fail "conffiles: $(cat "$work/conffiles")"
root=$work/root
dpkg-deb -x "$deb" "$root"
for f in usr/bin/fremdrift usr/share/fremdrift/data/models/fsm2.toml usr/share/fremdrift/data/rules \
    usr/share/fremdrift/web/index.html usr/share/fremdrift/web/js/app.js \
    lib/systemd/system/fremdrift.service etc/fremdrift/fremdrift.toml \
    usr/share/doc/fremdrift/copyright usr/share/doc/fremdrift/changelog.gz \
    usr/share/man/man1/fremdrift.1.gz; do
  [[ -e $root/$f ]] && ok "installs /$f" || fail "/$f is missing"
done
if find "$root" -path '*/var/*' | grep -q .; then fail "ships files under /var: $(find "$root" -path '*/var/*' | head -3)"
else ok "nothing under /var (the service's state folder is made at install and start)"; fi
MANWIDTH=80 man -l "$root/usr/share/man/man1/fremdrift.1.gz" 2>/dev/null | grep -q 'fremdrift --config' &&
  ok "the man page renders (lintian checks its groff warnings)" || fail "the man page does not render"
# The packaged configuration names the same keys as the shipped example (commented or not).
keys() { sed -n 's/^#\{0,1\} *\([a-z-]*\) = .*/\1/p' "$1" | sort -u; }
if diff <(keys "$src/data/examples/fremdrift.toml") <(keys "$root/etc/fremdrift/fremdrift.toml") >"$work/keys.diff"; then
  ok "the packaged configuration has the example's keys: $(keys "$src/data/examples/fremdrift.toml" | tr '\n' ' ')"
else fail "configuration keys differ from data/examples/fremdrift.toml: $(cat "$work/keys.diff")"; fi

# 3. lintian: errors fail, warnings are shown.
lintian --info "$deb" >"$work/lintian.out" 2>&1 || true
grep -v '^running with root privileges' "$work/lintian.out" | sed 's/^/  lintian: /' || true
errors=$(grep -c '^E:' "$work/lintian.out" || true)
warnings=$(grep -c '^W:' "$work/lintian.out" || true)
[[ $errors == 0 ]] && ok "lintian: no errors ($warnings warnings)" || fail "lintian: $errors errors"

# 4. The unit: verified offline in a root with the unpacked package and the system's units (the
# ExecStart binary is looked up there); any message fails, also the ones verify only warns about.
unit=$root/lib/systemd/system/fremdrift.service
cp -rn /lib/systemd/system/. "$root/lib/systemd/system/"
if systemd-analyze verify --man=no --root="$root" fremdrift.service >"$work/verify.out" 2>&1 &&
    [[ ! -s "$work/verify.out" ]]; then
  ok "systemd-analyze verify fremdrift.service"
else
  fail "systemd-analyze verify: $(cat "$work/verify.out")"
fi
for line in 'User=fremdrift' 'StateDirectory=fremdrift' 'ConfigurationDirectory=fremdrift' \
    'ExecStart=/usr/bin/fremdrift --config /etc/fremdrift/fremdrift.toml serve' \
    'ProtectSystem=strict' 'ProtectHome=yes' 'PrivateTmp=yes' 'NoNewPrivileges=yes' 'PrivateDevices=yes' \
    'ProtectKernelTunables=yes' 'ProtectKernelModules=yes' 'ProtectKernelLogs=yes' \
    'ProtectControlGroups=yes' 'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX' \
    'RestrictNamespaces=yes' 'LockPersonality=yes' 'MemoryDenyWriteExecute=yes' \
    'SystemCallFilter=@system-service' 'CapabilityBoundingSet=' 'UMask=0077'; do
  grep -qxF "$line" "$unit" || { fail "the unit lacks '$line'"; lacking=1; }
done
[[ -z "${lacking:-}" ]] && ok "the unit has its hardening directives"
exposure=$(systemd-analyze security --offline=yes --root="$root" fremdrift.service 2>&1 |
  sed -n 's/.*Overall exposure level for fremdrift.service: \([0-9.]*\).*/\1/p')
if [[ -n "$exposure" ]] && awk -v e="$exposure" 'BEGIN { exit !(e <= 2.0) }'; then
  ok "systemd-analyze security: exposure $exposure (at most 2.0)"
else
  fail "systemd-analyze security: exposure '${exposure:-unknown}', more than 2.0"
fi

# 5. The unpacked binary with the packaged configuration, its state in a temporary folder.
bin=$root/usr/bin/fremdrift
state=$work/state
mkdir -m 700 "$state" "$work/home"
port=$(free_port)
sed -e "s#/var/lib/fremdrift#$state#g" -e "s#127.0.0.1:8080#127.0.0.1:$port#" \
  "$root/etc/fremdrift/fremdrift.toml" >"$work/fremdrift.toml"
clean=(env -i PATH=/usr/bin:/bin HOME="$work/home" LANG=C.UTF-8)
(cd / && "${clean[@]}" "$bin" paths) >"$work/paths.out" 2>&1 &&
  grep -qxF "data:    $root/usr/share/fremdrift (installed beside the binary)" "$work/paths.out" &&
  ok "fremdrift paths: the data in /usr/share/fremdrift beside /usr/bin" ||
  fail "fremdrift paths: $(cat "$work/paths.out")"
# start: the server with the configuration, waited for.
start() {
  (cd / && umask 022 && exec "${clean[@]}" "$bin" --config "$work/fremdrift.toml" serve) \
    >"$work/serve.log" 2>&1 &
  server_pid=$!
  wait_for_server
}
stop() { kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""; }
start
base=http://127.0.0.1:$port
grep -q "^fremdrift serve: $base/ (web: $root/usr/share/fremdrift/web)" "$work/serve.log" &&
  ok "serves on the configured $base with the packaged pages" || fail "serve: $(cat "$work/serve.log")"
get() { curl -sS --max-time 30 "$@"; }
[[ $(get -o "$work/health.json" -w '%{http_code}' "$base/api/v1/health") == 200 ]] &&
  grep -Eq '"status": *"ok"' "$work/health.json" && ok "/api/v1/health: $(cat "$work/health.json")" ||
  fail "/api/v1/health: $(cat "$work/health.json" 2>/dev/null)"
get -o "$work/index.html" "$base/" && cmp -s "$work/index.html" "$root/usr/share/fremdrift/web/index.html" &&
  grep -q 'id="login-form"' "$work/index.html" && ok "/ is the packaged login page" ||
  fail "/ is not the packaged login page"
for f in events.db auth.db; do
  [[ $(stat -c %a "$state/$f" 2>/dev/null) == 600 ]] && ok "state: $f made 0600" ||
    fail "state: $f $(stat -c %a "$state/$f" 2>&1)"
done
stop

# The first administrator as the configuration file's comments tell; a login gets the Secure
# __Host- cookie of behind-tls-proxy = true, and the full health.
password='Pakke-prove-2026-lang'
printf '%s\n' "$password" | "${clean[@]}" "$bin" --quiet users add --auth-db "$state/auth.db" \
  --username driftadmin --role admin >"$work/users.out" 2>&1 || fail "users add: $(cat "$work/users.out")"
# The register as the comments tell: ingested into the state folder, its line uncommented.
"${clean[@]}" "$bin" --quiet ingest --register "$root/usr/share/fremdrift/examples/register.csv" \
  --out "$state/register.store" >"$work/ingest.out" 2>&1 || fail "ingest: $(cat "$work/ingest.out")"
sed -i 's/^# store = /store = /' "$work/fremdrift.toml"
start
status=$(get -D "$work/login.headers" -o "$work/login.json" -w '%{http_code}' \
  -H 'Content-Type: application/json' -d "{\"username\":\"driftadmin\",\"password\":\"$password\"}" \
  "$base/api/v1/login")
cookie=$(sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\);.*/\1/p' "$work/login.headers" | head -1)
if [[ $status == 200 && $cookie == __Host-* ]] && grep -i '^set-cookie:' "$work/login.headers" | grep -q Secure; then
  ok "login as the first administrator: Secure cookie ${cookie%%=*}"
else
  fail "login: HTTP $status $(cat "$work/login.json") $(cat "$work/login.headers")"
fi
get -o "$work/health2.json" -H "Cookie: $cookie" "$base/api/v1/health"
grep -Eq '"persons": *[1-9]' "$work/health2.json" && grep -Eq '"cases": *true' "$work/health2.json" &&
  ok "with the register: $(cat "$work/health2.json")" || fail "health with a session: $(cat "$work/health2.json")"
stop

if [[ $failures -gt 0 ]]; then echo "$failures package check(s) failed"; exit 1; fi
echo "package: all checks passed"
