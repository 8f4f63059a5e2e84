"""WARC archives (warcio): each HTML response record is an article, its target URI the URL.

Other records (requests, metadata, images, error pages) are not articles and are passed
over. Records are named ``file.warc#N`` by their position in the archive.
"""

from __future__ import annotations

import logging
from typing import IO, Any

from ...config import Settings
from ...errors import DocumentFailure, Errors
from ...records import Article
from ..common import RAW_FACTOR, Refused, build_article, charset_of, decode_html, read_limited
from ..plugin import ReadResult

log = logging.getLogger(__name__)
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_WARCIO_BREAKS = (AttributeError, TypeError, ValueError, IndexError, KeyError)


def read_warc(stream: IO[bytes], name: str, settings: Settings) -> ReadResult:
    """Read the HTML responses of a WARC file; a broken record ends the file with E010."""
    from warcio.archiveiterator import ArchiveIterator  # noqa: PLC0415
    from warcio.exceptions import ArchiveLoadFailed  # noqa: PLC0415

    number = 0
    try:
        for number, record in enumerate(ArchiveIterator(stream, arc2warc=False), 1):
            record_name = f"{name}#{number}"
            if not str(record.format).startswith("warc") or record.rec_type is None:
                yield DocumentFailure.of(
                    record_name, Errors.E010, detail="not a WARC record (no WARC/ header)"
                )
                return
            if not _is_html_response(record):
                continue
            try:
                yield _article(record, record_name, settings)
            except Refused as refusal:
                yield refusal.failure(record_name)
    except ArchiveLoadFailed as exc:
        yield DocumentFailure.of(f"{name}#{number + 1}", Errors.E010, detail=str(exc).strip())
    except _WARCIO_BREAKS as exc:
        # warcio trips over some damaged records (a header block cut short) with plain
        # Python errors rather than ArchiveLoadFailed; the file is still just malformed.
        detail = f"broken record ({type(exc).__name__}: {exc})"
        yield DocumentFailure.of(f"{name}#{number + 1}", Errors.E010, detail=detail)


def _is_html_response(record: Any) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    status = record.http_headers.get_statuscode() or ""
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    # Redirects and error pages are not articles even when they are HTML.
    return status.startswith("2") and content_type.startswith(_HTML_TYPES)


def _article(record: Any, name: str, settings: Settings) -> Article:
    data = read_limited(record.content_stream(), settings, RAW_FACTOR)
    content_type = record.http_headers.get_header("Content-Type") or ""
    charset = charset_of(content_type)
    url = record.rec_headers.get_header("WARC-Target-URI")
    return build_article(name, settings, html=decode_html(data, charset), url=url)


def sniff_warc(head: bytes) -> bool:
    """A WARC file starts with its version line."""
    return head.startswith(b"WARC/")
