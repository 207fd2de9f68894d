"""Calendar replies read from IMAP, behind `make bench replies` (deploy/local/bench.sh).

Sets up a team of 100 people with a weekly series (invitations sent to a file sink, so each
person and meeting has its reply token), delivers 10,000 iTIP REPLYs (Google's shape, answers
alternating, DTSTAMPs rising) into a fresh mailbox of the dovecot that with-services.sh started,
then times:

  plain fetch   Python's imaplib fetching every message whole (UID FETCH 1:* BODY.PEEK[]) over
                the same IMAP server: the floor any reader pays just to get the bytes;
  doveadm fetch dovecot's own `doveadm fetch text` of the same mailbox, without the network;
  Circles       `circles-worker run --once` end to end: IMAP (search, fetch, move), parsing,
                matching, recording each answer in PostgreSQL, filing each message.

Prints replies per second and the ratio to the plain fetch; goal >= 500 replies/s on 2 cores.
Then checks that every reply was matched and every message filed away.
"""
import email.utils, imaplib, json, os, random, re, subprocess, sys, tempfile, time, urllib.parse, uuid

bin_dir = sys.argv[1]
count = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
imap_url = os.environ["CIRCLES_TEST_IMAP_URL"]
conf = os.environ.get("CIRCLES_TEST_IMAP_CONFIG")
schema = "bench_replies"
base_url = os.environ["CIRCLES_DATABASE_URL"]
db_url = base_url + ("&" if "?" in base_url else "?") + "options=-csearch_path%3D" + schema
user = "bench-" + uuid.uuid4().hex[:8]
parsed = urllib.parse.urlparse(imap_url)
mailbox_url = f"imap://{user}:circles@{parsed.hostname}:{parsed.port}/INBOX"


def circles(*args, env=None):
    result = subprocess.run([os.path.join(bin_dir, "circles"), *args], capture_output=True, text=True,
                            env=dict(os.environ, CIRCLES_DATABASE_URL=db_url, CIRCLES_ACTOR="admin@bench.example", **(env or {})))
    if result.returncode != 0:
        raise SystemExit(f"circles {' '.join(args)} failed: {result.stderr}")
    return result.stdout


def psql(sql):
    return subprocess.run(["psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-c", f"SET search_path TO {schema}; " + sql],
                          capture_output=True,
                          text=True, check=True).stdout


psql(f"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}")
circles("db", "migrate")
circles("admin", "add", "--email", "admin@bench.example", "--name", "Ada Admin")
circles("team", "create", "--name", "North")
people = [(f"p{i:03d}@bench.example", f"Person {i}") for i in range(100)]
for address, name in people:
    circles("person", "add", "--email", address, "--name", name)
circles("team", "add-member", "North", *[a for address, _ in people for a in ("--email", address)])
circles("workshop", "record", "--team", "North", "--title", "Whose Shoes?", "--date", "2026-11-03")
added = circles("action", "add", "--workshop", "Whose Shoes?", "--title", "Peer support", "--perspective", "practitioner")
action = re.search(r"\(id ([0-9a-f-]+)\)", added).group(1)
start = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 3 * 86400))
circles("action", "schedule", action, "--rule", "FREQ=WEEKLY;COUNT=3", "--start", f"{start}T14:00", "--duration", "90m",
        "--whole-team", "--reminders", "1h")
with tempfile.TemporaryDirectory() as spool:
    worker_env = dict(os.environ, CIRCLES_DATABASE_URL=db_url, CIRCLES_SMTP_URL="file://" + spool,
                      CIRCLES_MAIL_FROM="Circles <circles@bench.example>", CIRCLES_REPLIES_IMAP_URL=mailbox_url,
                      CIRCLES_LOG_LEVEL="warning")
    subprocess.run([os.path.join(bin_dir, "circles-worker"), "run", "--once"], env=worker_env, check=True,
                   stdout=subprocess.DEVNULL)
rows = psql("SELECT p.email, t.token, o.series_id, to_char(o.original_start AT TIME ZONE 'UTC', 'YYYYMMDD\"T\"HH24MISS\"Z\"'), "
            "o.sequence FROM reply_tokens t JOIN people p ON p.id = t.person_id JOIN occurrences o ON o.id = t.occurrence_id")
pairs = [line.split("|") for line in rows.strip().splitlines()]
if len(pairs) < 300:
    raise SystemExit(f"expected 300 reply tokens, found {len(pairs)}")

template = """From: {name} <{address}>\r
To: circles+{token}@bench.example\r
Subject: Accepted: Peer support\r
Date: {date}\r
Message-ID: <{mid}@client.example>\r
MIME-Version: 1.0\r
Content-Type: multipart/alternative; boundary="b"\r
\r
--b\r
Content-Type: text/plain; charset=UTF-8\r
\r
{name} has answered this invitation.\r
--b\r
Content-Type: text/calendar; charset=UTF-8; method=REPLY\r
\r
BEGIN:VCALENDAR\r
PRODID:-//Google Inc//Google Calendar 70.9054//EN\r
VERSION:2.0\r
METHOD:REPLY\r
BEGIN:VEVENT\r
DTSTAMP:{stamp}\r
ORGANIZER;CN=Circles:mailto:circles+{token}@bench.example\r
UID:{series}-{original}@bench.example\r
ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT={partstat};CN={name}:mailto:{address}\r
SEQUENCE:{sequence}\r
SUMMARY:Peer support\r
END:VEVENT\r
END:VCALENDAR\r
--b--\r
"""
rng = random.Random(14)
names = dict(people)
t0 = time.time() - 86400
imap = imaplib.IMAP4(parsed.hostname, parsed.port)
imap.login(user, "circles")
delivered = time.perf_counter()
for i in range(count):
    address, token, series, original, sequence = pairs[rng.randrange(len(pairs))]
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(t0 + i))
    message = template.format(name=names[address], address=address, token=token, date=email.utils.formatdate(), mid=uuid.uuid4().hex,
                              stamp=stamp, series=series, original=original, sequence=sequence,
                              partstat=rng.choice(["ACCEPTED", "DECLINED", "TENTATIVE"]))
    imap.append("INBOX", None, None, message.encode())
delivered = time.perf_counter() - delivered
print(f"replies: delivered {count} replies with IMAP APPEND in {delivered:.1f} s")

# The floor: fetch every message whole, once, over the same server.
imap.select("INBOX", readonly=True)
started = time.perf_counter()
typ, data = imap.uid("FETCH", "1:*", "(BODY.PEEK[])")
plain = time.perf_counter() - started
fetched = sum(1 for item in data if isinstance(item, tuple))
imap.logout()
print(f"replies: plain IMAP fetch (Python imaplib, one UID FETCH 1:* BODY.PEEK[]) of {fetched} messages: {plain:.2f} s, "
      f"{fetched / plain:,.0f} messages/s")
doveadm = None
if conf and os.path.exists("/usr/bin/doveadm"):
    command = ["/usr/bin/doveadm", "-c", conf, "fetch", "-u", user, "text", "mailbox", "INBOX", "all"]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "dovecot", "--"] + command
    started = time.perf_counter()
    result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd="/")
    doveadm = time.perf_counter() - started
    if result.returncode == 0:
        print(f"replies: doveadm fetch text (no network) of the same mailbox: {doveadm:.2f} s, {count / doveadm:,.0f} messages/s")
    else:
        doveadm = None
        print(f"replies: doveadm fetch failed: {result.stderr.strip()[:200]}")



def server_cpu_seconds():
    """CPU seconds PostgreSQL has used so far: the postmaster and every backend it has reaped
    (the worker's connections end with the worker), read from /proc; None where unreadable."""
    try:
        data_dir = psql("SHOW data_directory").strip()
        with open(os.path.join(data_dir, "postmaster.pid")) as pid_file:
            pid = pid_file.readline().strip()
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return sum(int(fields[i]) for i in (11, 12, 13, 14)) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, subprocess.CalledProcessError):
        return None


with tempfile.TemporaryDirectory() as spool:
    worker_env = dict(os.environ, CIRCLES_DATABASE_URL=db_url, CIRCLES_SMTP_URL="file://" + spool,
                      CIRCLES_MAIL_FROM="Circles <circles@bench.example>", CIRCLES_REPLIES_IMAP_URL=mailbox_url,
                      CIRCLES_LOG_LEVEL="warning")
    server_before = server_cpu_seconds()
    children_before = os.times()
    started = time.perf_counter()
    run = subprocess.run([os.path.join(bin_dir, "circles-worker"), "run", "--once"], env=worker_env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    children_after = os.times()
    time.sleep(0.5)  # let the postmaster reap the worker's backends
    server_after = server_cpu_seconds()
worker_cpu = (children_after.children_user - children_before.children_user) + (children_after.children_system - children_before.children_system)
if run.returncode != 0:
    raise SystemExit(f"circles-worker run --once failed: {run.stderr}")
summary = next(line for line in run.stdout.splitlines() if line.startswith("replies:"))
status = json.loads(circles("replies", "status", "--format", "json"))[0]
rate = count / elapsed
print(f"replies: circles-worker run --once read, matched, recorded and filed {count} replies in {elapsed:.2f} s: "
      f"{rate:,.0f} replies/s (goal >= 500/s on 2 cores); {elapsed / plain:.1f}x the plain IMAP fetch"
      + (f", {elapsed / doveadm:.1f}x doveadm" if doveadm else ""))
print(f"replies: worker said: {summary}")
cpu = f"replies: CPU per reply: circles-worker {worker_cpu / count * 1000:.2f} ms"
if server_before is not None and server_after is not None:
    cpu += f", PostgreSQL {(server_after - server_before) / count * 1000:.2f} ms"
print(cpu + f" (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores: other work slows the wall-clock figure, not these)")
if status["matched"] != count or status["waitingToMove"] != 0:
    raise SystemExit(f"expected {count} matched and none waiting to move, got {status}")
answers = psql("SELECT count(*) FROM meeting_response_history")
print(f"replies: {status['matched']} matched, {answers.strip()} answers recorded (the rest were older or the same), "
      f"{status['needsPerson']} needing a person")
psql(f"DROP SCHEMA {schema} CASCADE")
