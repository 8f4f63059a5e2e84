"""rashomon_actors through the real pipeline: annotated fixture articles, the machine-translated
article, and the quality gate on PLOVER gold actors."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from rashomon.records import Actor, AnalyzedArticle, Article

FIXTURES = Path(__file__).parent / "data" / "kb" / "articles.yaml"
ARTICLES: list[dict[str, Any]] = yaml.safe_load(FIXTURES.read_text("utf8"))

pytestmark = pytest.mark.model


def _offset(text: str, needle: str, occurrence: int) -> int:
    starts = [m.start() for m in re.finditer(rf"(?<!\w){re.escape(needle)}(?!\w)", text)]
    assert len(starts) > occurrence, f"{needle!r} #{occurrence} not in the fixture text"
    return starts[occurrence]


def _actor_at(record: AnalyzedArticle, needle: str, occurrence: int) -> Actor | None:
    start = _offset(record.text, needle, occurrence)
    end = start + len(needle)
    for mention in record.mentions:
        if mention.start < end and start < mention.end:
            return next(a for a in record.actors if a.id == mention.actor)
    return None


@pytest.fixture(scope="module")
def analysed(nlp: Any) -> dict[str, tuple[AnalyzedArticle, Any]]:
    from rashomon.nlp.pipeline import make_doc
    from rashomon.nlp.to_record import doc_to_record

    out = {}
    for item in ARTICLES:
        article = Article(
            id=item["id"],
            text=item["text"],
            published=item.get("published"),
            outlet=item.get("outlet"),
        )
        doc = nlp(make_doc(nlp, article))
        out[item["id"]] = (doc_to_record(doc, article), doc._.rashomon_actors)
    return out


@pytest.mark.parametrize("item", ARTICLES, ids=[a["id"] for a in ARTICLES])
def test_fixture_article(item: dict[str, Any], analysed: dict[str, Any]) -> None:
    record, table = analysed[item["id"]]
    for group in item.get("same", []):
        ids = {(text, n): _actor_at(record, text, n) for text, n in group}
        missing = [key for key, actor in ids.items() if actor is None]
        assert not missing, f"no actor for {missing}"
        assert len({a.id for a in ids.values() if a}) == 1, {k: a.name for k, a in ids.items() if a}
    for want in item.get("actors", []):
        actor = _actor_at(record, want["text"], want["occurrence"])
        assert actor is not None, f"no actor for {want['text']!r}"
        for field in ("name", "type", "country", "sector", "role"):
            if field in want:
                assert getattr(actor, field) == want[field], (want, actor)
    for want in item.get("learned", []):
        assert any(
            r.name == want["name"] and r.role == want["role"] and r.date == want["date"]
            for r in table.learned_roles
        ), table.learned_roles


def test_mentions_quote_the_original_text(analysed: dict[str, Any]) -> None:
    record, _ = analysed["lower-case-names"]
    for mention in record.mentions:
        assert record.text[mention.start : mention.end] == mention.text
    assert any(m.text == "trump" for m in record.mentions)


def test_every_actor_is_complete(analysed: dict[str, Any]) -> None:
    for record, _ in analysed.values():
        for actor in record.actors:
            assert actor.type in {"person", "country", "organization", "group"}
            if actor.country or actor.sector:
                assert actor.code


@pytest.fixture(scope="module")
def mt_record(analyze_text: Any, mt_article_path: Path) -> AnalyzedArticle:
    record = analyze_text(mt_article_path.read_text("utf8"), published="2017-07-07", id="mt")
    assert isinstance(record, AnalyzedArticle)
    return record


def test_mt_article_trump(mt_record: AnalyzedArticle) -> None:
    text = mt_record.text
    starts = [m.start() for m in re.finditer(r"\b[tT]rump\b", text)]
    assert len(starts) >= 10
    for start in starts:
        actor = _actor_at(mt_record, text[start : start + 5], _nth(text, start))
        assert actor is not None and actor.name == "Donald Trump", start


def _nth(text: str, start: int) -> int:
    word = text[start : start + 5]
    return [m.start() for m in re.finditer(rf"\b{word}\b", text)].index(start)


def test_mt_article_secretary_general_is_tillerson(mt_record: AnalyzedArticle) -> None:
    text = mt_record.text
    start = text.index("the Secretary General") + len("the ")
    actor = _actor_at(
        mt_record, "Secretary General", _count_before(text, "Secretary General", start)
    )
    assert actor is not None and actor.name == "Rex Tillerson"


def _count_before(text: str, needle: str, start: int) -> int:
    return [m.start() for m in re.finditer(re.escape(needle), text)].index(start)


def test_mt_article_persons(mt_record: AnalyzedArticle) -> None:
    by_name = {a.name: a for a in mt_record.actors}
    for name in ("Rex Tillerson", "Sergey Lavrov", "Vladimir Putin", "Lucian Kim"):
        assert by_name[name].type == "person", name
    lavrov_ids = {a.id for a in mt_record.actors if "Lavrov" in a.name}
    for mention in mt_record.mentions:
        if "Lavrov" in mention.text:
            actor = next(a for a in mt_record.actors if a.id == mention.actor)
            assert actor.type == "person" and actor.id in lavrov_ids


@pytest.mark.gate
def test_gate_plover_actor_country_and_sector(plover_actor_scores: dict[str, Any]) -> None:
    score = plover_actor_scores["all"]  # every PLOVER sentence (conftest.py)
    # Measured 0.953 / 0.777 (bench/actors.py); floors sit just below.
    assert score.country >= 0.93, score.misses
    assert score.sector >= 0.765, score.misses
