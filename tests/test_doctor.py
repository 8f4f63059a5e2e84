"""``rashomon doctor``: a healthy store passes; damage is found, reported and repaired."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from reliability_helpers import run_cli, snapshot
from shared_corpora import copy_store

pytestmark = [pytest.mark.model, pytest.mark.slow]


@pytest.fixture(scope="module")
def healthy(tmp_path_factory: pytest.TempPathFactory, reliability_store: Path) -> Path:
    # A copy of `rashomon analyze` of the corpus (run once per session by conftest.py).
    return copy_store(reliability_store, tmp_path_factory.mktemp("doctor") / "news.db")


def _damage(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute('UPDATE statements SET "end" = 99999 WHERE article_id = ? AND idx = 0',
                     ("hw-0412-port",))
        conn.execute("UPDATE statements SET published = '1999-01-01' WHERE article_id = ?",
                     ("ed-0412-strike",))
        conn.execute("DELETE FROM story_articles WHERE article_id = 'nl-0421-dams'")
        conn.execute("UPDATE stories SET n_articles = n_articles + 5")
        conn.execute("INSERT INTO articles_fts(articles_fts, rowid, title, text)"
                     " VALUES ('delete', 1, 'x', 'y')")


def test_healthy_store_passes_every_check(healthy: Path) -> None:
    result = run_cli("doctor", "--db", str(healthy))
    assert result.returncode == 0, result.stderr
    assert result.stderr.count(" ok ") == 6


def test_damage_is_reported_then_repaired(healthy: Path, tmp_path: Path) -> None:
    db = tmp_path / "damaged.db"
    shutil.copy(healthy, db)
    _damage(db)
    damaged = snapshot(db)
    checked = run_cli("doctor", "--db", str(db), "--check")
    assert checked.returncode == 1
    for check in ("search-index", "offsets", "dates", "grouping", "story-counts"):
        assert check in checked.stderr
    assert checked.stderr.count("E034") == 5
    assert snapshot(db) == damaged, "--check must not change the store"
    repaired = run_cli("doctor", "--db", str(db))
    assert repaired.returncode == 0, repaired.stderr
    assert repaired.stderr.count("repaired") == 5
    after, reference = snapshot(db), snapshot(healthy)
    # Everything a user reads is as before the damage; only the grouper's internal
    # document frequencies may count the re-analysed article twice.
    assert {k: v for k, v in after.items() if k != "state"} == {
        k: v for k, v in reference.items() if k != "state"}
    assert run_cli("doctor", "--db", str(db)).returncode == 0


def test_unreadable_store_is_a_coded_error(tmp_path: Path) -> None:
    db = tmp_path / "garbage.db"
    db.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4096)
    result = run_cli("doctor", "--db", str(db))
    assert result.returncode == 1
    assert "E034" in result.stderr and "Traceback" not in result.stderr
