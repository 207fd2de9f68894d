#!/usr/bin/env python3
"""`circles rrule expand --input` as a whole process against python-dateutil doing the same work in-process.

For each of CirclesBench's four recurrence rules: 500 series of 2,000 occurrences, DTSTART 2026-12-08T14:00
Europe/London. Circles reads the requests as JSON Lines and writes every occurrence as RFC 3339 with its
offset (process start, parsing and output included, stdout to /dev/null, best of three). python-dateutil
expands each series and formats each occurrence with isoformat() in one process (a sample of series,
scaled: every series is the same work). python-dateutil-rs (Rust, PyPI), when a Python with it is given,
only expands (`rule.all()`, naive datetimes, nothing formatted) and is printed beside them.

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

RS_SCRIPT = r"""
import sys, time
from datetime import datetime
from dateutil.rrule import rrulestr
rule_text, limit, sample = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
best = None
for _ in range(3):
    began = time.perf_counter()
    total = 0
    for _ in range(sample):
        total += len(rrulestr(f"{rule_text};COUNT={limit}", dtstart=datetime(2026, 12, 8, 14, 0)).all())
    elapsed = time.perf_counter() - began
    best = elapsed if best is None else min(best, elapsed)
print(total / best)
"""


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


def circles_rate(binary, rule_text, directory):
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
    best = None
    with open(os.devnull, "w") as sink:
        for _ in range(3):
            began = time.perf_counter()
            subprocess.run([binary, "rrule", "expand", "--input", path], check=True, stdout=sink)
            elapsed = time.perf_counter() - began
            best = elapsed if best is None else min(best, elapsed)
    return SERIES * LIMIT / best, best


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    binary = sys.argv[1]
    rs_python = sys.argv[2] if len(sys.argv) > 2 else None
    print(f"rrule expand --input, whole process: {SERIES} series x {LIMIT} occurrences per rule, RFC 3339 out; "
          f"dateutil in-process with isoformat() ({SAMPLE} series, scaled)")
    print(f"{'rule':<48}{'circles/s':>12}{'seconds':>9}{'dateutil/s':>12}{'ratio':>8}{'dateutil-rs/s':>15}{'vs rs':>8}")
    failed = []
    with tempfile.TemporaryDirectory() as directory:
        for rule in RULES:
            ours, seconds = circles_rate(binary, rule, directory)
            theirs = dateutil_rate(rule)
            rs = None
            if rs_python:
                out = subprocess.run([rs_python, "-c", RS_SCRIPT, rule, str(LIMIT), str(SAMPLE * 4)],
                                     check=True, capture_output=True, text=True).stdout
                rs = float(out.strip())
            ratio = ours / theirs
            rs_text = f"{rs:>15.0f}{ours / rs:>7.2f}x" if rs else f"{'-':>15}{'-':>8}"
            print(f"{rule:<48}{ours:>12.0f}{seconds:>9.3f}{theirs:>12.0f}{ratio:>7.1f}x{rs_text}")
            if ratio < GOAL:
                failed.append(f"{rule}: {ratio:.1f}x dateutil, goal {GOAL}x")
    print(f"goal: at least {GOAL}x python-dateutil on each rule; ahead of python-dateutil-rs")
    for line in failed:
        print("below goal:", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
