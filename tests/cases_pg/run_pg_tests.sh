#!/usr/bin/env bash
# Runs the PostgreSQL half of the cases suite: against $FREMDRIFT_TEST_PG_URL when it is set (the
# CI script starts one server for the whole ctest run), otherwise against a private server started
# here with scripts/pg-test-server and stopped afterwards. Exit 77 (ctest: skipped) when no
# PostgreSQL server binaries are installed.
# Usage: run_pg_tests.sh SOURCE_DIR TEST_BINARY [gtest args...]
set -euo pipefail
src="$1"
bin="$2"
shift 2
if [[ -n "${FREMDRIFT_TEST_PG_URL:-}" ]]; then
  exec "$bin" --gtest_filter='*postgresql*' "$@"
fi
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && [[ -z "${PG_BINDIR:-}" ]]; then
  echo "PostgreSQL server binaries not installed: PostgreSQL tests skipped (apt-get install postgresql)"
  exit 77
fi
dir="$(mktemp -d /tmp/fremdrift-pg.XXXXXX)"
trap '"$src/scripts/pg-test-server" stop "$dir" >/dev/null 2>&1 || true' EXIT
url="$("$src/scripts/pg-test-server" start "$dir")"
FREMDRIFT_TEST_PG_URL="$url" "$bin" --gtest_filter='*postgresql*' "$@"
