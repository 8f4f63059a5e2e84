"""Roles learned across the corpus, and titles that say the country (model-marked)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from rashomon.kb import RoleMemory
from rashomon.kb.model import LearnedRole
from rashomon.records import Actor, AnalyzedArticle, Article

pytestmark = pytest.mark.model

FIRST = Article(
    id="kov-1",
    published="2025-01-10",
    text="Foreign Minister Anna Kovalenko of Ukraine said on Friday that talks would resume.",
)
SECOND = Article(
    id="kov-2",
    published="2025-02-03",
    text="Kovalenko said the delegation would travel to Vienna next week.",
)


def _analyse(nlp: Any, article: Article) -> AnalyzedArticle:
    from rashomon.nlp.pipeline import analyze_batch

    (record,) = list(analyze_batch(nlp, [article]))
    assert isinstance(record, AnalyzedArticle)
    return record


def _person(record: AnalyzedArticle, surname: str) -> Actor:
    return next(a for a in record.actors if a.type == "person" and surname in a.name)


def _named(record: AnalyzedArticle, surname: str) -> Actor:
    return next(a for a in record.actors if surname in a.name)


@pytest.fixture
def resolver(nlp: Any) -> Iterator[Any]:
    component = nlp.get_pipe("rashomon_actors")
    assert component.role_memory is None
    try:
        yield component
    finally:
        component.role_memory = None


def _remember(record: AnalyzedArticle, memory: RoleMemory) -> None:
    from rashomon.kb.keys import canonical_key

    for actor in record.actors:
        if actor.role:
            memory.add(
                LearnedRole(
                    canonical_key(actor.name),
                    actor.name,
                    actor.role,
                    actor.sector,
                    actor.country,
                    record.published,
                    record.id,
                )
            )


def test_second_article_takes_the_role_the_first_stated(nlp: Any, resolver: Any) -> None:
    first = _analyse(nlp, FIRST)
    minister = _person(first, "Kovalenko")
    assert (minister.country, minister.sector, minister.role) == ("UKR", "GOV", "Foreign Minister")

    # Without the memory the model even takes the lone surname for an organisation.
    alone = _named(_analyse(nlp, SECOND), "Kovalenko")
    assert alone.role is None and alone.country != "UKR"

    memory = RoleMemory()
    _remember(first, memory)
    resolver.role_memory = memory
    remembered = _person(_analyse(nlp, SECOND), "Kovalenko")
    assert remembered.name == "Anna Kovalenko"
    assert (remembered.country, remembered.sector, remembered.role) == (
        "UKR",
        "GOV",
        "Foreign Minister",
    )


def test_memory_does_not_override_what_the_article_says(nlp: Any, resolver: Any) -> None:
    resolver.role_memory = RoleMemory(
        [
            LearnedRole(
                "anna kovalenko", "Anna Kovalenko", "Spokesperson", "GOV", "POL", "2024-01-01"
            )
        ]
    )
    minister = _person(_analyse(nlp, FIRST), "Kovalenko")
    assert (minister.country, minister.role) == ("UKR", "Foreign Minister")


@pytest.mark.parametrize(
    "text",
    [
        "Secretary of State Daniel Harlow and Russian Foreign Minister Mikhail Sorokin met.",
        "Foreign Minister Mikhail Sorokin of Russia met US Secretary of State Daniel Harlow.",
        "Secretary of State Daniel Harlow arrived in Geneva on Monday.",
    ],
)
def test_secretary_of_state_is_american(nlp: Any, text: str) -> None:
    harlow = _person(_analyse(nlp, Article(id="h", text=text, published="2025-03-11")), "Harlow")
    assert (harlow.country, harlow.sector) == ("USA", "GOV")


def test_organisation_before_a_title_gives_the_country(nlp: Any) -> None:
    text = (
        "State Department spokesperson Karen Whitfield and Russian Foreign Ministry "
        "spokeswoman Irina Volkova spoke after the meeting in Geneva."
    )
    record = _analyse(nlp, Article(id="o", text=text, published="2025-03-11"))
    assert _person(record, "Whitfield").country == "USA"
    assert _person(record, "Volkova").country == "RUS"


def test_titled_person_avoids_the_meeting_place(nlp: Any) -> None:
    text = "The United States and Russia met as Foreign Minister Mikhail Sorokin arrived in Geneva."
    record = _analyse(nlp, Article(id="g", text=text, published="2025-03-11"))
    assert _person(record, "Sorokin").country == "RUS"
