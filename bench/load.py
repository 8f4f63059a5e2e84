"""Load: 50 concurrent clients for 60 s over the pages and the API while a writer adds
articles, against the real server (``rashomon serve``) in its own process, on 127.0.0.1.

The store holds 20,000 synthetic analysed articles (built as bench/web.py builds them, no
model). Each client asks for one random route after another, with no pause, then (a second
run) pausing about a second like a reader; a separate writer process saves five articles a
second (and every eighth one a story). Printed, for all requests and per route class
(pages, API): requests/s, p50/p95/p99 of reads and the error count; the writer's rate; the
routes with the highest p95; the server's CPU time per request; and the machine's load
average. The target is zero errors and p95 under 300 ms. A baseline measured in the same
run is the same routes asked by one client alone, so the ratio shows what concurrency costs.

    python bench/load.py [--articles 20000] [--clients 50] [--seconds 60] [--workers N]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import multiprocessing
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from web import PER_STORY, _people, fill, routes, synthetic_article, synthetic_story

from rashomon.store import Store
from rashomon.store.lock import writer_lock

HERE = Path(__file__).resolve().parent
# Requests that take longer than this count as errors (a client gives up).
CLIENT_TIMEOUT = 30.0


def written_total(db: Path) -> int:
    """How many articles the store holds now (the next writer continues after them)."""
    with Store(db, readonly=True) as store:
        return int(store.conn.execute("SELECT count(*) FROM articles").fetchone()[0])


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start_server(db: Path, port: int, workers: int | None) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(HERE.parent / "src")}
    command = [sys.executable, "-m", "rashomon", "serve", "--db", str(db), "--host", "127.0.0.1",
               "--port", str(port)]
    if workers is not None:
        command += ["--workers", str(workers)]
    # The server's log goes to a file next to the store: a pipe nobody reads while the
    # clients run could fill and stop the server.
    log = db.with_suffix(".serve.log")
    with log.open("wb") as stderr:
        server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit(f"the server stopped: {log.read_text()[-2000:]}") from None
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start within 60 s")


def _writer(db: str, first: int, seconds: float, rate: float, written: object) -> None:
    """Add ``rate`` synthetic articles a second (and their stories), holding the writer lock."""
    rng = random.Random(3)
    people = _people(300)
    started = time.monotonic()
    deadline = started + seconds
    count = 0
    with writer_lock(db), Store(db) as store:
        batch = []
        while time.monotonic() < deadline:
            due = started + count / rate
            if due > time.monotonic():
                time.sleep(due - time.monotonic())
            record = synthetic_article(first + count, rng, people)
            store.save(record)
            batch.append(record)
            count += 1
            if len(batch) == PER_STORY:
                store.save_stories([synthetic_story((first + count) // PER_STORY, batch)])
                batch = []
    written.value = count  # type: ignore[attr-defined]


Sample = tuple[str, float]  # (route name, milliseconds)


class _Connection:
    """A lean HTTP/1.1 keep-alive client on asyncio streams.

    The clients share one process and the machine with the server; httpx spent about
    1.3 ms of CPU a request, a third of what the server spent, so the clients themselves
    took CPU from the server they measure. This one reads a response (a body with a
    length, or chunked) and nothing more.
    """

    def __init__(self, base: str) -> None:
        host, _, port = base.removeprefix("http://").partition(":")
        self.host, self.port = host, int(port)
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, target: str) -> int:
        """The status of ``GET target``, its body read; reconnects when the server closed."""
        if self.writer is None or self.reader is None or self.reader.at_eof():
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        self.writer.write(f"GET {target} HTTP/1.1\r\nHost: {self.host}\r\n"
                          "Accept: text/html\r\n\r\n".encode())
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {k.strip().lower(): v.strip() for k, _, v in
                   (line.partition(":") for line in lines[1:] if line)}
        if headers.get("transfer-encoding", "").lower() == "chunked":
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                await self.reader.readexactly(size + 2)
                if size == 0:
                    break
        else:
            await self.reader.readexactly(int(headers.get("content-length", "0")))
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return status

    async def close(self) -> None:
        """Close the connection, if open."""
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None


async def _client(base: str, urls: dict[str, Callable[[], str]], until: float, seed: int,
                  think: float, times: list[Sample], errors: list[str]) -> None:
    rng = random.Random(seed)
    names = list(urls)
    connection = _Connection(base)
    try:
        while time.monotonic() < until:
            name = rng.choice(names)
            target = urls[name]()
            started = time.perf_counter()
            try:
                status = await asyncio.wait_for(connection.get(target), CLIENT_TIMEOUT)
                if status != 200:
                    errors.append(f"{target}: {status}")
            except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError,
                    TimeoutError, ValueError, IndexError) as exc:
                errors.append(f"{target}: {type(exc).__name__}")
                await connection.close()
            times.append((name, (time.perf_counter() - started) * 1000))
            if think:
                # A reader looks at the page a while (0.5 to 1.5 × think) before the next.
                await asyncio.sleep(think * (0.5 + rng.random()))
    finally:
        await connection.close()


def _run_clients(base: str, n_articles: int, clients: int, seconds: float, think: float = 0.0
                 ) -> tuple[list[Sample], list[str], float]:
    urls = routes(n_articles, random.Random(11))
    times: list[Sample] = []
    errors: list[str] = []

    async def run() -> float:
        started = time.monotonic()
        until = started + seconds
        await asyncio.gather(*(_client(base, urls, until, seed, think, times, errors)
                               for seed in range(clients)))
        return time.monotonic() - started

    elapsed = asyncio.run(run())
    return times, errors, elapsed


def cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) used so far by process ``pid`` and its children (the server's
    workers), from /proc; None where there is no /proc."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        total = 0
        for each in (pid, *map(int, children)):
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
    except (OSError, ValueError, IndexError):
        return None
    return total / os.sysconf("SC_CLK_TCK")


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(share * len(ordered))) - 1))]


def route_classes(n_articles: int) -> dict[str, str]:
    """Each route's class: ``API`` under /api/, ``pages`` for the rest (pages, twins, charts)."""
    urls = routes(n_articles, random.Random(0))
    return {name: "API" if url().startswith("/api/") else "pages" for name, url in urls.items()}


def _row(label: str, times: list[float], errors: int, elapsed: float) -> None:
    if not times:
        print(f"{label:30} {'(no request)':>8}")
        return
    print(f"{label:30} {len(times) / elapsed:8.1f} {statistics.median(times):8.1f}"
          f" {_percentile(times, 0.95):8.1f} {_percentile(times, 0.99):8.1f} {errors:7d}")


def _report(label: str, samples: list[Sample], errors: list[str], elapsed: float,
            classes: dict[str, str]) -> None:
    """One row for every request, then one per route class (pages, API)."""
    _row(label, [ms for _, ms in samples], len(errors), elapsed)
    for kind in ("pages", "API"):
        kind_errors = sum(1 for e in errors if e.startswith("/api/") == (kind == "API"))
        _row(f"  {kind}", [ms for name, ms in samples if classes[name] == kind], kind_errors,
             elapsed)


def _slowest(samples: list[Sample], n: int) -> None:
    """The ``n`` routes with the highest p95 (where the remaining time goes)."""
    by_route: dict[str, list[float]] = {}
    for name, ms in samples:
        by_route.setdefault(name, []).append(ms)
    ranked = sorted(by_route.items(), key=lambda kv: -_percentile(kv[1], 0.95))[:n]
    print("  slowest routes (p50 / p95 ms): " + "; ".join(
        f"{name} {statistics.median(ms):.0f} / {_percentile(ms, 0.95):.0f}" for name, ms in ranked))


def main() -> None:
    """Prepare the store, start the server, run the baseline and the loaded runs; print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--baseline-seconds", type=float, default=15.0)
    parser.add_argument("--db", type=Path, default=Path("artifacts/bench-load.db"))
    parser.add_argument("--target-ms", type=float, default=300.0)
    parser.add_argument("--write-rate", type=float, default=5.0,
                        help="articles the writer adds per second (an analysis run on two"
                        " cores stores a few a second)")
    parser.add_argument("--think", type=float, default=1.0,
                        help="mean pause (s) of a browsing client between requests")
    parser.add_argument("--workers", type=int, default=None,
                        help="server processes (rashomon serve --workers; default: its own)")
    parser.add_argument("--slowest", type=int, default=5,
                        help="routes to name with the highest p95 in each loaded run")
    args = parser.parse_args()
    args.db.parent.mkdir(parents=True, exist_ok=True)
    template = args.db.with_name(f"bench-load-{args.articles}.template.db")
    if not template.exists():
        fill(template, args.articles)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{args.db}{suffix}").unlink(missing_ok=True)
    shutil.copy(template, args.db)  # the writer changes the store: start from a fresh copy
    with Store(args.db) as store:
        stored = int(store.conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    classes = route_classes(stored)
    port = _free_port()
    server = _start_server(args.db, port, args.workers)
    base = f"http://127.0.0.1:{port}"
    try:
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        workers = "its default" if args.workers is None else str(args.workers)
        print(f"{stored:,} articles; {len(classes)} routes"
              f" ({sum(c == 'API' for c in classes.values())} API); server workers: {workers};"
              f" {os.cpu_count()} CPUs, load average {load}")
        print(f"{'run':30} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
        one = _run_clients(base, stored, 1, args.baseline_seconds)
        _report("baseline: 1 client", *one, classes)
        one_p95 = _percentile([ms for _, ms in one[0]], 0.95)
        for label, think in (("no pause", 0.0), (f"{args.think:g} s pauses", args.think)):
            written = multiprocessing.Value("i", 0)
            writer = multiprocessing.Process(
                target=_writer, args=(str(args.db), written_total(args.db),
                                      args.seconds, args.write_rate, written))
            writer.start()
            cpu_before = cpu_seconds(server.pid)
            samples, errors, elapsed = _run_clients(base, stored, args.clients, args.seconds,
                                                    think)
            cpu_after = cpu_seconds(server.pid)
            writer.join(args.seconds + 60)
            _report(f"{args.clients} clients, {label}", samples, errors, elapsed, classes)
            p95 = _percentile([ms for _, ms in samples], 0.95)
            print(f"  writer meanwhile: {written.value:,} articles added"
                  f" ({written.value / elapsed:.1f}/s); p95 {p95 / one_p95:.1f}× one client's;"
                  f" load average now {os.getloadavg()[0]:.1f}")
            if cpu_before is not None and cpu_after is not None and samples:
                # What the machine's load cannot change: the server's CPU per request.
                print(f"  server CPU: {(cpu_after - cpu_before) / len(samples) * 1000:.2f} ms"
                      " a request")
            if args.slowest:
                _slowest(samples, args.slowest)
            met = not errors and p95 < args.target_ms
            print(f"  target (0 errors, p95 < {args.target_ms:.0f} ms):"
                  f" {'met' if met else 'NOT met'}")
            for error in errors[:5]:
                print(f"  error: {error}")
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
