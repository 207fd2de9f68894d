#!/usr/bin/env bash
# The story behind `make demo`. Run it through with-services.sh, which provides
# CIRCLES_DATABASE_URL (and CIRCLES_SMTP_URL).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$CIRCLES_ROOT"

[[ -n "${CIRCLES_DATABASE_URL:-}" ]] ||
    die "CIRCLES_DATABASE_URL is not set; run this as: make demo (or deploy/local/with-services.sh $0)"

read -ra swift <<<"${SWIFT:-swift}"
read -ra build_flags <<<"${SWIFT_BUILD_FLAGS:-}"

log "building circles"
"${swift[@]}" build --product circles "${build_flags[@]}"
bin="$("${swift[@]}" build --show-bin-path "${build_flags[@]}")"

# Prints each command as a reader would type it, then runs it.
run() {
    printf '\n$ %s\n' "$*"
    "$@"
}
circles() { run "$bin/circles" "$@"; }

circles db migrate
circles db status
