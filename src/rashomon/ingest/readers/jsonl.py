"""JSON Lines: one input article per line (DESIGN.md "Input article"), named ``file:LINE``."""

from __future__ import annotations

import json
from typing import IO

from ...config import Settings
from ...errors import Errors
from ..common import RAW_FACTOR, Refused, article_from_record, decode_utf8, too_large
from ..plugin import ReadResult


def read_jsonl(stream: IO[bytes], name: str, settings: Settings) -> ReadResult:
    """Read every line as an article; a bad line is a failure and the next line goes on."""
    limit = RAW_FACTOR * settings.max_chars
    offset = 0
    number = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        start, offset = offset, offset + len(line)
        line_name = f"{name}:{number}"
        if len(line) > limit:
            offset += _skip_rest_of_line(stream, limit)
            yield too_large(settings).failure(line_name)
            continue
        if not line.strip():
            continue
        try:
            yield article_from_record(_parse(line, start), line_name, settings)
        except Refused as refusal:
            yield refusal.failure(line_name)


def _parse(line: bytes, start: int) -> dict[str, object]:
    text = decode_utf8(line, base=start)
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise Refused(Errors.E007, detail=f"{exc.msg} (column {exc.colno})") from exc
    if not isinstance(record, dict):
        raise Refused(Errors.E007, detail=f"expected an object, got {type(record).__name__}")
    return record


def _skip_rest_of_line(stream: IO[bytes], limit: int) -> int:
    """Consume an overlong line without holding it; returns the bytes skipped."""
    skipped = 0
    while True:
        chunk = stream.readline(limit)
        skipped += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return skipped


def sniff_jsonl(head: bytes) -> bool:
    """A document whose first non-blank character opens a JSON object."""
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")
