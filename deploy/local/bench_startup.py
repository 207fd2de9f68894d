"""Start-up figures for the release binaries, behind `make bench` (deploy/local/bench.sh).

  circles --help           wall time from spawn to exit
  circles-worker cold start wall time from spawn until GET /health/ready answers 200
                            (CIRCLES_METRICS_ADDRESS on a free loopback port; the database
                            is CIRCLES_DATABASE_URL, migrated beforehand)

Prints the median, minimum and maximum of N runs, and fails when a median is over its budget
(--help 50 ms, ready 200 ms). Timed with time.perf_counter around the child process, so
Python's own start-up is not counted.
"""
import os, socket, statistics, subprocess, sys, tempfile, time

bin_dir, runs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 21
budgets = {"circles --help": 0.050, "circles-worker start to ready": 0.200}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ready(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(b"GET /health/ready HTTP/1.1\r\nHost: bench\r\n\r\n")
            return s.recv(64).startswith(b"HTTP/1.1 200")
    except OSError:
        return False


def help_once():
    started = time.perf_counter()
    subprocess.run([os.path.join(bin_dir, "circles"), "--help"], stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def worker_once(spool):
    port = free_port()
    env = dict(os.environ, CIRCLES_METRICS_ADDRESS=f"127.0.0.1:{port}", CIRCLES_SMTP_URL="file://" + spool,
               CIRCLES_PASS_INTERVAL_SECONDS="3600", CIRCLES_LOG_LEVEL="warning")
    started = time.perf_counter()
    process = subprocess.Popen([os.path.join(bin_dir, "circles-worker"), "run"], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while not ready(port):
            if process.poll() is not None:
                raise SystemExit(f"circles-worker exited with {process.returncode} before it was ready")
            if time.perf_counter() - started > 10:
                raise SystemExit("circles-worker was not ready within 10 s")
            time.sleep(0.001)
        return time.perf_counter() - started
    finally:
        process.terminate()
        process.wait(timeout=30)


over = []
with tempfile.TemporaryDirectory() as spool:
    for name, once in (("circles --help", help_once), ("circles-worker start to ready", lambda: worker_once(spool))):
        once()  # warm the page cache
        samples = sorted(once() for _ in range(runs))
        median = statistics.median(samples)
        print(f"{name:32} median {median * 1000:6.1f} ms   min {samples[0] * 1000:6.1f}   max {samples[-1] * 1000:6.1f}   "
              f"(n={runs}, budget {budgets[name] * 1000:.0f} ms)")
        if median > budgets[name]:
            over.append(name)
if over:
    raise SystemExit("over budget: " + ", ".join(over))
