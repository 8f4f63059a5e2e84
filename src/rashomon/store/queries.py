"""Read queries over the store, shared by the CLI listings, the HTTP API and the web pages.

Every function takes an open connection and plain filter values and returns plain rows
(dicts), so that each front end only formats. User text reaches SQL only as bound
parameters; full-text queries are quoted into FTS5 phrases so that operators typed by a
user cannot change the query's shape.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any

Row = dict[str, Any]


@dataclass(slots=True)
class Filters:
    """Filters that listings share; ``None`` means no filter."""

    speaker: str | None = None
    actor: str | None = None
    outlet: str | None = None
    type: str | None = None
    search: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    country: str | None = None
    sector: str | None = None
    limit: int = 50
    offset: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str | None:
    """A safe FTS5 query: each word of the user's text as a quoted term, all required."""
    words = _WORD.findall(text)
    if not words:
        return None
    return " ".join(f'"{w}"' for w in words)


def _rows(cursor: sqlite3.Cursor) -> list[Row]:
    return [dict(r) for r in cursor.fetchall()]


def _actor_match(column: str) -> str:
    """SQL matching an actor (by canonical name or alias, case-insensitively) in ``column``."""
    return (
        f"{column} IN (SELECT id FROM actors WHERE name = :actor COLLATE NOCASE"
        " UNION SELECT actor_id FROM actor_aliases WHERE alias = :actor COLLATE NOCASE)"
    )


def count_rows(conn: sqlite3.Connection) -> Row:
    """How many articles, actors, statements, events and stories are stored."""
    out: Row = {}
    for table in ("articles", "actors", "statements", "events", "stories", "comparisons"):
        out[table] = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    return out


def _outlet_and_dates(f: Filters, date_column: str) -> list[str]:
    """The outlet and date-range conditions listings share (articles are aliased ``a``)."""
    where = []
    if f.outlet:
        where.append("a.outlet = :outlet")
    if f.date_from:
        where.append(f"{date_column} >= :date_from")
    if f.date_to:
        # Dates may carry a time: "2025-03-12T07:00" is still on 2025-03-12.
        where.append(f"{date_column} <= :date_to || 'z'")
    return where


def list_articles(conn: sqlite3.Connection, f: Filters) -> list[Row]:
    """Articles, newest first, with counts of what was found in each."""
    where, params = ["1=1", *_outlet_and_dates(f, "a.published")], _params(f)
    if f.search and params["fts"]:
        where.append(_fts_filter(conn, "articles_fts", "a.rowid", params["fts"]))
    if f.actor:
        where.append(
            "a.id IN (SELECT article_id FROM article_actors WHERE " + _actor_match("actor_id") + ")"
        )
    sql = (
        "SELECT a.id, a.title, a.outlet, a.published, a.url, a.language, a.analyzed,"
        " (SELECT count(*) FROM statements s WHERE s.article_id = a.id) AS statements,"
        " (SELECT count(*) FROM events e WHERE e.article_id = a.id) AS events,"
        " (SELECT count(*) FROM article_actors x WHERE x.article_id = a.id) AS actors,"
        " (SELECT min(k.story_id) FROM story_articles k WHERE k.article_id = a.id) AS story"
        f" FROM articles a WHERE {' AND '.join(where)}"
        " ORDER BY a.published DESC, a.id LIMIT :limit OFFSET :offset"
    )
    return _rows(conn.execute(sql, params))


def _params(f: Filters) -> Row:
    return {
        "speaker": f.speaker,
        "actor": f.actor,
        "outlet": f.outlet,
        "type": f.type.upper() if f.type else None,
        "fts": fts_query(f.search) if f.search else None,
        "date_from": f.date_from,
        "date_to": f.date_to,
        "country": f.country.upper() if f.country else None,
        "sector": f.sector.upper() if f.sector else None,
        "limit": f.limit,
        "offset": f.offset,
    }


def list_statements(conn: sqlite3.Connection, f: Filters) -> list[Row]:
    """Statements with speaker, channel, outlet and date; searchable through FTS5."""
    where, params = ["1=1"], _params(f)
    if f.speaker:
        params["actor"] = f.speaker
        where.append(
            "(" + _actor_match("s.speaker_actor_id") + " OR s.speaker_text = :actor COLLATE NOCASE)"
        )
    where += _outlet_and_dates(f, "s.published")
    if f.search and params["fts"]:
        where.append(_fts_filter(conn, "statements_fts", "s.id", params["fts"]))
    sql = (
        "SELECT s.article_id, s.idx, coalesce(x.name, s.speaker_text) AS speaker,"
        " s.speaker_text, s.cue, s.channel, s.direct, s.negated, s.content, s.start, s.\"end\","
        " s.via, a.outlet, a.published, a.title"
        " FROM statements s JOIN articles a ON a.id = s.article_id"
        " LEFT JOIN actors x ON x.id = s.speaker_actor_id"
        f" WHERE {' AND '.join(where)}"
        " ORDER BY s.published DESC, s.article_id, s.idx LIMIT :limit OFFSET :offset"
    )
    rows = _rows(conn.execute(sql, params))
    for row in rows:
        row["via"] = json.loads(row["via"])
        row["direct"] = bool(row["direct"])
        row["negated"] = bool(row["negated"])
    return rows


def list_events(conn: sqlite3.Connection, f: Filters) -> list[Row]:
    """Events with actor and recipient names, filtered by type, actor and dates."""
    where, params = ["1=1"], _params(f)
    if f.type:
        where.append("e.type = :type")
    if f.actor:
        where.append(
            "(" + _actor_match("e.actor_id") + " OR " + _actor_match("e.recipient_id") + ")"
        )
    where += _outlet_and_dates(f, "e.occurred")
    sql = (
        "SELECT e.article_id, e.idx, e.type, e.mode, e.cameo, e.context,"
        " x1.name AS actor, x1.code AS actor_code, x2.name AS recipient,"
        " x2.code AS recipient_code, e.negated, e.modality, e.occurred AS date,"
        " e.location, e.trigger, e.attributed_to, e.start, e.\"end\", a.outlet, a.published,"
        " a.title"
        " FROM events e JOIN articles a ON a.id = e.article_id"
        " LEFT JOIN actors x1 ON x1.id = e.actor_id LEFT JOIN actors x2 ON x2.id = e.recipient_id"
        f" WHERE {' AND '.join(where)}"
        " ORDER BY e.occurred DESC, e.article_id, e.idx LIMIT :limit OFFSET :offset"
    )
    rows = _rows(conn.execute(sql, params))
    for row in rows:
        row["context"] = json.loads(row["context"])
        row["negated"] = bool(row["negated"])
    return rows


def list_actors(conn: sqlite3.Connection, f: Filters) -> list[Row]:
    """Canonical actors with how often they are mentioned, speak and act."""
    where, params = ["1=1"], _params(f)
    if f.country:
        where.append("x.country = :country")
    if f.sector:
        where.append("x.sector = :sector")
    if f.type:
        params["type"] = f.type.lower()
        where.append("x.type = :type")
    if f.search:
        params["like"] = f"%{f.search}%"
        where.append(
            "(x.name LIKE :like OR x.id IN (SELECT actor_id FROM actor_aliases"
            " WHERE alias LIKE :like))"
        )
    sql = (
        "SELECT x.id, x.name, x.type, x.country, x.sector, x.role, x.code,"
        # kept up to date by triggers (migration ACTOR_MENTION_COUNTS)
        " coalesce((SELECT n FROM actor_mentions c WHERE c.actor_id = x.id), 0) AS mentions,"
        " (SELECT count(*) FROM article_actors aa WHERE aa.actor_id = x.id) AS articles,"
        " (SELECT count(*) FROM statements s WHERE s.speaker_actor_id = x.id) AS statements,"
        " (SELECT count(*) FROM events e WHERE e.actor_id = x.id OR e.recipient_id = x.id)"
        "   AS events"
        f" FROM actors x WHERE {' AND '.join(where)}"
        " ORDER BY mentions DESC, x.name LIMIT :limit OFFSET :offset"
    )
    return _rows(conn.execute(sql, params))


def list_merges(conn: sqlite3.Connection, f: Filters) -> list[Row]:
    """The spellings the corpus pass joined to each person, why, and in how many articles."""
    where, params = ["1=1"], _params(f)
    if f.search:
        params["like"] = f"%{f.search}%"
        where.append("(x.name LIKE :like OR m.name LIKE :like)")
    sql = (
        "SELECT x.id AS actor_id, x.name AS actor, m.name AS merged, m.reason,"
        " count(DISTINCT m.article_id) AS articles, min(m.article_id) AS example"
        " FROM actor_merges m JOIN actors x ON x.id = m.actor_id"
        f" WHERE {' AND '.join(where)}"
        " GROUP BY x.id, m.name, m.reason ORDER BY x.name, m.name"
        " LIMIT :limit OFFSET :offset"
    )
    return _rows(conn.execute(sql, params))


def find_actor(conn: sqlite3.Connection, name_or_id: str) -> Row | None:
    """One actor by numeric id, canonical name or alias (case-insensitive)."""
    if name_or_id.isdigit():
        row = conn.execute("SELECT * FROM actors WHERE id = ?", (int(name_or_id),)).fetchone()
    else:
        row = conn.execute(
            "SELECT * FROM actors WHERE name = :n COLLATE NOCASE OR id IN"
            " (SELECT actor_id FROM actor_aliases WHERE alias = :n COLLATE NOCASE)"
            " ORDER BY (name = :n COLLATE NOCASE) DESC LIMIT 1",
            {"n": name_or_id},
        ).fetchone()
    return None if row is None else dict(row)


def actor_detail(conn: sqlite3.Connection, actor_id: int, limit: int = 100) -> Row:
    """Aliases, roles over time, statements by and events involving one actor."""
    actor = dict(conn.execute("SELECT * FROM actors WHERE id = ?", (actor_id,)).fetchone())
    actor["aliases"] = [
        r[0] for r in conn.execute(
            "SELECT alias FROM actor_aliases WHERE actor_id = ? ORDER BY alias", (actor_id,)
        )
    ]
    actor["roles"] = _rows(conn.execute(
        "SELECT role, min(date) AS first_seen, max(date) AS last_seen, count(*) AS articles"
        " FROM actor_roles WHERE actor_id = ? GROUP BY role ORDER BY first_seen",
        (actor_id,),
    ))
    name = actor["name"]
    actor["statements"] = list_statements(conn, Filters(speaker=name, limit=limit))
    actor["events"] = list_events(conn, Filters(actor=name, limit=limit))
    actor["stories"] = _rows(conn.execute(
        "SELECT DISTINCT s.id, s.title, s.start, s.\"end\" FROM stories s"
        " JOIN story_articles sa ON sa.story_id = s.id"
        " JOIN article_actors aa ON aa.article_id = sa.article_id WHERE aa.actor_id = ?"
        " ORDER BY s.\"end\" DESC LIMIT ?",
        (actor_id, limit),
    ))
    return actor


def list_stories(conn: sqlite3.Connection, f: Filters) -> list[Row]:
    """Stories, most recent first, with their sizes and conflict counts."""
    where, params = ["1=1"], _params(f)
    if f.search:
        params["like"] = f"%{f.search}%"
        where.append("s.title LIKE :like")
    if f.actor:
        where.append(
            "s.id IN (SELECT sa.story_id FROM story_articles sa JOIN article_actors aa"
            " ON aa.article_id = sa.article_id WHERE " + _actor_match("aa.actor_id") + ")"
        )
    if f.date_from:
        where.append('s."end" >= :date_from')
    if f.date_to:
        where.append("s.start <= :date_to || 'z'")
    sql = (
        "SELECT s.id, s.title, s.start, s.\"end\", s.n_articles, s.n_outlets, s.n_speakers,"
        " s.n_conflicts, s.n_agreements FROM stories s"
        f" WHERE {' AND '.join(where)}"
        " ORDER BY s.\"end\" DESC, s.n_articles DESC, s.id LIMIT :limit OFFSET :offset"
    )
    return _rows(conn.execute(sql, params))


def article_stories(conn: sqlite3.Connection, article_id: str) -> list[Row]:
    """The stories an article belongs to."""
    return _rows(conn.execute(
        "SELECT s.id, s.title, s.start, s.\"end\", s.n_articles FROM stories s"
        " JOIN story_articles sa ON sa.story_id = s.id WHERE sa.article_id = ?",
        (article_id,),
    ))


def story_ids(conn: sqlite3.Connection) -> list[str]:
    """Every story id, most recent first."""
    return [r[0] for r in conn.execute('SELECT id FROM stories ORDER BY "end" DESC, id')]


# -- added for the web UI (issue 7) -----------------------------------------------------


def list_stories_by_size(conn: sqlite3.Connection, limit: int = 50, offset: int = 0) -> list[Row]:
    """Stories, largest first (articles, then outlets, then recency)."""
    return _rows(conn.execute(
        "SELECT s.id, s.title, s.start, s.\"end\", s.n_articles, s.n_outlets, s.n_speakers,"
        " s.n_conflicts, s.n_agreements FROM stories s"
        " ORDER BY s.n_articles DESC, s.n_outlets DESC, s.\"end\" DESC, s.id"
        " LIMIT ? OFFSET ?",
        (limit, offset),
    ))


def actor_event_counts(conn: sqlite3.Connection, actor_id: int) -> list[Row]:
    """Events involving one actor per month, as actor and as recipient, with their types."""
    # ``occurred`` (migration 2) is the event's date, or else its article's.
    return _rows(conn.execute(
        "SELECT substr(e.occurred, 1, 7) AS month,"
        " CASE WHEN e.actor_id = :id THEN 'as actor' ELSE 'as recipient' END AS role,"
        " e.type, count(*) AS n FROM events e"
        " WHERE (e.actor_id = :id OR e.recipient_id = :id) AND e.occurred IS NOT NULL"
        " GROUP BY month, role, e.type ORDER BY month",
        {"id": actor_id},
    ))


def story_event_edges(conn: sqlite3.Connection, article_ids: list[str]) -> list[Row]:
    """Who acted on whom in these articles: one row per (actor, recipient, type) with a count."""
    if not article_ids:
        return []
    marks = ",".join("?" * len(article_ids))
    return _rows(conn.execute(
        "SELECT x1.id AS actor_id, x1.name AS actor, x1.type AS actor_type,"
        " x2.id AS recipient_id, x2.name AS recipient, x2.type AS recipient_type,"
        " e.type, count(*) AS n"
        " FROM events e JOIN actors x1 ON x1.id = e.actor_id"
        " JOIN actors x2 ON x2.id = e.recipient_id"
        f" WHERE e.article_id IN ({marks}) AND e.actor_id != e.recipient_id"
        " GROUP BY x1.id, x2.id, e.type ORDER BY n DESC",
        article_ids,
    ))


def articles_brief(conn: sqlite3.Connection, article_ids: list[str]) -> list[Row]:
    """Id, title, outlet, date and URL of the given articles, oldest first."""
    if not article_ids:
        return []
    marks = ",".join("?" * len(article_ids))
    return _rows(conn.execute(
        "SELECT id, title, outlet, published, url FROM articles"
        f" WHERE id IN ({marks}) ORDER BY published, id",
        article_ids,
    ))


def actors_by_names(conn: sqlite3.Connection, names: list[str]) -> dict[str, Row]:
    """Canonical actors by their canonical names (exact), for linking names to actor pages."""
    if not names:
        return {}
    marks = ",".join("?" * len(names))
    rows = conn.execute(
        f"SELECT id, name, type, country, sector, code FROM actors WHERE name IN ({marks})",
        names,
    )
    return {r["name"]: dict(r) for r in rows}


def article_actor_ids(conn: sqlite3.Connection, article_id: str) -> dict[str, int]:
    """An article's local actor ids (a1, a2, …) mapped to canonical actor ids."""
    return {
        r[0]: int(r[1])
        for r in conn.execute(
            "SELECT local_id, actor_id FROM article_actors WHERE article_id = ?", (article_id,)
        )
    }


def article_comparisons(conn: sqlite3.Connection, article_id: str) -> list[Row]:
    """Comparisons (of any story) that involve one of this article's statements or events."""
    return _rows(conn.execute(
        "SELECT c.story_id, c.idx, c.kind, c.topic, c.a_article, c.a_statement, c.a_event,"
        " c.b_article, c.b_statement, c.b_event, c.explanation FROM comparisons c"
        " WHERE c.a_article = :id OR c.b_article = :id ORDER BY c.story_id, c.idx",
        {"id": article_id},
    ))


def statement_ref(conn: sqlite3.Connection, article_id: str, idx: int) -> Row | None:
    """One statement with its speaker's canonical name and its article's outlet and date."""
    row = conn.execute(
        "SELECT s.article_id, s.idx, coalesce(x.name, s.speaker_text) AS speaker, s.content,"
        " a.outlet, a.published, a.title FROM statements s"
        " JOIN articles a ON a.id = s.article_id LEFT JOIN actors x ON x.id = s.speaker_actor_id"
        " WHERE s.article_id = ? AND s.idx = ?",
        (article_id, idx),
    ).fetchone()
    return None if row is None else dict(row)


def event_ref(conn: sqlite3.Connection, article_id: str, idx: int) -> Row | None:
    """One event with its actor's name, its sentence and its article's outlet and date."""
    row = conn.execute(
        "SELECT e.article_id, e.idx, e.type, x.name AS speaker,"
        " substr(a.text, e.start + 1, e.\"end\" - e.start) AS content,"
        " a.outlet, a.published, a.title FROM events e"
        " JOIN articles a ON a.id = e.article_id LEFT JOIN actors x ON x.id = e.actor_id"
        " WHERE e.article_id = ? AND e.idx = ?",
        (article_id, idx),
    ).fetchone()
    return None if row is None else dict(row)


# Above this many full-text matches, walking the date index and testing each row against
# the matches beats sorting every match by date: "talks" matches 30,000 of 60,000
# statements at 20,000 articles (200 ms sorted, 10 ms walked), while a rare word walked
# would read the whole index for a handful of rows.
FTS_WALK_AT = 2000


def _fts_filter(conn: sqlite3.Connection, table: str, column: str, fts: str) -> str:
    """The SQL keeping rows whose ``column`` is among ``table``'s matches for ``fts``.

    Counting the matches is cheap (no row is read); with many, the unary ``+`` stops the
    planner from driving the query by the match list, so it walks the ORDER BY index.
    """
    matches = conn.execute(
        f"SELECT count(*) FROM {table} WHERE {table} MATCH ?", (fts,)
    ).fetchone()[0]
    walk = "+" if matches > FTS_WALK_AT else ""
    return f"{walk}{column} IN (SELECT rowid FROM {table} WHERE {table} MATCH :fts)"
