"""The sources file: one URL a line, optionally preceded by its kind; ``#`` comments.

    # a feed, a sitemap and a page; the kind is told from the content when not given
    feed https://harbourwire.example/rss.xml
    https://easterndispatch.example/sitemap.xml
    page https://northernledger.example/2025/04/13/minister-to-host-port-talks
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from ..errors import DocumentFailure, Errors

SourceKind = Literal["feed", "sitemap", "page", "auto"]
KINDS: tuple[SourceKind, ...] = ("feed", "sitemap", "page")


@dataclass(frozen=True, slots=True)
class WatchSource:
    """One URL to watch, and what it is (``auto``: told from what it serves)."""

    url: str
    kind: SourceKind = "auto"


def read_sources(path: str | Path) -> tuple[list[WatchSource], list[DocumentFailure]]:
    """The sources a file lists, in order and without repeats, and its invalid lines (E054).

    Raises:
        OSError: the file cannot be read.
    """
    sources: dict[str, WatchSource] = {}
    problems: list[DocumentFailure] = []
    text = Path(path).read_text("utf-8", errors="replace")
    for number, raw in enumerate(text.splitlines(), 1):
        # A comment starts a line or follows a space ("#" inside a URL is its fragment).
        line = "" if raw.lstrip().startswith("#") else raw.split(" #", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        kind: SourceKind = "auto"
        if len(parts) == 2 and parts[0].lower() in KINDS:
            kind = parts[0].lower()  # type: ignore[assignment]
            parts = parts[1:]
        detail = _invalid(parts)
        if detail:
            problems.append(DocumentFailure.of(str(path), Errors.E054, path=path, line=number,
                                               detail=detail))
            continue
        sources.setdefault(parts[0], WatchSource(parts[0], kind))
    return list(sources.values()), problems


def _invalid(parts: list[str]) -> str | None:
    if len(parts) != 1:
        return "expected a URL, optionally preceded by feed, sitemap or page"
    url = urlsplit(parts[0])
    if url.scheme not in ("http", "https") or not url.hostname:
        return f"not an http(s) URL: {parts[0][:200]!r}"
    return None
