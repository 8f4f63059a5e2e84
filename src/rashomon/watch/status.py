"""The watch tables: each source's health (``watch --status``) and each URL's last version.

A source's validators (ETag, Last-Modified) and an item's row are written only after the
round's articles are stored, so a run killed in between fetches them again next time
rather than missing them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ..store import Store


def now() -> str:
    """The current time, UTC, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(slots=True)
class KnownItem:
    """What the store remembers of a URL from an earlier round."""

    stamp: str | None
    etag: str | None
    last_modified: str | None
    content_hash: str | None


@dataclass(slots=True)
class SourceOutcome:
    """How one source fared in a round, to be written once the round's articles are stored."""

    url: str
    kind: str | None = None
    error: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    items_seen: int = 0
    articles: int = 0
    items_failed: int = 0


def source_validators(store: Store, url: str) -> tuple[str | None, str | None]:
    """The ETag and Last-Modified of the source's last successful fetch."""
    row = store.conn.execute(
        "SELECT etag, last_modified FROM watch_sources WHERE url = ?", (url,)).fetchone()
    return (row["etag"], row["last_modified"]) if row else (None, None)


def known_items(store: Store, urls: list[str]) -> dict[str, KnownItem]:
    """The remembered version of each of ``urls`` that was fetched before."""
    found: dict[str, KnownItem] = {}
    for start in range(0, len(urls), 500):
        chunk = urls[start:start + 500]
        rows = store.conn.execute(
            "SELECT url, stamp, etag, last_modified, content_hash FROM watch_items"
            f" WHERE url IN ({','.join('?' * len(chunk))})", chunk)
        for r in rows:
            found[r["url"]] = KnownItem(r["stamp"], r["etag"], r["last_modified"],
                                        r["content_hash"])
    return found


def remember_items(store: Store, rows: list[dict[str, Any]]) -> None:
    """Record the fetched version of item URLs (after their articles are stored)."""
    with store.transaction() as conn:
        conn.executemany(
            "INSERT INTO watch_items (url, source, stamp, etag, last_modified, content_hash,"
            " article_id, fetched_at) VALUES (:url, :source, :stamp, :etag, :last_modified,"
            " :content_hash, :article_id, :fetched_at) ON CONFLICT(url) DO UPDATE SET"
            " source = excluded.source, stamp = excluded.stamp, etag = excluded.etag,"
            " last_modified = excluded.last_modified, content_hash = excluded.content_hash,"
            " article_id = coalesce(excluded.article_id, watch_items.article_id),"
            " fetched_at = excluded.fetched_at",
            rows,
        )


def record_outcomes(store: Store, outcomes: list[SourceOutcome]) -> None:
    """Update every source's status row with this round's outcome."""
    stamp = now()
    with store.transaction() as conn:
        for o in outcomes:
            conn.execute(
                "INSERT INTO watch_sources (url) VALUES (?) ON CONFLICT(url) DO NOTHING", (o.url,))
            conn.execute(
                "UPDATE watch_sources SET kind = coalesce(?, kind), last_attempt = ?,"
                " rounds = rounds + 1, items_seen = items_seen + ?,"
                " articles_stored = articles_stored + ?, items_failed = items_failed + ?"
                " WHERE url = ?",
                (o.kind, stamp, o.items_seen, o.articles, o.items_failed, o.url),
            )
            if o.error is None:
                conn.execute(
                    "UPDATE watch_sources SET last_success = ?, etag = coalesce(?, etag),"
                    " last_modified = coalesce(?, last_modified) WHERE url = ?",
                    (stamp, o.etag, o.last_modified, o.url),
                )
            else:
                conn.execute(
                    "UPDATE watch_sources SET last_error = ?, last_error_at = ?,"
                    " failures = failures + 1 WHERE url = ?",
                    (o.error, stamp, o.url),
                )


def source_status(store: Store) -> list[dict[str, Any]]:
    """Every watched source with its last success, last error and counts, for ``--status``."""
    rows = store.conn.execute(
        "SELECT url, kind, last_success, last_error, last_error_at, rounds, failures,"
        " items_seen, articles_stored, items_failed,"
        " (SELECT count(*) FROM watch_items i WHERE i.source = s.url) AS items_known"
        " FROM watch_sources s ORDER BY url")
    return [dict(r) for r in rows]
