"""The main jobs as plain functions: the CLI, the HTTP API and the tests all call these.

``extract_records`` reads and analyses without a database; ``analyze_into_store`` also
stores every record and brings the stories up to date.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import BinaryIO

from .config import Settings
from .errors import DocumentFailure
from .ingest import IngestStats, iter_articles
from .kb.keys import canonical_key
from .kb.model import LearnedRole
from .kb.roles import RoleMemory
from .nlp.pipeline import analyze, settings_pipeline
from .records import AnalyzedArticle, Article
from .store import Store

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
    """Analyse a stream of read articles, collecting failures into ``summary``."""
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


def extract_records(
    paths: Sequence[str],
    settings: Settings,
    summary: RunSummary,
    stdin: BinaryIO | None = None,
    progress: Progress | None = None,
) -> Iterator[AnalyzedArticle]:
    """Read and analyse the documents at ``paths``; no database is involved."""
    stats = IngestStats()
    yield from analyzed_records(iter_articles(paths, settings, stdin=stdin, stats=stats),
                                settings, summary, progress)
    summary.duplicates = stats.duplicates


def attach_role_memory(store: Store, settings: Settings) -> RoleMemory:
    """Give the actors component every role the corpus has stated so far.

    An article that names "Kovalenko" without a title then still knows her as foreign
    minister, as of the article's date. (Worker processes, with ``n_process`` > 1, start
    from the knowledge base alone.)
    """
    memory = store.role_memory()
    component = settings_pipeline(settings).get_pipe("rashomon_actors")
    component.role_memory = memory  # type: ignore[attr-defined]
    return memory


def remember_roles(memory: RoleMemory, record: AnalyzedArticle) -> None:
    """Add the roles a just-stored article stated, so later articles of the run know them."""
    for actor in record.actors:
        if actor.role:
            memory.add(LearnedRole(
                key=canonical_key(actor.name), name=actor.name, role=actor.role,
                sector=actor.sector, country=actor.country, date=record.published,
                article=record.id,
            ))


def store_records(
    store: Store,
    records: Iterable[AnalyzedArticle],
    settings: Settings,
    summary: RunSummary,
    memory: RoleMemory | None = None,
) -> list[str]:
    """Save records; returns the ids of articles that were added or changed."""
    changed: list[str] = []
    for record in records:
        if memory is not None:
            remember_roles(memory, record)
        outcome = store.save(record, analyzed=is_analyzed(record, settings))
        if outcome == "added":
            summary.added += 1
        elif outcome == "replaced":
            summary.replaced += 1
        else:
            summary.unchanged += 1
        if outcome != "unchanged":
            changed.append(record.id)
    return changed


def analyze_into_store(
    paths: Sequence[str],
    settings: Settings,
    db: str | None = None,
    stdin: BinaryIO | None = None,
    progress: Progress | None = None,
) -> RunSummary:
    """Ingest, analyse, store and group: what ``rashomon analyze`` does."""
    from .stories.update import update_stories

    summary = RunSummary()
    with Store(db or settings.db) as store:
        memory = attach_role_memory(store, settings)
        records = extract_records(paths, settings, summary, stdin=stdin, progress=progress)
        changed = store_records(store, records, settings, summary, memory)
        summary.stories = update_stories(store, changed, settings)
    return summary


def analyze_articles_into_store(
    articles: Iterable[Article | DocumentFailure],
    settings: Settings,
    store: Store,
) -> tuple[RunSummary, list[str]]:
    """Analyse already-read articles into an open store (the HTTP API's submit path)."""
    from .stories.update import update_stories

    summary = RunSummary()
    memory = attach_role_memory(store, settings)
    records = list(analyzed_records(articles, settings, summary))
    changed = store_records(store, records, settings, summary, memory)
    summary.stories = update_stories(store, changed, settings)
    return summary, [r.id for r in records]
