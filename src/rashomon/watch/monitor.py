"""Watch rounds: fetch every source, fetch its new or changed items, analyse, store, group.

A round never stops for one source: a feed that times out, answers 500 or is not XML is
logged with its numbered error and the others go on. Reading the store and writing it
happen in this thread; only the network (and HTML extraction) runs in worker threads.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Settings
from ..errors import DocumentFailure, Errors, RashomonError
from ..faults import reached
from ..ingest.common import Refused, build_article, charset_of, decode_html
from ..ingest.core import finish_articles
from ..records import Article
from ..store import Store
from ..store.lock import writer_lock
from .discover import Item, Listing, MalformedSource, feed_items, sitemap_items, sniff_kind
from .http import Fetched, Fetcher, FetchError
from .sources import WatchSource, read_sources
from .status import (
    KnownItem,
    SourceOutcome,
    known_items,
    now,
    record_outcomes,
    remember_items,
    source_validators,
)

log = logging.getLogger(__name__)
Say = Callable[[str], None]
_EVERY_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.I)
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
# Child sitemaps of a sitemap index read per source and round.
MAX_CHILD_SITEMAPS = 20


def parse_every(text: str) -> float:
    """Seconds in ``90s``, ``15m``, ``2h``, ``1d`` (a bare number is seconds).

    Raises:
        RashomonError: E020 for anything else, or for less than one second.
    """
    match = _EVERY_RE.match(text)
    seconds = float(match.group(1)) * _UNITS[match.group(2).lower()] if match else 0.0
    if seconds < 1:
        raise RashomonError(Errors.E020, source="--every",
                            detail=f"{text!r}: use a duration such as 90s, 15m, 2h or 1d")
    return seconds


@dataclass(slots=True)
class RoundSummary:
    """What one round did: sources, items and what the analysis stored."""

    number: int = 1
    sources: int = 0
    sources_failed: int = 0
    items: int = 0
    fetched: int = 0
    unchanged: int = 0
    added: int = 0
    replaced: int = 0
    stories: int = 0
    seconds: float = 0.0
    failures: list[DocumentFailure] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0 when every source and item succeeded, 1 otherwise."""
        return 1 if self.failures else 0


@dataclass(slots=True)
class _Listed:
    """A source after its fetch: its outcome, and what it lists (or, for a page, is)."""

    outcome: SourceOutcome
    items: list[Item] = field(default_factory=list)
    page: Fetched | None = None
    failure: DocumentFailure | None = None


@dataclass(slots=True)
class _Got:
    """One item after its fetch: the response, or why there is none."""

    item: Item
    source: str
    fetched: Fetched | None = None
    failure: DocumentFailure | None = None
    retry: bool = False


def run_round(store: Store, sources: Sequence[WatchSource], settings: Settings,
              fetcher: Fetcher, say: Say | None = None, number: int = 1) -> RoundSummary:
    """One round over ``sources`` into an open store (the caller holds the writer lock)."""
    started = time.monotonic()
    echo = say or (lambda _message: None)
    summary = RoundSummary(number=number, sources=len(sources))
    validators = {s.url: source_validators(store, s.url) for s in sources}
    with ThreadPoolExecutor(max(1, settings.watch.workers)) as pool:
        listed = list(pool.map(lambda s: _list_source(s, fetcher, validators[s.url],
                                                      settings.watch.max_items), sources))
        to_fetch, got = _plan(store, listed, summary)
        got += list(pool.map(lambda pair: _fetch_item(fetcher, *pair), to_fetch))
    for entry in listed:
        message = f"{entry.outcome.kind or 'source'} {entry.outcome.url}: "
        if entry.outcome.error:
            summary.sources_failed += 1
            echo(message + entry.outcome.error)
        else:
            echo(message + f"{entry.outcome.items_seen} item(s)")
    reached("round-fetched")
    articles, rows = _articles(got, store, settings, summary)
    _store(store, articles, rows, listed, settings, summary)
    summary.seconds = time.monotonic() - started
    return summary


def _list_source(source: WatchSource, fetcher: Fetcher,
                 validators: tuple[str | None, str | None], max_items: int) -> _Listed:
    outcome = SourceOutcome(source.url, None if source.kind == "auto" else source.kind)
    try:
        fetched = fetcher.get(source.url, *validators)
    except FetchError as error:
        return _failed(outcome, error.failure)
    outcome.etag, outcome.last_modified = fetched.etag, fetched.last_modified
    if fetched.not_modified:
        return _Listed(outcome)
    kind = source.kind if source.kind != "auto" else sniff_kind(fetched.body)
    outcome.kind = kind
    if kind == "page":
        outcome.items_seen = 1
        return _Listed(outcome, [Item(source.url)], page=fetched)
    try:
        listing = (feed_items if kind == "feed" else sitemap_items)(fetched.body, source.url)
        items = listing.items + _child_sitemap_items(listing, fetcher, max_items)
    except MalformedSource as malformed:
        return _failed(outcome, malformed.failure)
    outcome.items_seen = len(items)
    return _Listed(outcome, items[:max_items])


def _child_sitemap_items(listing: Listing, fetcher: Fetcher, max_items: int) -> list[Item]:
    """The items of a sitemap index's sitemaps (one level deep, bounded); broken ones skipped."""
    items: list[Item] = []
    for child in listing.sitemaps[:MAX_CHILD_SITEMAPS]:
        if len(items) >= max_items:
            break
        try:
            items += sitemap_items(fetcher.get(child).body, child).items
        except (FetchError, MalformedSource) as error:
            log.warning("%s", error.failure)
    return items


def _failed(outcome: SourceOutcome, failure: DocumentFailure) -> _Listed:
    outcome.error = f"{failure.code}: {failure.reason}"
    return _Listed(outcome, failure=failure)


def _plan(store: Store, listed: list[_Listed], summary: RoundSummary
          ) -> tuple[list[tuple[Item, str, KnownItem | None]], list[_Got]]:
    """Which items to fetch: new ones, and stored ones whose stamp changed."""
    to_fetch: list[tuple[Item, str, KnownItem | None]] = []
    got: list[_Got] = []
    for entry in listed:
        if entry.failure is not None:
            summary.failures.append(entry.failure)
            continue
        known = known_items(store, [i.url for i in entry.items])
        summary.items += len(entry.items)
        for item in entry.items:
            if entry.page is not None:
                got.append(_Got(item, entry.outcome.url, entry.page))
                continue
            before = known.get(item.url)
            if before is not None and (item.stamp is None or item.stamp == before.stamp):
                summary.unchanged += 1
                continue
            to_fetch.append((item, entry.outcome.url, before))
    return to_fetch, got


def _fetch_item(fetcher: Fetcher, item: Item, source: str, before: KnownItem | None) -> _Got:
    try:
        fetched = fetcher.get(item.url, before.etag if before else None,
                              before.last_modified if before else None)
    except FetchError as error:
        return _Got(item, source, failure=error.failure, retry=error.retryable)
    return _Got(item, source, fetched)


def _articles(got: list[_Got], store: Store, settings: Settings, summary: RoundSummary
              ) -> tuple[list[Article | DocumentFailure], list[dict[str, object]]]:
    """Articles from the fetched pages, and the item rows to remember once they are stored."""
    known = known_items(store, [g.item.url for g in got])
    articles: list[Article | DocumentFailure] = []
    rows: list[dict[str, object]] = []
    for entry in got:
        fetched = entry.fetched
        row: dict[str, object] = {
            "url": entry.item.url, "source": entry.source, "stamp": entry.item.stamp,
            "etag": None, "last_modified": None, "content_hash": None, "article_id": None,
            "fetched_at": now(),
        }
        if fetched is None:
            assert entry.failure is not None
            summary.failures.append(entry.failure)
            if not entry.retry:
                rows.append(row)
            continue
        summary.fetched += 1
        row["etag"], row["last_modified"] = fetched.etag, fetched.last_modified
        before = known.get(entry.item.url)
        if fetched.not_modified:
            row["content_hash"] = before.content_hash if before else None
            summary.unchanged += 1
            rows.append(row)
            continue
        digest = hashlib.sha1(fetched.body).hexdigest()
        row["content_hash"] = digest
        rows.append(row)
        if before is not None and before.content_hash == digest:
            summary.unchanged += 1
            continue
        article = _page_article(entry.item.url, fetched, settings)
        if isinstance(article, Article):
            row["article_id"] = article.id
        articles.append(article)
    return articles, rows


def _page_article(url: str, fetched: Fetched, settings: Settings) -> Article | DocumentFailure:
    """The article of a fetched HTML page, its id derived from the URL it was listed under."""
    try:
        html = decode_html(fetched.body, charset_of(fetched.content_type))
        return build_article(url, settings, html=html, url=url)
    except Refused as refusal:
        return refusal.failure(url)
    except Exception as exc:  # noqa: BLE001 - one broken page must not stop the round
        log.exception("Extraction failed on %s", url)
        return DocumentFailure.of(url, Errors.E014, detail=f"{type(exc).__name__}: {exc}")


def _store(store: Store, articles: list[Article | DocumentFailure], rows: list[dict[str, object]],
           listed: list[_Listed], settings: Settings, summary: RoundSummary) -> None:
    """Analyse and store the round's articles, then remember items and sources' status."""
    from ..jobs import RunSummary, analyze_articles_into_store  # noqa: PLC0415 - spaCy

    run = RunSummary()
    analyze_articles_into_store(finish_articles(articles, settings), settings, store, run)
    summary.added, summary.replaced, summary.stories = run.added, run.replaced, run.stories
    summary.failures += run.failures
    reached("round-stored")
    failed = {f.document for f in run.failures}
    for row in rows:
        if row["url"] in failed:
            row["article_id"] = None
    remember_items(store, rows)
    per_source: dict[str, list[dict[str, object]]] = {}
    for row in rows:
        per_source.setdefault(str(row["source"]), []).append(row)
    failed_items = {f.document for f in summary.failures}
    for entry in listed:
        mine = per_source.get(entry.outcome.url, [])
        entry.outcome.articles = sum(1 for r in mine if r["article_id"])
        entry.outcome.items_failed = sum(1 for i in entry.items if i.url in failed_items)
    record_outcomes(store, [entry.outcome for entry in listed])


def watch_loop(sources_path: str | Path, db: str, settings: Settings, every: float,
               rounds: int | None = None, say: Say | None = None,
               report: Callable[[RoundSummary], None] | None = None,
               sleep: Callable[[float], None] = time.sleep, wait: float = 60.0) -> RoundSummary:
    """Run rounds every ``every`` seconds (``rounds`` of them, or until interrupted).

    The sources file is read again at each round, so edits take effect without a restart.
    Each round holds the store's writer lock; the sleep between rounds does not.

    Returns:
        The last round's summary.
    """
    echo = say or (lambda _message: None)
    last = RoundSummary()
    for number in _counter(rounds):
        started = time.monotonic()
        sources, problems = read_sources(sources_path)
        for problem in problems:
            echo(str(problem))
        with writer_lock(db, wait), Store(db) as store, Fetcher(settings.watch) as fetcher:
            echo(f"round {number}: {len(sources)} source(s)")
            last = run_round(store, sources, settings, fetcher, echo, number)
        last.failures = problems + last.failures
        if report is not None:
            report(last)
        if rounds is not None and number >= rounds:
            break
        sleep(max(0.0, every - (time.monotonic() - started)))
    return last


def _counter(rounds: int | None) -> Iterator[int]:
    number = 0
    while rounds is None or number < rounds:
        number += 1
        yield number
