"""Events in the machine-translated article of ../shared/examples (needs the trained model)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from rashomon.records import AnalyzedArticle, Event

pytestmark = pytest.mark.model

# A Saturday: the article reports the Friday meeting of the G20 summit in Hamburg.
PUBLISHED = "2017-07-08"


@pytest.fixture(scope="module")
def record(analyze_text: Callable[..., Any], mt_article_path: Path) -> AnalyzedArticle:
    result = analyze_text(mt_article_path.read_text("utf8"), published=PUBLISHED, id="mt")
    assert isinstance(result, AnalyzedArticle), result
    return result


def _sentence_events(record: AnalyzedArticle, words: str) -> list[Event]:
    return [e for e in record.events if words in record.text[e.start : e.end]]


def _names(record: AnalyzedArticle, event: Event) -> set[str]:
    ids = {event.actor, event.recipient}
    return {a.name for a in record.actors if a.id in ids}


def test_trump_putin_meeting_is_consult_dated_to_friday(record: AnalyzedArticle) -> None:
    (event, *_) = _sentence_events(record, "spoke on Friday")
    assert event.type == "CONSULT"
    assert event.trigger == "spoke"
    assert event.date == "2017-07-07"
    assert any("Putin" in name for name in _names(record, event))


def test_meeting_undated_without_publication_date(
    analyze_text: Callable[..., Any], mt_article_path: Path
) -> None:
    result = analyze_text(mt_article_path.read_text("utf8"), published=None, id="mt-nodate")
    (event, *_) = _sentence_events(result, "spoke on Friday")
    assert event.type == "CONSULT"
    assert event.date is None


def test_russia_blocking_the_resolution_is_reject(record: AnalyzedArticle) -> None:
    events = _sentence_events(record, "blocked a resolution")
    veto = [e for e in events if e.trigger.startswith("blocked")]
    assert veto and veto[0].type == "REJECT" and veto[0].mode == "veto"
    actor = next(a for a in record.actors if a.id == veto[0].actor)
    assert actor.name == "Russia"


def test_north_korea_missile_test_is_military_force_posture(record: AnalyzedArticle) -> None:
    (event, *_) = _sentence_events(record, "North Korea is testing")
    assert event.type in ("MOBILIZE", "THREATEN")
    assert "military" in event.context
    actor = next(a for a in record.actors if a.id == event.actor)
    assert actor.country == "PRK"


def test_cyber_working_group_is_agreed_and_attributed_to_lavrov(record: AnalyzedArticle) -> None:
    (event, *_) = _sentence_events(record, "working group on cyber security")
    assert event.type in ("AGREE", "COOPERATE")
    assert "cyber" in event.context
    assert event.modality == "will"
    assert event.attributed_to is not None
    statement = record.statements[event.attributed_to]
    lavrov = {a.id for a in record.actors if "Lavrov" in a.name}
    assert "Lavrov" in (statement.speaker_text or "") or lavrov & set(statement.via)
