"""RSS and Atom feeds (feedparser, given bytes): one article per entry, named ``feed#N``.

An entry's content (else its summary) is HTML; its link is the URL and so the id; the
feed's title is the outlet. A feed broken beyond recovery is E009; a feed with minor
errors (an undefined entity) still yields the entries feedparser recovered.
"""

from __future__ import annotations

import logging
import re
from typing import IO, Any

from ...config import Settings
from ...errors import Errors, Warnings
from ...records import Article
from ..common import (
    RAW_FACTOR,
    Refused,
    build_article,
    check_binary,
    read_limited,
    starts_with_markup,
)
from ..html_text import fragment_to_text
from ..plugin import ReadResult

log = logging.getLogger(__name__)
_FEED_RE = re.compile(rb"<rss[\s>]|<feed[\s>]|<rdf:rdf[\s>]", re.I)


def read_feed(stream: IO[bytes], name: str, settings: Settings) -> ReadResult:
    """Read every entry of a feed as an article."""
    import feedparser  # noqa: PLC0415 - only feeds need it

    data = read_limited(stream, settings, RAW_FACTOR)
    check_binary(data)
    parsed = feedparser.parse(data)
    entries = parsed.entries
    if parsed.bozo:
        # A broken feed leaves entry shells behind; only entries with text were recovered.
        entries = [entry for entry in entries if _has_text(entry)]
    if parsed.bozo and not entries:
        detail = str(parsed.get("bozo_exception") or "no entries could be read")
        raise Refused(Errors.E009, detail=detail)
    if parsed.bozo:
        log.warning(
            "%s: feed has errors, read what was recoverable: %s", name, parsed.get("bozo_exception")
        )
    feed = parsed.get("feed", {})
    for number, entry in enumerate(entries, 1):
        entry_name = f"{name}#{number}"
        try:
            yield _article(entry, feed, entry_name, settings)
        except Refused as refusal:
            yield refusal.failure(entry_name)


def _has_text(entry: Any) -> bool:
    return bool(entry.get("content") or entry.get("summary"))


def _article(entry: Any, feed: Any, name: str, settings: Settings) -> Article:
    link = entry.get("link") or _url_like(entry.get("id"))
    return build_article(
        name,
        settings,
        text=_entry_text(entry, name),
        url=link,
        outlet=feed.get("title") or None,
        published=entry.get("published") or entry.get("updated"),
        title=entry.get("title") or None,
        language=_entry_language(entry, feed),
    )


def _entry_text(entry: Any, name: str) -> str | None:
    parts = [fragment_to_text(part.get("value") or "") for part in entry.get("content") or []]
    text = "\n".join(part for part in parts if part)
    if text:
        return text
    summary = fragment_to_text(entry.get("summary") or "")
    if summary:
        log.info("%s: %s", name, Warnings.W004.format())
    return summary or None


def _entry_language(entry: Any, feed: Any) -> str | None:
    for part in entry.get("content") or []:
        if part.get("language"):
            return str(part["language"])
    return feed.get("language") or None


def _url_like(value: object) -> str | None:
    return value if isinstance(value, str) and value.startswith(("http://", "https://")) else None


def sniff_feed(head: bytes) -> bool:
    """An XML document whose root is rss, an Atom feed or RSS 1.0 rdf:RDF."""
    return starts_with_markup(head) and _FEED_RE.search(head[:4096]) is not None
