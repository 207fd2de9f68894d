#!/usr/bin/env bash
# The benchmarks behind `make bench`, in order; fails when any fails. Run it
# through with-services.sh, which provides CIRCLES_DATABASE_URL.
#
#   deploy/local/bench.sh [SECTION...]   sections: postgres recurrence scheduling closures runaway compose queue progress matching startup web replies (default: all)
#
# The queue section compares the reminder outbox with pgqueuer, installed from PyPI
# into .local/pgqueuer-venv on first use (set CIRCLES_PGQUEUER_PYTHON to use another).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$CIRCLES_ROOT"

[[ -n "${CIRCLES_DATABASE_URL:-}" ]] ||
    die "CIRCLES_DATABASE_URL is not set; run this as: make bench (or deploy/local/with-services.sh $0)"

read -ra swift <<<"${SWIFT:-swift}"
read -ra build_flags <<<"${SWIFT_BUILD_FLAGS:-}"

sections=("$@")
[[ ${#sections[@]} -gt 0 ]] || sections=(postgres recurrence scheduling closures runaway compose queue progress matching startup web replies)
for section in "${sections[@]}"; do
    case "$section" in
        postgres | recurrence | scheduling | closures | runaway | compose | queue | progress | matching | startup | web | replies) ;;
        *) die "unknown section '$section'; expected postgres, recurrence, scheduling, closures, runaway, compose, queue, progress, matching, startup, web or replies" ;;
    esac
done
wants() { [[ " ${sections[*]} " == *" $1 "* ]]; }

# Built as the container ships them (deploy/container/Dockerfile): the Swift runtime and Foundation
# linked in, which spares each process start loading them (about 10 ms of `circles` start-up).
# The linker's note that `mktemp` is dangerous comes from Foundation's static library, not from Circles.
release=(-c release --static-swift-stdlib)
log "building CirclesBench, circles and circles-worker (release, --static-swift-stdlib)"
"${swift[@]}" build "${release[@]}" --product CirclesBench "${build_flags[@]}"
"${swift[@]}" build "${release[@]}" --product circles "${build_flags[@]}"
"${swift[@]}" build "${release[@]}" --product circles-worker "${build_flags[@]}"
if wants web; then "${swift[@]}" build "${release[@]}" --product circles-web "${build_flags[@]}"; fi
bin="$("${swift[@]}" build "${release[@]}" --show-bin-path "${build_flags[@]}")"

if wants postgres; then
    log "CirclesBench postgres"
    "$bin/CirclesBench" postgres
fi
if wants recurrence; then
    python="$(python_with dateutil zoneinfo)" ||
        die "no Python with dateutil; run deploy/local/ensure-packages.sh (Debian python3-dateutil)"
    log "CirclesBench recurrence"
    "$bin/CirclesBench" recurrence
    log "Benchmarks/dateutil_bench.py"
    "$python" Benchmarks/dateutil_bench.py
    # python-dateutil-rs (PyPI) in a venv of our own: it installs itself as `dateutil`.
    rs_python=""
    rs_venv="$CIRCLES_ROOT/.local/dateutil-rs-venv"
    if [[ ! -x "$rs_venv/bin/python" ]] || ! "$rs_venv/bin/python" -c 'import dateutil._native' 2>/dev/null; then
        log "installing python-dateutil-rs from PyPI into $rs_venv"
        mkdir -p "$CIRCLES_ROOT/.local"
        python3 -m venv "$rs_venv" && "$rs_venv/bin/pip" install --quiet --disable-pip-version-check "python-dateutil-rs==0.1.7" ||
            log "could not install python-dateutil-rs; the batch figure runs without it"
    fi
    "$rs_venv/bin/python" -c 'import dateutil._native' 2>/dev/null && rs_python="$rs_venv/bin/python"
    log "Benchmarks/rrule_batch_bench.py (circles rrule expand --input as a whole process)"
    "$python" Benchmarks/rrule_batch_bench.py "$bin/circles" $rs_python
fi
if wants scheduling; then
    log "CirclesBench scheduling"
    "$bin/CirclesBench" scheduling
fi
if wants closures; then
    log "CirclesBench closures"
    "$bin/CirclesBench" closures
fi
if wants runaway; then
    log "CirclesBench runaway"
    "$bin/CirclesBench" runaway
fi
if wants compose; then
    log "CirclesBench compose"
    "$bin/CirclesBench" compose
fi
if wants queue; then
    # pgqueuer and its driver from PyPI, in a venv of our own (never the system's Python).
    if [[ -z "${CIRCLES_PGQUEUER_PYTHON:-}" ]]; then
        venv="$CIRCLES_ROOT/.local/pgqueuer-venv"
        if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c 'import pgqueuer, asyncpg, uvloop' 2>/dev/null; then
            log "installing pgqueuer from PyPI into $venv"
            mkdir -p "$CIRCLES_ROOT/.local"
            if python3 -m venv "$venv" && "$venv/bin/pip" install --quiet --disable-pip-version-check "pgqueuer==1.6.0" "asyncpg>=0.29" "uvloop>=0.19"; then
                :
            else
                log "could not install pgqueuer; the queue section runs without it"
            fi
        fi
        if [[ -x "$venv/bin/python" ]] && "$venv/bin/python" -c 'import pgqueuer, asyncpg, uvloop' 2>/dev/null; then
            export CIRCLES_PGQUEUER_PYTHON="$venv/bin/python"
        fi
    fi
    log "CirclesBench queue"
    "$bin/CirclesBench" queue
fi
if wants progress; then
    log "CirclesBench progress"
    "$bin/CirclesBench" progress
fi
if wants matching; then
    python="$(python_with networkx)" ||
        die "no Python with networkx; run deploy/local/ensure-packages.sh (Debian python3-networkx)"
    log "CirclesBench matching (networkx: $python)"
    CIRCLES_NETWORKX_PYTHON="$python" "$bin/CirclesBench" matching
fi
if wants startup; then
    python="$(python_with dateutil zoneinfo)" || python=python3
    log "start-up: circles --help, and circles-worker from spawn to /health/ready"
    "$bin/circles" db migrate >/dev/null
    "$python" deploy/local/bench_startup.py "$bin"
fi
if wants web; then
    log "web: circles-web and nginx side by side under wrk (deploy/local/bench_web.sh)"
    deploy/local/bench_web.sh "$bin"
fi
if wants replies; then
    [[ -n "${CIRCLES_TEST_IMAP_URL:-}" ]] || die "no IMAP server for the replies section; run deploy/local/ensure-packages.sh (dovecot-imapd)"
    log "replies: 10,000 calendar replies read from IMAP by circles-worker, beside a plain IMAP fetch and doveadm"
    python3 deploy/local/bench_replies.py "$bin"
fi
