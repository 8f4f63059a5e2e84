"""Analysis on a Ray cluster: Ray Data ``map_batches`` with one pipeline per actor.

The per-article pass is embarrassingly parallel. Articles are read and checked by the
ingest layer on the driver as usual, sent to the cluster a chunk at a time (the chunking
and the routing of unsupported languages live in ``scale.engines.analyze``), analysed by a pool
of actors that each load the spaCy pipeline once, and come back as plain JSON records
in input order. The driver stays the single writer of the SQLite store.

On one machine ``ray.init`` starts a local cluster; ``settings.ray_address`` (or
``--ray-address``) joins an existing one (``auto``, ``ray://host:10001``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import asdict
from typing import Any

from ..config import Settings
from ..errors import DocumentFailure
from ..nlp.pipeline import analyze_batch, cached_pipeline, pipeline_key
from ..records import AnalyzedArticle, Article

AnalysisResult = AnalyzedArticle | DocumentFailure
PipelineKey = tuple[str, str, tuple[str, ...]]


class PipelineWorker:
    """A Ray Data actor: loads the pipeline once, analyses batches of article rows."""

    def __init__(self, key: PipelineKey) -> None:
        self.nlp = cached_pipeline(*key)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[str]]:
        articles = [Article(**json.loads(row)) for row in batch["article"]]
        encoded = []
        for result in analyze_batch(self.nlp, articles):
            if isinstance(result, DocumentFailure):
                encoded.append(json.dumps({"failure": asdict(result)}))
            else:
                encoded.append(json.dumps({"record": result.to_dict()}, ensure_ascii=False))
        return {"result": encoded}


def decode(value: str) -> AnalysisResult:
    """A worker's JSON answer back into a record or a failure."""
    data = json.loads(value)
    if "failure" in data:
        return DocumentFailure(**data["failure"])
    return AnalyzedArticle.from_dict(data["record"])


def ensure_ray(settings: Settings) -> None:
    """Start a local Ray cluster, or connect to ``settings.ray_address``, once per process."""
    import ray

    if ray.is_initialized():
        return
    address = settings.ray_address or None
    ray.init(
        address=address,
        num_cpus=None if address else max(1, settings.n_process),
        include_dashboard=False,
        log_to_driver=False,
        configure_logging=False,
    )


def analyze_with_ray(articles: Sequence[Article], settings: Settings) -> Iterator[AnalysisResult]:
    """Analyse one chunk of articles on Ray, yielding records and failures in input order.

    The caller (``scale.engines.analyze``) sends a corpus chunk by chunk, so the driver's
    memory stays bounded however large the corpus is.

    Args:
        articles: articles as the ingest layer yields them.
        settings: ``n_process`` is the number of pipeline actors, ``batch_size`` the rows
            per batch, ``model``/``event_lexicon``/``dictionaries`` shape the pipeline.
    """
    import ray.data

    ensure_ray(settings)
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True
    rows = [{"article": json.dumps(asdict(a), ensure_ascii=False)} for a in articles]
    dataset = ray.data.from_items(rows).map_batches(
        PipelineWorker,
        fn_constructor_args=(pipeline_key(settings),),
        concurrency=max(1, settings.n_process),
        batch_size=settings.batch_size,
    )
    for row in dataset.iter_rows():
        yield decode(row["result"])
