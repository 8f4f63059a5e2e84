"""Helpers the reliability tests share: the CLI as a subprocess, and a store's content.

"The same store" means the same content, not the same bytes: row ids, timestamps and
page layout may differ between an interrupted and an uninterrupted run, nothing else.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
RELIABILITY = Path(__file__).parent / "data" / "reliability"

# Each table's content, with canonical actors named by key rather than by row id.
_SNAPSHOT_QUERIES = {
    "articles": "SELECT id, url, outlet, published, title, language, text, analyzed,"
                " record_hash, input_hash FROM articles ORDER BY id",
    "actors": "SELECT key, name, type, country, sector, role, code FROM actors ORDER BY key",
    "aliases": "SELECT x.key, l.alias FROM actor_aliases l JOIN actors x ON x.id = l.actor_id"
               " ORDER BY 1, 2",
    "roles": "SELECT x.key, r.role, r.article_id, r.date FROM actor_roles r"
             " JOIN actors x ON x.id = r.actor_id ORDER BY 1, 2, 3",
    "article_actors": "SELECT a.article_id, a.local_id, x.key, a.name, a.type, a.country,"
                      " a.role FROM article_actors a JOIN actors x ON x.id = a.actor_id"
                      " ORDER BY 1, 2",
    "mentions": 'SELECT article_id, idx, local_actor, start, "end", text FROM mentions'
                " ORDER BY 1, 2",
    "statements": 'SELECT s.article_id, s.idx, s.speaker, x.key, s.content, s.start, s."end",'
                  " s.cue, s.channel, s.direct, s.negated, s.published FROM statements s"
                  " LEFT JOIN actors x ON x.id = s.speaker_actor_id ORDER BY 1, 2",
    "events": 'SELECT article_id, idx, type, mode, actor, recipient, start, "end", trigger,'
              " occurred FROM events ORDER BY 1, 2",
    "stories": 'SELECT id, title, start, "end", n_articles, n_outlets, n_speakers, n_conflicts,'
               " n_agreements, data FROM stories ORDER BY id",
    "story_articles": "SELECT story_id, article_id FROM story_articles ORDER BY 1, 2",
    "comparisons": "SELECT * FROM comparisons ORDER BY story_id, idx",
    "state": "SELECT key, value FROM state WHERE key = 'story_grouper'",
    "statements_fts": "SELECT count(*) FROM statements_fts",
    "articles_fts": "SELECT count(*) FROM articles_fts",
}


def snapshot(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Everything a store holds, table by table, free of row ids and timestamps."""
    with sqlite3.connect(db) as conn:
        return {name: [tuple(r) for r in conn.execute(sql)]
                for name, sql in _SNAPSHOT_QUERIES.items()}


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 300
            ) -> subprocess.CompletedProcess[str]:
    """The real CLI in a subprocess of this worktree's code."""
    environment = {**os.environ, "PYTHONPATH": str(REPO / "src"), **(env or {})}
    return subprocess.run([sys.executable, "-m", "rashomon", *args], capture_output=True,
                          text=True, env=environment, timeout=timeout)


def wait_until_serving(client: Any, seconds: float = 60.0) -> None:
    """Wait until the server behind ``client`` (an ``httpx.Client``) answers ``/``."""
    import httpx

    deadline = time.monotonic() + seconds
    while True:
        try:
            client.get("/")
            return
        except httpx.TransportError:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)
