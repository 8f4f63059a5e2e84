"""Run articles through the pipeline on the engine the settings choose.

``analyze`` turns a stream of ``Article`` records into ``AnalyzedArticle`` records (or
failures), in input order: in this process, on a local process pool (``n_process`` > 1), or
on a Ray cluster (``engine = "ray"``, :mod:`.ray_runner`). Each worker loads the pipeline
(:mod:`rashomon.nlp.pipeline`) once. Articles in a language outside ``settings.languages``
are returned unanalysed on every engine.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Any

from spacy.language import Language

from ..config import Settings
from ..nlp.pipeline import (
    AnalysisResult,
    analyze_batch,
    cached_pipeline,
    pipeline_key,
    settings_pipeline,
)
from ..records import AnalyzedArticle, Article
from .ray_runner import analyze_with_ray

# Articles the driver sends to a Ray cluster at a time.
RAY_CHUNK = 5000
# Articles per task of the local process pool: small enough that the workers finish together
# (a 64-article task left one of two workers idle for the last few seconds of a run), large
# enough that handing an article over costs nothing next to analysing it.
POOL_TASK = 16
# Tasks in flight per worker: each worker always has the next one waiting.
POOL_AHEAD = 4


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
