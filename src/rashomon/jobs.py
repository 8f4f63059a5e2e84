"""The main jobs as plain functions: the CLI, the HTTP API and the tests all call these.

``extract_records`` reads and analyses without a database; ``analyze_into_store`` also
stores every record and brings the stories up to date.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import BinaryIO

from . import __version__
from .config import Settings
from .errors import DocumentFailure
from .faults import reached
from .ingest import IngestStats, iter_articles
from .kb import default_kb
from .kb.identity import Merge, PersonRef, apply_identities
from .nlp.pipeline import pipeline_key
from .records import AnalyzedArticle, Article
from .scale.engines import analyze
from .store import Store
from .store.db import input_hash
from .store.lock import writer_lock

log = logging.getLogger(__name__)

Progress = Callable[[int], None]


@dataclass(slots=True)
class RunSummary:
    """What one run did, for the summary table and the exit code."""

    read: int = 0
    analyzed: int = 0
    not_analyzed: int = 0
    duplicates: int = 0
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    stories: int = 0
    statements: int = 0
    events: int = 0
    failures: list[DocumentFailure] = field(default_factory=list)

    @property
    def failed(self) -> int:
        """How many documents could not be read or analysed."""
        return len(self.failures)

    @property
    def exit_code(self) -> int:
        """0 when every document succeeded, 1 when some failed."""
        return 1 if self.failures else 0


def is_analyzed(record: AnalyzedArticle, settings: Settings) -> bool:
    """Whether the record went through the pipeline (its language is a supported one)."""
    return not record.language or record.language in settings.languages


def _split_failures(
    items: Iterable[Article | DocumentFailure], summary: RunSummary
) -> Iterator[Article]:
    for item in items:
        if isinstance(item, DocumentFailure):
            log.warning("%s", item)
            summary.failures.append(item)
        else:
            summary.read += 1
            yield item


def analyzed_records(
    articles: Iterable[Article | DocumentFailure],
    settings: Settings,
    summary: RunSummary,
    progress: Progress | None = None,
) -> Iterator[AnalyzedArticle]:
    """Analyse a stream of read articles, collecting failures into ``summary``.

    Each article is analysed on its own, so a record never depends on the engine, the
    batches or the other articles of the run; :func:`identify_persons` then joins persons
    across articles.
    """
    for result in analyze(_split_failures(articles, summary), settings):
        if progress is not None:
            progress(1)
        if isinstance(result, DocumentFailure):
            log.warning("%s", result)
            summary.failures.append(result)
            continue
        if is_analyzed(result, settings):
            summary.analyzed += 1
        else:
            summary.not_analyzed += 1
        summary.statements += len(result.statements)
        summary.events += len(result.events)
        yield result


def identify_persons(
    records: list[AnalyzedArticle], settings: Settings, known: Sequence[PersonRef] = ()
) -> list[Merge]:
    """The corpus pass after the per-article analysis: one identity per person.

    Spellings, titles, middle names, given-name variants and lone family names of one person
    join under one name, country and the roles the text stated (see ``kb.identity``). The
    pass sees the whole run at once and sorts what it sees, so the same input gives the same
    records whatever the engine, the batch size and the order of the articles.

    Args:
        records: the run's analysed records, changed in place.
        settings: the run's settings (their dictionaries shape the knowledge base).
        known: persons stored before the run, which the run's names may join.

    Returns:
        The merges done.
    """
    return apply_identities(records, default_kb(settings.dictionaries), known)


def extract_records(
    paths: Sequence[str],
    settings: Settings,
    summary: RunSummary,
    stdin: BinaryIO | None = None,
    progress: Progress | None = None,
) -> Iterator[AnalyzedArticle]:
    """Read and analyse the documents at ``paths``; no database is involved.

    Records come out once the whole run is analysed, after the corpus pass that joins
    persons across articles, exactly as when the same documents are analysed into an
    empty store.
    """
    stats = IngestStats()
    articles = iter_articles(paths, settings, stdin=stdin, stats=stats)
    records = list(analyzed_records(articles, settings, summary, progress))
    identify_persons(records, settings)
    summary.duplicates = stats.duplicates
    yield from records


def analysis_fingerprint(settings: Settings) -> str:
    """What, besides the article, decides its analysis: Rashomon's version and the pipeline."""
    return "|".join((__version__, *map(str, pipeline_key(settings))))


def _skip_unchanged(
    store: Store,
    items: Iterable[Article | DocumentFailure],
    settings: Settings,
    summary: RunSummary,
    hashes: dict[str, str],
) -> Iterator[Article | DocumentFailure]:
    """Leave out articles stored before from the same input by the same pipeline."""
    fingerprint = analysis_fingerprint(settings)
    for item in items:
        if isinstance(item, Article):
            digest = input_hash(item, fingerprint)
            if store.input_hash(item.id) == digest:
                summary.read += 1
                summary.unchanged += 1
                continue
            hashes[item.id] = digest
        yield item


def store_records(
    store: Store,
    records: Iterable[AnalyzedArticle],
    settings: Settings,
    summary: RunSummary,
    hashes: dict[str, str] | None = None,
) -> list[str]:
    """Save records; returns the ids of articles that were added or changed."""
    changed: list[str] = []
    for record in records:
        digest = hashes.pop(record.id, None) if hashes is not None else None
        outcome = store.save(record, analyzed=is_analyzed(record, settings), input_hash=digest)
        if outcome == "added":
            summary.added += 1
        elif outcome == "replaced":
            summary.replaced += 1
        else:
            summary.unchanged += 1
        if outcome != "unchanged":
            changed.append(record.id)
        reached("article-stored")
    return changed


def analyze_articles_into_store(
    articles: Iterable[Article | DocumentFailure],
    settings: Settings,
    store: Store,
    summary: RunSummary | None = None,
    progress: Progress | None = None,
    reanalyze: bool = False,
) -> tuple[RunSummary, list[str]]:
    """Analyse read articles into an open store and regroup the stories they touch.

    Articles stored before from the same input by the same pipeline are not analysed
    again (unless ``reanalyze``), so re-running an ingest changes nothing and is fast.

    Returns:
        The run's summary and the ids of every article read (analysed or unchanged).
    """
    from .stance.index import index_sentences

    summary = summary or RunSummary()
    hashes: dict[str, str] = {}
    read: list[str] = []
    articles = _noting(articles, read)
    if not reanalyze:
        articles = _skip_unchanged(store, articles, settings, summary, hashes)
    else:
        fingerprint = analysis_fingerprint(settings)
        articles = (_remember_hash(a, fingerprint, hashes) for a in articles)
    records = list(analyzed_records(articles, settings, summary, progress))
    merges = identify_persons(records, settings, store.known_persons())
    changed = store_records(store, records, settings, summary, hashes)
    store.save_merges(merges)
    index_sentences(store, changed)
    reached("before-grouping")
    summary.stories = group_stories(store, settings)
    return summary, read


def group_stories(store: Store, settings: Settings) -> int:
    """The grouping step: bring the stories in line with every stored analysis.

    It is its own step, run after the articles are stored, and it asks the store what
    needs grouping rather than being told: articles stored by a run that died before this
    step (or analysed unchanged since) are grouped now. Returns stories touched.
    """
    from .stories.update import sync_stories

    return sync_stories(store, settings)


def _remember_hash(
    item: Article | DocumentFailure, fingerprint: str, hashes: dict[str, str]
) -> Article | DocumentFailure:
    if isinstance(item, Article):
        hashes[item.id] = input_hash(item, fingerprint)
    return item


def _noting(
    items: Iterable[Article | DocumentFailure], ids: list[str]
) -> Iterator[Article | DocumentFailure]:
    for item in items:
        if isinstance(item, Article):
            ids.append(item.id)
        yield item


def analyze_into_store(
    paths: Sequence[str],
    settings: Settings,
    db: str | None = None,
    stdin: BinaryIO | None = None,
    progress: Progress | None = None,
    reanalyze: bool = False,
    wait: float = 60.0,
) -> RunSummary:
    """Ingest, analyse, store and group: what ``rashomon analyze`` does.

    The run holds the store's writer lock, waiting up to ``wait`` seconds for another
    writer to finish (E033 after that).
    """
    summary = RunSummary()
    stats = IngestStats()
    path = db or settings.db
    with writer_lock(path, wait), Store(path) as store:
        articles = iter_articles(paths, settings, stdin=stdin, stats=stats)
        analyze_articles_into_store(articles, settings, store, summary, progress, reanalyze)
    summary.duplicates = stats.duplicates
    return summary
