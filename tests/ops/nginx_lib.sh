# Sourced by the tests that put Debian's nginx in front of `fremdrift serve` (tests/ops/nginx_*.sh,
# after tests/server_lib.sh): start_nginx runs nginx as the current user with its own prefix,
# configuration, pid file, logs and temporary folders under $work, stopped on exit. nginx is a
# test dependency (scripts/install-deps --with-tests): missing, the test fails.
nginx_pid=""
nginx_bin=$(command -v nginx || true)
if [[ -z "$nginx_bin" && -x /usr/sbin/nginx ]]; then nginx_bin=/usr/sbin/nginx; fi
if [[ -z "$nginx_bin" ]]; then
  echo "FAIL: nginx is not installed (scripts/install-deps --with-tests installs Debian's nginx)"
  exit 1
fi
stop_nginx() {
  if [[ -n "$nginx_pid" ]]; then kill "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true; fi
  nginx_pid=""
}
trap 'stop_nginx; cleanup' EXIT
# free_port: a port nobody listens on now.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# start_nginx SERVER_BLOCKS: nginx in the foreground (no daemon) with the given http-level
# configuration (upstream and server blocks); waits until every "listen 127.0.0.1:PORT" answers.
start_nginx() {
  local dir="$work/nginx" user_line=""
  mkdir -p "$dir/logs" "$dir/tmp"
  # As root nginx would hand its workers to "nobody", who cannot enter $work: keep them as root.
  [[ $(id -u) -eq 0 ]] && user_line="user root root;"
  cat > "$dir/nginx.conf" <<CONF
$user_line
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 128; }
http {
  access_log $dir/logs/access.log;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
$1
}
CONF
  if ! "$nginx_bin" -t -q -e "$dir/logs/error.log" -p "$dir" -c "$dir/nginx.conf" 2> "$dir/test.out"; then
    echo "FAIL: nginx refuses the configuration: $(cat "$dir/test.out" "$dir/logs/error.log" 2>/dev/null)"
    exit 1
  fi
  "$nginx_bin" -e "$dir/logs/error.log" -p "$dir" -c "$dir/nginx.conf" -g 'daemon off;' &
  nginx_pid=$!
  local port
  for port in $(grep -o "listen 127.0.0.1:[0-9]*" <<< "$1" | grep -o "[0-9]*$"); do
    for _ in $(seq 1 100); do
      (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
      if ! kill -0 "$nginx_pid" 2>/dev/null; then
        echo "FAIL: nginx stopped at start: $(cat "$dir/logs/error.log")"; exit 1
      fi
      sleep 0.1
    done
  done
}
