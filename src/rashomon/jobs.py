"""The main jobs as plain functions: the CLI, the HTTP API and the tests all call these.

``extract_records`` reads and analyses without a database; ``analyze_into_store`` also
stores every record and brings the stories up to date.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import BinaryIO

from . import __version__
from .config import Settings
from .errors import DocumentFailure
from .faults import reached
from .ingest import IngestStats, iter_articles
from .kb.keys import canonical_key
from .kb.model import LearnedRole
from .kb.roles import RoleMemory
from .nlp.pipeline import analyze, pipeline_key, settings_pipeline
from .records import AnalyzedArticle, Article
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
    memory: RoleMemory | None = None,
) -> Iterator[AnalyzedArticle]:
    """Analyse a stream of read articles, collecting failures into ``summary``.

    With a role memory, the roles each record states are remembered as it comes out, so
    that later articles of the run know them too.
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
        if memory is not None:
            remember_roles(memory, result)
        yield result


@contextmanager
def role_memory_attached(settings: Settings, memory: RoleMemory) -> Iterator[RoleMemory]:
    """Let the actors component use ``memory`` for this run only.

    An article that names "Kovalenko" without a title then still knows her as foreign
    minister, as of the article's date. The memory is taken away afterwards so that a
    pipeline shared by several jobs in one process never carries one job's corpus into
    another. (Worker processes and Ray actors start from the knowledge base alone.)
    """
    component = settings_pipeline(settings).get_pipe("rashomon_actors")
    component.role_memory = memory  # type: ignore[attr-defined]
    try:
        yield memory
    finally:
        component.role_memory = None  # type: ignore[attr-defined]


def remember_roles(memory: RoleMemory, record: AnalyzedArticle) -> None:
    """Add the roles an analysed article stated."""
    for actor in record.actors:
        if actor.role:
            memory.add(LearnedRole(
                key=canonical_key(actor.name), name=actor.name, role=actor.role,
                sector=actor.sector, country=actor.country, date=record.published,
                article=record.id,
            ))


def extract_records(
    paths: Sequence[str],
    settings: Settings,
    summary: RunSummary,
    stdin: BinaryIO | None = None,
    progress: Progress | None = None,
) -> Iterator[AnalyzedArticle]:
    """Read and analyse the documents at ``paths``; no database is involved.

    Roles stated by earlier articles of the run are known to later ones, exactly as when
    the same documents are analysed into an empty store.
    """
    stats = IngestStats()
    articles = iter_articles(paths, settings, stdin=stdin, stats=stats)
    with role_memory_attached(settings, RoleMemory()) as memory:
        yield from analyzed_records(articles, settings, summary, progress, memory)
    summary.duplicates = stats.duplicates


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
    from .stories.update import update_stories

    summary = summary or RunSummary()
    hashes: dict[str, str] = {}
    read: list[str] = []
    articles = _noting(articles, read)
    if not reanalyze:
        articles = _skip_unchanged(store, articles, settings, summary, hashes)
    else:
        fingerprint = analysis_fingerprint(settings)
        articles = (_remember_hash(a, fingerprint, hashes) for a in articles)
    with role_memory_attached(settings, store.role_memory()) as memory:
        records = analyzed_records(articles, settings, summary, progress, memory)
        changed = store_records(store, records, settings, summary, hashes)
    reached("before-grouping")
    changed += unfinished_grouping(store, settings, exclude=changed)
    summary.stories = update_stories(store, changed, settings)
    return summary, read


def unfinished_grouping(store: Store, settings: Settings, exclude: Sequence[str] = ()) -> list[str]:
    """Articles whose grouping a killed run left unfinished, to be grouped with this run's.

    A run stores every article before it groups, so ``kill -9`` between the two leaves
    analysed articles in no story; a kill between saving the stories and saving the
    grouper's state leaves articles in a story the grouper does not know. Both kinds, and
    articles the grouper holds that are no longer stored, are returned so that this run
    regroups them exactly as the killed run would have.
    """
    from .stories.update import load_grouper

    known = set(load_grouper(store, settings).story_of)
    in_stories = {
        r[0] for r in store.conn.execute("SELECT DISTINCT article_id FROM story_articles")
    }
    analysed = [r[0] for r in store.conn.execute(
        "SELECT id FROM articles WHERE analyzed = 1 ORDER BY published, id")]
    skip = set(exclude)
    stored = set(analysed)
    missing = [a for a in analysed if a not in skip and (a not in known or a not in in_stories)]
    gone = sorted(a for a in known if a not in stored and a not in skip)
    if missing or gone:
        log.warning("Completing the grouping of %d article(s) a previous run left unfinished",
                    len(missing) + len(gone))
    return missing + gone


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
