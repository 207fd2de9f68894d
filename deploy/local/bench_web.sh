#!/usr/bin/env bash
# make bench, web section: circles-web and nginx (Debian) side by side on this machine, both
# loaded by wrk (Debian) in the same run:
#   feed 304    a calendar feed of 50 meetings revalidated with If-None-Match (304), against nginx
#               answering the same bytes as a static file with its own If-None-Match (304);
#               goal: circles-web at least half of nginx's requests per second
#   responses   POSTed answers per second through the response form (goal: 5,000 on 2 cores)
#   latency     p99 at 100 connections, for both (goal: under 20 ms)
#   memory      circles-web's peak resident memory (VmHWM) after the runs (goal: under 60 MB)
# Usage: bench_web.sh BIN_DIR   (inside with-services.sh; the database is CIRCLES_DATABASE_URL)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$CIRCLES_ROOT"
bin="$1"
duration="${CIRCLES_BENCH_WEB_SECONDS:-6}"
command -v wrk >/dev/null || die "wrk is missing; run deploy/local/ensure-packages.sh (Debian wrk)"
command -v nginx >/dev/null || command -v /usr/sbin/nginx >/dev/null || die "nginx is missing; run deploy/local/ensure-packages.sh"
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"

work="$(mktemp -d)"
web_pid="" nginx_pid=""
cleanup() {
    [[ -n "$web_pid" ]] && kill "$web_pid" 2>/dev/null && wait "$web_pid" 2>/dev/null
    [[ -n "$nginx_pid" ]] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

# A schema of its own, so the figures do not depend on what other sections left behind.
schema="bench_web_$$"
base_url="$CIRCLES_DATABASE_URL"
psql "$base_url" -X -q -c "CREATE SCHEMA $schema" >/dev/null
export CIRCLES_DATABASE_URL="${CIRCLES_DATABASE_URL}$([[ "$CIRCLES_DATABASE_URL" == *\?* ]] && echo '&' || echo '?')options=-csearch_path%3D$schema"
export CIRCLES_WEB_PUBLIC_URL="https://bench.example/circles"
export CIRCLES_WEB_SIGNING_KEYS="1:$(openssl rand -base64 32)"
export CIRCLES_MAIL_DOMAIN="bench.example"
export CIRCLES_LOG_LEVEL=error
c() { "$bin/circles" "$@" >/dev/null; }
c db migrate
c admin add --email admin@bench.example --name "Ada Admin"
export CIRCLES_ACTOR=admin@bench.example
c person add --email lead@bench.example --name "Lee Lead"
c person add --email sam@bench.example --name "Sam Member"
c team create --name Bench
c team add-member Bench --email lead@bench.example --role lead
c team add-member Bench --email sam@bench.example
c workshop record --team Bench --as lead@bench.example --title "Bench workshop" --date "$(date -u +%F)"
action="$("$bin/circles" action add --workshop "Bench workshop" --title "Daily circles" --perspective practitioner --format json --as lead@bench.example |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')"
# 50 meetings, all in a feed's window (8 weeks back to the 90-day horizon).
c action schedule "$action" --rule "FREQ=DAILY;COUNT=50" --start "$(date -u -d tomorrow +%F)T10:00" --duration 1h \
    --facilitator lead@bench.example --whole-team --as lead@bench.example
feed_url="$("$bin/circles" person feed-link sam@bench.example --as sam@bench.example | tail -n 1)"
feed_path="/${feed_url#https://*/}"

# circles-web on a free loopback port, rate limits off for the load.
CIRCLES_WEB_LISTEN=127.0.0.1:0 CIRCLES_WEB_RATE_LIMITS=off "$bin/circles-web" >"$work/web.log" 2>&1 &
web_pid=$!
for _ in $(seq 1 300); do grep -q "circles-web listening on" "$work/web.log" && break; sleep 0.1; done
web="http://$(sed -n 's/^circles-web listening on //p' "$work/web.log" | head -n 1)"
[[ "$web" != "http://" ]] || die "circles-web did not start: $(cat "$work/web.log")"

mkdir -p "$work/www"
curl -fsS -D "$work/feed.headers" -o "$work/www/feed.ics" "$web$feed_path" || die "circles-web did not serve the feed $feed_path: $(curl -s "$web$feed_path" | head -c 300) $(tail -n 5 "$work/web.log")"
events="$(grep -c '^BEGIN:VEVENT' "$work/www/feed.ics")"
[[ "$events" == 50 ]] || die "the bench feed has $events events, not 50"
web_etag="$(sed -n 's/^[Ee][Tt][Aa][Gg]: *//p' "$work/feed.headers" | tr -d '\r')"

# nginx serving the same bytes as a static file, with its own ETag.
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
cat >"$work/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
daemon off;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp;
    uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
    server {
        listen 127.0.0.1:$port;
        root $work/www;
        etag on;
        types { text/calendar ics; }
    }
}
CONF
mkdir -p "$work/tmp"
# nginx's workers run as an unprivileged user when started as root: let them read the file.
chmod a+rx "$work" "$work/www" && chmod a+r "$work/www/feed.ics"
"$nginx_bin" -c "$work/nginx.conf" -p "$work" &
nginx_pid=$!
for _ in $(seq 1 100); do curl -fsS -o /dev/null "http://127.0.0.1:$port/feed.ics" 2>/dev/null && break; sleep 0.05; done
nginx_etag="$(curl -fsS -D - -o /dev/null "http://127.0.0.1:$port/feed.ics" | sed -n 's/^[Ee][Tt][Aa][Gg]: *//p' | tr -d '\r')"

check_304() {
    local status
    status="$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $2" "$1")"
    [[ "$status" == 304 ]] || die "$1 answered $status to If-None-Match, not 304"
}
check_304 "$web$feed_path" "$web_etag"
check_304 "http://127.0.0.1:$port/feed.ics" "$nginx_etag"

# wrk: requests per second and p99 (µs) from its --latency summary.
load() { # NAME URL ETAG CONNECTIONS
    local out
    out="$(wrk -t2 -c"$4" -d"${duration}s" --latency -H "If-None-Match: $3" "$2")"
    local rps p99 non2xx
    rps="$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")"
    p99="$(awk '$1 == "99%" { print $2 }' <<<"$out")"
    non2xx="$(awk '/Non-2xx or 3xx responses:/ { print $5 }' <<<"$out")"
    printf '%-34s %12s req/s   p99 %8s%s\n' "$1 (c=$4)" "$rps" "$p99" "${non2xx:+   ($non2xx not 2xx/3xx!)}"
    echo "$rps" >"$work/$1-$4.rps"
}
echo
echo "web: calendar feed of 50 meetings revalidated with If-None-Match (304), wrk -t2, ${duration}s each"
# Other work on the machine moves every figure; the ratio to nginx in the same round moves least.
# Three rounds, nginx and circles-web one after the other in each; the median ratio is the figure.
echo "machine load (1, 5, 15 min): $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
ratios=()
for round in 1 2 3; do
    load nginx "http://127.0.0.1:$port/feed.ics" "$nginx_etag" 100
    load circles-web "$web$feed_path" "$web_etag" 100
    ratios+=("$(python3 -c "print(f'{float(open(\"$work/circles-web-100.rps\").read()) / float(open(\"$work/nginx-100.rps\").read()):.2f}')")")
    echo "  round $round: circles-web / nginx ${ratios[-1]}"
done
ratio="$(printf '%s\n' "${ratios[@]}" | sort -n | sed -n 2p)"
echo "circles-web / nginx, median of 3 rounds: $ratio (goal: at least 0.5)"
full="$(wrk -t2 -c100 -d"${duration}s" "$web$feed_path" | awk '/^Requests\/sec:/ { print $2 }')"
echo "circles-web full feed (200, $(wc -c <"$work/www/feed.ics") bytes): $full req/s"

# POSTed answers: every answer link the worker mailed (3 people × 50 meetings), each with the
# form token its page carries; wrk posts them round robin, alternating "I'll be there" and
# "Sorry, I can't make it", so every request changes an answer (a write, its history and audit).
CIRCLES_SMTP_URL="file://$work/mail" CIRCLES_MAIL_FROM="Circles <circles@bench.example>" "$bin/circles-worker" run --once >/dev/null
python3 - "$work/mail" "$web" "$CIRCLES_WEB_PUBLIC_URL" >"$work/forms.lua" <<'PY'
import email.policy, glob, re, sys, urllib.request
from email.parser import BytesParser
directory, origin, public = sys.argv[1:4]
links = set()
for path in glob.glob(directory + "/*.eml"):
    with open(path, "rb") as f:
        message = BytesParser(policy=email.policy.default).parse(f)
    links.update(re.findall(r"https://\S+/r/[A-Za-z0-9_-]{74}", message.get_body(preferencelist=("plain",)).get_content()))
pairs = []
for link in sorted(links):
    path = link.replace(public, "/circles", 1) if link.startswith(public) else link
    page = urllib.request.urlopen(origin + path).read().decode()
    form = re.search(r'name="form" value="([A-Za-z0-9_-]+)"', page)
    if form:
        pairs.append((path, form.group(1)))
if not pairs:
    sys.exit("no answer links with forms in the worker's mail")
print("forms = {" + ",".join('{"%s","%s"}' % pair for pair in pairs) + "}")
PY
cat >>"$work/forms.lua" <<'LUA'
-- Each wrk thread posts its own share of the links (a thread's own counter alternates the answer,
-- so two threads posting one link would post the same answer twice, the second changing nothing).
local threads = 0
function setup(thread)
    thread:set("id", threads)
    threads = threads + 1
end
function init(args)
    mine = {}
    for i, pair in ipairs(forms) do
        if (i - 1) % 2 == id then table.insert(mine, pair) end
    end
end
local n = 0
request = function()
    n = n + 1
    local pair = mine[(n % #mine) + 1]
    local answer = (math.floor(n / #mine) % 2 == 0) and "declined" or "accepted"
    return wrk.format("POST", pair[1], {["Content-Type"] = "application/x-www-form-urlencoded"},
        "form=" .. pair[2] .. "&answer=" .. answer .. "&note=")
end
LUA
links="$(grep -o '{"/' "$work/forms.lua" | wc -l)"
# CPU time (user + system, clock ticks) of circles-web and of every PostgreSQL process, around the
# run: CPU per answer moves far less with other work on the machine than answers per second do.
pg_postmaster="$(ps -o ppid= -p "$(psql "$CIRCLES_DATABASE_URL" -X -q -A -t -c "SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'")" | tr -d ' ')"
cpu_of() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
pg_cpu() { # the postmaster's children alive now, and those it has reaped
    local total pid
    total="$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$pg_postmaster/stat")"
    for pid in $(cat /proc/"$pg_postmaster"/task/*/children); do total=$((total + $(cpu_of "$pid"))); done
    echo "$total"
}
answers_before="$(psql "$CIRCLES_DATABASE_URL" -X -q -A -t -c 'SELECT count(*) FROM meeting_response_history')"
web_cpu_before="$(cpu_of "$web_pid")" pg_cpu_before="$(pg_cpu)" machine_before="$(head -n 1 /proc/stat)"
out="$(wrk -t2 -c100 -d"${duration}s" --latency -s "$work/forms.lua" "$web")"
web_cpu_after="$(cpu_of "$web_pid")" pg_cpu_after="$(pg_cpu)" machine_after="$(head -n 1 /proc/stat)"
answers_after="$(psql "$CIRCLES_DATABASE_URL" -X -q -A -t -c 'SELECT count(*) FROM meeting_response_history')"
rps="$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")"
p99="$(awk '$1 == "99%" { print $2 }' <<<"$out")"
non3xx="$(awk '/Non-2xx or 3xx responses:/ { print $5 }' <<<"$out")"
printf '%-34s %12s req/s   p99 %8s%s\n' "POSTed answers, $links links (c=100)" "$rps" "$p99" "${non3xx:+   ($non3xx not 2xx/3xx!)}"
echo "(goal: at least 5,000 answers per second on 2 cores)"
posts="$(awk '/requests in/ { print $1 }' <<<"$out")"
python3 - "$posts" "$((answers_after - answers_before))" "$((web_cpu_after - web_cpu_before))" "$((pg_cpu_after - pg_cpu_before))" "$(getconf CLK_TCK)" \
    "$rps" "$p99" "$machine_before" "$machine_after" <<'PY'
import sys
posts, answers, web, pg, hz = (int(v) for v in sys.argv[1:6])
per = lambda ticks, count: f"{ticks / hz / count * 1e6:.0f} µs" if count else "n/a"
print(f"{answers} of {posts} POSTs changed an answer; CPU per POST: circles-web {per(web, posts)}, PostgreSQL {per(pg, posts)}; "
      f"machine load {open('/proc/loadavg').read().split()[0]}")
# wrk keeps 100 requests in flight, so the mean latency is 100 / throughput (Little's law): p99 is
# that mean times the spread of the latencies; idle time says whether the cores were the limit.
rps, p99 = float(sys.argv[6]), sys.argv[7]
p99_ms = float(p99[:-2]) if p99.endswith("ms") else float(p99[:-2]) / 1000 if p99.endswith("us") else float(p99[:-1]) * 1000
before, after = ([int(v) for v in line.split()[1:]] for line in sys.argv[8:10])
spent = [a - b for a, b in zip(after, before)]
print(f"mean latency {100 / rps * 1000:.1f} ms (100 in flight / throughput), p99 {p99_ms / (100 / rps * 1000):.2f} × the mean; "
      f"machine idle {100 * (spent[3] + spent[4]) / sum(spent):.0f}%, stolen {100 * spent[7] / sum(spent):.0f}%")
PY
psql "$CIRCLES_DATABASE_URL" -X -q -t -c "SELECT (SELECT count(*) FROM meeting_response_history) || ' answers recorded (with history and audit) for ' || count(*) || ' (meeting, person) pairs' FROM meeting_responses" | sed '/^ *$/d; s/^ */database: /'
rss="$(awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$web_pid/status")"
echo "circles-web peak resident memory: $rss MB (goal: under 60 MB)"
psql "$base_url" -X -q -c "DROP SCHEMA $schema CASCADE" >/dev/null 2>&1 || true
