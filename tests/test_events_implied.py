"""Parties the syntax leaves implicit, sides, journeys for talks, and what the fallback is asked.

Model-marked, invented sentences of the kinds news prints every day.
"""

from __future__ import annotations

from typing import Any

import pytest

from rashomon.nlp.pipeline import analyze_batch
from rashomon.records import AnalyzedArticle, Article, Event

pytestmark = pytest.mark.model


def record_of(nlp: Any, text: str) -> AnalyzedArticle:
    """The record of one invented sentence, dated in 2005 as the PLOVER sentences are."""
    (record,) = list(analyze_batch(nlp, [Article(id="t", text=text, published="2005-05-01")]))
    assert isinstance(record, AnalyzedArticle)
    return record


def main_event(nlp: Any, text: str) -> tuple[Event, str | None, str | None]:
    """The main event of one invented sentence, with its actor's and recipient's countries."""
    record = record_of(nlp, text)
    assert record.events, text
    event = record.events[0]
    country = {a.id: a.country for a in record.actors}
    return event, country.get(event.actor or ""), country.get(event.recipient or "")


def _main(nlp: Any, text: str) -> tuple[str, str | None, str | None]:
    event, actor, recipient = main_event(nlp, text)
    return event.type, actor, recipient


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("Two opposition journalists were arrested in Lebanon on Sunday.", "LBN"),
        ("Five foreign aid workers were expelled from the country, officials in Khartoum said.",
         None),
        ("Three ethnic Albanian guerrillas operating in Macedonia have been demobilized.", "MKD"),
        ("Twelve prisoners were released in Algiers on Friday.", "DZA"),
    ],
)
def test_an_agentless_authority_action_is_done_by_the_state_of_its_place(
    nlp: Any, text: str, actor: str | None
) -> None:
    _, found, _ = _main(nlp, text)
    assert found == actor


def test_a_killing_names_no_authority(nlp: Any) -> None:
    _, actor, _ = _main(nlp, "Two soldiers were killed in Iraq on Sunday.")
    assert actor is None


def test_a_journey_for_talks_is_a_meeting(nlp: Any) -> None:
    type_, actor, _ = _main(nlp, "The Russian foreign minister flew to Beijing for talks.")
    assert (type_, actor) == ("CONSULT", "RUS")


def test_a_journey_for_anything_else_is_no_meeting(nlp: Any) -> None:
    record = record_of(nlp, "The Russian foreign minister flew to Beijing for a holiday.")
    assert not [e for e in record.events if e.type == "CONSULT"]


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("Pro-Russian separatists in eastern Ukraine shelled government positions.", "UKR"),
        ("Anti-American protesters marched in Islamabad on Friday.", "PAK"),
    ],
)
def test_a_side_taken_is_no_country(nlp: Any, text: str, actor: str) -> None:
    _, found, _ = _main(nlp, text)
    assert found == actor


def test_supporters_and_opponents_of_a_person_are_a_group_of_their_place(nlp: Any) -> None:
    record = record_of(nlp, "Opponents of the former president blocked roads in Harare.")
    event = record.events[0]
    actor = next(a for a in record.actors if a.id == event.actor)
    assert (actor.type, actor.country, actor.sector) == ("group", "ZWE", "OPP")


@pytest.mark.parametrize(
    "text",
    [
        "He would not have done that to Mitt Romney.",  # announced and negated
        "Trump openly likes Vladimir Putin.",  # a state, not an event
        "The Pentagon did not contact the Iraqi army.",  # negated
    ],
)
def test_the_fallback_is_not_asked_about_clauses_it_never_learned(nlp: Any, text: str) -> None:
    coder = nlp.get_pipe("rashomon_events")
    doc = nlp(text)
    found, musts = coder.find(doc)
    assert not coder.fallback_clauses(doc, found, musts, doc._.rashomon_actors)


def test_the_fallback_is_asked_about_a_done_action_between_two_actors(nlp: Any) -> None:
    coder = nlp.get_pipe("rashomon_events")
    doc = nlp("Denmark contributed a transport plane to Iraq.")
    found, musts = coder.find(doc)
    assert [c.predicate.lemma_ for c in coder.fallback_clauses(doc, found, musts,
                                                                doc._.rashomon_actors)] == [
        "contribute"
    ]
