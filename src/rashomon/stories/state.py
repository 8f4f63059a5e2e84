"""The story grouper's state, one row per article in the store (``grouping_*`` tables).

Nothing is held for the whole corpus in memory: a batch reads the rows its articles touch
(candidate postings within the date window, the candidates' features, the edges and members
of the stories involved) and writes them back in one transaction. The document frequencies
of hashed terms are rows too (``grouping_terms``): a batch reads those of its own terms only,
so neither the hash space (``N_FEATURES``, large enough that distinct words almost never share
a slot) nor the store's vocabulary is ever held in memory. A grouper without a store keeps the
same tables in an in-memory SQLite database.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

import numpy as np

from ..store.migrations import GROUPING_SCHEMA
from .features import ArticleFeatures

DOCS_KEY = "grouping_docs"
UNDATED_LIMIT = 500
_BATCH = 500


def memory_connection() -> sqlite3.Connection:
    """An in-memory database holding only the grouping tables (and ``state``)."""
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.executescript(GROUPING_SCHEMA + "CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT);")
    return conn


def _chunks(items: Sequence[str], size: int = _BATCH) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class GroupingState:
    """Reads and writes of the grouping tables over one connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        # Document frequencies of the terms this batch touched (read on demand, dropped
        # when the batch ends), and which of them changed.
        self._df: dict[int, int] = {}
        self._df_changed: set[int] = set()
        self._n_docs: int | None = None

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Every write of one batch commits together, or not at all."""
        with self.conn:
            yield self.conn

    # ----- document frequencies ------------------------------------------------------
    def _load_terms(self, terms: np.ndarray) -> None:
        missing = [t for t in dict.fromkeys(terms.tolist()) if t not in self._df]
        for start in range(0, len(missing), _BATCH):
            chunk = missing[start : start + _BATCH]
            self._df.update(dict.fromkeys(chunk, 0))
            rows = self.conn.execute(
                "SELECT term, df FROM grouping_terms WHERE term IN"
                f" ({','.join('?' * len(chunk))})",
                chunk,
            )
            self._df.update((int(term), int(count)) for term, count in rows)

    def df(self, terms: np.ndarray) -> np.ndarray:
        """Document frequency of each of ``terms`` (hashed term indices)."""
        self._load_terms(terms)
        return np.fromiter((self._df[t] for t in terms.tolist()), dtype=np.int64,
                           count=terms.size)

    @property
    def n_docs(self) -> int:
        """How many articles the document frequencies count."""
        if self._n_docs is None:
            row = self.conn.execute("SELECT value FROM state WHERE key = ?", (DOCS_KEY,)).fetchone()
            self._n_docs = int(row[0]) if row else 0
        return self._n_docs

    def count_terms(self, terms: np.ndarray, sign: int) -> None:
        """Add (``sign`` 1) or remove (-1) one article's terms from the frequencies."""
        self._load_terms(terms)
        for term in terms.tolist():
            self._df[term] = max(0, self._df[term] + sign)
        self._df_changed.update(terms.tolist())
        self._n_docs = max(0, self.n_docs + sign)

    def _flush_terms(self, conn: sqlite3.Connection) -> None:
        df = self._df
        changed = sorted(self._df_changed)
        conn.executemany(
            "INSERT INTO grouping_terms (term, df) VALUES (?, ?)"
            " ON CONFLICT(term) DO UPDATE SET df = excluded.df",
            [(t, int(df[t])) for t in changed if df[t] > 0],
        )
        conn.executemany(
            "DELETE FROM grouping_terms WHERE term = ?", [(t,) for t in changed if df[t] == 0]
        )
        conn.execute(
            "INSERT INTO state (key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (DOCS_KEY, str(self.n_docs)),
        )
        self._df_changed.clear()
        self._df.clear()

    # ----- articles ------------------------------------------------------------------
    def select_in(self, sql: str, ids: Iterable[str]) -> Iterator[sqlite3.Row]:
        """Rows of ``sql`` (whose ``{marks}`` stands for the id placeholders) for ``ids``,
        asked in chunks that stay below SQLite's limit on bound parameters."""
        for chunk in _chunks(list(dict.fromkeys(ids))):
            yield from self.conn.execute(sql.format(marks=",".join("?" * len(chunk))), chunk)

    def features(self, ids: Iterable[str]) -> dict[str, ArticleFeatures]:
        """Stored features of the given articles (those that have any)."""
        rows = self.select_in("SELECT * FROM grouping_articles WHERE article_id IN ({marks})", ids)
        return {row["article_id"]: ArticleFeatures.from_row(row) for row in rows}

    def story_of(self, ids: Iterable[str]) -> dict[str, str]:
        """Article id → story id, for the given articles that are grouped."""
        rows = self.select_in(
            "SELECT article_id, story_id FROM grouping_articles WHERE story_id IS NOT NULL"
            " AND article_id IN ({marks})",
            ids,
        )
        return {r[0]: r[1] for r in rows}

    def placement(self, ids: Iterable[str]) -> dict[str, tuple[int | None, str | None, str | None]]:
        """Article id → (day, story id, publication date) for the given grouped articles."""
        rows = self.select_in(
            "SELECT article_id, day, story_id, published FROM grouping_articles"
            " WHERE article_id IN ({marks})",
            ids,
        )
        return {r[0]: (r[1], r[2], r[3]) for r in rows}

    def members(self, story_ids: Iterable[str]) -> dict[str, list[str]]:
        """Story id → its articles, by (day, id)."""
        out: dict[str, list[str]] = {}
        for sid in dict.fromkeys(story_ids):
            rows = self.conn.execute(
                "SELECT article_id FROM grouping_articles WHERE story_id = ?"
                " ORDER BY coalesce(day, 1000000000), article_id",
                (sid,),
            )
            found = [r[0] for r in rows]
            if found:
                out[sid] = found
        return out

    def story_exists(self, story_id: str) -> bool:
        """Whether some article belongs to the story."""
        row = self.conn.execute(
            "SELECT 1 FROM grouping_articles WHERE story_id = ? LIMIT 1", (story_id,)
        ).fetchone()
        return row is not None

    def all_stories(self) -> dict[str, list[str]]:
        """Every story and its articles (for tests and small corpora: reads every row)."""
        out: dict[str, list[str]] = {}
        rows = self.conn.execute(
            "SELECT story_id, article_id FROM grouping_articles WHERE story_id IS NOT NULL"
            " ORDER BY story_id, coalesce(day, 1000000000), article_id"
        )
        for sid, aid in rows:
            out.setdefault(sid, []).append(aid)
        return out

    def insert(
        self, conn: sqlite3.Connection, feats: ArticleFeatures, keys: dict[str, float]
    ) -> None:
        """Write an article's features and candidate keys (without a story yet)."""
        conn.execute(
            "INSERT INTO grouping_articles (article_id, record_hash, day, published, story_id,"
            " copy_of, meta, terms, weights, minhash, embedding)"
            " VALUES (?,?,?,?,NULL,NULL,?,?,?,?,?)",
            (
                feats.id, feats.record_hash, feats.day, feats.published,
                json.dumps(feats.meta(), ensure_ascii=False),
                feats.terms.astype(np.int32).tobytes(),
                feats.weights.astype(np.float32).tobytes(),
                # affine32 MinHash values fit 32 bits; the low bits stand for wider ones.
                (feats.minhash & 0xFFFFFFFF).astype(np.uint32).tobytes(),
                None if feats.embedding is None
                else feats.embedding.astype(np.float32).tobytes(),
            ),
        )
        conn.executemany(
            "INSERT INTO grouping_keys (key, day, article_id, weight) VALUES (?,?,?,?)",
            [(key, feats.day, feats.id, weight) for key, weight in keys.items()],
        )

    def delete(self, conn: sqlite3.Connection, article_id: str) -> list[str]:
        """Forget an article's rows; returns the articles it had edges with."""
        neighbours = [
            r[0] for r in conn.execute(
                "SELECT b FROM grouping_edges WHERE a = ? UNION SELECT a FROM grouping_edges"
                " WHERE b = ?",
                (article_id, article_id),
            )
        ]
        conn.execute("DELETE FROM grouping_edges WHERE a = ? OR b = ?", (article_id, article_id))
        conn.execute("DELETE FROM grouping_keys WHERE article_id = ?", (article_id,))
        conn.execute("DELETE FROM grouping_articles WHERE article_id = ?", (article_id,))
        return neighbours

    def finish(self, conn: sqlite3.Connection) -> None:
        """Write the changed document frequencies (inside the batch's transaction)."""
        self._flush_terms(conn)

    def forget_cache(self) -> None:
        """Drop cached frequencies (after a failed transaction rolled the rows back)."""
        self._df.clear()
        self._n_docs = None
        self._df_changed.clear()

    # ----- candidates and edges -----------------------------------------------------
    def postings(self, key: str, day: int | None, window: int) -> list[tuple[str, float]]:
        """Articles holding ``key`` whose day is within ``window`` of ``day`` (or undated)."""
        if day is None:
            rows = self.conn.execute(
                "SELECT article_id, weight FROM grouping_keys WHERE key = ?"
                " ORDER BY day DESC LIMIT ?",
                (key, UNDATED_LIMIT),
            )
        else:
            # Two searches of the (key, day) index: with "OR day IS NULL" SQLite would read
            # every posting of the key, and a country's postings grow with the store.
            rows = self.conn.execute(
                "SELECT article_id, weight FROM grouping_keys WHERE key = ?"
                " AND day BETWEEN ? AND ? UNION ALL SELECT article_id, weight FROM grouping_keys"
                " WHERE key = ? AND day IS NULL",
                (key, day - window, day + window, key),
            )
        return [(r[0], float(r[1])) for r in rows]

    def edges_among(self, ids: Sequence[str]) -> list[tuple[str, str, float, bool]]:
        """Every stored edge with both ends among ``ids``."""
        wanted = set(ids)
        rows = self.select_in("SELECT a, b, score, copy FROM grouping_edges WHERE a IN ({marks})",
                              ids)
        return [(r[0], r[1], float(r[2]), bool(r[3])) for r in rows if r[1] in wanted]

    def write_edges(
        self, conn: sqlite3.Connection, edges: Iterable[tuple[str, str, float, bool]]
    ) -> None:
        """Store scored pairs (each with ``a < b``)."""
        conn.executemany(
            "INSERT INTO grouping_edges (a, b, score, copy) VALUES (?,?,?,?)"
            " ON CONFLICT(a, b) DO UPDATE SET score = excluded.score, copy = excluded.copy",
            [(a, b, s, int(c)) for a, b, s, c in edges],
        )

    def assign(
        self, conn: sqlite3.Connection, story_of: dict[str, str], copy_of: dict[str, str | None]
    ) -> None:
        """Set the story (and the original, for copies) of the given articles."""
        conn.executemany(
            "UPDATE grouping_articles SET story_id = ?, copy_of = ? WHERE article_id = ?",
            [(sid, copy_of.get(aid), aid) for aid, sid in story_of.items()],
        )

    def mark_dirty(self, conn: sqlite3.Connection, story_ids: Iterable[str]) -> None:
        """Note stories whose records must be rebuilt."""
        conn.executemany(
            "INSERT OR IGNORE INTO grouping_dirty (story_id) VALUES (?)",
            [(sid,) for sid in story_ids],
        )

    def clear(self) -> None:
        """Forget every article (before grouping the whole corpus afresh)."""
        with self.transaction() as conn:
            for table in ("grouping_articles", "grouping_keys", "grouping_edges",
                          "grouping_terms"):
                conn.execute(f"DELETE FROM {table}")
            conn.execute("DELETE FROM state WHERE key = ?", (DOCS_KEY,))
        self.forget_cache()
