#!/usr/bin/env python3
"""The SMTP sink's own rate: how fast it takes messages when nothing else is in the way.

    smtp_blast.py --url smtp://127.0.0.1:2525 --count 20000 --connections 2 --message reminder.eml

Sends --count copies of one message (a real reminder, so the size is right), split over
--connections processes, each reusing one SMTP session for its share, as the worker's SMTP
transport reuses one session per batch. Prints one JSON line: messages, seconds, rate.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import smtplib
import sys
import time
from urllib.parse import urlsplit


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="smtp://host:port of the sink")
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--connections", type=int, default=1)
    parser.add_argument("--message", required=True, help="file holding one RFC 5322 message")
    return parser.parse_args()


def send(url: str, count: int, message: bytes, barrier: multiprocessing.synchronize.Barrier) -> None:
    parts = urlsplit(url)
    with smtplib.SMTP(parts.hostname or "127.0.0.1", parts.port or 25) as session:
        session.ehlo("bench.example")
        barrier.wait()
        for number in range(count):
            session.sendmail("circles@bench.example", [f"person{number}@bench.example"], message)


def main() -> int:
    arguments = parse_arguments()
    with open(arguments.message, "rb") as file:
        message = file.read()
    # A Maildir copy has bare LF line ends and the sink's own trace headers: send it as it arrived.
    lines = message.replace(b"\r\n", b"\n").split(b"\n")
    lines = [line for line in lines if not line.startswith((b"X-Peer:", b"X-MailFrom:", b"X-RcptTo:"))]
    message = b"\r\n".join(lines)
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(arguments.connections + 1)
    shares = [arguments.count // arguments.connections + (1 if n < arguments.count % arguments.connections else 0)
              for n in range(arguments.connections)]
    processes = [context.Process(target=send, args=(arguments.url, share, message, barrier)) for share in shares]
    for process in processes:
        process.start()
    barrier.wait(timeout=60)
    start = time.perf_counter()
    for process in processes:
        process.join()
    seconds = time.perf_counter() - start
    if any(process.exitcode != 0 for process in processes):
        print("a sending process failed", file=sys.stderr)
        return 1
    print(json.dumps({"messages": arguments.count, "seconds": seconds, "rate": arguments.count / seconds,
                      "connections": arguments.connections, "bytes": len(message)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
