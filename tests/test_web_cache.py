"""Reads under load: the response cache stays correct while the store changes, read
connections are pooled, actors' mention totals stay right, and ``serve --workers``."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

import test_api
from rashomon.store import Store
from rashomon.store.queries import Filters, list_actors
from rashomon.web.cache import DataVersion, ResponseCache
from records_factory import sample_record
from reliability_helpers import REPO, wait_until_serving

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

# The API tests' fixtures: the hand-built store, and a client of the app over it.
db = test_api.db
client = test_api.client


def _cache(client: TestClient) -> ResponseCache:
    cache: ResponseCache = client.app.state.web.cache  # type: ignore[attr-defined]
    return cache


def test_an_unchanged_store_answers_from_the_cache(client: TestClient) -> None:
    cache = _cache(client)
    first = client.get("/api/articles")
    hits = cache.hits
    again = client.get("/api/articles")
    assert cache.hits == hits + 1
    assert again.content == first.content
    assert again.headers["content-type"] == first.headers["content-type"]
    # The security headers are added to a cached answer too.
    assert "default-src 'none'" in again.headers["content-security-policy"]


def test_a_commit_by_another_connection_is_seen_at_once(client: TestClient, db: Path) -> None:
    before = client.get("/api/articles").json()["items"]
    page = client.get("/articles").text
    with Store(db) as store:
        store.save(sample_record("late-arrival", published="2030-01-01"))
    after = client.get("/api/articles").json()["items"]
    assert [a["id"] for a in after] == ["late-arrival", *[a["id"] for a in before]]
    assert "late-arrival" not in page and "late-arrival" in client.get("/articles").text
    with Store(db) as store:
        assert store.delete_article("late-arrival")
    assert [a["id"] for a in client.get("/api/articles").json()["items"]] == [
        a["id"] for a in before]


def test_errors_are_not_kept_and_accept_is_part_of_the_key(client: TestClient) -> None:
    cache = _cache(client)
    html = client.get("/stories/nope", headers={"Accept": "text/html"})
    data = client.get("/stories/nope", headers={"Accept": "application/json"})
    assert html.status_code == data.status_code == 404
    assert html.headers["content-type"].startswith("text/html")
    assert data.headers["content-type"].startswith("application/json")
    hits = cache.hits
    client.get("/stories/nope", headers={"Accept": "text/html"})
    assert cache.hits == hits


def test_the_cache_keeps_one_version_within_its_size(db: Path) -> None:
    version = DataVersion(str(db))
    cache = ResponseCache(version, max_total=100, max_entry=60)
    now = cache.current_version()
    from rashomon.web.cache import _Answer

    cache.put(now, ("/a", b""), _Answer(200, [], b"x" * 50))
    cache.put(now, ("/b", b""), _Answer(200, [], b"y" * 50))
    cache.put(now, ("/big", b""), _Answer(200, [], b"z" * 61))
    assert cache.get(now, ("/big", b"")) is None  # larger than an entry may be
    assert cache.get(now, ("/b", b"")) is not None
    cache.put(now, ("/c", b""), _Answer(200, [], b"w" * 50))  # over the total: /a goes
    assert cache.get(now, ("/a", b"")) is None
    assert cache.get(now, ("/c", b"")) is not None
    with Store(db) as store:
        store.save(sample_record("another"))
    later = cache.current_version()
    assert later != now
    assert cache.get(later, ("/c", b"")) is None
    cache.put(now, ("/d", b""), _Answer(200, [], b"v"))  # computed under the old version
    assert cache.get(later, ("/d", b"")) is None
    version.close()


def test_read_connections_are_reused_and_dropped_after_a_failure(client: TestClient) -> None:
    pool = client.app.state.web.reads  # type: ignore[attr-defined]
    with pool.store() as first:
        pass
    with pool.store() as second:
        assert second is first
    with pytest.raises(RuntimeError), pool.store() as failed:
        raise RuntimeError("the request failed")
    with pool.store() as third:
        assert third is not failed


def _recount(store: Store) -> dict[int, int]:
    rows = store.conn.execute(
        "SELECT x.id, (SELECT count(*) FROM mentions m JOIN article_actors aa"
        " ON aa.article_id = m.article_id AND aa.local_id = m.local_actor"
        " WHERE aa.actor_id = x.id) FROM actors x")
    return {int(r[0]): int(r[1]) for r in rows}


def test_mention_totals_follow_saves_replacements_and_deletions(tmp_path: Path) -> None:
    with Store(tmp_path / "m.db") as store:
        def listed() -> dict[int, int]:
            return {r["id"]: r["mentions"] for r in list_actors(store.conn, Filters(limit=100))}

        store.save(sample_record("one"))
        store.save(sample_record("two", outlet="Harbour Post"))
        assert listed() == _recount(store) and sum(listed().values()) == 6
        shorter = sample_record("two", outlet="Harbour Post")
        shorter.mentions = shorter.mentions[:1]
        store.save(shorter)  # replaced: its rows are deleted and written again
        assert listed() == _recount(store) and sum(listed().values()) == 4
        store.delete_article("one")
        assert listed() == _recount(store) and sum(listed().values()) == 1


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.slow
def test_serve_with_workers_answers_and_sees_new_articles(db: Path, tmp_path: Path) -> None:
    import httpx

    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as stderr:
        server = subprocess.Popen(
            [sys.executable, "-m", "rashomon", "serve", "--db", str(db), "--port", str(port),
             "--workers", "2"], env=env, stdout=subprocess.DEVNULL, stderr=stderr)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            wait_until_serving(client)
            ids = {a["id"] for a in client.get("/api/articles").json()["items"]}
            with Store(db) as store:
                store.save(sample_record("while-serving", published="2030-01-01"))
            # Every answer after the commit shows it, whichever worker gives it (each
            # request is a new connection, so both workers answer some).
            for _ in range(10):
                with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as fresh:
                    listed = {a["id"] for a in fresh.get("/api/articles").json()["items"]}
                assert listed == ids | {"while-serving"}
    finally:
        server.terminate()
        server.wait(20)
    assert "Started parent process" in log.read_text()  # several workers, not one
