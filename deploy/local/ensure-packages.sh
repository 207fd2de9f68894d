#!/usr/bin/env bash
# Installs the Debian packages that `make build/test/demo/bench` need, and only
# the missing ones. Extra package names may be given as arguments.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

packages=(
    make git ca-certificates pkg-config   # build: SwiftPM fetches dependencies with git over https
    libpq-dev                             # CLibPQ
    libcurl4-openssl-dev                  # CCurl (SMTP)
    postgresql postgresql-contrib         # throwaway test cluster; initdb, pg_ctl, pgbench
    util-linux procps                     # runuser, setsid; pgrep
    tzdata                                # time zones for recurrence tests and the Python oracle
    python3 python3-dateutil              # Benchmarks/dateutil_bench.py, the recurrence oracle
    python3-aiosmtpd                      # local SMTP sink
    "$@"
)

missing=()
for package in "${packages[@]}"; do
    status="$(dpkg-query -W -f='${db:Status-Abbrev}' "$package" 2>/dev/null || true)"
    [[ "$status" == ii* ]] || missing+=("$package")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

command="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
if [[ $(id -u) -eq 0 ]]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
else
    die "missing Debian packages: ${missing[*]}
  install them as root, then run make again:
    sudo sh -c '$command'"
fi

log "installing Debian packages: ${missing[*]}"
"${as_root[@]}" apt-get update -q >/dev/null
# Debian's postgresql package may create and start a system cluster; nothing here
# uses it (with-services.sh starts its own), and a container has no init to start it.
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
