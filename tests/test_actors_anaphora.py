"""Speaker phrases that stand for an actor named before: pronouns, body and role nouns, "it",
lone family names, and the names those depend on (given names, media names)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from rashomon.actors.common import _given_gender
from rashomon.kb.base import given_names
from rashomon.records import AnalyzedArticle


def test_given_names_are_looked_up_as_written_first() -> None:
    given = given_names()
    # The transliteration key turns "-ey" into "-ei": right for "Sergey", wrong for "Shirley".
    assert _given_gender(given, "Shirley") == "f"
    assert _given_gender(given, "Audrey") == "f"
    assert _given_gender(given, "Sergey") == "m"
    assert _given_gender(given, "Andrey") == "m"
    assert _given_gender(given, "Zorblat") is None


def test_given_names_cover_common_names_of_english_news() -> None:
    given = given_names()
    assert len(given) > 600
    for name, gender in [("colleen", "f"), ("denise", "f"), ("gary", "m"), ("keith", "m")]:
        assert given[name] == gender
    # Names of both genders and names that are words or countries are left out.
    for name in ["jordan", "kelly", "grace", "chad"]:
        assert name not in given



def _actor_of(record: AnalyzedArticle, needle: str, occurrence: int = 0) -> str | None:
    starts = [m.start() for m in re.finditer(rf"(?<!\w){re.escape(needle)}(?!\w)", record.text)]
    start = starts[occurrence]
    end = start + len(needle)
    for mention in record.mentions:
        if mention.start < end and start < mention.end:
            return next(a.name for a in record.actors if a.id == mention.actor)
    return None


@pytest.mark.model
def test_a_country_name_with_a_number_is_a_channel(analyze_text: Callable[..., Any]) -> None:
    record = analyze_text(
        "A judge in Nantes resigned on Monday, French television channel France 3 reported. "
        "Brazil beat France 3-1 in the final."
    )
    assert _actor_of(record, "France 3") == "France 3"
    channel = next(a for a in record.actors if a.name == "France 3")
    assert (channel.type, channel.country, channel.sector) == ("organization", "FRA", "JRN")
    assert _actor_of(record, "France", 1) == "France"


@pytest.mark.model
def test_a_name_before_a_given_name_stays_in_the_name(analyze_text: Callable[..., Any]) -> None:
    # A capitalised ordinary word before a given name is the sentence's noun ("Runner"); a
    # word that is no ordinary word is a first name ("Afton Elaine Burton").
    record = analyze_text(
        "Afton Elaine Burton, 26, told a local newspaper she would marry in November. "
        "Burton said the date was set."
    )
    assert "Afton Elaine Burton" in {a.name for a in record.actors}
    assert "Elaine Burton" not in {a.name for a in record.actors}
