"""Rules shared by all readers: ids, duplicates, language, dates, and the reader registry."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import IO

import pytest

from rashomon.config import Settings
from rashomon.errors import DocumentFailure
from rashomon.ingest import (
    IngestStats,
    ReaderSpec,
    articles_from_bytes,
    build_article,
    build_registry,
    default_registry,
    hookimpl,
    iter_articles,
)
from rashomon.ingest import registry as registry_module
from rashomon.ingest.common import normalize_date, normalize_language, url_id
from rashomon.records import Article

DATA = Path(__file__).parent / "data" / "ingest"
ENGLISH = "Arland's foreign minister said on Tuesday that the talks with Borovia had gone well."
GERMAN = (
    "Der Außenminister von Arland sagte am Dienstag, die Gespräche mit Borovia seien gut "
    "verlaufen und man werde die Grenze in der nächsten Woche wieder öffnen."
)


def jsonl(*records: dict[str, object]) -> bytes:
    return b"".join(json.dumps(r).encode() + b"\n" for r in records)


def read_records(*records: dict[str, object], stats: IngestStats | None = None) -> list[Article]:
    found = list(articles_from_bytes(jsonl(*records), "in.jsonl", Settings(), stats=stats))
    assert all(isinstance(a, Article) for a in found), found
    return [a for a in found if isinstance(a, Article)]


# --- ids ---------------------------------------------------------------------------------


def test_id_given_is_kept_numbers_become_strings() -> None:
    kept, number, padded = read_records(
        {"id": "Reuters/2024-03-05#1", "text": "First text."},
        {"id": 17, "text": "Second text."},
        {"id": "  x-3 ", "text": "Third text."},
    )
    assert (kept.id, number.id, padded.id) == ("Reuters/2024-03-05#1", "17", "x-3")


def test_id_from_url_is_stable_across_case_and_fragment() -> None:
    one, two = read_records(
        {"url": "https://Harbourwire.EXAMPLE/story?id=1#top", "text": "First text."},
        {"url": "HTTPS://harbourwire.example/story?id=1", "text": "Second text."},
    )
    assert one.id == two.id == url_id("https://harbourwire.example/story?id=1")
    assert one.id == hashlib.sha1(b"https://harbourwire.example/story?id=1").hexdigest()[:16]
    assert one.url == "https://Harbourwire.EXAMPLE/story?id=1#top"  # the URL itself is kept


def test_id_from_content_is_sha1_of_the_text() -> None:
    (article,) = read_records({"text": "Only text here."})
    assert article.id == hashlib.sha1(b"Only text here.").hexdigest()[:16]
    assert len(article.id) == 16


def test_same_page_from_feed_and_html_gets_the_same_id() -> None:
    page = (DATA / "page.html").read_text("utf-8")
    feed = (
        '<rss version="2.0"><channel><title>Borovia Today</title><item>'
        "<link>https://borovia-today.example/news/kessel-crossing</link>"
        "<description>Dran said Borovia accepted assurances.</description></item></channel></rss>"
    )
    (from_page,) = articles_from_bytes(page.encode(), "p.html", Settings())
    (from_feed,) = articles_from_bytes(feed.encode(), "f.rss", Settings())
    assert isinstance(from_page, Article) and isinstance(from_feed, Article)
    assert from_page.id == from_feed.id


# --- duplicates --------------------------------------------------------------------------


def test_exact_duplicates_are_skipped_and_counted(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ENGLISH, "utf-8")
    (tmp_path / "b.jsonl").write_bytes(
        jsonl({"id": "copy", "text": ENGLISH}, {"id": "other", "text": ENGLISH + " More."})
    )
    stats = IngestStats()
    found = list(iter_articles([str(tmp_path)], Settings(), stats=stats))
    assert [a.source for a in found if isinstance(a, Article)] == [
        str(tmp_path / "a.txt"),
        f"{tmp_path / 'b.jsonl'}:2",
    ]
    assert (stats.read, stats.duplicates, stats.failed) == (2, 1, 0)
    (note,) = stats.notes
    assert (note.document, note.code) == (f"{tmp_path / 'b.jsonl'}:1", "W002")
    assert "'a'" in note.reason  # the first copy, by its file stem


def test_same_id_with_different_text_is_not_a_duplicate() -> None:
    stats = IngestStats()
    found = read_records(
        {"id": "x", "text": "Version one."}, {"id": "x", "text": "Version two."}, stats=stats
    )
    assert len(found) == 2 and stats.duplicates == 0


def test_duplicates_are_per_run() -> None:
    for _ in range(2):
        assert len(read_records({"text": ENGLISH})) == 1


# --- language ----------------------------------------------------------------------------


def test_non_english_is_yielded_flagged_and_counted() -> None:
    stats = IngestStats()
    german, english = read_records({"text": GERMAN}, {"text": ENGLISH}, stats=stats)
    assert (german.language, english.language) == ("de", "en")
    assert (stats.read, stats.not_english) == (2, 1)
    assert [n.code for n in stats.notes] == ["W001"]


def test_given_language_wins_and_is_normalised() -> None:
    stats = IngestStats()
    french, english = read_records(
        {"text": ENGLISH, "language": "fr"},
        {"text": GERMAN + " ", "language": "EN-us"},
        stats=stats,
    )
    assert (french.language, english.language) == ("fr", "en")
    assert stats.not_english == 1


def test_short_texts_are_not_classified() -> None:
    (article,) = read_records({"text": "Velt spoke."})
    assert article.language is None


def test_english_with_foreign_names_stays_english() -> None:
    # py3langid alone rates this Nigerian Pidgin (pcm) at 0.64 against English at 0.35.
    text = (
        "On Tuesday, Nigerian junior foreign minister Dubem Oniya summoned Niger's ambassador "
        "Brah Mohamane to complain of inaction over the gangs."
    )
    (article,) = read_records({"text": text})
    assert article.language == "en"


def test_languages_setting_decides_what_counts_as_not_analysed() -> None:
    stats = IngestStats()
    data = jsonl({"text": GERMAN})
    list(articles_from_bytes(data, "x.jsonl", Settings(languages=["en", "de"]), stats=stats))
    assert stats.not_english == 0


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("en", "en"),
        ("EN", "en"),
        ("en-GB", "en"),
        ("pt_BR", "pt"),
        ("deu", "de"),
        ("English", "en"),
        ("", None),
        (None, None),
        ("xx-unknown", "xx"),
    ],
)
def test_normalize_language(given: str | None, expected: str | None) -> None:
    assert normalize_language(given) == expected


# --- dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2017-07-07", "2017-07-07"),
        ("2017-07-07T14:05:00", "2017-07-07T14:05:00"),
        ("2017-07-07T14:05:00Z", "2017-07-07T14:05:00+00:00"),
        ("2017-07-07 14:05:00+03:00", "2017-07-07T14:05:00+03:00"),
        ("Fri, 07 Jul 2017 14:05:00 +0000", "2017-07-07T14:05:00+00:00"),
        ("7 July 2017", "2017-07-07"),
        ("July 7, 2017 2:05 PM", "2017-07-07T14:05:00"),
        ("yesterday", None),
        ("July 2017", None),
        ("not a date", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_date(given: str | None, expected: str | None) -> None:
    assert normalize_date(given) == expected


def test_unparseable_published_is_kept_as_none() -> None:
    (article,) = read_records({"text": "Text.", "published": "sometime last spring"})
    assert article.published is None


def test_build_article_given_fields_win_over_html_metadata() -> None:
    page = (DATA / "page.html").read_text("utf-8")
    article = build_article("p", Settings(), html=page, title="Our title", outlet="Our outlet")
    assert (article.title, article.outlet) == ("Our title", "Our outlet")
    assert article.published == "2024-03-06"


# --- registry and plugins ----------------------------------------------------------------


def test_builtin_readers_are_registered() -> None:
    registry = default_registry()
    assert registry.names() == ["csv", "feed", "html", "jsonl", "txt", "warc"]
    assert registry.get("rss") is registry.get("feed")
    assert registry.for_filename("crawl.WARC") is registry.get("warc")
    assert registry.get("docx") is None


def test_builtin_readers_entry_point_is_declared() -> None:
    points = {ep.name: ep.value for ep in metadata.entry_points(group="rashomon.plugins")}
    assert points.get("builtin_readers") == "rashomon.ingest.readers"


def _read_story(
    stream: IO[bytes], name: str, settings: Settings
) -> Iterator[Article | DocumentFailure]:
    for number, block in enumerate(stream.read().decode().split("\n---\n"), 1):
        yield build_article(f"{name}@{number}", settings, text=block.strip())


class StoryPlugin:
    """A third-party reader for a made-up format: stories separated by '---' lines."""

    @hookimpl
    def register_readers(self) -> list[ReaderSpec]:
        return [
            ReaderSpec("story", _read_story, (".story",), lambda head: head.startswith(b"%%story"))
        ]


def test_plugin_reader_is_used_by_extension_and_by_sniffing(tmp_path: Path) -> None:
    registry = build_registry(extra=[StoryPlugin()])
    (tmp_path / "two.story").write_text("First story text.\n---\nSecond story text.", "utf-8")
    found = list(iter_articles([str(tmp_path)], Settings(), registry=registry))
    assert [a.source for a in found if isinstance(a, Article)] == [
        f"{tmp_path / 'two.story'}@1",
        f"{tmp_path / 'two.story'}@2",
    ]
    sniffed = list(articles_from_bytes(b"%%story\nOne.", "upload", Settings(), registry=registry))
    assert [a.text for a in sniffed if isinstance(a, Article)] == ["%%story\nOne."]


class TxtOverride:
    @hookimpl
    def register_readers(self) -> list[ReaderSpec]:
        def shout(stream: IO[bytes], name: str, settings: Settings) -> Iterator[Article]:
            yield build_article(name, settings, text=stream.read().decode().upper())

        return [ReaderSpec("txt", shout, (".txt",))]


def test_later_plugin_replaces_a_builtin() -> None:
    registry = build_registry(extra=[TxtOverride()])
    (article,) = articles_from_bytes(b"quiet words", "a.txt", Settings(), registry=registry)
    assert isinstance(article, Article) and article.text == "QUIET WORDS"


class _BrokenEntryPoint:
    name = "broken"

    def load(self) -> object:
        raise ImportError("no module named broken_plugin")


class _StoryEntryPoint:
    name = "story"

    def load(self) -> object:
        return StoryPlugin()


def test_entry_point_plugins_load_and_a_broken_one_is_left_out(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def fake_entry_points(group: str) -> list[object]:
        assert group == "rashomon.plugins"
        return [_BrokenEntryPoint(), _StoryEntryPoint()]

    monkeypatch.setattr(registry_module.metadata, "entry_points", fake_entry_points)
    with caplog.at_level(logging.WARNING, logger="rashomon.ingest.registry"):
        registry = build_registry()
    assert "story" in registry.names() and "txt" in registry.names()
    assert "broken" in caplog.text


def test_a_malformed_url_keeps_its_article() -> None:
    feed = ('<rss version="2.0"><channel><title>W</title><item><link>https://[harbourwire/a'
            "</link><description>Dran said Borovia accepted assurances.</description></item>"
            "</channel></rss>")
    (article,) = articles_from_bytes(feed.encode(), "f.rss", Settings())
    assert isinstance(article, Article) and article.url == "https://[harbourwire/a"
    assert article.id == url_id("https://[harbourwire/a")
