"""Ingestion: documents in many formats → ``Article`` records, bad ones → ``DocumentFailure``.

Readers (one per format) register in a :class:`ReaderRegistry` through the
``register_readers`` plugin hook; ``docs/ingest.md`` describes formats, ids and errors.
"""

from __future__ import annotations

from .common import Refused, article_from_record, build_article
from .core import IngestNote, IngestStats, articles_from_bytes, iter_articles
from .plugin import ReaderSpec, hookimpl
from .registry import ReaderRegistry, build_registry, default_registry

__all__ = [
    "IngestNote",
    "IngestStats",
    "ReaderRegistry",
    "ReaderSpec",
    "Refused",
    "article_from_record",
    "articles_from_bytes",
    "build_article",
    "build_registry",
    "default_registry",
    "hookimpl",
    "iter_articles",
]
