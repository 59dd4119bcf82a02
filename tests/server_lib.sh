# Sourced by the tests that start a `fremdrift serve` (tests/serve_tls.sh, tests/browser/run.sh,
# tests/ops/*.sh): a fresh temporary folder $work and the server's $server_pid, both cleaned up on
# exit; ok/fail lines counted in $failures, and require_tools.
work=$(mktemp -d)
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
# wait_for_server: waits (30 s at most) until the server started as $server_pid, logging to
# $work/serve.log, announces its address; exits 1 with its log if it dies first or times out.
wait_for_server() {
  for _ in $(seq 1 300); do
    if grep -q "^fremdrift serve: http" "$work/serve.log" 2>/dev/null; then return 0; fi
    if ! kill -0 "$server_pid" 2>/dev/null; then
      echo "FAIL: the server (pid $server_pid) stopped before it announced its address; its log:"
      cat "$work/serve.log"; exit 1
    fi
    sleep 0.1
  done
  echo "FAIL: the server (pid $server_pid) did not announce its address within 30 s; its log:"
  cat "$work/serve.log" 2>/dev/null || true
  exit 1
}
failures=0
ok() { echo "ok   $*"; }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
# require_tools TOOL...: exits 77 (skipped) naming the first tool that is missing.
require_tools() {
  local tool
  for tool in "$@"; do
    if ! command -v "$tool" >/dev/null; then
      echo "skipped: needs $tool (scripts/install-deps --with-tests)"
      exit 77
    fi
  done
}
