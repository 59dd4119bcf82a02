# Sourced by the browser tests (run.sh, demo_tour.sh) after `root` is set: require_browser exits
# 77 (skipped; scripts/test turns that into a failure unless FREMDRIFT_ALLOW_SKIP names the test)
# naming what is missing of node, Debian's chromium and node_modules/playwright-core.
require_browser() {
  local need=()
  command -v node >/dev/null || need+=("node (scripts/install-deps --with-tests)")
  [[ -x /usr/bin/chromium ]] || need+=("/usr/bin/chromium (scripts/install-deps --with-tests)")
  [[ -d "$root/node_modules/playwright-core" ]] || need+=("node_modules/playwright-core (scripts/install-npm)")
  if [[ ${#need[@]} -gt 0 ]]; then
    printf '%s skipped: missing %s\n' "$1" "${need[@]}"
    exit 77
  fi
}
