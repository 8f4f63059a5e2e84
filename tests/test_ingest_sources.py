"""Where documents come from: compression, directories, globs and stdin."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
from collections.abc import Callable
from pathlib import Path

import pytest

from rashomon.config import Settings
from rashomon.errors import DocumentFailure
from rashomon.ingest import IngestStats, articles_from_bytes, iter_articles
from rashomon.records import Article

DATA = Path(__file__).parent / "data" / "ingest"
COMPRESSORS: dict[str, Callable[[bytes], bytes]] = {
    ".gz": gzip.compress,
    ".bz2": bz2.compress,
    ".xz": lzma.compress,
}


def sources(items: list[Article | DocumentFailure]) -> list[str | None]:
    return [item.source if isinstance(item, Article) else item.document for item in items]


@pytest.mark.parametrize("suffix", sorted(COMPRESSORS))
@pytest.mark.parametrize("fixture", ["article.txt", "articles.jsonl", "feed.rss", "articles.csv"])
def test_compressed_by_extension(tmp_path: Path, suffix: str, fixture: str) -> None:
    path = tmp_path / (fixture + suffix)
    path.write_bytes(COMPRESSORS[suffix]((DATA / fixture).read_bytes()))
    plain = list(iter_articles([str(DATA / fixture)], Settings()))
    packed = list(iter_articles([str(path)], Settings()))
    assert [a.text for a in packed] == [a.text for a in plain]  # type: ignore[union-attr]
    assert all(isinstance(a, Article) for a in packed)
    # Records are named after the file as given, compression extension included.
    assert all(str(s).startswith(str(path)) for s in sources(packed))


@pytest.mark.parametrize("suffix", sorted(COMPRESSORS))
def test_compressed_by_magic_bytes(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / "download"  # no extension at all: magic bytes, then sniffing
    path.write_bytes(COMPRESSORS[suffix]((DATA / "articles.jsonl").read_bytes()))
    stats = IngestStats()
    found = list(iter_articles([str(path)], Settings(), stats=stats))
    assert len(found) == 3 and stats.formats == {"jsonl": 3}


def test_compressed_upload() -> None:
    data = gzip.compress((DATA / "feed.rss").read_bytes())
    found = list(articles_from_bytes(data, "feed.rss.gz", Settings()))
    assert [a.source for a in found if isinstance(a, Article)] == ["feed.rss.gz#1", "feed.rss.gz#2"]


def test_directory_is_walked_recursively_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "deep").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    texts = {
        "b/one.txt": "Story one is about the talks in Zelma and what came of them.",
        "a/deep/two.txt.gz": "Story two is about the ceasefire monitors at the Kessel crossing.",
        "a/three": "Story three has no extension at all but is plain text.",
        "c.txt": "Story four is about the foreign minister's visit next week.",
        ".hidden/secret.txt": "Hidden files are not articles.",
        "README.md": "Notes in a format no reader claims are passed over.",
        "a/photo.png": "not really a picture",
    }
    for name, text in texts.items():
        data = text.encode()
        (tmp_path / name).write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    found = list(iter_articles([str(tmp_path)], Settings()))
    assert sources(found) == [
        str(tmp_path / "a" / "deep" / "two.txt.gz"),
        str(tmp_path / "a" / "three"),
        str(tmp_path / "b" / "one.txt"),
        str(tmp_path / "c.txt"),
    ]


def test_globs_expand_sorted_and_an_empty_glob_is_e001(tmp_path: Path) -> None:
    for name in ["b.txt", "a.txt", "c.jsonl"]:
        (tmp_path / name).write_text(f"The article in {name} is about the border talks.", "utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "d.txt").write_text("The nested article is about the monitors.", "utf-8")
    found = list(iter_articles([str(tmp_path / "*.txt"), str(tmp_path / "*.none")], Settings()))
    assert sources(found) == [
        str(tmp_path / "a.txt"),
        str(tmp_path / "b.txt"),
        str(tmp_path / "*.none"),
    ]
    assert isinstance(found[-1], DocumentFailure) and found[-1].code == "E001"
    deep = list(iter_articles([str(tmp_path / "**" / "*.txt")], Settings()))
    assert str(tmp_path / "sub" / "d.txt") in sources(deep)


def test_arguments_keep_their_order() -> None:
    found = list(iter_articles([str(DATA / "feed.atom"), str(DATA / "article.txt")], Settings()))
    assert sources(found) == [f"{DATA / 'feed.atom'}#1", str(DATA / "article.txt")]


def test_dash_reads_stdin_and_sniffs_its_format() -> None:
    stdin = io.BytesIO((DATA / "articles.jsonl").read_bytes())
    stats = IngestStats()
    found = list(iter_articles(["-"], Settings(), stdin=stdin, stats=stats))
    assert sources(found) == ["<stdin>:1", "<stdin>:2", "<stdin>:3"]
    assert stats.formats == {"jsonl": 3}
    assert not stdin.closed  # stdin belongs to the caller


def test_compressed_stdin() -> None:
    stdin = io.BytesIO(gzip.compress((DATA / "article.txt").read_bytes()))
    (article,) = iter_articles(["-"], Settings(), stdin=stdin)
    assert isinstance(article, Article)
    assert article.text == (DATA / "article.txt").read_text("utf-8")


def test_stats_count_documents_and_formats() -> None:
    stats = IngestStats()
    list(
        iter_articles(
            [str(DATA / "feed.rss"), str(DATA / "article.txt"), "missing.txt"],
            Settings(),
            stats=stats,
        )
    )
    assert (stats.read, stats.failed, stats.documents) == (3, 1, 2)
    assert stats.formats == {"feed": 2, "txt": 1}
