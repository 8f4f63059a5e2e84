"""Crash safety of grouping: a real ``rashomon analyze`` killed (SIGKILL) at a named step.

``RASHOMON_KILL_AT=<step>`` makes the process kill itself at that step, as ``kill -9``
would: ``before-grouping`` is after every article is stored and before grouping starts,
``grouping-saved`` after the grouping rows are committed and before the story records are
rebuilt. The next run, with nothing new to analyse, must leave every analysed article in
exactly one story. The run that finishes the work is a new process after the first step's
kill; after the second's, and for ``regroup``, it goes through the CLI's entry point in this
process (``cli_in_process``, no second model load): the store is all a killed run leaves.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from rashomon.store import Store
from shared_corpora import cli_in_process

pytestmark = [pytest.mark.model, pytest.mark.slow]

ARTICLES = [
    {"id": "tribune-geneva", "outlet": "Capital Tribune", "published": "2025-03-11",
     "title": "Harlow and Sorokin meet in Geneva",
     "text": "Secretary of State Daniel Harlow met Russian Foreign Minister Mikhail Sorokin in"
             " Geneva on Tuesday for talks on election interference. The meeting ran past two"
             " hours, officials said."},
    {"id": "dispatch-geneva", "outlet": "Eastern Dispatch", "published": "2025-03-11",
     "title": "Sorokin and Harlow hold Geneva talks",
     "text": "Foreign Minister Mikhail Sorokin held talks with Secretary of State Daniel Harlow"
             " in Geneva on Tuesday. Sorokin said the meeting on election interference was"
             " frank and lasted more than two hours."},
    {"id": "ledger-storm", "outlet": "The Northern Ledger", "published": "2025-03-12",
     "title": "Storm closes ferry routes",
     "text": "A winter storm closed ferry routes across the northern fjords on Wednesday, the"
             " coastal authority said, and thousands of homes lost power overnight."},
]


def run(db: Path, source: Path, stop_at: str | None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("RASHOMON_KILL_AT", None)
    if stop_at is not None:
        env["RASHOMON_KILL_AT"] = stop_at
    return subprocess.run(
        [sys.executable, "-m", "rashomon", "analyze", str(source), "--db", str(db)],
        capture_output=True, text=True, env=env, timeout=600,
    )


def grouped_once(db: Path) -> dict[str, int]:
    with Store(db, readonly=True) as store:
        rows = store.conn.execute(
            "SELECT a.id, count(sa.story_id) FROM articles a LEFT JOIN story_articles sa"
            " ON sa.article_id = a.id WHERE a.analyzed = 1 GROUP BY a.id"
        )
        return {r[0]: r[1] for r in rows}


@pytest.fixture()
def source(tmp_path: Path) -> Path:
    path = tmp_path / "articles.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), "utf8")
    return path


STEPS = ["before-grouping", "grouping-saved"]


@pytest.mark.parametrize("step", STEPS)
def test_a_run_killed_before_its_stories_are_built_is_finished_by_the_next(
    tmp_path: Path, source: Path, step: str
) -> None:
    db = tmp_path / "news.db"
    killed = run(db, source, step)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    counts = grouped_once(db)
    assert set(counts) == {a["id"] for a in ARTICLES}  # stored before the kill
    assert set(counts.values()) == {0}  # but in no story

    if step == STEPS[0]:
        again = run(db, source, None)
    else:
        again = cli_in_process("analyze", str(source), "--db", str(db))
    assert again.returncode == 0, again.stderr
    assert grouped_once(db) == {a["id"]: 1 for a in ARTICLES}
    with Store(db, readonly=True) as store:
        stories = {
            sid: {r[0] for r in store.conn.execute(
                "SELECT article_id FROM story_articles WHERE story_id = ?", (sid,))}
            for (sid,) in store.conn.execute("SELECT id FROM stories")
        }
        assert store.conn.execute("SELECT count(*) FROM grouping_dirty").fetchone()[0] == 0
    assert {"tribune-geneva", "dispatch-geneva"} in stories.values()


def test_regroup_finishes_an_interrupted_run_too(tmp_path: Path, source: Path) -> None:
    db = tmp_path / "news.db"
    assert run(db, source, "before-grouping").returncode == -signal.SIGKILL
    result = cli_in_process("regroup", "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert grouped_once(db) == {a["id"]: 1 for a in ARTICLES}
