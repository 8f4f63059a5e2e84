"""Frames the lexicon's words alone miss, and a body's forces moved without an agent.

Model-marked, invented sentences of the kinds news prints every day.
"""

from __future__ import annotations

from typing import Any

import pytest
from tests.test_events_implied import main_event as _main
from tests.test_events_implied import record_of as _record

pytestmark = pytest.mark.model


@pytest.mark.parametrize(
    ("text", "actor", "recipient"),
    [
        ("NATO troops were withdrawn from Kosovo on Monday.", "NAT", "XKX"),
        ("Russian troops were pulled out of Chechnya.", "RUS", "RUS"),
        ("Eighty UN peacekeepers were shipped out of the Bosnian town of Gorazde.", "UNO", "BIH"),
    ],
)
def test_forces_moved_without_an_agent_are_moved_by_their_body(
    nlp: Any, text: str, actor: str, recipient: str
) -> None:
    _, found_actor, found_recipient = _main(nlp, text)
    assert (found_actor, found_recipient) == (actor, recipient)


def test_forces_attacked_are_no_actor(nlp: Any) -> None:
    _, actor, recipient = _main(nlp, "British soldiers were attacked in Basra.")
    assert actor is None and recipient == "GBR"


def test_forces_of_no_country_name_no_actor(nlp: Any) -> None:
    _, actor, _ = _main(nlp, "About 600 troops are being deployed with the aircraft.")
    assert actor is None


def test_ruling_an_action_out_is_a_rejection_by_the_speaker(nlp: Any) -> None:
    event, actor, recipient = _main(
        nlp, "Washington said that lifting the sanctions on Cuba is out of the question."
    )
    assert (event.type, actor, recipient) == ("REJECT", "USA", "CUB")


def test_a_condemned_deed_is_no_refusal(nlp: Any) -> None:
    record = _record(nlp, "The minister said the question was out of his hands.")
    assert all(e.type != "REJECT" for e in record.events)


def test_rule_out(nlp: Any) -> None:
    event, actor, _ = _main(nlp, "Beijing ruled out open nominations for the election.")
    assert (event.type, actor) == ("REJECT", "CHN")


def test_weapons_made_to_use_against_a_country_are_a_threat(nlp: Any) -> None:
    event, actor, recipient = _main(
        nlp, "Iran is building missiles to use against Israel, the report said."
    )
    assert (event.type, event.modality, actor, recipient) == ("THREATEN", "plan", "IRN", "ISR")


def test_weapons_used_against_a_party_are_an_assault(nlp: Any) -> None:
    event, actor, recipient = _main(nlp, "Syria used chemical weapons against civilians.")
    assert (event.type, event.modality, actor) == ("ASSAULT", None, "SYR")
    assert recipient == "SYR"


def test_a_weapon_used_on_oneself_is_no_event(nlp: Any) -> None:
    record = _record(nlp, "The officer killed himself using his service weapon.")
    assert all(e.trigger != "used" for e in record.events)


def test_a_purpose_clause_with_its_own_object_stays_done(nlp: Any) -> None:
    event, _, _ = _main(nlp, "Police used tear gas to disperse the protesters in Nairobi.")
    assert event.type == "COERCE" and event.modality is None


def test_a_clause_as_subject_is_no_actor(nlp: Any) -> None:
    record = _record(nlp, "Attacking the convoy near Kabul would anger Pakistan, he said.")
    country = {a.id: a.country for a in record.actors}
    assert all(country.get(e.actor or "") != "AFG" for e in record.events)


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        # a backer, a sponsor or an occupier is no country of the phrase
        ("Rwandan-backed rebels attacked Congolese troops in eastern Congo.", "COD"),
        ("Israeli-backed militiamen shelled a village in southern Lebanon.", "LBN"),
        ("Israel's militia ally in southern Lebanon shelled a village.", "LBN"),
        # a leader is
        ("U.S.-led forces bombed Taliban positions in Afghanistan.", "USA"),
        # peoples whose struggle lies inside another state
        ("Chechen rebels attacked a convoy.", "RUS"),
        ("Uighur separatists attacked a police station.", "CHN"),
        ("Basque separatists bombed a hotel.", "ESP"),
        ("Irish nationalist guerrillas wounded two British soldiers.", "GBR"),
        ("Tamil rebels attacked the navy.", "LKA"),
    ],
)
def test_the_country_of_a_group(nlp: Any, text: str, actor: str) -> None:
    _, found, _ = _main(nlp, text)
    assert found == actor


def test_tamil_nadu_stays_indian(nlp: Any) -> None:
    record = _record(nlp, "The Tamil Nadu government protested against the dam.")
    assert {a.country for a in record.actors} == {"IND"}


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        # a place attached to the body's own noun is clear evidence
        ("The Foreign Ministry in Tokyo protested to Beijing.", "JPN"),
        # the embassy stormed is of another state; where it stands places the crowd
        ("Demonstrators stormed the U.S. embassy in Tehran.", "IRN"),
        ("Protesters picketed the Russian embassy in Kiev.", "UKR"),
        # the forces a group fights still place it
        ("Kurdish rebels attacked Turkish troops.", "TUR"),
        # names the knowledge base now knows
        ("Soviet troops withdrew from Afghanistan.", "RUS"),
        ("Nusra Front fighters attacked the town.", "SYR"),
        ("Right-wing death squads killed two union leaders in Guatemala.", "GTM"),
    ],
)
def test_where_a_group_is(nlp: Any, text: str, actor: str) -> None:
    _, found, _ = _main(nlp, text)
    assert found == actor


def test_a_place_retaken_is_an_assault(nlp: Any) -> None:
    event, actor, _ = _main(nlp, "Government troops recaptured the town from rebels in Uganda.")
    assert (event.type, actor) == ("ASSAULT", "UGA")


def test_talks_that_resume_are_a_meeting_of_the_two_sides(nlp: Any) -> None:
    event, actor, recipient = _main(
        nlp, "Talks between Israel and Syria resumed in Washington on Monday."
    )
    assert (event.type, actor, recipient) == ("CONSULT", "ISR", "SYR")


def test_clashes_that_break_out_are_an_assault(nlp: Any) -> None:
    event, actor, _ = _main(nlp, "Clashes broke out between police and protesters in Cairo.")
    assert (event.type, actor) == ("ASSAULT", "EGY")


def test_talks_that_ended_are_no_meeting(nlp: Any) -> None:
    record = _record(nlp, "Although the talks recently ended, the two firms may still merge.")
    assert all(e.type != "CONSULT" for e in record.events)
