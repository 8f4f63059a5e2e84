"""``rashomon doctor``: check a store's integrity and our invariants, repair what can be.

Checks, each a named finding when it fails:

- ``sqlite``: SQLite's own ``integrity_check`` and ``foreign_key_check`` (not repairable
  here: restore a backup or use ``sqlite3 DB .recover``);
- ``search-index``: the full-text indexes agree with their tables (rebuilt);
- ``offsets``: every mention, statement, speaker and event span lies inside its article's
  text (the article is analysed again from its stored text);
- ``dates``: the dates copied onto statements and events for listing match their article's
  (copied again);
- ``grouping``: every analysed article is in a story the grouper knows, and the grouper
  knows no article that is gone (regrouped, as the next run would);
- ``story-counts``: each story's article count matches its members, and no story is empty
  (rebuilt or removed).
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass, field

from ..config import Settings
from ..errors import DocumentFailure
from . import Store

log = logging.getLogger(__name__)
# Spans of each table that must lie inside the article text: (table, start, end).
_SPANS = (
    ("mentions", "start", '"end"'),
    ("statements", "start", '"end"'),
    ("statements", "speaker_start", "speaker_end"),
    ("events", "start", '"end"'),
)


@dataclass(slots=True)
class Finding:
    """One failed check: how many rows, an example, and whether it was repaired."""

    check: str
    count: int
    detail: str
    repairable: bool = True
    repaired: bool = False
    ids: list[str] = field(default_factory=list)


def diagnose(store: Store, settings: Settings) -> list[Finding]:
    """Every failed check of the store (an empty list: the store is healthy)."""
    findings: list[Finding] = []
    for check in (_sqlite, _search_index, _offsets, _dates, _story_counts):
        finding = check(store.conn)
        if finding is not None:
            findings.append(finding)
    grouping = _grouping(store, settings)
    if grouping is not None:
        findings.append(grouping)
    return findings


def repair(store: Store, settings: Settings, findings: list[Finding]) -> None:
    """Repair every repairable finding in place (the caller holds the writer lock)."""
    regroup: list[str] = []
    for finding in findings:
        if not finding.repairable:
            continue
        if finding.check == "search-index":
            with store.transaction() as conn:
                conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
                conn.execute("INSERT INTO statements_fts(statements_fts) VALUES ('rebuild')")
        elif finding.check == "offsets":
            regroup += _reanalyse(store, settings, finding.ids)
        elif finding.check == "dates":
            _copy_dates(store)
        elif finding.check in ("grouping", "story-counts"):
            regroup += finding.ids
        finding.repaired = True
    if regroup:
        from ..stories.update import update_stories  # noqa: PLC0415 - the grouper is heavy

        ids = list(dict.fromkeys(regroup))
        with store.transaction() as conn:
            conn.execute(
                "DELETE FROM stories WHERE id NOT IN (SELECT story_id FROM story_articles)")
            # A stale hash makes the grouper take the article afresh, as after re-analysis.
            conn.executemany("UPDATE grouping_articles SET record_hash = '' WHERE article_id = ?",
                             [(i,) for i in ids])
        update_stories(store, ids, settings)


def _sqlite(conn: sqlite3.Connection) -> Finding | None:
    problems = [r[0] for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
    problems += [f"{r[0]} row {r[1]} → {r[2]}" for r in conn.execute("PRAGMA foreign_key_check")]
    if not problems:
        return None
    return Finding("sqlite", len(problems), problems[0], repairable=False)


def _search_index(conn: sqlite3.Connection) -> Finding | None:
    broken = []
    for table in ("articles_fts", "statements_fts"):
        try:
            conn.execute(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)")
        except sqlite3.DatabaseError as exc:
            broken.append(f"{table}: {exc}")
    conn.rollback()
    return Finding("search-index", len(broken), broken[0]) if broken else None


def _offsets(conn: sqlite3.Connection) -> Finding | None:
    bad: dict[str, str] = {}
    for table, start, end in _SPANS:
        rows = conn.execute(
            f"SELECT t.article_id, t.idx, t.{start}, t.{end}, length(a.text) FROM {table} t"
            f" JOIN articles a ON a.id = t.article_id WHERE t.{start} IS NOT NULL AND"
            f" (t.{start} < 0 OR t.{end} < t.{start} OR t.{end} > length(a.text))")
        for r in rows:
            bad.setdefault(r[0], f"{table} {r[1]} of {r[0]!r}: [{r[2]}, {r[3]}) outside"
                                 f" a text of {r[4]} characters")
    if not bad:
        return None
    first = next(iter(bad.values()))
    return Finding("offsets", len(bad), first, ids=sorted(bad))


def _dates(conn: sqlite3.Connection) -> Finding | None:
    stale = conn.execute(
        "SELECT count(*) FROM statements s JOIN articles a ON a.id = s.article_id"
        " WHERE s.published IS NOT a.published").fetchone()[0]
    stale += conn.execute(
        "SELECT count(*) FROM events e JOIN articles a ON a.id = e.article_id"
        " WHERE e.occurred IS NOT coalesce(e.date, a.published)").fetchone()[0]
    if not stale:
        return None
    return Finding("dates", stale, f"{stale} statement or event date(s) differ from the article's")


def _copy_dates(store: Store) -> None:
    with store.transaction() as conn:
        conn.execute("UPDATE statements SET published = (SELECT a.published FROM articles a"
                     " WHERE a.id = statements.article_id)")
        conn.execute("UPDATE events SET occurred = coalesce(date, (SELECT a.published FROM"
                     " articles a WHERE a.id = events.article_id))")


def _story_counts(conn: sqlite3.Connection) -> Finding | None:
    rows = conn.execute(
        "SELECT s.id, s.n_articles, (SELECT count(*) FROM story_articles k WHERE k.story_id = s.id)"
        " AS members FROM stories s WHERE s.n_articles != members OR members = 0").fetchall()
    if not rows:
        return None
    ids = [r[0] for story in rows for r in conn.execute(
        "SELECT article_id FROM story_articles WHERE story_id = ?", (story[0],))]
    first = rows[0]
    return Finding("story-counts", len(rows), f"story {first[0]!r} says {first[1]} article(s),"
                   f" has {first[2]}", ids=ids)


def _grouping(store: Store, settings: Settings) -> Finding | None:
    from ..stories.update import gone_articles, pending_articles  # noqa: PLC0415

    outside = [r[0] for r in store.conn.execute(
        "SELECT a.id FROM articles a WHERE a.analyzed = 1 AND NOT EXISTS"
        " (SELECT 1 FROM story_articles k WHERE k.article_id = a.id) ORDER BY a.id")]
    ids = list(dict.fromkeys(pending_articles(store) + gone_articles(store) + outside))
    if not ids:
        return None
    return Finding("grouping", len(ids), f"article {ids[0]!r} is not (or no longer) grouped",
                   ids=ids)


def _reanalyse(store: Store, settings: Settings, ids: list[str]) -> list[str]:
    """Analyse articles again from their stored text and metadata; returns their ids."""
    from ..jobs import analysis_fingerprint, is_analyzed  # noqa: PLC0415
    from ..records import Article  # noqa: PLC0415
    from ..scale.engines import analyze  # noqa: PLC0415 - spaCy
    from .db import input_hash  # noqa: PLC0415

    fingerprint = analysis_fingerprint(settings)
    inputs = []
    for record in store.iter_records(ids):
        inputs.append(Article(id=record.id, text=record.text, url=record.url,
                              outlet=record.outlet, published=record.published,
                              title=record.title, language=record.language))
    by_id = {a.id: a for a in inputs}
    with store.transaction() as conn:
        # The stored hash describes the record before its rows were damaged: forget it, so
        # that saving the fresh analysis replaces every row.
        conn.executemany("UPDATE articles SET record_hash = '' WHERE id = ?",
                         [(i,) for i in by_id])
    for result in analyze(iter(inputs), settings):
        if isinstance(result, DocumentFailure):
            log.warning("%s", result)
            continue
        store.save(result, analyzed=is_analyzed(result, settings),
                   input_hash=input_hash(by_id[result.id], fingerprint))
    return ids

