"""HTML pages: trafilatura's main text plus title, date, site name (outlet) and URL."""

from __future__ import annotations

import re
from typing import IO

from ...config import Settings
from ..common import (
    RAW_FACTOR,
    build_article,
    check_binary,
    decode_html,
    read_limited,
    starts_with_markup,
)
from ..plugin import ReadResult

_HTML_RE = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.I)


def read_html(stream: IO[bytes], name: str, settings: Settings) -> ReadResult:
    """Read one HTML page as one article."""
    data = read_limited(stream, settings, RAW_FACTOR)
    check_binary(data)
    yield build_article(name, settings, html=decode_html(data))


def sniff_html(head: bytes) -> bool:
    """A document whose first kilobytes hold a doctype, html, head or body tag."""
    return starts_with_markup(head) and _HTML_RE.search(head[:4096]) is not None
