"""The ingest driver: documents in, articles (or failures) out, one bad document at a time.

Readers turn one document into articles; the driver applies what must hold across a
whole run: size and emptiness limits, language detection and exact-duplicate skipping.
"""

from __future__ import annotations

import logging
import lzma
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import IO, BinaryIO

from ..config import Settings
from ..errors import DocumentFailure, Errors, Warnings
from ..records import Article
from .common import Refused, text_hash
from .language import detect_language
from .plugin import ReaderSpec
from .registry import ReaderRegistry, default_registry
from .sources import Source, compression_suffixes, decompressed, expand_sources, open_source

log = logging.getLogger(__name__)
_READ_ERRORS = (OSError, EOFError, lzma.LZMAError, zlib.error)


@dataclass(slots=True)
class IngestNote:
    """A warning about a document that was kept or skipped, not failed (e.g. W002)."""

    document: str
    code: str
    reason: str

    def __str__(self) -> str:
        return f"{self.document}: {self.code}: {self.reason}"


@dataclass(slots=True)
class IngestStats:
    """Counts of one ingest run.

    Attributes:
        documents: documents (files, stdin, uploads) opened.
        read: articles yielded, non-English ones included.
        failed: failures yielded.
        duplicates: exact duplicates skipped (W002).
        not_english: articles whose language is not among ``settings.languages`` (W001).
        formats: articles read per format name.
        notes: the warnings behind ``duplicates`` and ``not_english``.
    """

    documents: int = 0
    read: int = 0
    failed: int = 0
    duplicates: int = 0
    not_english: int = 0
    formats: Counter[str] = field(default_factory=Counter)
    notes: list[IngestNote] = field(default_factory=list)


@dataclass(slots=True)
class _Run:
    """The state one run shares across its documents: settings, counts, texts seen."""

    settings: Settings
    stats: IngestStats
    registry: ReaderRegistry
    seen: dict[str, str] = field(default_factory=dict)
    stem_ids: set[str] = field(default_factory=set)

    def read(
        self, stream: IO[bytes], name: str, fmt: str | None, stem: str | None = None
    ) -> Iterator[Article | DocumentFailure]:
        """Every article and failure of one document; never raises for a document problem.

        ``stem`` is the file's stem when the document is a file on disk: articles of a
        one-article format (``ReaderSpec.file_ids``) then take it as their id.
        """
        self.stats.documents += 1
        produced = False
        try:
            for item in self._read(stream, name, fmt, stem):
                produced = True
                result = self._finish(item)
                if result is not None:
                    yield result
        except Refused as refusal:
            produced = True
            yield self._fail(refusal.failure(name))
        except _READ_ERRORS as exc:
            produced = True
            yield self._fail(
                DocumentFailure.of(name, Errors.E014, detail=str(exc) or type(exc).__name__)
            )
        except Exception as exc:  # noqa: BLE001 - a reader bug must not stop the batch
            log.exception("Reader failed on %s", name)
            produced = True
            yield self._fail(
                DocumentFailure.of(name, Errors.E014, detail=f"{type(exc).__name__}: {exc}")
            )
        if not produced:
            yield self._fail(DocumentFailure.of(name, Errors.E002))

    def _read(
        self, stream: IO[bytes], name: str, fmt: str | None, stem: str | None
    ) -> Iterator[Article | DocumentFailure]:
        stream, plain_name, head = decompressed(stream, name)
        if not head.strip():
            raise Refused(Errors.E002)
        spec = self._reader(plain_name, head, fmt)
        nul = head.find(b"\0")
        if nul >= 0 and (spec is None or not spec.binary):
            raise Refused(Errors.E003, detail=f"NUL byte at position {nul}")
        if spec is None:
            raise Refused(Errors.E013, detail="no reader recognises this document")
        for item in spec.read(stream, name, self.settings):
            if isinstance(item, Article):
                self.stats.formats[spec.name] += 1
                if stem and spec.file_ids:
                    item.id = self._unique_stem(stem)
            yield item

    def _unique_stem(self, stem: str) -> str:
        """The stem, or ``stem-2``, ``stem-3``… when files of the run share it.

        Files are read in a fixed (sorted) order, so a re-run gives every file the same id.
        """
        candidate, number = stem, 1
        while candidate in self.stem_ids:
            number += 1
            candidate = f"{stem}-{number}"
        self.stem_ids.add(candidate)
        return candidate

    def _reader(self, name: str, head: bytes, fmt: str | None) -> ReaderSpec | None:
        if fmt:
            spec = self.registry.get(fmt)
            if spec is None:
                known = ", ".join(self.registry.names())
                raise Refused(Errors.E013, detail=f"{fmt!r} (known: {known})")
            return spec
        return self.registry.for_filename(name) or self.registry.sniff(head)

    def _finish(self, item: Article | DocumentFailure) -> Article | DocumentFailure | None:
        if isinstance(item, DocumentFailure):
            return self._fail(item)
        name = item.source or item.id
        if not item.text.strip():
            return self._fail(DocumentFailure.of(name, Errors.E002))
        if len(item.text) > self.settings.max_chars:
            return self._fail(
                DocumentFailure.of(
                    name, Errors.E005, size=len(item.text), limit=self.settings.max_chars
                )
            )
        digest = text_hash(item.text)
        if digest in self.seen:
            self.stats.duplicates += 1
            self._note(name, Warnings.W002, other=self.seen[digest])
            return None
        self.seen[digest] = item.id
        if item.language is None:
            item.language = detect_language(
                item.text, self.settings.min_chars_for_language, self.settings.languages
            )
        if item.language is not None and item.language not in self.settings.languages:
            self.stats.not_english += 1
            self._note(name, Warnings.W001, language=item.language)
        self.stats.read += 1
        return item

    def _fail(self, failure: DocumentFailure) -> DocumentFailure:
        self.stats.failed += 1
        log.debug("%s", failure)
        return failure

    def _note(self, name: str, warning: Warnings, **kwargs: object) -> None:
        note = IngestNote(name, warning.name, warning.value.format(**kwargs))
        self.stats.notes.append(note)
        log.info("%s", note)


def iter_articles(
    paths: Sequence[str],
    settings: Settings,
    stdin: BinaryIO | None = None,
    stats: IngestStats | None = None,
    *,
    registry: ReaderRegistry | None = None,
) -> Iterator[Article | DocumentFailure]:
    """Read every document the paths name, yielding articles and failures in order.

    Args:
        paths: files, directories (recursive, sorted), glob patterns, or ``-`` for stdin.
            ``.gz``, ``.bz2`` and ``.xz`` files are decompressed; the format comes from the
            extension, else from the content.
        settings: limits (``max_chars``), languages and ``min_chars_for_language``.
        stdin: what ``-`` reads (default: the process's standard input).
        stats: filled in as the run goes, for the caller's summary.
        registry: the readers to use (default: built-ins and installed plugins).

    Yields:
        An ``Article`` per article read, a ``DocumentFailure`` per document (or record) that
        could not be read. Exact duplicates are skipped and counted, not yielded.
    """
    registry = registry if registry is not None else default_registry()
    run = _Run(settings, stats if stats is not None else IngestStats(), registry)
    suffixes = [*registry.extensions(), *compression_suffixes()]
    for source in expand_sources(paths, suffixes):
        if isinstance(source, DocumentFailure):
            yield run._fail(source)
            continue
        yield from _read_source(run, source, stdin)


def _read_source(
    run: _Run, source: Source, stdin: BinaryIO | None
) -> Iterator[Article | DocumentFailure]:
    try:
        stream = open_source(source, stdin)
    except OSError as exc:
        run.stats.documents += 1
        yield run._fail(
            DocumentFailure.of(source.name, Errors.E014, detail=exc.strerror or str(exc))
        )
        return
    with stream:
        stem = file_stem(source.path) if source.path is not None else None
        yield from run.read(stream, source.name, None, stem)


def file_stem(path: Path) -> str:
    """A file's name without its compression and format extensions (``a.txt.gz`` → ``a``)."""
    name = path.name
    for suffix in compression_suffixes():
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    return Path(name).stem or name


def articles_from_bytes(
    data: bytes,
    name: str,
    settings: Settings,
    fmt: str | None = None,
    *,
    stats: IngestStats | None = None,
    registry: ReaderRegistry | None = None,
) -> Iterator[Article | DocumentFailure]:
    """Read one document given as bytes (an upload), with the same rules as files.

    Args:
        data: the document, possibly compressed.
        name: its name; its extension selects the format unless ``fmt`` is given.
        settings: as for :func:`iter_articles`.
        fmt: a format name (``txt``, ``html``, ``jsonl``, ``csv``, ``feed``, ``warc``, or a
            plugin's) or an extension (``rss``); else the name, else the content decides.
        stats: filled in as the document is read.
        registry: the readers to use (default: built-ins and installed plugins).
    """
    run = _Run(
        settings,
        stats if stats is not None else IngestStats(),
        registry if registry is not None else default_registry(),
    )
    yield from run.read(BytesIO(data), name, fmt)


def finish_articles(
    items: Iterable[Article | DocumentFailure],
    settings: Settings,
    stats: IngestStats | None = None,
) -> Iterator[Article | DocumentFailure]:
    """Apply the run-wide rules to articles built elsewhere (e.g. fetched pages).

    Size and emptiness limits, language detection and exact-duplicate skipping are the
    same as for documents read by :func:`iter_articles`.
    """
    run = _Run(settings, stats if stats is not None else IngestStats(), default_registry())
    for item in items:
        result = run._finish(item)
        if result is not None:
            yield result
