"""``kill -9`` at any step of ``analyze``, then the same command again: the same store.

Each test runs the real CLI in a subprocess that kills itself (SIGKILL, no cleanup) at a
named step through the ``RASHOMON_KILL_AT`` hook, runs the command again, and compares the
store's content with that of an uninterrupted run. The run after the first step's kill is a
new process too; after the other kills the same command runs through the CLI's entry point
in this process (``cli_in_process``), which reuses the loaded model: the store is all a
killed run leaves to the next, so what is checked is the same, without a model load per run.
"""

from __future__ import annotations

import signal
import sqlite3
from pathlib import Path

import pytest

from reliability_helpers import RELIABILITY, run_cli, snapshot
from shared_corpora import cli_in_process

pytestmark = [pytest.mark.model, pytest.mark.slow]
CORPUS = str(RELIABILITY / "articles.jsonl")


@pytest.fixture(scope="module")
def reference(reliability_store: Path) -> dict[str, list[tuple[object, ...]]]:
    # An uninterrupted `rashomon analyze` of CORPUS (run once per session by conftest.py).
    snap = snapshot(reliability_store)
    assert len(snap["articles"]) == 6 and snap["stories"], "the corpus must form stories"
    return snap


STEPS = ["article-stored:1", "before-grouping", "grouping-saved", "stories-saved"]


@pytest.mark.parametrize("step", STEPS)
def test_killed_analyze_then_rerun_equals_an_uninterrupted_run(
    step: str, reference: dict[str, list[tuple[object, ...]]], tmp_path: Path
) -> None:
    db = tmp_path / "news.db"
    killed = run_cli("analyze", CORPUS, "--db", str(db), env={"RASHOMON_KILL_AT": step})
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    partial = snapshot(db)
    # Killed after the last story was saved, what is left undone is the grouper's note of
    # the stories to rebuild, which the snapshot of what a reader sees does not hold.
    assert partial != reference or _stories_to_rebuild(db), "the kill must leave work unfinished"
    rerun = run_cli if step == STEPS[0] else cli_in_process
    again = rerun("analyze", CORPUS, "--db", str(db))
    assert again.returncode == 0, again.stderr
    assert snapshot(db) == reference
    # A third run finds nothing left to do and changes nothing.
    third = cli_in_process("analyze", CORPUS, "--db", str(db))
    assert third.returncode == 0 and snapshot(db) == reference


def test_killed_run_leaves_no_half_written_article(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    killed = run_cli("analyze", CORPUS, "--db", str(db),
                     env={"RASHOMON_KILL_AT": "article-stored:2"})
    assert killed.returncode == -signal.SIGKILL
    with sqlite3.connect(db) as conn:
        stored = [r[0] for r in conn.execute("SELECT id FROM articles")]
        orphans = conn.execute(
            "SELECT count(*) FROM statements WHERE article_id NOT IN (SELECT id FROM articles)"
        ).fetchone()[0]
    assert len(stored) == 2 and orphans == 0


def _stories_to_rebuild(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM grouping_dirty").fetchone()[0])
