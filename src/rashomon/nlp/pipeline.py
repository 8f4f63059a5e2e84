"""Assemble the analysis pipeline and run articles through it.

The pipeline is the configured spaCy model with Rashomon's components around it::

    rashomon_normalize → (the model's own: tok2vec, tagger, parser, …, ner)
        → rashomon_actors → rashomon_statements → rashomon_events

``analyze`` turns ``Article`` records into ``AnalyzedArticle`` records. Each batch runs
inside ``nlp.memory_zone()`` so that a long run keeps flat memory, and a document that
fails is reported with its id while the rest of the batch goes on.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from functools import lru_cache
from itertools import islice
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..actors import component as _actors  # noqa: F401  (registers the factory)
from ..config import Settings
from ..errors import DocumentFailure, Errors, RashomonError
from ..events import coder as _events  # noqa: F401
from ..records import AnalyzedArticle, Article
from ..statements import component as _statements  # noqa: F401
from . import normalize as _normalize  # noqa: F401
from .extensions import DocMeta, register_extensions
from .to_record import doc_to_record

log = logging.getLogger(__name__)

RASHOMON_COMPONENTS: tuple[str, ...] = (
    "rashomon_actors",
    "rashomon_statements",
    "rashomon_events",
)

AnalysisResult = AnalyzedArticle | DocumentFailure
# Articles the driver sends to a Ray cluster at a time.
RAY_CHUNK = 5000
# Articles per task of the local process pool: small enough that the workers finish together
# (a 64-article task left one of two workers idle for the last few seconds of a run), large
# enough that handing an article over costs nothing next to analysing it.
POOL_TASK = 16
# Tasks in flight per worker: each worker always has the next one waiting.
POOL_AHEAD = 4


def load_model(name: str) -> Language:
    """Load a spaCy pipeline by package name or path, with a coded error if it is missing."""
    try:
        return spacy.load(name)
    except (OSError, ImportError) as exc:
        raise RashomonError(Errors.E022, model=name, detail=str(exc)) from exc


def build_pipeline(
    model: str, event_lexicon: str = "", dictionaries: tuple[str, ...] = ()
) -> Language:
    """The configured model with Rashomon's components added in order.

    Args:
        model: a spaCy pipeline package name or path.
        event_lexicon: a user event lexicon file merged over the built-in one.
        dictionaries: user actor dictionaries laid over the built-in knowledge base.
    """
    register_extensions()
    nlp = load_model(model)
    kb_config = {"dictionaries": list(dictionaries)}
    nlp.add_pipe("rashomon_normalize", first=True, config=kb_config)
    nlp.add_pipe("rashomon_actors", last=True, config=kb_config)
    nlp.add_pipe("rashomon_statements", last=True)
    nlp.add_pipe("rashomon_events", last=True, config={"lexicon": event_lexicon or None})
    return nlp


@lru_cache(maxsize=4)
def cached_pipeline(
    model: str, event_lexicon: str = "", dictionaries: tuple[str, ...] = ()
) -> Language:
    """One pipeline per configuration per process: loading takes about a second."""
    return build_pipeline(model, event_lexicon, dictionaries)


def pipeline_key(settings: Settings) -> tuple[str, str, tuple[str, ...]]:
    """The settings that shape the pipeline, as a hashable key for ``cached_pipeline``."""
    return settings.model, settings.event_lexicon, tuple(settings.dictionaries)


def settings_pipeline(settings: Settings) -> Language:
    """The cached pipeline that ``settings`` describe."""
    return cached_pipeline(*pipeline_key(settings))


def make_doc(nlp: Language, article: Article) -> Doc:
    """Tokenise the article and attach what the components need to know about it."""
    doc = nlp.make_doc(article.text)
    doc._.rashomon_meta = DocMeta(
        article_id=article.id,
        published=article.published,
        outlet=article.outlet,
        title=article.title,
    )
    return doc


def _analyze_one(nlp: Language, article: Article) -> AnalysisResult:
    try:
        with nlp.memory_zone():
            doc = nlp(make_doc(nlp, article))
            return doc_to_record(doc, article)
    except Exception as exc:  # one document must never stop the batch
        log.exception("analysis failed for %s", article.id)
        return DocumentFailure.of(article.source or article.id, Errors.E012, detail=repr(exc))


def analyze_batch(nlp: Language, batch: list[Article]) -> list[AnalysisResult]:
    """Analyse one batch; if the batch fails, each article is retried alone."""
    try:
        with nlp.memory_zone():
            docs = nlp.pipe(make_doc(nlp, article) for article in batch)
            return [doc_to_record(doc, article) for doc, article in zip(docs, batch, strict=True)]
    except Exception:
        return [_analyze_one(nlp, article) for article in batch]


def _batches(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _worker_start(key: tuple[str, str, tuple[str, ...]]) -> None:
    """Load the pipeline as the worker starts, while the driver is still reading articles."""
    cached_pipeline(*key)


def _worker_analyze(
    key: tuple[str, str, tuple[str, ...]], batch: list[Article]
) -> list[AnalysisResult]:
    return analyze_batch(cached_pipeline(*key), batch)


def _pool_results(
    articles: Iterable[Article],
    settings: Settings,
    route: Callable[[list[Article]], tuple[list[Article], dict[int, AnalysisResult]]],
    merge: Callable[
        [list[Article], dict[int, AnalysisResult], list[AnalysisResult]], Iterator[AnalysisResult]
    ],
) -> Iterator[AnalysisResult]:
    """Analyse on a pool of ``settings.n_process`` workers, in input order.

    Each worker loads the pipeline once, when it starts; articles go out in small tasks and
    records (never ``Doc`` objects) come back, a few tasks ahead of the one being read.
    """
    key = pipeline_key(settings)
    size = max(1, min(settings.batch_size, POOL_TASK))
    with ProcessPoolExecutor(
        max_workers=settings.n_process, initializer=_worker_start, initargs=(key,)
    ) as pool:
        pending: deque[tuple[list[Article], dict[int, AnalysisResult], Future[Any]]] = deque()
        for batch in _batches(articles, size):
            todo, done = route(batch)
            future = pool.submit(_worker_analyze, key, todo)
            pending.append((batch, done, future))
            if len(pending) > settings.n_process * POOL_AHEAD:
                b, d, first = pending.popleft()
                yield from merge(b, d, first.result())
        while pending:
            b, d, first = pending.popleft()
            yield from merge(b, d, first.result())


def analyze(
    articles: Iterable[Article],
    settings: Settings,
    nlp: Language | None = None,
) -> Iterator[AnalysisResult]:
    """Analyse articles, yielding one record or failure per article, in input order.

    Articles in a language outside ``settings.languages`` are returned unanalysed
    (empty actors, statements and events) rather than run through an English model.
    """
    supported = set(settings.languages)

    def route(batch: list[Article]) -> tuple[list[Article], dict[int, AnalysisResult]]:
        todo: list[Article] = []
        done: dict[int, AnalysisResult] = {}
        for position, article in enumerate(batch):
            if article.language and article.language not in supported:
                done[position] = AnalyzedArticle.unanalysed(article)
            else:
                todo.append(article)
        return todo, done

    def merge(
        batch: list[Article], done: dict[int, AnalysisResult], results: list[AnalysisResult]
    ) -> Iterator[AnalysisResult]:
        it = iter(results)
        for position in range(len(batch)):
            yield done[position] if position in done else next(it)

    if settings.engine == "ray" and nlp is None:
        from ..scale.ray_runner import analyze_with_ray

        # Chunks bound what the driver holds; the cluster sees one chunk at a time.
        for chunk in _batches(articles, RAY_CHUNK):
            todo, done = route(chunk)
            yield from merge(chunk, done, list(analyze_with_ray(todo, settings)) if todo else [])
        return

    if settings.n_process > 1 and nlp is None:
        yield from _pool_results(articles, settings, route, merge)
        return

    pipeline = nlp or settings_pipeline(settings)
    for batch in _batches(articles, settings.batch_size):
        todo, done = route(batch)
        yield from merge(batch, done, analyze_batch(pipeline, todo) if todo else [])
