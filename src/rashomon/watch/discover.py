"""What a fetched source holds: a feed's entries, a sitemap's URLs, or one article page.

Each item is a URL with a *stamp*: what the feed or sitemap says about its version (the
entry's updated/published date, a sitemap's ``lastmod``). An item stored before is fetched
again only when its stamp changed.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Literal

from ..errors import DocumentFailure, Errors
from ..ingest.common import normalize_url, starts_with_markup
from ..ingest.readers.feed import sniff_feed

_SITEMAP_RE = re.compile(rb"<(?:\w+:)?(urlset|sitemapindex)[\s>]", re.I)
Kind = Literal["feed", "sitemap", "page"]


@dataclass(frozen=True, slots=True)
class Item:
    """One article URL a feed or sitemap lists, with its version stamp (may be empty)."""

    url: str
    stamp: str | None = None


@dataclass(slots=True)
class Listing:
    """What a feed or sitemap lists: article items and (sitemap index) further sitemaps."""

    items: list[Item]
    sitemaps: list[str]


def sniff_kind(body: bytes) -> Kind:
    """A feed, a sitemap, or else a page, told from the first bytes."""
    head = body[:8192]
    if sniff_feed(head):
        return "feed"
    if starts_with_markup(head) and _SITEMAP_RE.search(head):
        return "sitemap"
    return "page"


def feed_items(body: bytes, url: str) -> Listing:
    """The entries of an RSS/Atom feed with an http(s) link.

    Raises:
        ValueError: carrying an E009 failure, for a feed nothing could be read from.
    """
    import feedparser  # noqa: PLC0415 - only feeds need it

    parsed = feedparser.parse(body)
    items: list[Item] = []
    for entry in parsed.entries:
        link = entry.get("link") or entry.get("id")
        if not isinstance(link, str) or not link.startswith(("http://", "https://")):
            continue
        # dict.get: feedparser's own get maps a missing "updated" to "published" with a warning.
        stamp = dict.get(entry, "updated") or dict.get(entry, "published") or _digest(
            f"{entry.get('title', '')}\n{entry.get('summary', '')}")
        items.append(Item(normalize_url(link), str(stamp)))
    if parsed.bozo and not items:
        detail = str(parsed.get("bozo_exception") or "no entries could be read")
        raise MalformedSource(DocumentFailure.of(url, Errors.E009, detail=detail[:300]))
    return Listing(_unique(items), [])


def sitemap_items(body: bytes, url: str) -> Listing:
    """The ``<url>`` entries (with ``lastmod``) of a sitemap, or the sitemaps of an index.

    Raises:
        MalformedSource: E009 for XML that cannot be parsed.
    """
    from lxml import etree  # noqa: PLC0415

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             recover=False)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as exc:
        raise MalformedSource(DocumentFailure.of(url, Errors.E009, detail=str(exc)[:300])) from exc
    items: list[Item] = []
    sitemaps: list[str] = []
    for element in root:
        if not isinstance(element.tag, str):
            continue
        tag = etree.QName(element).localname
        loc = _child_text(element, "loc")
        if not loc or not loc.startswith(("http://", "https://")):
            continue
        if tag == "url":
            items.append(Item(normalize_url(loc), _child_text(element, "lastmod")))
        elif tag == "sitemap":
            sitemaps.append(loc)
    return Listing(_unique(items), sitemaps)


class MalformedSource(ValueError):
    """A feed or sitemap that cannot be read; ``failure`` names it (E009)."""

    def __init__(self, failure: DocumentFailure) -> None:
        super().__init__(str(failure))
        self.failure = failure


def _child_text(element: object, name: str) -> str | None:
    for child in element:  # type: ignore[attr-defined]
        if isinstance(child.tag, str) and child.tag.rsplit("}", 1)[-1] == name:
            text = (child.text or "").strip()
            return text or None
    return None


def _unique(items: list[Item]) -> list[Item]:
    seen: dict[str, Item] = {}
    for item in items:
        seen.setdefault(item.url, item)
    return list(seen.values())


def _digest(text: str) -> str:
    return "sha1:" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
