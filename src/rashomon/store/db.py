"""Open, migrate and write the SQLite store.

One file, WAL journal, foreign keys on. Writing an article replaces all of its rows in one
transaction, so a run that stops half way leaves every article either as it was or fully
replaced. Saving the same analysed record twice changes nothing: the record's hash is
compared first.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from ..errors import Errors, RashomonError
from ..faults import reached
from ..kb.identity import Merge, PersonRef
from ..kb.keys import canonical_key
from ..records import Actor, AnalyzedArticle, Article, Event, Mention, Statement, Story
from .migrations import MIGRATIONS, SCHEMA_VERSION

SaveOutcome = Literal["added", "replaced", "unchanged"]


def connect(path: str | Path, readonly: bool = False) -> sqlite3.Connection:
    """Open (and for writers, create and migrate) the database at ``path``."""
    if readonly:
        uri = f"file:{Path(path).resolve()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
    else:
        conn = sqlite3.connect(str(path), check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 10000")
    if not readonly:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        migrate(conn, str(path))
    else:
        check_version(conn, str(path))
    return conn


def check_version(conn: sqlite3.Connection, path: str) -> int:
    """The database's schema version; an error if it is newer than this code knows."""
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise RashomonError(Errors.E030, path=path, found=version, known=SCHEMA_VERSION)
    return version


def migrate(conn: sqlite3.Connection, path: str = "") -> int:
    """Apply every migration the database has not had yet; returns the new version."""
    version = check_version(conn, path)
    for number in range(version, SCHEMA_VERSION):
        with conn:
            conn.executescript(f"BEGIN;\n{MIGRATIONS[number]}\nPRAGMA user_version = {number + 1};")
    return SCHEMA_VERSION


def actor_key(actor: Actor) -> str:
    """The key one stored actor row has: the canonical name, and for groups the country too.

    "Protesters" in Tbilisi and "protesters" in Minsk are different people; Sergey Lavrov
    is one man whatever article names him.
    """
    key = canonical_key(actor.name)
    if actor.type == "group":
        return f"{key}|{actor.country or ''}"
    return key


def input_hash(article: Article, fingerprint: str) -> str:
    """A hash of an input article and of what analyses it (``fingerprint``)."""
    fields = (article.id, article.text, article.url, article.outlet, article.published,
              article.title, article.language, fingerprint)
    payload = json.dumps(fields, ensure_ascii=False)
    return hashlib.sha1(payload.encode("utf8")).hexdigest()


def record_hash(record: AnalyzedArticle) -> str:
    """A hash of everything in the record, so an unchanged re-run is recognised."""
    payload = json.dumps(record.to_dict(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha1(payload.encode("utf8")).hexdigest()


# Words that open a mention which is not a name: pronouns, articles, demonstratives.
_NOT_NAME_STARTS = frozenset(
    ["he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "his", "hers", "its",
     "their", "our", "the", "a", "an", "this", "that", "these", "those"]
)


def is_name_alias(text: str) -> bool:
    """Whether a mention's text is a name worth keeping as an alias ("Lavrov", not "He")."""
    words = text.split()
    return bool(words) and text[:1].isupper() and words[0].lower() not in _NOT_NAME_STARTS


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """The one writer of a Rashomon database, and its record-level reads."""

    def __init__(self, path: str | Path, readonly: bool = False) -> None:
        self.path = str(path)
        self.conn = connect(path, readonly=readonly)

    def close(self) -> None:
        """Close the connection (checkpointing the WAL)."""
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A transaction that commits on success and rolls back on any error."""
        with self.conn:
            yield self.conn

    # -- articles -----------------------------------------------------------------------

    def save(
        self,
        record: AnalyzedArticle,
        analyzed: bool = True,
        source: str | None = None,
        input_hash: str | None = None,
    ) -> SaveOutcome:
        """Store one analysed article, replacing its previous rows if it changed.

        ``input_hash`` (see :func:`input_hash`) lets a later run skip the article's analysis.
        """
        digest = record_hash(record)
        row = self.conn.execute(
            "SELECT record_hash, analyzed FROM articles WHERE id = ?", (record.id,)
        ).fetchone()
        if row is not None and row["record_hash"] == digest and bool(row["analyzed"]) == analyzed:
            if input_hash is not None:
                with self.transaction() as conn:
                    conn.execute("UPDATE articles SET input_hash = ? WHERE id = ?",
                                 (input_hash, record.id))
            return "unchanged"
        with self.transaction() as conn:
            if row is not None:
                conn.execute("DELETE FROM articles WHERE id = ?", (record.id,))
            self._insert(conn, record, digest, analyzed, source)
            conn.execute("UPDATE articles SET input_hash = ? WHERE id = ?",
                         (input_hash, record.id))
        return "added" if row is None else "replaced"

    def input_hash(self, article_id: str) -> str | None:
        """The input hash the stored article was analysed from, if any."""
        row = self.conn.execute(
            "SELECT input_hash FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return None if row is None else row["input_hash"]

    def _insert(
        self,
        conn: sqlite3.Connection,
        record: AnalyzedArticle,
        digest: str,
        analyzed: bool,
        source: str | None,
    ) -> None:
        conn.execute(
            "INSERT INTO articles (id, url, outlet, published, title, language, text, analyzed,"
            " record_hash, source, stored_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                record.id,
                record.url,
                record.outlet,
                record.published,
                record.title,
                record.language,
                record.text,
                int(analyzed),
                digest,
                source,
                _now(),
            ),
        )
        global_ids = {
            actor.id: self._upsert_actor(conn, actor, record) for actor in record.actors
        }
        conn.executemany(
            "INSERT INTO article_actors (article_id, local_id, actor_id, name, type, country,"
            " sector, role, code) VALUES (?,?,?,?,?,?,?,?,?)",
            [
                (record.id, a.id, global_ids[a.id], a.name, a.type, a.country, a.sector, a.role,
                 a.code)
                for a in record.actors
            ],
        )
        conn.executemany(
            'INSERT INTO mentions (article_id, idx, local_actor, start, "end", text)'
            " VALUES (?,?,?,?,?,?)",
            [
                (record.id, i, m.actor, m.start, m.end, m.text)
                for i, m in enumerate(record.mentions)
            ],
        )
        conn.executemany(
            "INSERT INTO statements (article_id, idx, speaker, speaker_actor_id, speaker_text,"
            ' speaker_start, speaker_end, content, start, "end", direct, cue, channel, via,'
            " negated, published) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    record.id, i, s.speaker, global_ids.get(s.speaker or ""), s.speaker_text,
                    s.speaker_start, s.speaker_end, s.content, s.start, s.end, int(s.direct),
                    s.cue, s.channel, json.dumps(s.via), int(s.negated), record.published,
                )
                for i, s in enumerate(record.statements)
            ],
        )
        conn.executemany(
            "INSERT INTO events (article_id, idx, type, mode, context, cameo, actor, recipient,"
            " actor_id, recipient_id, negated, modality, date, location, start, \"end\", trigger,"
            " attributed_to, occurred, source, confidence)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    record.id, i, e.type, e.mode, json.dumps(e.context), e.cameo, e.actor,
                    e.recipient, global_ids.get(e.actor or ""), global_ids.get(e.recipient or ""),
                    int(e.negated), e.modality, e.date, e.location, e.start, e.end, e.trigger,
                    e.attributed_to, e.date or record.published, e.source, e.confidence,
                )
                for i, e in enumerate(record.events)
            ],
        )

    def _find_actor(
        self, conn: sqlite3.Connection, key: str, actor: Actor
    ) -> sqlite3.Row | None:
        """The stored actor ``actor`` is, by key, or a person by surname across articles.

        An article that only ever says "Tavakoli" and another that says "Kamran Tavakoli"
        speak of one man when exactly one stored person of a compatible country fits.
        """
        row = conn.execute("SELECT * FROM actors WHERE key = ?", (key,)).fetchone()
        if row is not None or actor.type != "person":
            return row
        if " " not in key:
            candidates = conn.execute(
                "SELECT * FROM actors WHERE type = 'person' AND key LIKE ?", (f"% {key}",)
            ).fetchall()
        else:
            surname = key.rsplit(" ", 1)[1]
            candidates = conn.execute(
                "SELECT * FROM actors WHERE type = 'person' AND key = ?", (surname,)
            ).fetchall()
        fitting = [
            r for r in candidates
            if r["country"] is None or actor.country is None or r["country"] == actor.country
        ]
        if len(fitting) != 1:
            return None
        found = fitting[0]
        if " " in key:
            # The full name arrived after the surname alone: the row takes the full name.
            conn.execute(
                "UPDATE actors SET key = ?, name = ? WHERE id = ?", (key, actor.name, found["id"])
            )
        return found

    def _upsert_actor(
        self, conn: sqlite3.Connection, actor: Actor, record: AnalyzedArticle
    ) -> int:
        """The canonical actor row for ``actor``, created or completed, with its aliases."""
        key = actor_key(actor)
        row = self._find_actor(conn, key, actor)
        if row is None:
            cursor = conn.execute(
                "INSERT INTO actors (key, name, type, country, sector, role, code)"
                " VALUES (?,?,?,?,?,?,?)",
                (key, actor.name, actor.type, actor.country, actor.sector, actor.role, actor.code),
            )
            actor_id = int(cursor.lastrowid or 0)
        else:
            actor_id = int(row["id"])
            # Fill what the first article did not know; never overwrite what is known.
            conn.execute(
                "UPDATE actors SET type = coalesce(type, ?), country = coalesce(country, ?),"
                " sector = coalesce(sector, ?), role = coalesce(role, ?), code = coalesce(code, ?)"
                " WHERE id = ?",
                (actor.type, actor.country, actor.sector, actor.role, actor.code, actor_id),
            )
        aliases = {actor.name} | {
            m.text for m in record.mentions if m.actor == actor.id and is_name_alias(m.text)
        }
        conn.executemany(
            "INSERT OR IGNORE INTO actor_aliases (actor_id, alias) VALUES (?, ?)",
            [(actor_id, alias) for alias in sorted(aliases)],
        )
        if actor.role:
            conn.execute(
                "INSERT OR IGNORE INTO actor_roles (actor_id, role, article_id, date)"
                " VALUES (?,?,?,?)",
                (actor_id, actor.role, record.id, record.published),
            )
        return actor_id

    def has_article(self, article_id: str) -> bool:
        """Whether an article with this id is stored."""
        row = self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row is not None

    def delete_article(self, article_id: str) -> bool:
        """Remove an article and everything derived from it; True if it existed."""
        with self.transaction() as conn:
            cursor = conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))
        return cursor.rowcount > 0

    def load(self, article_id: str) -> AnalyzedArticle | None:
        """The analysed-article record of a stored article, as ``extract`` gives it."""
        row = self.conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            return None
        return self._record(row)

    def iter_records(self, ids: list[str] | None = None) -> Iterator[AnalyzedArticle]:
        """Every stored record (or those with ``ids``), by publication date then id."""
        if ids is None:
            rows = self.conn.execute("SELECT * FROM articles ORDER BY published, id")
            for row in rows:
                yield self._record(row)
            return
        for article_id in ids:
            record = self.load(article_id)
            if record is not None:
                yield record

    def _record(self, row: sqlite3.Row) -> AnalyzedArticle:
        article_id = row["id"]
        q = self.conn.execute
        actors = [
            Actor(id=r["local_id"], name=r["name"], type=r["type"], country=r["country"],
                  sector=r["sector"], role=r["role"], code=r["code"])
            for r in q(
                "SELECT * FROM article_actors WHERE article_id = ?"
                " ORDER BY CAST(substr(local_id, 2) AS INTEGER)",
                (article_id,),
            )
        ]
        mentions = [
            Mention(actor=r["local_actor"], start=r["start"], end=r["end"], text=r["text"])
            for r in q("SELECT * FROM mentions WHERE article_id = ? ORDER BY idx", (article_id,))
        ]
        statements = [
            Statement(
                speaker=r["speaker"], speaker_text=r["speaker_text"],
                speaker_start=r["speaker_start"], speaker_end=r["speaker_end"],
                content=r["content"], start=r["start"], end=r["end"], direct=bool(r["direct"]),
                cue=r["cue"], channel=r["channel"], via=json.loads(r["via"]),
                negated=bool(r["negated"]),
            )
            for r in q("SELECT * FROM statements WHERE article_id = ? ORDER BY idx", (article_id,))
        ]
        events = [
            Event(
                type=r["type"], mode=r["mode"], context=json.loads(r["context"]), cameo=r["cameo"],
                actor=r["actor"], recipient=r["recipient"], negated=bool(r["negated"]),
                modality=r["modality"], date=r["date"], location=r["location"], start=r["start"],
                end=r["end"], trigger=r["trigger"], attributed_to=r["attributed_to"],
                source=r["source"], confidence=r["confidence"],
            )
            for r in q("SELECT * FROM events WHERE article_id = ? ORDER BY idx", (article_id,))
        ]
        return AnalyzedArticle(
            id=article_id, url=row["url"], outlet=row["outlet"], published=row["published"],
            title=row["title"], language=row["language"], text=row["text"], actors=actors,
            mentions=mentions, statements=statements, events=events,
        )

    def known_persons(self) -> list[PersonRef]:
        """The stored persons, for the corpus pass of a new run to join its names to."""
        rows = self.conn.execute(
            "SELECT id, name, country, sector, role FROM actors WHERE type = 'person'"
            " ORDER BY id"
        )
        return [
            PersonRef(None, f"stored:{r['id']}", r["name"], r["country"], r["sector"], r["role"])
            for r in rows
        ]

    def save_merges(self, merges: list[Merge]) -> None:
        """Keep the corpus pass's merges (spelling, person, reason, article) for the report."""
        rows: list[tuple[int, str, str, str]] = []
        for merge in merges:
            found = self.conn.execute(
                "SELECT id FROM actors WHERE key = ?", (canonical_key(merge.into),)
            ).fetchone()
            if found is None:
                continue
            rows.extend(
                (found["id"], merge.name, merge.reason, article)
                for article in merge.articles
                if self.has_article(article)
            )
        with self.transaction() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO actor_merges (actor_id, name, reason, article_id)"
                " VALUES (?,?,?,?)",
                rows,
            )

    # -- stories ------------------------------------------------------------------------

    def save_stories(self, stories: list[Story], removed: list[str] | None = None) -> None:
        """Replace the given stories (and drop ``removed`` ones) in one transaction."""
        with self.transaction() as conn:
            for story_id in removed or []:
                conn.execute("DELETE FROM stories WHERE id = ?", (story_id,))
            for story in stories:
                conn.execute("DELETE FROM stories WHERE id = ?", (story.id,))
                data = story.to_dict()
                outlets = {
                    r[0]
                    for r in conn.execute(
                        f"SELECT DISTINCT outlet FROM articles WHERE id IN"
                        f" ({','.join('?' * len(story.articles))})",
                        story.articles,
                    )
                    if r[0]
                } if story.articles else set()
                speakers = {c.speaker for c in story.claims if c.speaker}
                conflicts = sum(1 for c in story.comparisons if c.kind == "contradiction")
                conn.execute(
                    'INSERT INTO stories (id, title, start, "end", n_articles, n_outlets,'
                    " n_speakers, n_conflicts, n_agreements, data, updated_at)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        story.id, story.title, story.start, story.end, len(story.articles),
                        len(outlets), len(speakers), conflicts,
                        len(story.comparisons) - conflicts,
                        json.dumps(data, ensure_ascii=False), _now(),
                    ),
                )
                conn.executemany(
                    "INSERT OR IGNORE INTO story_articles (story_id, article_id, copy_of)"
                    " VALUES (?, ?, ?)",
                    [(story.id, a, story.copies.get(a)) for a in story.articles],
                )
                conn.executemany(
                    "INSERT INTO comparisons (story_id, idx, kind, topic, a_article, a_statement,"
                    " a_event, b_article, b_statement, b_event, explanation, score)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                    [
                        (
                            story.id, i, c.kind, c.topic, c.a.article, c.a.statement, c.a.event,
                            c.b.article, c.b.statement, c.b.event, c.explanation, c.score,
                        )
                        for i, c in enumerate(story.comparisons)
                    ],
                )
        reached("stories-saved")

    def story_data(self, story_id: str) -> dict[str, Any] | None:
        """The stored story in its contract form."""
        row = self.conn.execute("SELECT data FROM stories WHERE id = ?", (story_id,)).fetchone()
        return None if row is None else dict(json.loads(row["data"]))

    def get_state(self, key: str) -> str | None:
        """A named piece of serialised job state."""
        row = self.conn.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row["value"])

    def set_state(self, key: str, value: str) -> None:
        """Store a named piece of serialised job state."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO state (key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

