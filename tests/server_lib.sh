# Sourced by the tests that start a `fremdrift serve` (tests/serve_tls.sh, tests/browser/run.sh):
# a fresh temporary folder $work and the server's $server_pid, both cleaned up on exit.
work=$(mktemp -d)
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
