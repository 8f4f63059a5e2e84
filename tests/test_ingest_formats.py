"""One test group per input format: what each reader keeps, derives and names."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import pytest

from rashomon.config import Settings
from rashomon.errors import DocumentFailure
from rashomon.ingest import IngestStats, articles_from_bytes, iter_articles
from rashomon.ingest.common import guess_title, url_id
from rashomon.records import Article

DATA = Path(__file__).parent / "data" / "ingest"


def read(*paths: Path | str, settings: Settings | None = None) -> list[Article | DocumentFailure]:
    return list(iter_articles([str(p) for p in paths], settings or Settings()))


def articles(items: list[Article | DocumentFailure]) -> list[Article]:
    assert all(isinstance(item, Article) for item in items), items
    return [item for item in items if isinstance(item, Article)]


def warc_record(
    uri: str,
    payload: bytes,
    content_type: str = "text/html; charset=utf-8",
    status: str = "200 OK",
    warc_type: str = "response",
) -> bytes:
    """One WARC record written by hand, as a crawler would store an HTTP response."""
    http = f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n\r\n".encode() + payload
    head = (
        f"WARC/1.0\r\nWARC-Type: {warc_type}\r\nWARC-Record-ID: <urn:uuid:{abs(hash(uri))}>\r\n"
        f"WARC-Target-URI: {uri}\r\nWARC-Date: 2024-03-05T10:00:00Z\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n"
    ).encode()
    return head + http + b"\r\n\r\n"


PAGE = (DATA / "page.html").read_bytes()


# --- plain text -------------------------------------------------------------------------


def test_txt_keeps_text_exactly_and_takes_a_short_first_line_as_title() -> None:
    (article,) = articles(read(DATA / "article.txt"))
    raw = (DATA / "article.txt").read_text("utf-8")
    assert article.text == raw
    assert article.title == "Arland and Borovia agree to reopen border crossing"
    assert article.text.startswith(article.title)
    assert article.id == "article"  # the file's stem, so `rashomon show article` finds it
    assert article.source == str(DATA / "article.txt")
    assert article.language == "en"


def test_txt_keeps_crlf_and_drops_only_the_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbfHeadline\r\nThe body of the story, with Windows line ends.\r\n")
    (article,) = articles(read(path))
    assert article.text == "Headline\r\nThe body of the story, with Windows line ends.\r\n"
    assert article.title == "Headline"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Short headline\nBody text.", "Short headline"),
        ("\n\n  Leading blank lines\nBody text.", "Leading blank lines"),
        ("Only one line, no body", None),
        ("A first line that is a sentence.\nBody text.", None),
        ("x" * 151 + "\nBody text.", None),
        ("Headline\n   \n", None),
    ],
)
def test_guess_title(text: str, title: str | None) -> None:
    assert guess_title(text) == title


# --- HTML ------------------------------------------------------------------------------


def test_html_main_text_and_metadata() -> None:
    (article,) = articles(read(DATA / "page.html"))
    assert "accepted assurances from Arland" in article.text
    assert "we took it" in article.text
    assert "Sport" not in article.text and "All rights reserved" not in article.text
    assert article.title == "Borovia says it accepted assurances"
    assert article.outlet == "Borovia Today"
    assert article.published == "2024-03-06"
    assert article.url == "https://borovia-today.example/news/kessel-crossing"
    assert article.id == "page"


def test_html_in_a_declared_charset(tmp_path: Path) -> None:
    page = PAGE.replace(b'<meta charset="utf-8">', b'<meta charset="iso-8859-1">')
    page = page.replace(b"Ivo Dran", "Ivo Drán".encode("latin-1"))
    path = tmp_path / "latin.htm"
    path.write_bytes(page)
    (article,) = articles(read(path))
    assert "Ivo Drán said" in article.text


# --- JSONL -----------------------------------------------------------------------------


def test_jsonl_fields_ids_and_html_records() -> None:
    first, second, third = articles(read(DATA / "articles.jsonl"))
    assert (first.id, first.url, first.outlet, first.title, first.published) == (
        "hw-001",
        "https://harbourwire.example/hw-001",
        "Harbour Wire",
        "Velt hails talks",
        "2024-03-05",
    )
    assert first.source == f"{DATA / 'articles.jsonl'}:1"
    assert second.id == hashlib.sha1(second.text.encode()).hexdigest()[:16]
    assert second.published == "2024-03-05T14:00:00+00:00"
    assert third.id == "hw-003"
    assert third.text.startswith("The ceasefire between Arland and Borovia held overnight")
    assert "<p>" not in third.text


# --- CSV -------------------------------------------------------------------------------


def test_csv_rows_with_quotes_and_line_breaks() -> None:
    first, second = articles(read(DATA / "articles.csv"))
    assert (first.id, first.title, first.outlet, first.published) == (
        "cs-1",
        "Talks resume",
        "Capital Star",
        "2024-03-04",
    )
    assert first.url == "https://capital-star.example/cs-1"
    assert second.text == (
        "Borovia's parliament voted on Tuesday to approve the border agreement, "
        '"a historic step", its speaker said.\nA second paragraph follows.'
    )
    assert second.title is None and second.url is None
    assert second.published == "2024-03-05"
    assert second.source == f"{DATA / 'articles.csv'}:3"


def test_csv_field_longer_than_the_csv_module_default(tmp_path: Path) -> None:
    body = "The delegates talked. " * 10_000  # 220 000 characters > csv's 131 072 default
    path = tmp_path / "long.csv"
    path.write_text(f'id,text\nlong,"{body}"\n', "utf-8")
    (article,) = articles(read(path))
    assert article.text == body


# --- RSS / Atom ------------------------------------------------------------------------


def test_rss_entries() -> None:
    first, second = articles(read(DATA / "feed.rss"))
    assert first.text == (
        'Ceasefire monitors reported a calm night at the Kessel crossing.\n"No shots were fired," '
        "a mission spokesman said."
    )
    assert first.url == "https://harbourwire.example/monitors-calm"
    assert first.id == url_id(first.url)
    assert first.outlet == "Harbour Wire"
    assert first.title == "Monitors report calm at Kessel"
    assert first.published == "2024-03-07T08:15:00+00:00"
    assert first.language == "en"  # the feed's en-gb
    assert first.source == f"{DATA / 'feed.rss'}#1"
    assert second.source == f"{DATA / 'feed.rss'}#2"
    assert second.published == "2024-03-08T10:00:00+00:00"


def test_atom_entry_content() -> None:
    (entry,) = articles(read(DATA / "feed.atom"))
    assert (
        entry.text == "Foreign minister Ivo Dran said Borovia had accepted assurances from Arland."
    )
    assert entry.outlet == "Borovia Today"
    assert entry.published == "2024-03-06T09:30:00+01:00"
    assert entry.url == "https://borovia-today.example/news/dran-word"


# --- WARC ------------------------------------------------------------------------------


def _warc() -> bytes:
    latin = PAGE.replace(b"Ivo Dran", "Ivo Drán".encode("latin-1")).replace(
        b'<meta charset="utf-8">', b""
    )
    return b"".join(
        [
            warc_record("https://borovia-today.example/a", b"", warc_type="request"),
            warc_record("https://borovia-today.example/a", PAGE),
            warc_record("https://borovia-today.example/data.json", b"{}", "application/json"),
            warc_record("https://borovia-today.example/gone", PAGE, status="404 Not Found"),
            warc_record("https://borovia-today.example/b", latin, "text/html; charset=ISO-8859-1"),
        ]
    )


def test_warc_reads_html_responses_only(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    path.write_bytes(_warc())
    first, second = articles(read(path))
    # The record's target URI is the URL, even where the page names a canonical link.
    assert first.url == "https://borovia-today.example/a"
    assert first.id == url_id("https://borovia-today.example/a")
    assert first.source == f"{path}#2"
    assert "accepted assurances from Arland" in first.text
    assert "Ivo Drán said" in second.text
    assert second.source == f"{path}#5"


def test_warc_gz(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(gzip.compress(warc_record("https://borovia-today.example/x", PAGE)))
    (article,) = articles(read(path))
    assert article.url == "https://borovia-today.example/x"
    assert article.id == url_id("https://borovia-today.example/x")


# --- sniffing and explicit formats -----------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "count"),
    [
        ("article.txt", 1),
        ("page.html", 1),
        ("articles.jsonl", 3),
        ("articles.csv", 2),
        ("feed.rss", 2),
        ("feed.atom", 1),
    ],
)
def test_format_is_sniffed_without_an_extension(tmp_path: Path, fixture: str, count: int) -> None:
    path = tmp_path / "document"
    path.write_bytes((DATA / fixture).read_bytes())
    stats = IngestStats()
    found = list(iter_articles([str(path)], Settings(), stats=stats))
    expected = {"article.txt": "txt", "page.html": "html", "articles.jsonl": "jsonl"}
    expected |= {"articles.csv": "csv", "feed.rss": "feed", "feed.atom": "feed"}
    assert len(articles(found)) == count
    assert stats.formats == {expected[fixture]: count}


def test_warc_is_sniffed_without_an_extension() -> None:
    stats = IngestStats()
    found = list(articles_from_bytes(_warc(), "upload", Settings(), stats=stats))
    assert len(articles(found)) == 2
    assert stats.formats == {"warc": 2}


def test_explicit_format_wins_over_the_name() -> None:
    data = (DATA / "articles.jsonl").read_bytes()
    assert len(articles(list(articles_from_bytes(data, "upload.txt", Settings(), "jsonl")))) == 3
    assert len(articles(list(articles_from_bytes(data, "upload.txt", Settings(), ".ndjson")))) == 3


def test_unknown_explicit_format_is_e013() -> None:
    (failure,) = articles_from_bytes(b"text", "upload", Settings(), fmt="docx")
    assert isinstance(failure, DocumentFailure)
    assert (failure.document, failure.code) == ("upload", "E013")
    assert "docx" in failure.reason


# --- ids from file stems ----------------------------------------------------------------


def test_text_and_html_files_take_their_stem_unique_within_the_run(tmp_path: Path) -> None:
    for folder, text in (("a", "Harbour Wire reported the talks."), ("b", "Talks resumed.")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "brief.txt").write_text(text, "utf-8")
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "brief.txt.gz").write_bytes(gzip.compress(b"A third brief, compressed."))
    (tmp_path / "page.html").write_bytes(PAGE)
    ids = [a.id for a in articles(read(tmp_path))]
    assert ids == ["brief", "brief-2", "brief-3", "page"]
    # The same run again gives every file the same id.
    assert [a.id for a in articles(read(tmp_path))] == ids


def test_uploads_and_multi_article_files_keep_derived_ids() -> None:
    (upload,) = articles(list(articles_from_bytes(b"Only text here.", "note.txt", Settings())))
    assert upload.id == hashlib.sha1(b"Only text here.").hexdigest()[:16]
    jsonl = [a.id for a in articles(read(DATA / "articles.jsonl"))]
    assert "articles" not in jsonl
