"""``rashomon regroup`` end to end: the stories it rebuilds are the ones ``analyze`` made."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from rashomon.store import Store
from shared_corpora import cli_in_process, copy_store

pytestmark = [pytest.mark.model, pytest.mark.slow]


def rashomon(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "rashomon", *args], capture_output=True,
                          text=True, timeout=900)


def stories(db: Path) -> dict[str, frozenset[str]]:
    with Store(db, readonly=True) as store:
        out: dict[str, set[str]] = {}
        for sid, aid in store.conn.execute("SELECT story_id, article_id FROM story_articles"):
            out.setdefault(sid, set()).add(aid)
        dates = dict(store.conn.execute("SELECT id, json_extract(data, '$.date') FROM stories"))
    # Every story has its main event's day, but those of the three undated txt files.
    assert sum(d is None for d in dates.values()) <= 3 < len(dates)
    return {sid: frozenset(m) for sid, m in out.items()}


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory, demo_store: Path
             ) -> tuple[Path, dict[str, frozenset[str]]]:
    # A copy of `rashomon analyze examples/` (run once per session by conftest.py).
    db = copy_store(demo_store, tmp_path_factory.mktemp("regroup") / "news.db")
    return db, stories(db)


def test_regroup_rebuilds_the_stories_analyze_made(
    analysed: tuple[Path, dict[str, frozenset[str]]]
) -> None:
    db, before = analysed
    result = rashomon("regroup", "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert stories(db) == before
    # The same command from a day on, through the CLI in this process (no second model load).
    partly = cli_in_process("regroup", "--db", str(db), "--from", "2025-06-01")
    assert partly.returncode == 0, partly.stderr
    assert stories(db) == before


def test_regroup_refuses_a_bad_date_and_a_missing_store(
    analysed: tuple[Path, dict[str, frozenset[str]]], tmp_path: Path
) -> None:
    db, _ = analysed
    bad = rashomon("regroup", "--db", str(db), "--from", "June")
    assert bad.returncode == 2 and "E040" in bad.stderr
    missing = rashomon("regroup", "--db", str(tmp_path / "none.db"))
    assert missing.returncode == 2 and "E031" in missing.stderr
