"""Where documents come from: paths, directories, globs and stdin; transparent decompression."""

from __future__ import annotations

import bz2
import glob
import gzip
import io
import lzma
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, BinaryIO, cast

from ..errors import DocumentFailure, Errors

STDIN = "-"
STDIN_NAME = "<stdin>"
HEAD_SIZE = 8192
_GLOB_CHARS = frozenset("*?[")
# Compression by magic bytes, and the extension that names it.
_COMPRESSIONS: tuple[tuple[str, bytes], ...] = (
    (".gz", b"\x1f\x8b"),
    (".bz2", b"BZh"),
    (".xz", b"\xfd7zXZ\x00"),
)


@dataclass(frozen=True, slots=True)
class Source:
    """One document to read: a file, or stdin when ``path`` is ``None``."""

    name: str
    path: Path | None = None


def expand_sources(
    paths: Sequence[str], known_suffixes: Iterable[str]
) -> Iterator[Source | DocumentFailure]:
    """Every document the arguments name, in order; a missing path is an E001 failure.

    Directories are walked recursively in sorted order, taking files whose name ends in a
    known suffix (or that have no suffix at all) and skipping hidden files; a glob pattern
    expands to its sorted matches; ``-`` is stdin.
    """
    suffixes = tuple(s.lower() for s in known_suffixes)
    for raw in paths:
        if raw == STDIN:
            yield Source(STDIN_NAME)
            continue
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path, suffixes)
        elif path.exists():
            yield Source(raw, path)
        elif _GLOB_CHARS & set(raw):
            matches = sorted(glob.glob(raw, recursive=True))
            if not matches:
                yield DocumentFailure.of(raw, Errors.E001, path=raw)
            for match in matches:
                match_path = Path(match)
                yield from (
                    _walk(match_path, suffixes)
                    if match_path.is_dir()
                    else [Source(match, match_path)]
                )
        else:
            yield DocumentFailure.of(raw, Errors.E001, path=raw)


def _walk(directory: Path, suffixes: tuple[str, ...]) -> Iterator[Source]:
    for path in sorted(directory.rglob("*")):
        relative = path.relative_to(directory)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        lowered = path.name.lower()
        if lowered.endswith(suffixes) or not path.suffix:
            yield Source(str(path), path)


def compression_suffixes() -> tuple[str, ...]:
    """The file-name endings of the compressions read transparently."""
    return tuple(suffix for suffix, _ in _COMPRESSIONS)


def open_source(source: Source, stdin: BinaryIO | None) -> IO[bytes]:
    """A binary stream of the document (stdin is not closed by the caller's ``with``)."""
    if source.path is not None:
        return source.path.open("rb")
    stream = stdin if stdin is not None else sys.stdin.buffer
    return io.BufferedReader(_Unclosed(stream))


def decompressed(stream: IO[bytes], name: str) -> tuple[IO[bytes], str, bytes]:
    """Undo gzip/bz2/xz compression found by magic bytes or named by the extension.

    Returns:
        The (decompressed) stream with its first bytes still unread, the name with the
        compression extension removed (so ``a.jsonl.gz`` selects the JSONL reader), and
        those first bytes for sniffing.
    """
    stream, head = peek(stream)
    lowered = name.lower()
    for suffix, magic in _COMPRESSIONS:
        if head.startswith(magic) or lowered.endswith(suffix):
            inner = _opener(suffix, stream)
            stream, head = peek(inner)
            return stream, name[: -len(suffix)] if lowered.endswith(suffix) else name, head
    return stream, name, head


def _opener(suffix: str, stream: IO[bytes]) -> IO[bytes]:
    # The decompressors are binary file objects, though typeshed does not call them IO[bytes].
    if suffix == ".gz":
        return cast(IO[bytes], gzip.GzipFile(fileobj=stream, mode="rb"))
    if suffix == ".bz2":
        return cast(IO[bytes], bz2.BZ2File(stream, mode="rb"))
    return cast(IO[bytes], lzma.LZMAFile(stream, mode="rb"))


def peek(stream: IO[bytes], size: int = HEAD_SIZE) -> tuple[IO[bytes], bytes]:
    """The first bytes of a stream, and a stream that still yields them.

    Works on unseekable streams (stdin, decompressors) by putting the bytes back in front.
    """
    head = _read_up_to(stream, size)
    return io.BufferedReader(_Prepended(head, stream)), head


def _read_up_to(stream: IO[bytes], size: int) -> bytes:
    # A pipe or decompressor may return fewer bytes than asked before its end.
    parts: list[bytes] = []
    remaining = size
    while remaining > 0:
        chunk = stream.read(remaining)
        if not chunk:
            break
        parts.append(chunk)
        remaining -= len(chunk)
    return b"".join(parts)


class _Prepended(io.RawIOBase):
    """A raw stream that yields ``head`` and then the rest of ``rest``."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        super().__init__()
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self._head:
            count = min(len(view), len(self._head))
            view[:count] = self._head[:count]
            self._head = self._head[count:]
            return count
        data = self._rest.read(len(view))
        view[: len(data)] = data
        return len(data)


class _Unclosed(io.RawIOBase):
    """Reads a stream that belongs to someone else (stdin) without closing it."""

    def __init__(self, stream: IO[bytes]) -> None:
        super().__init__()
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        data = self._stream.read(len(view))
        view[: len(data)] = data
        return len(data)
