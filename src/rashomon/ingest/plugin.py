"""What a reader plugin implements: the ``register_readers`` hook and the ``ReaderSpec`` it returns.

The built-in readers (``rashomon.ingest.readers``) and third-party plugins import this module;
the registry (``rashomon.ingest.registry``) collects what they register.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO

import pluggy

from ..config import Settings
from ..errors import DocumentFailure
from ..records import Article

PROJECT = "rashomon"
ENTRY_POINT_GROUP = "rashomon.plugins"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)

ReadResult = Iterator[Article | DocumentFailure]
ReadFunc = Callable[[IO[bytes], str, Settings], ReadResult]
SniffFunc = Callable[[bytes], bool]


@dataclass(frozen=True, slots=True)
class ReaderSpec:
    """One input format.

    Attributes:
        name: the format name (``--format`` value), e.g. ``jsonl``.
        read: reads one document's (decompressed) byte stream, named ``name`` in messages,
            yielding articles and failures; it may raise ``Refused`` for the whole document.
        extensions: file-name endings that select this reader, with the dot (``.jsonl``).
        sniff: tells from the first bytes of a document whether it is in this format.
        priority: sniffers run in ascending priority; the catch-all text reader is last.
        binary: False for text formats, whose documents are refused (E003) on NUL bytes.
        file_ids: True for formats holding one article per file with no id of its own
            (plain text, an HTML page): an article read from a file on disk then takes the
            file's stem as its id, so that ``rashomon show STEM`` finds it.
    """

    name: str
    read: ReadFunc
    extensions: tuple[str, ...] = ()
    sniff: SniffFunc | None = None
    priority: int = 100
    binary: bool = False
    file_ids: bool = False


class ReaderHooks:
    """The hook a reader plugin implements."""

    @hookspec
    def register_readers(self) -> Iterable[ReaderSpec]:  # type: ignore[empty-body]
        """The readers this plugin provides."""
