#!/usr/bin/env python3
"""`circles rrule expand --input` as a whole process against python-dateutil doing the same work in-process.

For each of CirclesBench's four recurrence rules: 500 series of 2,000 occurrences, DTSTART 2026-12-08T14:00
Europe/London. Circles reads the requests as JSON Lines and writes every occurrence as RFC 3339 with its
offset (process start, parsing and output included, stdout to /dev/null, best of three). python-dateutil
expands each series and formats each occurrence with isoformat() in one process (a sample of series,
scaled: every series is the same work). python-dateutil-rs (Rust, PyPI), when a Python with it is given,
only expands (`rule.all()`: a list of naive datetimes, counted, nothing formatted) and is printed beside them.

Both sides count the same occurrences (2,000 per series). Circles's runs alternate with dateutil-rs's, so
that a loaded machine weighs on both alike. Circles expands on every core and the others on one, so
besides wall-clock rates the table gives CPU-time rates (user + system) against dateutil-rs: per core.

Before timing, Circles's output for the first series of each rule is checked against dateutil's isoformat().

    rrule_batch_bench.py CIRCLES_BINARY [PYTHON_WITH_DATEUTIL_RS]
"""
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

RULES = [
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
    "FREQ=MONTHLY;BYDAY=2TU",
    "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
    "FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO",
]
SERIES = 500
LIMIT = 2_000
SAMPLE = 25
GOAL = 50
ZONE = ZoneInfo("Europe/London")
START = datetime(2026, 12, 8, 14, 0, tzinfo=ZONE)

# One timed run of dateutil-rs: prints occurrences, wall seconds and CPU seconds.
RS_SCRIPT = r"""
import sys, time
from datetime import datetime
from dateutil.rrule import rrulestr
rule_text, limit, sample = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rrulestr(f"{rule_text};COUNT=10", dtstart=datetime(2026, 12, 8, 14, 0)).all()  # warm up
began, began_cpu = time.perf_counter(), time.process_time()
total = 0
for _ in range(sample):
    total += len(rrulestr(f"{rule_text};COUNT={limit}", dtstart=datetime(2026, 12, 8, 14, 0)).all())
print(total, time.perf_counter() - began, time.process_time() - began_cpu)
"""
ROUNDS = 3


def dateutil_lines(rule_text, series):
    lines = []
    for _ in range(series):
        rule = rrulestr(f"{rule_text};COUNT={LIMIT}", dtstart=START, cache=False)
        lines.append([dt.isoformat() for dt in rule])
    return lines


def dateutil_rate(rule_text):
    best = None
    for _ in range(3):
        began = time.perf_counter()
        total = sum(len(x) for x in dateutil_lines(rule_text, SAMPLE))
        elapsed = time.perf_counter() - began
        best = elapsed if best is None else min(best, elapsed)
    return total / best


def circles_check(binary, rule_text, directory):
    """Writes the requests and checks Circles's output for them against dateutil; returns the file."""
    path = os.path.join(directory, "requests.jsonl")
    with open(path, "w") as requests:
        for i in range(SERIES):
            requests.write(json.dumps({"id": f"s{i}", "dtstart": "2026-12-08T14:00:00", "tzid": "Europe/London",
                                       "rrule": rule_text, "limit": LIMIT}) + "\n")
    checked = subprocess.run([binary, "rrule", "expand", "--input", path], check=True, capture_output=True, text=True)
    results = [json.loads(line) for line in checked.stdout.splitlines()]
    if len(results) != SERIES or any(len(r.get("occurrences", [])) != LIMIT for r in results):
        raise SystemExit(f"circles gave {len(results)} results, not {SERIES} of {LIMIT} occurrences, for {rule_text}")
    expected = dateutil_lines(rule_text, 1)[0]
    ours = results[0]["occurrences"]
    if ours[0] == START.isoformat() and expected[0] != ours[0]:
        # RFC 5545 makes DTSTART the first instance even when the rule does not match it; dateutil does not.
        ours, expected = ours[1:], expected[:-1]
    if ours != expected:
        first = next(i for i, (a, b) in enumerate(zip(ours, expected)) if a != b)
        raise SystemExit(f"{rule_text}: occurrence {first} differs: circles {ours[first]}, "
                         f"dateutil {expected[first]}")
    return path


def circles_run(binary, path):
    """One whole-process run, stdout to /dev/null: (occurrences, wall seconds, CPU seconds)."""
    with open(os.devnull, "w") as sink:
        began = time.perf_counter()
        process = subprocess.Popen([binary, "rrule", "expand", "--input", path], stdout=sink)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - began
    if status != 0:
        raise SystemExit(f"circles rrule expand --input failed with status {status}")
    return SERIES * LIMIT, elapsed, usage.ru_utime + usage.ru_stime


def rs_run(rs_python, rule_text):
    """One in-process run of dateutil-rs over as many series as Circles: (occurrences, wall seconds, CPU seconds)."""
    out = subprocess.run([rs_python, "-c", RS_SCRIPT, rule_text, str(LIMIT), str(SERIES)],
                         check=True, capture_output=True, text=True).stdout.split()
    return int(out[0]), float(out[1]), float(out[2])


def best_rates(runs):
    """The best wall-clock and CPU-time rates of some runs."""
    return max(n / wall for n, wall, _ in runs), max(n / cpu for n, _, cpu in runs if cpu > 0), min(w for _, w, _ in runs)


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    binary = sys.argv[1]
    rs_python = sys.argv[2] if len(sys.argv) > 2 else None
    print(f"rrule expand --input, whole process: {SERIES} series x {LIMIT} occurrences per rule, RFC 3339 out; "
          f"dateutil in-process with isoformat() ({SAMPLE} series, scaled)")
    print(f"{'rule':<48}{'circles/s':>12}{'seconds':>9}{'dateutil/s':>12}{'ratio':>8}"
          f"{'dateutil-rs/s':>15}{'vs rs':>8}{'cpu/s':>12}{'rs cpu/s':>12}{'vs rs cpu':>10}")
    failed = []
    with tempfile.TemporaryDirectory() as directory:
        for rule in RULES:
            path = circles_check(binary, rule, directory)
            ours_runs, rs_runs = [], []
            for _ in range(ROUNDS):
                ours_runs.append(circles_run(binary, path))
                if rs_python:
                    rs_runs.append(rs_run(rs_python, rule))
            ours, ours_cpu, seconds = best_rates(ours_runs)
            theirs = dateutil_rate(rule)
            ratio = ours / theirs
            if rs_runs:
                rs, rs_cpu, _ = best_rates(rs_runs)
                rs_text = f"{rs:>15.0f}{ours / rs:>7.2f}x{ours_cpu:>12.0f}{rs_cpu:>12.0f}{ours_cpu / rs_cpu:>9.2f}x"
            else:
                rs_text = f"{'-':>15}{'-':>8}{ours_cpu:>12.0f}{'-':>12}{'-':>10}"
            print(f"{rule:<48}{ours:>12.0f}{seconds:>9.3f}{theirs:>12.0f}{ratio:>7.1f}x{rs_text}")
            if ratio < GOAL:
                failed.append(f"{rule}: {ratio:.1f}x dateutil, goal {GOAL}x")
    print(f"goal: at least {GOAL}x python-dateutil on each rule; ahead of python-dateutil-rs "
          f"(cpu/s: occurrences per CPU-second, user + system, best of {ROUNDS})")
    for line in failed:
        print("below goal:", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
