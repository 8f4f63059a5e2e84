"""Every kind of bad input becomes a named, coded DocumentFailure; the rest goes on."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest

from rashomon.config import Settings
from rashomon.errors import DocumentFailure
from rashomon.ingest import (
    IngestStats,
    ReaderRegistry,
    ReaderSpec,
    articles_from_bytes,
    build_registry,
    iter_articles,
)
from rashomon.records import Article

DATA = Path(__file__).parent / "data" / "ingest"
GOOD = DATA / "article.txt"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"


def run(*paths: Path | str, settings: Settings | None = None) -> tuple[list, list, IngestStats]:
    """Articles, failures and stats of reading the paths."""
    stats = IngestStats()
    found = list(iter_articles([str(p) for p in paths], settings or Settings(), stats=stats))
    good = [item for item in found if isinstance(item, Article)]
    bad = [item for item in found if isinstance(item, DocumentFailure)]
    assert len(good) + len(bad) == len(found)
    return good, bad, stats


def codes(failures: list[DocumentFailure]) -> list[tuple[str, str]]:
    return [(f.document, f.code) for f in failures]


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_missing_file_is_e001_and_the_batch_goes_on(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.txt"
    good, bad, stats = run(missing, GOOD)
    assert codes(bad) == [(str(missing), "E001")]
    assert str(missing) in bad[0].reason
    assert len(good) == 1
    assert (stats.read, stats.failed) == (1, 1)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("empty.txt", b""),
        ("blank.txt", b"  \n\t\n"),
        ("empty.html", b""),
        ("blank.jsonl", b"\n\n   \n"),
        ("header_only.csv", b"id,text\n"),
        ("empty.rss", b'<rss version="2.0"><channel><title>Quiet</title></channel></rss>'),
        ("empty.txt.gz", gzip.compress(b"", mtime=0)),  # the same bytes on every collection
    ],
)
def test_empty_documents_are_e002(tmp_path: Path, name: str, data: bytes) -> None:
    path = write(tmp_path, name, data)
    good, bad, _ = run(path, GOOD)
    assert codes(bad) == [(str(path), "E002")]
    assert len(good) == 1


def test_record_with_only_whitespace_text_is_e002(tmp_path: Path) -> None:
    path = write(tmp_path, "a.jsonl", b'{"id": "w", "text": "   \\n "}\n')
    _, bad, _ = run(path)
    assert codes(bad) == [(f"{path}:1", "E002")]


@pytest.mark.parametrize("name", ["image.txt", "image.jsonl", "image.csv", "image.html", "image"])
def test_binary_data_is_e003(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, name, PNG)
    good, bad, _ = run(path, GOOD)
    assert codes(bad) == [(str(path), "E003")]
    assert "NUL byte at position 8" in bad[0].reason
    assert len(good) == 1


def test_nul_byte_after_the_sniffed_head_is_still_e003(tmp_path: Path) -> None:
    path = write(tmp_path, "late.txt", b"A long text. " * 1000 + b"\x00 and then binary")
    _, bad, _ = run(path)
    assert codes(bad) == [(str(path), "E003")]
    assert "position 13000" in bad[0].reason


def test_invalid_utf8_is_e004_with_the_byte_position(tmp_path: Path) -> None:
    path = write(tmp_path, "latin.txt", "Déjà vu in Zelma, the minister said.".encode("latin-1"))
    good, bad, _ = run(path, GOOD)
    assert codes(bad) == [(str(path), "E004")]
    assert bad[0].reason == "Invalid UTF-8 at byte 1"
    assert len(good) == 1


def test_invalid_utf8_in_a_jsonl_line_points_into_the_file(tmp_path: Path) -> None:
    first = b'{"text": "A valid first article about the talks in Zelma."}\n'
    second = b'{"text": "caf\xe9 talks"}\n'
    third = b'{"text": "A valid third article about the ceasefire monitors."}\n'
    path = write(tmp_path, "mixed.jsonl", first + second + third)
    good, bad, _ = run(path)
    assert codes(bad) == [(f"{path}:2", "E004")]
    assert bad[0].reason == f"Invalid UTF-8 at byte {len(first) + 13}"
    assert len(good) == 2


def test_invalid_utf8_in_csv_is_e004(tmp_path: Path) -> None:
    before = b"id,text\na,The first row is fine.\nb,caf"
    path = write(tmp_path, "t.csv", before + b"\xe9\n")
    good, bad, _ = run(path)
    assert codes(bad) == [(str(path), "E004")]
    assert bad[0].reason == f"Invalid UTF-8 at byte {len(before)}"
    assert len(good) == 1


def test_html_without_utf8_or_declared_charset_is_e004(tmp_path: Path) -> None:
    page = (DATA / "page.html").read_bytes().replace(b'<meta charset="utf-8">', b"")
    path = write(tmp_path, "p.html", page.replace(b"Ivo Dran", b"Ivo Dr\xe1n"))
    _, bad, _ = run(path)
    assert codes(bad) == [(str(path), "E004")]


def test_five_megabyte_article_is_e005(tmp_path: Path) -> None:
    path = write(tmp_path, "huge.txt", b"The talks went on. " * 270_000)  # about 5 MB
    good, bad, _ = run(path, GOOD)
    assert codes(bad) == [(str(path), "E005")]
    assert "1000000" in bad[0].reason
    assert len(good) == 1


def test_text_just_over_max_chars_is_e005_with_its_size(tmp_path: Path) -> None:
    settings = Settings(max_chars=100)
    path = write(tmp_path, "a.jsonl", ('{"text": "%s"}\n' % ("é" * 101)).encode())
    _, bad, _ = run(path, settings=settings)
    assert codes(bad) == [(f"{path}:1", "E005")]
    assert bad[0].reason.startswith("Document too large: 101 characters, the limit is 100")
    ok = write(tmp_path, "b.jsonl", ('{"text": "%s"}\n' % ("é" * 100)).encode())
    good, bad, _ = run(ok, settings=settings)
    assert (len(good), bad) == (1, [])


def test_overlong_jsonl_line_is_skipped_unread_and_the_next_line_is_read(tmp_path: Path) -> None:
    settings = Settings(max_chars=100)  # lines beyond 10 × 100 bytes are not parsed
    long_line = ('{"text": "%s"}\n' % ("x" * 5000)).encode()
    next_line = b'{"id": "after", "text": "The line after the long one."}\n'
    path = write(tmp_path, "long.jsonl", long_line + next_line)
    good, bad, _ = run(path, settings=settings)
    assert codes(bad) == [(f"{path}:1", "E005")]
    assert [a.id for a in good] == ["after"]
    assert good[0].source == f"{path}:2"


def test_decompression_bomb_is_e005_without_reading_it_all(tmp_path: Path) -> None:
    path = write(tmp_path, "bomb.txt.gz", gzip.compress(b"a" * 20_000_000))
    _, bad, _ = run(path, settings=Settings(max_chars=1000))
    assert codes(bad) == [(str(path), "E005")]


def test_html_without_article_text_is_e006() -> None:
    path = DATA / "nav_only.html"
    good, bad, _ = run(path, GOOD)
    assert codes(bad) == [(str(path), "E006")]
    assert len(good) == 1


def test_malformed_jsonl_lines_are_e007_and_other_lines_still_read() -> None:
    path = DATA / "bad_lines.jsonl"
    good, bad, stats = run(path)
    assert codes(bad) == [(f"{path}:2", "E007"), (f"{path}:3", "E011"), (f"{path}:4", "E007")]
    assert "column" in bad[0].reason
    assert bad[2].reason == "Malformed JSON line: expected an object, got list"
    assert [a.id for a in good] == ["ok-1", "ok-5"]
    assert [a.source for a in good] == [f"{path}:1", f"{path}:5"]
    assert (stats.read, stats.failed) == (2, 3)


def test_malformed_csv_rows_are_e008_and_other_rows_still_read() -> None:
    path = DATA / "bad_rows.csv"
    good, bad, _ = run(path)
    assert codes(bad) == [(f"{path}:3", "E008"), (f"{path}:4", "E008"), (f"{path}:5", "E011")]
    assert bad[0].reason == "Malformed CSV row: 4 fields, the header has 3"
    assert [a.id for a in good] == ["r-1", "r-5"]


def test_unterminated_quote_in_csv_is_e008(tmp_path: Path) -> None:
    path = write(tmp_path, "q.csv", b'id,text\na,"The first row is fine."\nb,"never closed\nc,x\n')
    good, bad, _ = run(path)
    assert codes(bad) == [(f"{path}:3", "E008")]
    assert len(good) == 1


def test_csv_without_text_or_html_column_is_e011(tmp_path: Path) -> None:
    path = write(tmp_path, "cols.csv", b"id,body\na,Some text here\n")
    _, bad, _ = run(path)
    assert codes(bad) == [(str(path), "E011")]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("broken.rss", (DATA / "broken_feed.xml").read_bytes()),
        ("garbage.xml", b"<rss><channel><item><description>never <b>closed"),
        ("plain.atom", b"this is not a feed at all {]"),
    ],
)
def test_malformed_feeds_are_e009(tmp_path: Path, name: str, data: bytes) -> None:
    path = write(tmp_path, name, data)
    good, bad, _ = run(path, GOOD)
    assert [f.code for f in bad] == ["E009"]
    assert bad[0].document == str(path)
    assert len(good) == 1


def test_feed_with_a_minor_error_keeps_its_entries(tmp_path: Path) -> None:
    feed = (DATA / "feed.rss").read_bytes().replace(b"Velt to visit", b"Velt&nbsp;to visit")
    path = write(tmp_path, "entity.rss", feed)
    good, bad, _ = run(path)
    assert (len(good), bad) == (2, [])


def test_feed_entry_without_text_is_e011(tmp_path: Path) -> None:
    feed = (
        b'<rss version="2.0"><channel><title>W</title>'
        b"<item><title>Headline only</title><link>https://w.example/1</link></item>"
        b"<item><title>Full</title><description>The talks resumed in Zelma.</description></item>"
        b"</channel></rss>"
    )
    path = write(tmp_path, "w.rss", feed)
    good, bad, _ = run(path)
    assert codes(bad) == [(f"{path}#1", "E011")]
    assert good[0].source == f"{path}#2"


def _record(payload: bytes) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + payload
    return (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://x.example/a\r\n"
        b"Content-Length: " + str(len(http)).encode() + b"\r\n\r\n" + http + b"\r\n\r\n"
    )


def test_bad_warc_is_e010_after_the_records_before_it(tmp_path: Path) -> None:
    page = (DATA / "page.html").read_bytes()
    path = write(
        tmp_path, "crawl.warc", _record(page) + b"garbage where a record should be\r\n\r\n"
    )
    good, bad, _ = run(path)
    assert len(good) == 1
    assert codes(bad) == [(f"{path}#2", "E010")]


def test_file_named_warc_that_is_not_one_is_e010(tmp_path: Path) -> None:
    path = write(tmp_path, "fake.warc", b"just some text that is no archive\n")
    _, bad, _ = run(path)
    assert [f.code for f in bad] == ["E010"]


def test_warc_record_with_empty_page_is_e006(tmp_path: Path) -> None:
    path = write(tmp_path, "nav.warc", _record((DATA / "nav_only.html").read_bytes()))
    _, bad, _ = run(path)
    assert codes(bad) == [(f"{path}#1", "E006")]


@pytest.mark.parametrize(
    ("line", "field"),
    [
        (b'{"text": 42}', "text"),
        (b'{"text": "Fine text.", "url": ["a"]}', "url"),
        (b'{"text": "Fine text.", "id": 1.5}', "id"),
    ],
)
def test_field_of_the_wrong_type_is_e015(tmp_path: Path, line: bytes, field: str) -> None:
    path = write(tmp_path, "t.jsonl", line + b"\n")
    _, bad, _ = run(path)
    assert codes(bad) == [(f"{path}:1", "E015")]
    assert repr(field) in bad[0].reason


def test_corrupt_compressed_file_is_e014(tmp_path: Path) -> None:
    data = gzip.compress(b"A story about the talks. " * 100)
    path = write(tmp_path, "cut.txt.gz", data[: len(data) // 2])
    good, bad, _ = run(path, GOOD)
    assert codes(bad) == [(str(path), "E014")]
    assert len(good) == 1


def test_a_reader_that_crashes_fails_its_document_only(tmp_path: Path) -> None:
    def explode(stream: IO[bytes], name: str, settings: Settings) -> Iterator[Article]:
        raise RuntimeError("reader bug")
        yield  # pragma: no cover - makes this a generator

    registry = build_registry()
    registry.register(ReaderSpec("boom", explode, (".boom",)))
    path = write(tmp_path, "x.boom", b"anything")
    stats = IngestStats()
    found = list(iter_articles([str(path), str(GOOD)], Settings(), stats=stats, registry=registry))
    assert isinstance(found[0], DocumentFailure)
    assert (found[0].code, found[0].reason) == ("E014", "Could not read: RuntimeError: reader bug")
    assert isinstance(found[1], Article)
    assert stats.failed == 1


def test_nothing_raises_for_an_upload_of_garbage() -> None:
    registry: ReaderRegistry = build_registry()
    for data in [
        b"",
        b"\x00\x01",
        b"\xff\xfe",
        b"{",
        b"<rss version='2.0'><channel>",
        b"WARC/1.0\r\n\r\n",
        PNG,
    ]:
        found = list(articles_from_bytes(data, "upload", Settings(), registry=registry))
        assert found and all(isinstance(item, DocumentFailure) for item in found), (data, found)
