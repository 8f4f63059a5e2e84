"""The built-in readers, registered through the same plugin hook a third party uses.

This module is the ``builtin_readers`` entry point of the ``rashomon.plugins`` group. A
plugin package does the same: a module with a ``register_readers`` hook implementation
returning ``ReaderSpec`` objects, listed under that group in its ``pyproject.toml``.
"""

from __future__ import annotations

from ..plugin import ReaderSpec, hookimpl
from .csv_table import read_csv, sniff_csv
from .feed import read_feed, sniff_feed
from .html_page import read_html, sniff_html
from .jsonl import read_jsonl, sniff_jsonl
from .txt import read_txt, sniff_txt
from .warc import read_warc, sniff_warc

BUILTIN_READERS: tuple[ReaderSpec, ...] = (
    ReaderSpec("warc", read_warc, (".warc",), sniff_warc, priority=10, binary=True),
    ReaderSpec("feed", read_feed, (".rss", ".atom", ".xml"), sniff_feed, priority=40),
    ReaderSpec("html", read_html, (".html", ".htm", ".xhtml"), sniff_html, priority=50,
               file_ids=True),
    ReaderSpec("jsonl", read_jsonl, (".jsonl", ".ndjson"), sniff_jsonl, priority=20),
    ReaderSpec("csv", read_csv, (".csv",), sniff_csv, priority=30),
    ReaderSpec("txt", read_txt, (".txt", ".text"), sniff_txt, priority=1000,
               file_ids=True),
)


@hookimpl
def register_readers() -> list[ReaderSpec]:
    """The built-in readers: txt, html, jsonl, csv, feed (RSS/Atom) and warc."""
    return list(BUILTIN_READERS)
