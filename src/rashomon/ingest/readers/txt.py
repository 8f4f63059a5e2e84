"""Plain text: the file's text exactly as given, a short first line as its title."""

from __future__ import annotations

from typing import IO

from ...config import Settings
from ..common import build_article, check_binary, decode_utf8, guess_title, read_limited
from ..plugin import ReadResult


def read_txt(stream: IO[bytes], name: str, settings: Settings) -> ReadResult:
    """Read one plain-text article; the first line stays in the text even as its title."""
    data = read_limited(stream, settings)
    check_binary(data)
    text = decode_utf8(data)
    yield build_article(name, settings, text=text, title=guess_title(text))


def sniff_txt(head: bytes) -> bool:
    """Anything without NUL bytes can be read as text: the last resort."""
    return b"\0" not in head
