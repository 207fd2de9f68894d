#!/usr/bin/python3
"""A real SMTP server for the transport tests, built on aiosmtpd (Debian's python3-aiosmtpd).

It listens on 127.0.0.1 on a free port, prints `PORT <n>` on standard output once it
accepts connections, and runs until it gets SIGTERM or its standard input closes (so it
never outlives a test process that crashed). Each accepted message is stored in
--dir as `<n>.eml` (the bytes received, dot-unstuffed) and `<n>.json` (envelope, connection
number, TLS, login, EHLO name); the count of TCP connections is kept in `connections`.

It answers by the recipient's local part:
  tempfail-...@      RCPT TO answered 451 4.3.0
  reject-...@        RCPT TO answered 550 5.1.1
  datatempfail-...@  accepted, then the end of data answered 452 4.3.1
  datareject-...@    accepted, then the end of data answered 554 5.6.0
  flaky-...@         the first delivery of each Message-ID answered 451 4.4.1 at the end
                     of data, every later one accepted (a relay that says "try later")
  anything else      250

Options: --delay SECONDS (wait that long before answering each message's data, a slow relay)

Options: --starttls CERT KEY (offer STARTTLS and require it), --implicit-tls CERT KEY
(TLS from the first byte, as on port 465), --auth USER:PASSWORD (require AUTH).
"""

import argparse
import asyncio
import json
import os
import signal
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Sink:
    """Stores messages and answers by recipient local part."""

    def __init__(self, directory, delay=0.0):
        self.directory = directory
        self.count = 0
        self.delay = delay
        self.deferred = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@", 1)[0].lower()
        if local.startswith("tempfail-"):
            return f"451 4.3.0 Mailbox {address} temporarily unavailable, try again later"
        if local.startswith("reject-"):
            return f"550 5.1.1 Mailbox {address} does not exist"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        locals_ = [a.split("@", 1)[0].lower() for a in envelope.rcpt_tos]
        if any(l.startswith("flaky-") for l in locals_):
            message_id = next((line.split(b":", 1)[1].strip() for line in envelope.original_content.split(b"\r\n")
                               if line.lower().startswith(b"message-id:")), b"")
            if message_id not in self.deferred:
                self.deferred.add(message_id)
                return "451 4.4.1 Try again later"
        if any(l.startswith("datatempfail-") for l in locals_):
            return "452 4.3.1 Insufficient system storage, try again later"
        if any(l.startswith("datareject-") for l in locals_):
            return "554 5.6.0 Message content rejected"
        self.count += 1
        base = os.path.join(self.directory, str(self.count))
        with open(base + ".eml", "wb") as f:
            f.write(envelope.original_content)
        login = session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else None
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "connection": server.connection_number,
            "tls": server.implicit_tls or session.ssl is not None,
            "login": login,
            "ehlo": session.host_name,
        }
        with open(base + ".json.tmp", "w") as f:
            json.dump(record, f)
        os.rename(base + ".json.tmp", base + ".json")
        return "250 2.0.0 OK: queued as %d" % self.count


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--starttls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--implicit-tls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--auth", metavar="USER:PASSWORD")
    parser.add_argument("--delay", type=float, default=0.0)
    args = parser.parse_args()

    sink = Sink(args.dir, args.delay)
    connections = [0]

    def context(pair):
        if not pair:
            return None
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(pair[0], pair[1])
        return ctx

    starttls = context(args.starttls)
    implicit = context(args.implicit_tls)

    def authenticator(server, session, envelope, mechanism, auth_data):
        if not isinstance(auth_data, LoginPassword) or not args.auth:
            return AuthResult(success=False, handled=False)
        user, password = args.auth.split(":", 1)
        ok = auth_data.login == user.encode() and auth_data.password == password.encode()
        return AuthResult(success=ok, handled=False, auth_data=auth_data)

    class CountingSMTP(SMTP):
        implicit_tls = implicit is not None

        def connection_made(self, transport):
            if self._original_transport is None:  # not the STARTTLS upgrade of a connection
                connections[0] += 1
                self.connection_number = connections[0]
                with open(os.path.join(args.dir, "connections"), "w") as f:
                    f.write(str(connections[0]))
            super().connection_made(transport)

    def factory():
        return CountingSMTP(
            sink,
            hostname="sink.test",
            tls_context=starttls,
            require_starttls=starttls is not None,
            authenticator=authenticator if args.auth else None,
            auth_required=bool(args.auth),
            auth_require_tls=implicit is None and starttls is not None,
        )

    async def serve():
        loop = asyncio.get_running_loop()
        stop = asyncio.Event()

        def stdin_ready():
            if not os.read(sys.stdin.fileno(), 4096):
                stop.set()

        loop.add_reader(sys.stdin.fileno(), stdin_ready)
        loop.add_signal_handler(signal.SIGTERM, stop.set)
        loop.add_signal_handler(signal.SIGINT, stop.set)
        server = await loop.create_server(factory, "127.0.0.1", 0, ssl=implicit)
        port = server.sockets[0].getsockname()[1]
        print(f"PORT {port}", flush=True)
        async with server:
            await stop.wait()

    # A parent that starts us from a thread with signals blocked (Foundation's Process on a
    # dispatch thread) passes that mask on; without this, SIGTERM would never arrive.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    asyncio.run(serve())


if __name__ == "__main__":
    sys.exit(main())
