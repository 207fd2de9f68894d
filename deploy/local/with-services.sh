#!/usr/bin/env bash
# Runs a command with the services Circles needs, then stops what it started.
#
#   deploy/local/with-services.sh CMD [ARGS...]
#
# PostgreSQL: when CIRCLES_DATABASE_URL is set it is used as is; otherwise a
# throwaway cluster is created under .local/ in the checkout (run as the
# `postgres` user when we are root), on a free port, with database `circles`.
# SMTP: when CIRCLES_SMTP_URL is set it is used as is; otherwise a local sink
# (aiosmtpd) is started that stores every message in a Maildir.
# IMAP: when CIRCLES_TEST_IMAP_URL is set it is used as is; otherwise Debian's
# dovecot-imapd is started unprivileged (as the `dovecot` user when we are root)
# with its own configuration and a throwaway Maildir under .local/, on a free port:
# the mailbox the reply tests deliver into and the worker reads.
#
# Exported for CMD:
#   CIRCLES_DATABASE_URL      postgres://postgres@localhost:PORT/circles?host=SOCKETDIR
#                             (libpq connects through the Unix socket in SOCKETDIR)
#   CIRCLES_DATABASE_TCP_URL  postgres://postgres@127.0.0.1:PORT/circles
#   PGHOST PGPORT PGUSER PGDATABASE   so that psql and pgbench need no arguments
#   CIRCLES_PG_BINDIR         the server's bin directory (initdb, pg_ctl, pgbench); also prepended to PATH
#   CIRCLES_SMTP_URL          smtp://127.0.0.1:PORT
#   CIRCLES_SMTP_MAILDIR      the sink's Maildir (absent when CIRCLES_SMTP_URL was given)
#   CIRCLES_TEST_IMAP_URL     imap://circles:circles@127.0.0.1:PORT/INBOX (any user name logs in
#                             with the password circles and gets a mailbox of its own)
#   CIRCLES_TEST_IMAP_CONFIG  the dovecot configuration file, for doveadm -c (absent when given)
#
# Everything started is stopped and removed when CMD ends, fails, or this script
# gets INT, TERM or HUP. The exit status is CMD's (128+N after signal N).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

[[ $# -gt 0 ]] || die "usage: $0 CMD [ARGS...]"

is_root=false
[[ $(id -u) -eq 0 ]] && is_root=true

# State of what we started, read by cleanup.
cluster_dir=""    # holds data/, postgres.log and (usually) the socket
socket_dir=""     # set apart from cluster_dir only when that path is too long for a socket
pg_data=""
pg_runner=""      # our child that runs the postmaster
smtp_pid=""
smtp_dir=""
imap_pid=""
imap_dir=""
child_pid=""

# ---------------------------------------------------------------- helpers

# Runs a PostgreSQL server program as the user who owns the cluster. The server
# refuses to run as root, so as root that is `postgres`. From / so that a
# checkout the postgres user cannot enter is not its working directory.
as_pg() {
    if $is_root; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

# Makes a directory ours (or postgres's, as root) and private.
own_dir() {
    chmod 0700 "$1"
    if $is_root; then chown postgres:postgres "$1"; fi
}

# Prints a TCP port on 127.0.0.1 that nobody was listening on a moment ago.
free_port() {
    local python
    if python="$(python_with socket)"; then
        "$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
        return
    fi
    local port
    while :; do
        port=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            printf '%s\n' "$port"
            return
        fi
    done
}

# Percent-encodes a path for a URL query value.
url_encode() {
    local s="$1" out="" c i
    for ((i = 0; i < ${#s}; i++)); do
        c="${s:i:1}"
        case "$c" in
            [A-Za-z0-9/._~-]) out+="$c" ;;
            *) out+="$(printf '%%%02X' "'$c")" ;;
        esac
    done
    printf '%s\n' "$out"
}

# Prints the bin directory of the newest installed PostgreSQL server.
pg_bindir() {
    if [[ -n "${CIRCLES_PG_BINDIR:-}" && -x "${CIRCLES_PG_BINDIR}/initdb" ]]; then
        printf '%s\n' "$CIRCLES_PG_BINDIR"
        return
    fi
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5,5n | tail -n 1)"
    if [[ -n "$dir" && -x "$dir/initdb" ]]; then
        printf '%s\n' "$dir"
        return
    fi
    dir="$(pg_config --bindir 2>/dev/null || true)"
    if [[ -n "$dir" && -x "$dir/initdb" ]]; then
        printf '%s\n' "$dir"
        return
    fi
    dir="$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")"
    [[ -x "$dir/initdb" ]] || die "no PostgreSQL server found (initdb); run deploy/local/ensure-packages.sh"
    printf '%s\n' "$dir"
}

# Creates the cluster directory in .local/ of the checkout, or in /tmp when the
# postgres user cannot work inside the checkout (a 0700 directory, say).
make_cluster_dir() {
    mkdir -p -m 0755 "$CIRCLES_ROOT/.local"
    cluster_dir="$(mktemp -d "$CIRCLES_ROOT/.local/postgres-XXXXXX")"
    own_dir "$cluster_dir"
    if $is_root && ! runuser -u postgres -- test -w "$cluster_dir" -a -x "$cluster_dir" 2>/dev/null; then
        rm -rf "$cluster_dir"
        cluster_dir="$(mktemp -d /tmp/circles-postgres-XXXXXX)"
        own_dir "$cluster_dir"
        log "the postgres user cannot enter $CIRCLES_ROOT; using $cluster_dir for the cluster"
    fi
}

# ---------------------------------------------------------------- PostgreSQL

start_postgres() {
    local bindir
    bindir="$(pg_bindir)"
    make_cluster_dir
    pg_data="$cluster_dir/data"

    # A Unix socket path may not exceed 107 bytes; keep ours well short of that.
    local socket_name="/.s.PGSQL.65535"
    socket_dir="$cluster_dir"
    if ((${#socket_dir} + ${#socket_name} > 100)); then
        socket_dir="$(mktemp -d /tmp/circles-pgsock-XXXXXX)"
        own_dir "$socket_dir"
    fi

    local -a locale=(--locale=C.UTF-8)
    if ! locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then locale=(--no-locale); fi
    if ! as_pg "$bindir/initdb" --pgdata="$pg_data" --auth=trust --username=postgres \
        --encoding=UTF8 "${locale[@]}" >"$cluster_dir/initdb.log" 2>&1; then
        tail -n 20 "$cluster_dir/initdb.log" >&2
        die "initdb failed"
    fi

    local port attempt quoted_socket_dir="${socket_dir//\'/\'\'}"
    for attempt in 1 2 3; do
        port="$(free_port)"
        # Settings for a disposable test server: fast, not durable, many connections.
        cat >"$pg_data/circles.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$quoted_socket_dir'
max_connections = 400
shared_buffers = 128MB
# Suites migrate and drop their own schemas in parallel; dropping one locks every object in it.
max_locks_per_transaction = 256
fsync = off
synchronous_commit = off
full_page_writes = off
logging_collector = off
CONF
        if $is_root; then chown postgres:postgres "$pg_data/circles.conf"; fi
        grep -q "^include = 'circles.conf'" "$pg_data/postgresql.conf" ||
            echo "include = 'circles.conf'" >>"$pg_data/postgresql.conf"
        if launch_postgres "$bindir" "$port"; then
            break
        fi
        # Someone may have taken the port between our look and the server's bind.
        if [[ $attempt -lt 3 ]] && grep -q 'could not bind' "$cluster_dir/postgres.log" 2>/dev/null; then
            continue
        fi
        tail -n 30 "$cluster_dir/postgres.log" >&2 || true
        die "PostgreSQL did not start (log: $cluster_dir/postgres.log)"
    done

    "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$socket_dir" -p "$port" -U postgres -d postgres \
        -c 'CREATE DATABASE circles' >/dev/null

    export CIRCLES_PG_BINDIR="$bindir"
    export PATH="$bindir:$PATH"
    export CIRCLES_DATABASE_URL="postgres://postgres@localhost:$port/circles?host=$(url_encode "$socket_dir")"
    export CIRCLES_DATABASE_TCP_URL="postgres://postgres@127.0.0.1:$port/circles"
    export PGHOST="$socket_dir" PGPORT="$port" PGUSER=postgres PGDATABASE=circles
    log "started PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on port $port (socket $socket_dir)"
}

# Starts the postmaster as our own child, so that we reap it (pg_ctl would leave
# it to init), in a session of its own, so that a Ctrl-C meant for CMD does not
# shut it down under CMD. Waits until it accepts connections.
launch_postgres() {
    local bindir="$1" port="$2" tick
    local -a run=()
    if $is_root; then run=(runuser -u postgres --); fi
    (cd / && exec setsid "${run[@]}" "$bindir/postgres" -D "$pg_data") \
        </dev/null >>"$cluster_dir/postgres.log" 2>&1 &
    pg_runner=$!
    for tick in $(seq 600); do
        if "$bindir/pg_isready" -q -h "$socket_dir" -p "$port" -d postgres; then
            return 0
        fi
        if ! is_running "$pg_runner"; then
            wait "$pg_runner" 2>/dev/null || true
            pg_runner=""
            return 1
        fi
        sleep 0.1
    done
    stop_postgres
    return 1
}

# Whether a process exists and is not a zombie.
is_running() {
    local state
    state="$(ps -o stat= -p "$1" 2>/dev/null || true)"
    [[ -n "$state" && "$state" != Z* ]]
}

# Waits up to $2 seconds for process $1 to end; fails if it has not.
wait_gone() {
    local pid="$1" tick
    for tick in $(seq $(($2 * 10))); do
        is_running "$pid" || return 0
        sleep 0.1
    done
    ! is_running "$pid"
}

# Fast shutdown (SIGINT); then immediate (SIGQUIT); then SIGKILL.
stop_postgres() {
    [[ -n "$pg_runner" ]] || return 0
    local pid
    pid="$(head -n 1 "$pg_data/postmaster.pid" 2>/dev/null || true)"
    [[ "$pid" =~ ^[0-9]+$ ]] || pid="$pg_runner"
    kill -INT "$pid" 2>/dev/null || true
    if ! wait_gone "$pg_runner" 30; then
        log "PostgreSQL did not stop within 30 s; stopping it at once"
        kill -QUIT "$pid" 2>/dev/null || true
        if ! wait_gone "$pg_runner" 10; then
            kill -KILL "$pid" "$pg_runner" 2>/dev/null || true
        fi
    fi
    wait "$pg_runner" 2>/dev/null || true
    pg_runner=""
    log "stopped PostgreSQL"
}

# ---------------------------------------------------------------- SMTP sink

start_smtp() {
    local python port attempt
    if ! python="$(python_with aiosmtpd)"; then
        log "no aiosmtpd (Debian python3-aiosmtpd); not starting an SMTP sink"
        return 0
    fi
    mkdir -p "$CIRCLES_ROOT/.local"
    smtp_dir="$(mktemp -d "$CIRCLES_ROOT/.local/smtp-XXXXXX")"
    port="$(free_port)"
    # -n: do not setuid to nobody; -u: offer SMTPUTF8. The Mailbox handler stores each message in a Maildir.
    setsid "$python" -m aiosmtpd -n -u -l "127.0.0.1:$port" -c aiosmtpd.handlers.Mailbox "$smtp_dir/maildir" \
        </dev/null >"$smtp_dir/smtp.log" 2>&1 &
    smtp_pid=$!
    for attempt in $(seq 50); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            export CIRCLES_SMTP_URL="smtp://127.0.0.1:$port"
            export CIRCLES_SMTP_MAILDIR="$smtp_dir/maildir"
            log "started SMTP sink on port $port (mail in $CIRCLES_SMTP_MAILDIR)"
            return 0
        fi
        kill -0 "$smtp_pid" 2>/dev/null || break
        sleep 0.1
    done
    tail -n 20 "$smtp_dir/smtp.log" >&2 || true
    die "the SMTP sink did not start"
}

stop_smtp() {
    [[ -n "$smtp_pid" ]] || return 0
    if kill -TERM "$smtp_pid" 2>/dev/null; then
        wait "$smtp_pid" 2>/dev/null || true
        log "stopped SMTP sink"
    fi
}

# ---------------------------------------------------------------- IMAP (dovecot)

# Writes a dovecot configuration that runs everything as one unprivileged user from $imap_dir.
write_dovecot_conf() {
    local user="$1" group="$2" port="$3"
    cat >"$imap_dir/dovecot.conf" <<CONF
# A throwaway IMAP server for the tests: one user's rights, plain text on loopback, no TLS.
base_dir = $imap_dir/run
state_dir = $imap_dir/state
log_path = $imap_dir/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = $user
default_internal_group = $group
default_login_user = $user
first_valid_uid = 1
mail_location = maildir:$imap_dir/mail/%u
mail_fsync = never
namespace inbox {
  inbox = yes
  separator = /
}
passdb {
  driver = static
  args = password=circles
}
userdb {
  driver = static
  args = uid=$user gid=$group home=$imap_dir/home/%u
}
service imap-login {
  chroot =
  user = $user
  inet_listener imap {
    address = 127.0.0.1
    port = $port
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service stats {
  unix_listener stats-reader {
    user = $user
  }
  unix_listener stats-writer {
    user = $user
  }
}
CONF
}

start_imap() {
    local dovecot=/usr/sbin/dovecot port attempt user group
    if [[ ! -x "$dovecot" ]]; then
        log "no dovecot (Debian dovecot-imapd); not starting an IMAP server"
        return 0
    fi
    mkdir -p -m 0755 "$CIRCLES_ROOT/.local"
    imap_dir="$(mktemp -d "$CIRCLES_ROOT/.local/imap-XXXXXX")"
    mkdir -p "$imap_dir/run" "$imap_dir/state" "$imap_dir/mail" "$imap_dir/home"
    local -a run=()
    user="$(id -un)" group="$(id -gn)"
    if $is_root; then
        # dovecot would drop to its own users anyway; run the whole server as `dovecot`.
        user=dovecot group="$(id -gn dovecot)"
        run=(runuser -u dovecot --)
        chown -R dovecot:"$group" "$imap_dir"
        chmod 0755 "$imap_dir"
        if ! runuser -u dovecot -- test -w "$imap_dir/mail" -a -x "$imap_dir/mail" 2>/dev/null; then
            rm -rf "$imap_dir"
            imap_dir="$(mktemp -d /tmp/circles-imap-XXXXXX)"
            mkdir -p "$imap_dir/run" "$imap_dir/state" "$imap_dir/mail" "$imap_dir/home"
            log "the dovecot user cannot enter $CIRCLES_ROOT; using $imap_dir for the IMAP server"
        fi
        chown -R dovecot:"$group" "$imap_dir"
    fi
    chmod 0755 "$imap_dir"
    for attempt in 1 2 3; do
        port="$(free_port)"
        write_dovecot_conf "$user" "$group" "$port"
        (cd / && exec setsid "${run[@]}" "$dovecot" -F -c "$imap_dir/dovecot.conf") \
            </dev/null >>"$imap_dir/dovecot.out" 2>&1 &
        imap_pid=$!
        local tick
        for tick in $(seq 100); do
            if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
                export CIRCLES_TEST_IMAP_URL="imap://circles:circles@127.0.0.1:$port/INBOX"
                export CIRCLES_TEST_IMAP_CONFIG="$imap_dir/dovecot.conf"
                log "started dovecot $("$dovecot" --version | awk '{print $1}') on port $port (mail in $imap_dir/mail)"
                return 0
            fi
            is_running "$imap_pid" || break
            sleep 0.1
        done
        stop_imap
        grep -q 'Address already in use' "$imap_dir/dovecot.log" "$imap_dir/dovecot.out" 2>/dev/null && continue
        break
    done
    tail -n 20 "$imap_dir/dovecot.log" "$imap_dir/dovecot.out" >&2 || true
    die "dovecot did not start (log: $imap_dir/dovecot.log)"
}

stop_imap() {
    [[ -n "$imap_pid" ]] || return 0
    kill -TERM "$imap_pid" 2>/dev/null || true
    if ! wait_gone "$imap_pid" 10; then
        kill -KILL "$imap_pid" 2>/dev/null || true
    fi
    wait "$imap_pid" 2>/dev/null || true
    imap_pid=""
    log "stopped dovecot"
}

# ---------------------------------------------------------------- lifecycle

# Sends a signal to a process and all its descendants, children first.
signal_tree() {
    local signal="$1" pid="$2" child
    for child in $(pgrep -P "$pid" 2>/dev/null || true); do
        signal_tree "$signal" "$child"
    done
    kill -s "$signal" "$pid" 2>/dev/null || true
}

# Stops CMD (and whatever it started) if it still runs: TERM, then KILL after 10 s.
stop_child() {
    [[ -n "$child_pid" ]] || return 0
    local tick
    kill -0 "$child_pid" 2>/dev/null || return 0
    signal_tree TERM "$child_pid"
    for tick in $(seq 100); do
        kill -0 "$child_pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$child_pid" 2>/dev/null; then
        log "$1 did not stop on TERM; killing it"
        signal_tree KILL "$child_pid"
    fi
    wait "$child_pid" 2>/dev/null || true
}

cleanup() {
    local status=$?
    trap - EXIT INT TERM HUP
    set +e
    stop_child "${cmd_name:-the command}"
    stop_smtp
    stop_imap
    stop_postgres
    [[ -n "$smtp_dir" ]] && rm -rf "$smtp_dir"
    [[ -n "$imap_dir" ]] && rm -rf "$imap_dir"
    [[ -n "$socket_dir" && "$socket_dir" != "$cluster_dir" ]] && rm -rf "$socket_dir"
    [[ -n "$cluster_dir" ]] && rm -rf "$cluster_dir"
    rmdir "$CIRCLES_ROOT/.local" 2>/dev/null
    exit "$status"
}

on_signal() {
    local name="$1" number="$2"
    log "got SIG$name; stopping"
    exit $((128 + number))
}

trap cleanup EXIT
trap 'on_signal INT 2' INT
trap 'on_signal TERM 15' TERM
trap 'on_signal HUP 1' HUP

if [[ -n "${CIRCLES_DATABASE_URL:-}" ]]; then
    log "using CIRCLES_DATABASE_URL from the environment"
else
    start_postgres
fi

if [[ -n "${CIRCLES_SMTP_URL:-}" ]]; then
    log "using CIRCLES_SMTP_URL from the environment"
else
    start_smtp
fi

if [[ -n "${CIRCLES_TEST_IMAP_URL:-}" ]]; then
    log "using CIRCLES_TEST_IMAP_URL from the environment"
else
    start_imap
fi

# CMD runs in the background so that a signal reaches our traps at once rather
# than after CMD ends. A background job would get /dev/null as stdin and ignore
# SIGINT; pass our stdin on when we have one, and restore SIGINT's default.
if { true <&0; } 2>/dev/null; then
    env --default-signal=INT,QUIT -- "$@" <&0 &
else
    env --default-signal=INT,QUIT -- "$@" </dev/null &
fi
child_pid=$!
cmd_name="$1"
set +e
wait "$child_pid"
status=$?
set -e
child_pid=""
exit "$status"
