"""Concurrent use with real processes: readers while a writer writes, and two writers.

Readers (``serve``) must never see an error or a half-written article; a second writer
waits for the first or stops with E033, and the store is never corrupted.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rashomon.errors import RashomonError
from rashomon.store.lock import lock_path, writer_lock
from reliability_helpers import RELIABILITY, REPO, run_cli, snapshot, wait_until_serving
from shared_corpora import cli_in_process

CORPUS = str(RELIABILITY / "articles.jsonl")


def _hold(db: str, seconds: float) -> None:
    with writer_lock(db, wait=0):
        time.sleep(seconds)


def _wait_for_holder(db: Path, process: multiprocessing.Process | subprocess.Popen[bytes]
                     ) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        path = lock_path(db)
        if path.exists() and path.read_text().strip() == str(process.pid):
            return
        time.sleep(0.05)
    raise AssertionError("the first writer never took the lock")


def test_second_writer_waits_then_stops_with_e033(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    holder = multiprocessing.get_context("spawn").Process(target=_hold, args=(str(db), 30))
    holder.start()
    try:
        _wait_for_holder(db, holder)
        started = time.monotonic()
        with pytest.raises(RashomonError) as caught, writer_lock(db, wait=0.5):
            pass
        assert caught.value.code == "E033"
        assert f"process {holder.pid}" in caught.value.message
        assert 0.5 <= time.monotonic() - started < 5
        # kill -9 the holder: the operating system releases its lock at once.
        os.kill(holder.pid, signal.SIGKILL)
        holder.join(10)
        with writer_lock(db, wait=5):
            pass
    finally:
        if holder.is_alive():
            holder.kill()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.model
@pytest.mark.slow
def test_two_analyze_runs_on_one_store(tmp_path: Path, reliability_store: Path) -> None:
    db = tmp_path / "news.db"
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    first = subprocess.Popen([sys.executable, "-m", "rashomon", "analyze", CORPUS, "--db",
                              str(db)], env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    try:
        _wait_for_holder(db, first)
        impatient = run_cli("analyze", CORPUS, "--db", str(db), "--wait", "0.5")
        assert impatient.returncode == 1
        assert "E033" in impatient.stderr and "Traceback" not in impatient.stderr
        # The patient writer is this process, through the CLI's entry point (no model load):
        # still a second process waiting on the first one's lock.
        patient = cli_in_process("analyze", CORPUS, "--db", str(db), "--wait", "300")
        assert first.wait(300) == 0
    finally:
        if first.poll() is None:
            first.kill()
    assert patient.returncode == 0, patient.stderr
    assert "unchanged" in patient.stderr
    # The reference: an uninterrupted run of the same command (once per session, conftest.py).
    assert snapshot(db) == snapshot(reliability_store)
    assert run_cli("doctor", "--db", str(db), "--check").returncode == 0


@pytest.mark.model
@pytest.mark.slow
def test_readers_never_see_errors_or_half_written_articles(tmp_path: Path) -> None:
    import httpx

    db = tmp_path / "news.db"
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "rashomon", "serve", "--db", str(db),
                               "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    writer: subprocess.Popen[bytes] | None = None
    log = tmp_path / "analyze.log"
    requests = 0
    seen_articles: set[str] = set()
    try:
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, timeout=30) as client:
            wait_until_serving(client)
            with log.open("wb") as stderr:
                writer = subprocess.Popen([sys.executable, "-m", "rashomon", "analyze", CORPUS,
                                           "--db", str(db)], env=env,
                                          stdout=subprocess.DEVNULL, stderr=stderr)
            deadline = time.monotonic() + 300
            while writer.poll() is None or requests < 20:
                assert time.monotonic() < deadline, "the writer did not finish in time"
                for url in ("/", "/articles", "/search?q=strike", "/api/stories",
                            "/api/statements"):
                    response = client.get(url)
                    assert response.status_code == 200, (url, response.text[:300])
                    requests += 1
                listed = client.get("/api/articles", params={"limit": 100}).json()
                for row in listed["items"]:
                    record = client.get(f"/api/articles/{row['id']}").json()
                    # Whole or absent: never an article without its statements.
                    assert len(record["statements"]) == row["statements"], row["id"]
                    assert len(record["events"]) == row["events"], row["id"]
                    seen_articles.add(row["id"])
                    requests += 1
            assert writer.returncode == 0, log.read_text()
    finally:
        for process in (writer, server):
            if process is not None and process.poll() is None:
                process.terminate()
                process.wait(20)
    assert len(seen_articles) == 6 and requests > 20
