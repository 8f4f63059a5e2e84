"""The example corpus: its shape, and that its gold annotations point at real text."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from conftest import EXAMPLES
from rashomon.config import load_settings
from rashomon.evaluation.stories import article_refs, gold_story_of
from rashomon.records import Article


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    from rashomon.ingest import iter_articles

    found = list(iter_articles([str(EXAMPLES)], load_settings()))
    assert all(isinstance(a, Article) for a in found), [
        a for a in found if not isinstance(a, Article)
    ]
    return [a for a in found if isinstance(a, Article)]


def texts_by_ref(articles: list[Article]) -> dict[str, str]:
    from rashomon.records import AnalyzedArticle

    records = [AnalyzedArticle.unanalysed(a) for a in articles]
    refs = article_refs(records, EXAMPLES)
    return {refs[r.id]: r.text for r in records}


def test_corpus_has_the_promised_shape(articles: list[Article]) -> None:
    assert len(articles) >= 20
    formats = Counter(
        p.suffix for p in EXAMPLES.rglob("*") if p.is_file() and "gold" not in p.parts
    )
    assert formats[".html"] >= 5 and formats[".txt"] >= 2 and formats[".xml"] >= 1
    assert formats[".jsonl"] >= 1
    for article in articles:
        words = len(article.text.split())
        assert 140 <= words <= 400, (article.id, words)
    dated = [a for a in articles if a.published and a.outlet]
    assert len(dated) == len(articles) - 3  # only the txt files lack outlet and date
    assert len({a.outlet for a in dated}) >= 4


def test_every_article_is_in_exactly_one_gold_story(articles: list[Article]) -> None:
    stories = json.loads((EXAMPLES / "gold" / "stories.json").read_text("utf8"))["stories"]
    refs = [ref for story in stories for ref in story["articles"]]
    assert len(refs) == len(set(refs))
    assert set(texts_by_ref(articles)) == set(refs)
    multi = [s for s in stories if len(s["articles"]) > 1]
    assert len(multi) >= 4
    assert set(gold_story_of(EXAMPLES).values()) == {s["story"] for s in stories}


def test_gold_pairs_quote_their_articles(articles: list[Article]) -> None:
    texts = texts_by_ref(articles)
    gold = json.loads((EXAMPLES / "gold" / "comparisons.json").read_text("utf8"))
    story_of = gold_story_of(EXAMPLES)
    kinds = Counter(pair["kind"] for pair in gold["pairs"])
    assert kinds["contradiction"] >= 20 and kinds["agreement"] >= 20
    for pair in gold["pairs"]:
        assert pair["kind"] in {"contradiction", "agreement"} and pair["note"]
        for side in (pair["a"], pair["b"]):
            assert side["quote_snippet"] in texts[side["article"]], side
        assert story_of[pair["a"]["article"]] == story_of[pair["b"]["article"]]


def test_hard_cases_are_present() -> None:
    stories = {
        s["story"]: s["articles"]
        for s in json.loads((EXAMPLES / "gold" / "stories.json").read_text("utf8"))["stories"]
    }
    assert {"geneva-2025-03", "helsinki-2025-07"} <= set(stories)  # same leaders, two summits
    assert "space-seat-swap-2025-03" in stories  # same countries, same week, other matter
    wire = Path(EXAMPLES / "articles.jsonl").read_text("utf8")
    copy = (EXAMPLES / "html" / "kyrgyzstan-tajikistan-halt-fighting.html").read_text("utf8")
    assert "Baltic Wire" in copy and "bw-2025-05-03-border" in wire  # a syndicated copy
