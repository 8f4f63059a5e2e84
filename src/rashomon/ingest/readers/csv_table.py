"""CSV: a header row naming the input-article fields, one article per row (``file:LINE``)."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from typing import IO

from ...config import Settings
from ...errors import DocumentFailure, Errors
from ..common import TEXT_FACTOR, Refused, article_from_record, decode_utf8
from ..plugin import ReadResult

_FIELDS_RE = re.compile(r"^\W*(text|html)\W*$")


def read_csv(stream: IO[bytes], name: str, settings: Settings) -> ReadResult:
    """Read every row as an article; a malformed row is a failure and the next row goes on.

    Raises:
        Refused: E011 when the header names neither ``text`` nor ``html``; E004 for bytes
            that are not UTF-8 (the rest of the file is then unreadable as a table).
    """
    _allow_long_fields(TEXT_FACTOR * settings.max_chars)
    reader = csv.reader(_lines(stream), strict=True)
    header = _header(reader)
    if header is None:
        return
    while True:
        first_line = reader.line_num + 1
        row_name = f"{name}:{first_line}"
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield DocumentFailure.of(row_name, Errors.E008, detail=str(exc))
            continue
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            detail = f"{len(row)} fields, the header has {len(header)}"
            yield DocumentFailure.of(row_name, Errors.E008, detail=detail)
            continue
        try:
            yield article_from_record(dict(zip(header, row, strict=True)), row_name, settings)
        except Refused as refusal:
            yield refusal.failure(row_name)


def _header(reader: Iterator[list[str]]) -> list[str] | None:
    try:
        row = next(reader)
    except StopIteration:
        return None
    except csv.Error as exc:
        raise Refused(Errors.E008, detail=f"header: {exc}") from exc
    header = [cell.strip().lower() for cell in row]
    if "text" not in header and "html" not in header:
        raise Refused(Errors.E011)
    return header


def _lines(stream: IO[bytes]) -> Iterator[str]:
    offset = 0
    for line in stream:
        yield decode_utf8(line, base=offset)
        offset += len(line)


def _allow_long_fields(limit: int) -> None:
    # The csv module refuses fields over 128 KiB by default; articles are often longer, and
    # the article-size limit (E005) is what should refuse them.
    if csv.field_size_limit() < limit:
        csv.field_size_limit(limit)


def sniff_csv(head: bytes) -> bool:
    """A first line with commas whose cells include a ``text`` or ``html`` column."""
    first = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].decode("utf-8", "ignore").lower()
    if "," not in first:
        return False
    return any(_FIELDS_RE.match(cell.strip()) for cell in first.split(","))
