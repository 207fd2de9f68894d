#!/usr/bin/env python3
"""pgqueuer's drain rate for no-op jobs, the yardstick for Circles' claim-and-mark (`CirclesBench queue`).

    pgqueuer_bench.py --dsn postgres://... --jobs 20000 --batch-size 100 --processes 2

Installs pgqueuer's schema in the database the DSN names (once; --durability picks LOGGED or
UNLOGGED tables at install), empties its queue and log, enqueues --jobs no-op jobs, VACUUM
ANALYZEs its tables, then starts --processes worker processes, each running
--managers-per-process QueueManagers (one connection each) in drain mode with --batch-size.
The clock starts once every process has connected and imported everything (a barrier) and
stops when the last one has drained the queue. Prints one JSON line: jobs, seconds, rate.

This is how pgqueuer's own tools/benchmark.py measures its drain strategy (uvloop, asyncpg,
one connection per QueueManager, no-op entrypoint; by default five QueueManagers, --dequeue 5,
at batch size 10, in one process: here --processes 1 --managers-per-process 5 --batch-size 10);
only the process fan-out is ours, since one Python process is bound to one core.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import sys
import time

ENTRYPOINT = "noop"


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dsn", required=True, help="postgres:// URL of the database to use (pgqueuer's tables go there)")
    parser.add_argument("--jobs", type=int, default=20_000)
    parser.add_argument("--batch-size", type=int, default=10)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--managers-per-process", type=int, default=1)
    parser.add_argument("--durability", choices=["durable", "balanced", "volatile"], default="durable",
                        help="table durability at install time (pgqueuer's own setting)")
    return parser.parse_args()


async def prepare(arguments: argparse.Namespace) -> None:
    """Installs the schema if needed, then enqueues the jobs on an empty queue."""
    import asyncpg
    from pgqueuer import Queries
    from pgqueuer.adapters.persistence import qb
    from pgqueuer.domain.settings import DBSettings, Durability

    connection = await asyncpg.connect(dsn=arguments.dsn)
    try:
        settings = DBSettings(durability=Durability(arguments.durability))
        queries = Queries.from_asyncpg_connection(connection)
        queries.qbe = qb.QueryBuilderEnvironment(settings)
        if not await queries.schema_is_installed():
            await queries.install()
        await connection.execute("TRUNCATE pgqueuer, pgqueuer_log, pgqueuer_statistics")
        chunk = 5_000
        for start in range(0, arguments.jobs, chunk):
            size = min(chunk, arguments.jobs - start)
            await queries.enqueue([ENTRYPOINT] * size, [None] * size, [0] * size)
        await connection.execute("VACUUM ANALYZE pgqueuer, pgqueuer_log, pgqueuer_statistics")
    finally:
        await connection.close()


def worker(arguments: argparse.Namespace, barrier: multiprocessing.synchronize.Barrier, errors: multiprocessing.Queue) -> None:
    try:
        import asyncpg
        import uvloop
        from pgqueuer import Queries, QueueManager
        from pgqueuer.domain.types import QueueExecutionMode

        async def run() -> None:
            managers = []
            for _ in range(arguments.managers_per_process):
                manager = QueueManager(Queries.from_asyncpg_connection(await asyncpg.connect(dsn=arguments.dsn)))

                @manager.entrypoint(ENTRYPOINT)
                async def noop(job: object) -> None:
                    return None

                managers.append(manager)
            barrier.wait()
            await asyncio.gather(*(
                manager.run(batch_size=arguments.batch_size, mode=QueueExecutionMode.drain) for manager in managers
            ))

        uvloop.run(run())
    except BaseException as error:  # report anything, including a broken barrier
        errors.put(f"{type(error).__name__}: {error}")
        raise


def remaining(dsn: str) -> int:
    import asyncpg

    async def count() -> int:
        connection = await asyncpg.connect(dsn=dsn)
        try:
            return await connection.fetchval("SELECT count(*) FROM pgqueuer")
        finally:
            await connection.close()

    return asyncio.run(count())


def main() -> int:
    arguments = parse_arguments()
    asyncio.run(prepare(arguments))
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(arguments.processes + 1)
    errors = context.Queue()
    processes = [context.Process(target=worker, args=(arguments, barrier, errors)) for _ in range(arguments.processes)]
    for process in processes:
        process.start()
    barrier.wait(timeout=120)
    start = time.perf_counter()
    for process in processes:
        process.join()
    seconds = time.perf_counter() - start
    failed = [process.exitcode for process in processes if process.exitcode != 0]
    left = remaining(arguments.dsn)
    if failed or left:
        messages = []
        while not errors.empty():
            messages.append(errors.get())
        print(f"pgqueuer run failed: exit codes {failed}, {left} jobs left; {messages}", file=sys.stderr)
        return 1
    print(json.dumps({
        "jobs": arguments.jobs, "seconds": seconds, "rate": arguments.jobs / seconds,
        "batch_size": arguments.batch_size, "processes": arguments.processes,
        "managers_per_process": arguments.managers_per_process, "durability": arguments.durability,
        "pgqueuer": __import__("pgqueuer").__version__,
    }))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PGQUEUER_LOG_LEVEL", "WARNING")
    sys.exit(main())
