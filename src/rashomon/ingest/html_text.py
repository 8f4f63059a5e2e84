"""HTML to text: whole pages through trafilatura, feed fragments through lxml.

Pages carry navigation, footers and adverts, so their main text needs trafilatura; a feed
entry's content is already just the article, so a plain walk over its elements is enough
and keeps every sentence.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass

from ..config import Settings
from ..errors import Errors
from .common import RAW_FACTOR, Refused, too_large

# Fewer words than this is a page's chrome ("404 Not Found", "Log in"), not an article.
MIN_WORDS = 5
_BLOCKS = frozenset(
    [
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "tr",
        "table",
        "section",
        "article",
        "pre",
        "figcaption",
    ]
)
_SPACES = re.compile(r"[ \t\r\f\v\xa0]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


@dataclass(slots=True)
class Page:
    """The main text and metadata trafilatura found in a page."""

    text: str
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    url: str | None = None


def extract_html(page: str, url: str | None, settings: Settings) -> Page:
    """The main text, title, date, site name and canonical URL of an HTML page.

    Raises:
        Refused: E005 for markup beyond ``RAW_FACTOR * max_chars``; E006 without article text.
    """
    if len(page) > RAW_FACTOR * settings.max_chars:
        raise too_large(settings)
    import trafilatura  # noqa: PLC0415 - heavy import, only for HTML inputs

    found = trafilatura.bare_extraction(
        page, url=url, with_metadata=True, include_comments=False, include_tables=False
    )
    text = getattr(found, "text", None) or ""
    if len(text.split()) < MIN_WORDS:
        raise Refused(Errors.E006)
    return Page(
        text=text,
        title=getattr(found, "title", None),
        published=getattr(found, "date", None),
        outlet=getattr(found, "sitename", None),
        url=getattr(found, "url", None),
    )


def fragment_to_text(fragment: str) -> str:
    """Readable text of an HTML fragment: one line per block element, spaces collapsed."""
    if "<" not in fragment:
        return _tidy(html_lib.unescape(fragment))
    from lxml import etree  # noqa: PLC0415
    from lxml import html as lxml_html  # noqa: PLC0415

    # Control characters are not text, and lxml refuses to set them back on an element.
    fragment = _CONTROL.sub("", fragment)
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCKS:
            element.tail = "\n" + (element.tail or "")
            element.text = "\n" + (element.text or "")
    return _tidy(root.text_content())


def _tidy(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)
