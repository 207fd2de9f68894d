#!/usr/bin/env bash
# The story behind `make demo`: a team leaves a "Whose Shoes?" workshop with action
# items; one of them becomes a monthly peer-support meeting with a rotating facilitator;
# the first meeting is held, with attendance and two follow-ups; then what comes next.
# Run it through with-services.sh, which provides CIRCLES_DATABASE_URL.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$CIRCLES_ROOT"

[[ -n "${CIRCLES_DATABASE_URL:-}" ]] ||
    die "CIRCLES_DATABASE_URL is not set; run this as: make demo (or deploy/local/with-services.sh $0)"

read -ra swift <<<"${SWIFT:-swift}"
read -ra build_flags <<<"${SWIFT_BUILD_FLAGS:-}"

log "building circles, circles-worker and circles-web"
"${swift[@]}" build --product circles "${build_flags[@]}"
"${swift[@]}" build --product circles-worker "${build_flags[@]}"
"${swift[@]}" build --product circles-web "${build_flags[@]}"
bin="$("${swift[@]}" build --show-bin-path "${build_flags[@]}")"
python="$(python_with json)" || die "python3 is needed to read the demo's JSON"

# Prints each command as a reader would type it, then runs it.
circles() {
    printf '\n$ circles'
    local arg
    for arg in "$@"; do
        if [[ $arg =~ ^[A-Za-z0-9@%+=:,./_-]+$ ]]; then printf ' %s' "$arg"; else printf " '%s'" "${arg//\'/\'\\\'\'}"; fi
    done
    printf '\n'
    "$bin/circles" "$@"
}
# Runs quietly and prints one field of the JSON listing's row whose column $1 equals $2.
field_where() {
    local column=$1 value=$2 wanted=$3
    shift 3
    "$bin/circles" "$@" --format json | "$python" -c '
import json, sys
column, value, wanted = sys.argv[1:4]
rows = [row for row in json.load(sys.stdin) if row[column] == value]
if not rows:
    sys.exit(f"demo: no row with {column} = {value!r}")
print(rows[0][wanted])' "$column" "$value" "$wanted"
}

team="Adult Social Care – North"
workshop="Whose Shoes? personalisation workshop"
# The demo starts from the most recent second Tuesday, so that the first meeting has happened.
first_meeting="$("$python" -c '
import datetime
today = datetime.date.today()
def second_tuesday(year, month):
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(1 - first.weekday()) % 7 + 7)
day = second_tuesday(today.year, today.month)
if day >= today:
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    day = second_tuesday(year, month)
print(day.isoformat())')"

circles db migrate
circles admin add --email admin@council.example --name "Alex Morgan" --time-zone Europe/London
export CIRCLES_ACTOR=admin@council.example

circles team create --name "$team" --time-zone Europe/London
circles person add --email lead@council.example --name "Priya Shah"
names=("" "Sam Okafor" "Jo Whitfield" "Aisha Rahman" "Tom Evans" "Marta Nowak" "Dev Patel")
for n in 1 2 3 4 5 6; do
    circles person add --email "sw$n@council.example" --name "${names[$n]}"
done
circles person add --email citizen@council.example --name "Grace Bello"
circles team add-member "$team" --email lead@council.example --role lead
circles team add-member "$team" --email sw1@council.example --email sw2@council.example --email sw3@council.example \
    --email sw4@council.example --email sw5@council.example --email sw6@council.example --role member
circles team add-member "$team" --email citizen@council.example --role citizen-representative
circles team members "$team"

export CIRCLES_ACTOR=lead@council.example
circles workshop record --team "$team" --title "$workshop" --date 2026-11-03 --facilitator lead@council.example \
    --notes "Cards from service users, carers, social workers and managers."
circles action import deploy/local/demo/whose-shoes-actions.csv --workshop "$workshop"
circles action list --workshop "$workshop"

action="$(field_where title "Set up regular peer-support meetings for social workers" id action list --workshop "$workshop")"
circles action schedule "$action" --title "Peer support – social workers" \
    --every "2nd tuesday of the month" --start "${first_meeting}T14:00" --end 15:30 \
    --facilitator sw1@council.example --facilitator sw2@council.example --facilitator sw3@council.example \
    --whole-team --location "Room 2, Civic Centre"
circles action status "$action" in-progress

meeting="$(field_where date "$first_meeting" id meeting list --team "$team" --from "$first_meeting" --days 1)"
export CIRCLES_ACTOR=sw1@council.example   # the first meeting's facilitator records it
circles meeting hold "$meeting" \
    --attended sw1@council.example --attended sw2@council.example --attended sw4@council.example \
    --attended lead@council.example --attended citizen@council.example \
    --apologies sw3@council.example --apologies sw5@council.example \
    --notes "Shared approaches to a complex safeguarding case."
circles followup add --meeting "$meeting" --title "Share the reflective supervision template" \
    --owner sw2@council.example --due "$("$python" -c 'import datetime; print(datetime.date.today() + datetime.timedelta(days=14))')"
circles followup add --meeting "$meeting" --title "Invite the hospital discharge team to a future session" \
    --owner lead@council.example

export CIRCLES_ACTOR=lead@council.example
echo
echo "One-to-one peer support: the team's new starters each get a mentor, matched within the mentors' capacity"
echo "(new starters first, by start date); the pair lasts until it is ended:"
today="$("$python" -c 'import datetime; print(datetime.date.today())')"
started() { "$python" -c 'import datetime, sys; print(datetime.date.today() - datetime.timedelta(days=int(sys.argv[1])))' "$1"; }
mentor_action="$(field_where title "Pair each new social worker with a peer mentor" id action list --workshop "$workshop")"
circles pairs scheme create --name "New starter mentoring" --kind mentoring --team "$team" \
    --rule "FREQ=MONTHLY" --start "${today}T10:00" --action "$mentor_action"
circles pairs mentor add "New starter mentoring" --person sw1@council.example --capacity 2
circles pairs mentor add "New starter mentoring" --person sw2@council.example --capacity 1
circles pairs join "New starter mentoring" --person sw5@council.example --started "$(started 21)"
circles pairs join "New starter mentoring" --person sw6@council.example --started "$(started 60)"
circles pairs round run "New starter mentoring" --seed 1

export CIRCLES_ACTOR=admin@council.example
east="Children's Services – East"
echo
echo "And a buddy round across two teams: an exact maximum-weight matching, never two from the same team,"
echo "never a pair someone asked not to be in:"
circles team create --name "$east" --time-zone Europe/London
circles person add --email east1@council.example --name "Lena Fox"
circles person add --email east2@council.example --name "Ravi Menon"
circles person add --email east3@council.example --name "Chloe Adams"
circles team add-member "$east" --email east1@council.example --role lead
circles team add-member "$east" --email east2@council.example --email east3@council.example --role member
circles pairs scheme create --name "Coffee across teams" --team "$team" --team "$east" --cross-teams \
    --rule "FREQ=WEEKLY;INTERVAL=4" --start "${today}T12:30"
for person in lead@council.example sw3@council.example sw4@council.example east1@council.example east2@council.example east3@council.example; do
    circles pairs join "Coffee across teams" --person "$person"
done
CIRCLES_ACTOR=sw4@council.example circles pairs exclude east2@council.example
circles pairs round run "Coffee across teams" --seed 1

export CIRCLES_ACTOR=lead@council.example

export CIRCLES_ACTOR=lead@council.example
echo
echo "What comes next:"
circles meeting list --team "$team"
next="$(field_where status scheduled id meeting list --team "$team")"
circles meeting agenda "$next"

echo
echo "The reminder worker's pass: meetings to the horizon, reminders into the outbox, due ones sent"
echo "(to the local SMTP sink at ${CIRCLES_SMTP_URL:-?}):"
printf '\n$ circles-worker run --once\n'
# Signed links in mail: the worker signs, circles-web verifies, with the same key.
export CIRCLES_WEB_SIGNING_KEYS="1:$(openssl rand -base64 32)"
export CIRCLES_WEB_PUBLIC_URL="https://circles.council.example/circles"
CIRCLES_MAIL_FROM="Circles <circles@council.example>" CIRCLES_LOG_LEVEL=warning "$bin/circles-worker" run --once

export CIRCLES_ACTOR=lead@council.example
echo
echo "After the introductions went out, a mentor and new starter say they met: it counts as peer support in coverage and the progress report."
mentoring_round="$(field_where round 1 round_id pairs scheme show "New starter mentoring")"
circles pairs met "$(field_where size pair group_id pairs round show "$mentoring_round")"
circles pairs round show "$mentoring_round"

export CIRCLES_ACTOR=admin@council.example
echo
echo "Bank holidays: the team follows England and Wales's (gov.uk's bank-holidays.json), and a weekly"
echo "Monday huddle set to move off closed days lands on the Tuesday after a bank-holiday Monday:"
circles closures import Tests/CirclesServicesTests/Fixtures/bank-holidays-2025-2027.json \
    --calendar "Bank holidays (England and Wales)" --division england-and-wales
export CIRCLES_ACTOR=lead@council.example
circles closures follow --team "$team" --calendar "Bank holidays (England and Wales)"
next_monday="$("$python" -c 'import datetime; t = datetime.date.today(); print(t + datetime.timedelta(days=7 - t.weekday()))')"
huddle_action="$(field_where title "Pair each new social worker with a peer mentor" id action list --workshop "$workshop")"
huddle="$("$bin/circles" action schedule "$huddle_action" --title "Duty team huddle" --every "every monday" \
    --start "${next_monday}T09:30" --duration 30m --whole-team --on-closure next-working-day --format json |
    "$python" -c 'import json, sys; print(json.load(sys.stdin)["id"])')"
CIRCLES_ACTOR=admin@council.example "$bin/circles" series extend --days 150 >/dev/null
circles meeting list --series "$huddle" --days 150

export CIRCLES_ACTOR=admin@council.example
echo
echo "The administrator's view: what was sent, and how the workshop's actions are getting on"
echo "(\`--format html\` gives the same report with charts, as one self-contained file):"
circles reminders status
circles audit progress --team "$team"
circles audit verify

# ---------------------------------------------------------------- circles-web: one answer
if [[ -n "${CIRCLES_SMTP_MAILDIR:-}" ]]; then
    echo
    echo "One of the invitations, answered: Aisha follows \"I'll be there\" from her mail, on circles-web"
    echo "(here at 127.0.0.1, as the reverse proxy at $CIRCLES_WEB_PUBLIC_URL would pass it on):"
    web_log="$(mktemp)"
    CIRCLES_WEB_LISTEN=127.0.0.1:0 CIRCLES_LOG_LEVEL=warning "$bin/circles-web" >"$web_log" 2>&1 &
    web_pid=$!
    trap 'kill "$web_pid" 2>/dev/null || true; rm -f "$web_log"' EXIT
    for _ in $(seq 1 300); do
        grep -q "circles-web listening on" "$web_log" && break
        sleep 0.1
    done
    web_origin="http://$(sed -n 's/^circles-web listening on //p' "$web_log" | head -n 1)"
    [[ "$web_origin" != "http://" ]] || die "circles-web did not start: $(cat "$web_log")"
    # Her mail's "I'll be there" links, one per meeting; the demo follows one that still takes answers.
    links="$("$python" - "$CIRCLES_SMTP_MAILDIR" <<'PY'
import email.policy, glob, re, sys
from email.parser import BytesParser
for path in sorted(glob.glob(sys.argv[1] + "/new/*")):
    with open(path, "rb") as f:
        msg = BytesParser(policy=email.policy.default).parse(f)
    if "sw3@council.example" in str(msg["To"]):
        for found in re.findall(r"https://\S+/r/[A-Za-z0-9_-]{74}\?a=accepted", msg.get_body(preferencelist=("plain",)).get_content()):
            print(found)
PY
)"
    link="" local_link=""
    for candidate in $links; do
        local_link="${candidate/$CIRCLES_WEB_PUBLIC_URL/$web_origin/circles}"
        if curl -s "$local_link" | grep -q 'name="form"'; then link="$candidate"; break; fi
    done
    [[ -n "$link" ]] || die "no answer link for an upcoming meeting in the mail to sw3@council.example"
    page_text() { "$python" -c 'import html, re, sys
t = re.sub(r"(?s)<(head|label)\b.*?</\1>", "", sys.stdin.read())
t = re.sub(r"(?s)<button[^>]*>(.*?)</button>", r"[ \1 ]", t)
print(re.sub(r"\n\s*\n+", "\n", html.unescape(re.sub(r"<[^>]+>", "", t))).strip())'; }
    printf '\n$ curl %s\n' "${link:0:60}…"
    page="$(curl -s "$local_link")"
    printf '%s\n' "$page" | page_text
    form="$(printf '%s' "$page" | sed -n 's/.*name="form" value="\([A-Za-z0-9_-]*\)".*/\1/p' | head -n 1)"
    printf '\n(she presses "I’ll be there"; the form posts back to the same address)\n'
    saved="$(curl -s -o /dev/null -w '%{redirect_url}' -H "Origin: $web_origin" \
        --data "form=$form&answer=accepted&note=" "${local_link%%\?*}")"
    curl -s "$saved" | page_text
    printf '\nRecorded in the database:\n'
    psql "$CIRCLES_DATABASE_URL" -X -q -c "SELECT p.display_name AS person, r.answer, r.source, r.answered_at::timestamp(0) AS answered_at
        FROM meeting_responses r JOIN people p ON p.id = r.person_id"

    # ---------------------------------------------------------------- a calendar feed
    echo
    echo "Aisha puts the meetings in her calendar: a feed link, which her calendar program then polls"
    printf '\n$ circles person feed-link sw3@council.example --as sw3@council.example\n'
    feed_out="$("$bin/circles" person feed-link sw3@council.example --as sw3@council.example)"
    printf '%s\n' "$feed_out"
    feed_url="$(tail -n 1 <<<"$feed_out")"
    local_feed="${feed_url/$CIRCLES_WEB_PUBLIC_URL/$web_origin/circles}"
    feed_file="$(mktemp)" feed_headers="$(mktemp)"
    printf '\n$ curl -i %s\n' "${feed_url:0:60}…"
    curl -s -D "$feed_headers" -o "$feed_file" "$local_feed"
    grep -iE '^(HTTP/|content-type|etag|last-modified|cache-control)' "$feed_headers" | tr -d '\r'
    "$python" - "$feed_file" <<'PY'
import sys
from icalendar import Calendar
calendar = Calendar.from_ical(open(sys.argv[1], "rb").read())
print(f"({calendar.get('X-WR-CALNAME')}: {len(calendar.walk('VTIMEZONE'))} VTIMEZONE, {len(calendar.walk('VEVENT'))} events)")
for event in calendar.walk("VEVENT"):
    start = event["DTSTART"].dt
    print(f"  {start:%a %d %b %Y %H:%M} {start.tzname()}  {event['SUMMARY']}  {event['STATUS']}  SEQUENCE {event.get('SEQUENCE', 0)}")
PY
    etag="$(sed -n 's/^[Ee][Tt][Aa][Gg]: *//p' "$feed_headers" | tr -d '\r')"
    printf '\nPolling again with the ETag costs no body (and, once circles-web has seen the feed, no query):\n$ curl -i -H '\''If-None-Match: %s'\'' …\n' "$etag"
    curl -s -o /dev/null -D - -H "If-None-Match: $etag" "$local_feed" | grep -iE '^(HTTP/|etag)' | tr -d '\r'
    rm -f "$feed_file" "$feed_headers"
    kill "$web_pid" 2>/dev/null || true
    wait "$web_pid" 2>/dev/null || true
fi
