#!/usr/bin/env python3
"""python-dateutil on the rules and counts of CirclesBench's recurrence benchmark, for side-by-side figures.

Each rule is expanded from 2026-12-08T14:00 Europe/London (zoneinfo) with COUNT=1000, repeatedly for at least
half a second. Two figures per rule: producing the aware datetimes (`list(rule)`, dateutil's own output) and
also turning each into an instant (`.timestamp()`), which is what the Swift engine returns. The weekly-year
figure expands one year (2027) of weekly rules for a sample of series and scales the time to 100,000.
"""
import sys
import time
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

RULES = [
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
    "FREQ=MONTHLY;BYDAY=2TU",
    "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
    "FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO",
]
COUNT = 1000
SERIES = 100_000
SAMPLE = 5_000
ZONE = ZoneInfo("Europe/London")


def row(a, b, c, d, e=""):
    return f"{a:<48}{b:>12}{c:>10}{d:>16}{e:>18}"


def measure(rule_text, with_instants):
    start = datetime(2026, 12, 8, 14, 0, tzinfo=ZONE)
    rule = rrulestr(f"{rule_text};COUNT={COUNT}", dtstart=start, cache=False)
    total = 0
    checksum = 0.0
    began = time.perf_counter()
    while True:
        if with_instants:
            for dt in rule:
                checksum += dt.timestamp()
                total += 1
        else:
            total += len(list(rule))
        elapsed = time.perf_counter() - began
        if elapsed >= 0.5:
            return total, elapsed


def weekly_year():
    weekdays = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
    begin = datetime(2027, 1, 1, tzinfo=timezone.utc)
    end = datetime(2028, 1, 1, tzinfo=timezone.utc)
    total = 0
    began = time.perf_counter()
    for i in range(SAMPLE):  # the first SAMPLE series of the Swift benchmark's 100,000; its patterns repeat
        rule = f"FREQ=WEEKLY;BYDAY={weekdays[i % 7]}" + (";INTERVAL=2" if i % 5 == 0 else "")
        start = datetime(2026, i % 12 + 1, 1 + i % 28, 8 + i % 12, 30, tzinfo=ZONE)
        for dt in rrulestr(rule, dtstart=start, cache=False).between(begin, end, inc=True):
            dt.timestamp()
            total += 1
    elapsed = time.perf_counter() - began
    return total, elapsed


def main():
    print(f"python-dateutil, Europe/London (zoneinfo), DTSTART 2026-12-08T14:00, COUNT={COUNT} per expansion")
    print(row("rule", "occurrences", "seconds", "occurrences/s", "with instants/s"))
    for rule in RULES:
        n, seconds = measure(rule, with_instants=False)
        m, seconds_i = measure(rule, with_instants=True)
        print(row(rule, n, f"{seconds:.3f}", f"{n / seconds:.0f}", f"{m / seconds_i:.0f}"))
    n, seconds = weekly_year()
    scale = SERIES / SAMPLE
    print()
    print(f"One year (2027) of a weekly rule, {SAMPLE} series measured, scaled to {SERIES}:")
    print(row("weekly year", int(n * scale), f"{seconds * scale:.3f}", f"{n / seconds:.0f}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
