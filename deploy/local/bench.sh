#!/usr/bin/env bash
# The benchmarks behind `make bench`, in order; fails when any fails. Run it
# through with-services.sh, which provides CIRCLES_DATABASE_URL.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$CIRCLES_ROOT"

[[ -n "${CIRCLES_DATABASE_URL:-}" ]] ||
    die "CIRCLES_DATABASE_URL is not set; run this as: make bench (or deploy/local/with-services.sh $0)"

read -ra swift <<<"${SWIFT:-swift}"
read -ra build_flags <<<"${SWIFT_BUILD_FLAGS:-}"

log "building CirclesBench and circles (release)"
"${swift[@]}" build -c release --product CirclesBench "${build_flags[@]}"
"${swift[@]}" build -c release --product circles "${build_flags[@]}"
"${swift[@]}" build -c release --product circles-worker "${build_flags[@]}"
bin="$("${swift[@]}" build -c release --show-bin-path "${build_flags[@]}")"

python="$(python_with dateutil zoneinfo)" ||
    die "no Python with dateutil; run deploy/local/ensure-packages.sh (Debian python3-dateutil)"

log "CirclesBench postgres"
"$bin/CirclesBench" postgres
log "CirclesBench recurrence"
"$bin/CirclesBench" recurrence
log "Benchmarks/dateutil_bench.py"
"$python" Benchmarks/dateutil_bench.py
log "CirclesBench scheduling"
"$bin/CirclesBench" scheduling
log "start-up: circles --help, and circles-worker from spawn to /health/ready"
"$bin/circles" db migrate >/dev/null
"$python" deploy/local/bench_startup.py "$bin"
