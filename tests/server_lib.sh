# Sourced by the tests that start a `fremdrift serve` (tests/serve_tls.sh, tests/browser/run.sh):
# a fresh temporary folder $work and the server's $server_pid, both cleaned up on exit.
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
