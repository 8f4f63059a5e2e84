"""Articles from Python objects: texts, article dicts, ``Article`` records and file paths.

The public API (``rashomon.extract``, ``Store.analyze``) takes whatever a notebook holds.
Every item goes through the same run as files do (``core._Run``), so the rules are the
same: size and emptiness limits, language detection, exact duplicates skipped, and a bad
item is a numbered ``DocumentFailure`` that never stops the others.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from typing import Any

from ..config import Settings
from ..errors import DocumentFailure, Errors
from ..records import Article
from .common import Refused, article_from_record
from .core import IngestStats, _read_source, _Run
from .registry import default_registry
from .sources import compression_suffixes, expand_sources

Item = str | Mapping[str, Any] | Article | os.PathLike[str]


def item_name(item: object, number: int) -> str:
    """How messages name an in-memory item: its id when it has one, else its position."""
    given = item.get("id") if isinstance(item, Mapping) else None
    if isinstance(item, Article):
        given = item.source or item.id
    return str(given) if given not in (None, "") else f"item {number}"


def articles_from_items(
    items: Iterable[Item], settings: Settings, stats: IngestStats | None = None
) -> Iterator[Article | DocumentFailure]:
    """Read every item, yielding articles and failures in order.

    Args:
        items: a ``str`` is an article's text; a mapping has the fields of the input
            article (``text`` or ``html``, ``id``, ``url``, ``outlet``, ``published``,
            ``title``, ``language``); an ``Article`` is taken as it is; an ``os.PathLike``
            (``pathlib.Path``) names a file, directory or glob read like ``rashomon analyze``
            reads it.
        settings: limits, languages and ``min_chars_for_language``.
        stats: filled in as the run goes.
    """
    registry = default_registry()
    run = _Run(settings, stats if stats is not None else IngestStats(), registry)
    suffixes = [*registry.extensions(), *compression_suffixes()]
    for number, item in enumerate(items, start=1):
        if isinstance(item, os.PathLike):
            for source in expand_sources([os.fspath(item)], suffixes):
                if isinstance(source, DocumentFailure):
                    yield run._fail(source)
                else:
                    yield from _read_source(run, source, None)
            continue
        run.stats.documents += 1
        name = item_name(item, number)
        try:
            article = _article(item, name, settings)
        except Refused as refusal:
            yield run._fail(refusal.failure(name))
            continue
        result = run._finish(article)
        if result is not None:
            yield result


def _article(item: object, name: str, settings: Settings) -> Article:
    if isinstance(item, Article):
        # A copy: the run fills in the language, and the caller's record stays as given.
        return replace(item, source=item.source or name)
    if isinstance(item, str):
        return article_from_record({"text": item}, name, settings)
    if isinstance(item, Mapping):
        return article_from_record(item, name, settings)
    raise Refused(
        Errors.E013,
        detail=f"{type(item).__name__} (give a text, an article dict, an Article or a Path)",
    )
