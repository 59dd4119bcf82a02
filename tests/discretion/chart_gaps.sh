#!/usr/bin/env bash
# The dashboard's line charts break at a month not shown (tests/discretion/chart_gaps.mjs, headless
# Debian chromium). Exit 77 (skipped) when node, chromium or node_modules are missing.
# Usage: tests/discretion/chart_gaps.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/tests/browser/lib.sh"
require_browser "chart gap check"
FREMDRIFT_ROOT="$root" node "$root/tests/discretion/chart_gaps.mjs"
