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
    python3-icalendar                     # independent iCalendar parser in the tests
    openssl                               # self-signed certificate for the SMTP TLS and AUTH tests
    python3-venv                          # make bench: pgqueuer (PyPI) in .local/, the queue's yardstick
    chromium fonts-dejavu-core            # headless render test of the HTML progress report
    python3-prometheus-client             # independent Prometheus text parser in the worker metrics tests
    python3-networkx python3-scipy        # Matching tests' oracles (max_weight_matching, linear_sum_assignment); make bench
    python3-jsonschema python3-yaml       # deploy/check-deploy.sh: compose.yaml against the Compose schema
    docker-compose                        # deploy/check-deploy.sh: that schema, and `docker-compose config` (no engine)
    libical-dev                           # calendar feed tests: libical parses every feed (a small C check program)
    wrk nginx                             # make bench, web section: load generator, and the static-file yardstick
    "$@"
)

# axe-core for circles-web's accessibility test (the npm registry is out of reach): the copy
# bundled in the PyPI wheel axe-playwright-python, fetched with pip (no dependencies, nothing
# installed) into .local/axe/axe.min.js, once.
ensure_axe() {
    local target="$CIRCLES_ROOT/.local/axe/axe.min.js" scratch
    [[ -s "$target" ]] && return 0
    scratch="$(mktemp -d)"
    log "fetching axe-core (PyPI axe-playwright-python 0.1.8) into .local/axe/"
    if python3 -m pip download --quiet --no-deps --dest "$scratch" axe-playwright-python==0.1.8 >/dev/null 2>&1; then
        mkdir -p "$(dirname "$target")"
        python3 - "$scratch" "$target" <<'PY'
import glob, sys, zipfile
wheel = zipfile.ZipFile(glob.glob(sys.argv[1] + "/*.whl")[0])
open(sys.argv[2], "wb").write(wheel.read("axe_playwright_python/axe.min.js"))
PY
    else
        log "warning: could not fetch axe-core; the accessibility test will fail under make test"
    fi
    rm -rf "$scratch"
}
ensure_axe

# recurring-ical-events (PyPI) expands the calendar feeds in the tests, with the icalendar it
# needs (newer than Debian's), in a venv of our own under .local/ — never the system's Python.
ensure_ical_venv() {
    local venv="$CIRCLES_ROOT/.local/ical-venv"
    "$venv/bin/python" -c 'import recurring_ical_events, icalendar' 2>/dev/null && return 0
    log "installing recurring-ical-events from PyPI into $venv"
    mkdir -p "$CIRCLES_ROOT/.local"
    python3 -m venv "$venv" && "$venv/bin/pip" install --quiet --disable-pip-version-check \
        "recurring-ical-events==3.8.2" "icalendar==7.3.2" || die "could not install recurring-ical-events into $venv"
}
trap ensure_ical_venv EXIT

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

# Debian clusters (pg_lsclusters) that are running, as "VERSION NAME" lines.
running_clusters() {
    command -v pg_lsclusters >/dev/null 2>&1 || return 0
    pg_lsclusters --no-header 2>/dev/null | awk '$4 ~ /^online/ { print $1, $2 }'
}

log "installing Debian packages: ${missing[*]}"
before="$(running_clusters)"
"${as_root[@]}" apt-get update -q >/dev/null
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null

# Installing the postgresql package may create and start a system cluster. Nothing
# here uses it (with-services.sh starts its own), so stop any cluster that the
# install started; one that was running before is none of our business.
while read -r version name; do
    [[ -n "$version" ]] || continue
    grep -qxF "$version $name" <<<"$before" && continue
    log "stopping PostgreSQL cluster $version/$name, which the package install started"
    "${as_root[@]}" pg_ctlcluster "$version" "$name" stop || true
done <<<"$(running_clusters)"
