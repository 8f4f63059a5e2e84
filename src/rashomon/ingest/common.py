"""Helpers every reader shares: refusals, bounded reads, decoding, ids, dates, article building.

Readers stay small because the rules that must be the same for every format live here:
how an id is derived, how a date is normalised, how bytes become text without silently
replacing anything.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import IO, Any
from urllib.parse import urlsplit, urlunsplit

from ..config import Settings
from ..errors import DocumentFailure, Errors
from ..records import Article

# Plain text of more than 4 × max_chars bytes holds more than max_chars characters (UTF-8).
TEXT_FACTOR = 4
# Raw markup (HTML, feeds, WARC payloads, JSONL lines) may be this many times larger than
# the max_chars limit on article text before it is refused unread.
RAW_FACTOR = 10
_FIELDS = ("id", "text", "html", "url", "outlet", "published", "title", "language")
_TIME_RE = re.compile(r"\d:\d\d")
# RFC 822 as feeds write it ("Fri, 07 Jul 2017 14:05:00 +0000"); the email parser is too
# lenient for anything else (it reads "2:05 PM" as 02:05).
_RFC822_RE = re.compile(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}")
_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_TITLE_MAX = 150
_TITLE_END = (".", ",", ";", ":")


class Refused(Exception):
    """A document (or record) cannot be read; carries the error template and its values."""

    def __init__(self, error: Errors, **kwargs: object) -> None:
        self.error = error
        self.kwargs = kwargs
        super().__init__(error.format(**kwargs))

    def failure(self, name: str) -> DocumentFailure:
        """The refusal as a ``DocumentFailure`` of the named document."""
        return DocumentFailure.of(name, self.error, **self.kwargs)


def too_large(settings: Settings) -> Refused:
    """E005 for input refused unread: more bytes than any article within the limit has."""
    return Refused(Errors.E005, size=f"more than {settings.max_chars}", limit=settings.max_chars)


def read_limited(stream: IO[bytes], settings: Settings, factor: int = TEXT_FACTOR) -> bytes:
    """Read the whole stream, or refuse with E005 beyond ``factor × max_chars`` bytes.

    Reading one byte past the limit is how an oversized (or decompression-bomb) input is
    recognised without holding all of it in memory.
    """
    limit = factor * settings.max_chars
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise too_large(settings)
    return data


def check_binary(data: bytes) -> None:
    """Refuse data with NUL bytes: no text format we read contains them."""
    position = data.find(b"\0")
    if position >= 0:
        raise Refused(Errors.E003, detail=f"NUL byte at position {position}")


def decode_utf8(data: bytes, base: int = 0) -> str:
    """Decode UTF-8 strictly; a leading byte-order mark is dropped.

    Args:
        data: the bytes.
        base: byte position of ``data`` in its file, so the error points into the file.

    Raises:
        Refused: E004 with the byte position of the first invalid sequence.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Refused(Errors.E004, position=base + exc.start) from exc
    return text.removeprefix("\ufeff")


def decode_html(data: bytes, declared: str | None = None) -> str:
    """Decode an HTML page: UTF-8 first, else the charset the page or its server declares.

    Raises:
        Refused: E004 when the bytes are neither UTF-8 nor valid in a declared charset.
    """
    try:
        return decode_utf8(data)
    except Refused as refusal:
        charset = declared or _meta_charset(data)
        if not charset or charset.lower().replace("-", "") == "utf8":
            raise
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            raise refusal from None


def charset_of(content_type: str) -> str | None:
    """The ``charset`` parameter of a Content-Type header, if any."""
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET_RE.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def content_id(text: str) -> str:
    """The id of an article known only by its text: sha1 of the text, 16 hex digits."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def text_hash(text: str) -> str:
    """The full sha1 of a text, used to recognise exact duplicates."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def normalize_url(url: str) -> str:
    """The URL with scheme and host lower-cased and the fragment dropped.

    The same page linked as ``HTTPS://Example.org/a#top`` and ``https://example.org/a``
    must get the same id.
    """
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # not a well-formed URL ("http://[x"): kept as written
        return url.strip()
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path, parts.query, ""))


def url_id(url: str) -> str:
    """The id of an article known by its URL: sha1 of the normalised URL, 16 hex digits."""
    return hashlib.sha1(normalize_url(url).encode("utf-8")).hexdigest()[:16]


def normalize_date(value: str | None) -> str | None:
    """An ISO date (``2017-07-07``) or datetime string, or ``None`` when not parseable.

    ISO input and RFC 822 (feeds) are parsed exactly; anything else goes to dateparser
    (English month names), restricted to absolute dates with day, month and year, so
    "yesterday" or "July" never turn into a date relative to the day of the run.
    """
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text).isoformat()
    except ValueError:
        pass
    if _RFC822_RE.match(text):
        try:
            return parsedate_to_datetime(text).isoformat()
        except (TypeError, ValueError, IndexError):
            pass
    return _dateparser(text)


def _dateparser(text: str) -> str | None:
    if not any(ch.isdigit() for ch in text):
        return None
    import dateparser  # noqa: PLC0415 - slow to import, and only odd dates need it

    settings: Any = {
        "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
        "REQUIRE_PARTS": ["day", "month", "year"],
    }
    try:
        # English only: guessing among all locales costs seconds per unparseable string.
        parsed = dateparser.parse(text, languages=["en"], settings=settings)
    except (ValueError, TypeError, OverflowError):
        return None
    if parsed is None:
        return None
    if _TIME_RE.search(text):
        return parsed.isoformat()
    return parsed.date().isoformat()


def normalize_language(value: str | None) -> str | None:
    """A language as an ISO 639-1 code where one exists: ``EN``, ``en-US``, ``eng`` → ``en``."""
    if value is None or not value.strip():
        return None
    primary = re.split(r"[-_]", value.strip().lower(), maxsplit=1)[0]
    if len(primary) == 2:
        return primary
    import pycountry  # noqa: PLC0415 - only needed for the rare non-two-letter code

    try:
        found = pycountry.languages.lookup(primary)
    except LookupError:
        return primary
    return str(getattr(found, "alpha_2", primary))


def guess_title(text: str) -> str | None:
    """The first line as a title when it is short, headline-like and more text follows."""
    stripped = text.lstrip()
    first, newline, rest = stripped.partition("\n")
    first = first.strip()
    if not first or not newline or not rest.strip():
        return None
    if len(first) > _TITLE_MAX or first.endswith(_TITLE_END):
        return None
    return first


def _optional_str(record: Mapping[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None or value == "":
        return None
    if key == "id" and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise Refused(
            Errors.E015, field=key, detail=f"expected a string, got {type(value).__name__}"
        )
    # Blank text stays, to be refused as empty (E002) rather than as missing (E011).
    return value if value.strip() or key in ("text", "html") else None


def article_from_record(record: Mapping[str, Any], name: str, settings: Settings) -> Article:
    """Build an article from a record with the fields of DESIGN.md "Input article".

    Unknown keys are ignored; empty strings count as absent.

    Raises:
        Refused: E015 for a field of the wrong type, E011 without text or html, E006 when
            the html yields no article text.
    """
    values = {key: _optional_str(record, key) for key in _FIELDS}
    return build_article(name, settings, **values)


def build_article(
    name: str,
    settings: Settings,
    *,
    id: str | None = None,
    text: str | None = None,
    html: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
    title: str | None = None,
    language: str | None = None,
) -> Article:
    """An ``Article`` with the shared rules applied: id, date, language code, HTML text.

    Given fields win over what HTML extraction finds. The id is kept as given; else it is
    derived from the URL; else from the text. Size, emptiness, language detection and
    duplicates are checked later, once per run, by the ingest driver.

    Args:
        name: the document's name (file, ``file.jsonl:LINE``, feed entry), kept as ``source``.
        settings: the run's settings.
        id: the id as given, if any.
        text: the article text, kept exactly as given.
        html: a page to extract the text (and missing metadata) from when ``text`` is absent.
        url: the article's URL.
        outlet: the publishing outlet.
        published: a date in any parseable form.
        title: the headline.
        language: a language code; wins over detection.

    Raises:
        Refused: E011 with neither text nor html, E005/E006 from HTML extraction.
    """
    if not text:
        if not html:
            raise Refused(Errors.E011)
        from .html_text import extract_html  # noqa: PLC0415 - trafilatura loads lazily

        page = extract_html(html, url=url, settings=settings)
        text = page.text
        url = url or page.url
        outlet = outlet or page.outlet
        published = published or page.published
        title = title or page.title
    url = url.strip() if url else None
    article_id = id.strip() if id else (url_id(url) if url else content_id(text))
    return Article(
        id=article_id,
        text=text,
        url=url,
        outlet=outlet.strip() if outlet else None,
        published=normalize_date(published),
        title=title.strip() if title else None,
        language=normalize_language(language),
        source=name,
    )


def starts_with_markup(head: bytes) -> bool:
    """Whether the first non-blank character (after a byte-order mark) opens a tag."""
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")
