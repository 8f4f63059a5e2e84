"""Span and speaker rules found by reviewing the example corpus: quoted phrases closed at
their mark, split quotes across sentences, asides about the account, coordinated cues,
and speaker phrases (quantifiers, hyphenated names), on tiny texts through the pipeline."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from tests.test_statements import statements as checked

from rashomon.records import Statement

Analyze = Callable[..., Any]

pytestmark = pytest.mark.model


def statements(analyze_text: Analyze, text: str) -> list[Statement]:
    return checked(analyze_text, text)[1]


def by_cue(found: list[Statement], cue: str) -> Statement:
    matches = [s for s in found if s.cue == cue]
    assert len(matches) == 1, found
    return matches[0]


def test_quoted_phrase_at_the_end_of_a_clause_runs_to_its_closing_mark(
    analyze_text: Analyze,
) -> None:
    text = 'Mayor Ruth Alder said that the bridge would reopen "once the divers are done." ' \
        "Traffic was light."
    statement = by_cue(statements(analyze_text, text), "say")
    assert statement.content == 'that the bridge would reopen "once the divers are done.'
    assert statement.direct


def test_quote_split_over_two_sentences_never_holds_the_attribution(
    analyze_text: Analyze,
) -> None:
    text = '"We kept our shape all night," United coach Pia Holm said after the game. ' \
        '"The points are ours."'
    found = statements(analyze_text, text)
    assert [s.content for s in found] == ["We kept our shape all night,", "The points are ours."]
    assert all(s.speaker_text == "United coach Pia Holm" and s.cue == "say" for s in found)


@pytest.mark.parametrize(
    "aside",
    [
        ", in an account that city officials quickly disputed.",
        ", a claim that the port authority denied.",
        ", according to the union.",
    ],
)
def test_aside_about_the_account_is_not_content(analyze_text: Analyze, aside: str) -> None:
    text = "The union leader said on Monday that the dockers had won a pay rise" + aside
    statement = next(s for s in statements(analyze_text, text) if s.cue == "say")
    assert statement.content == "that the dockers had won a pay rise"


@pytest.mark.parametrize("joint", [" but insisted", ", while insisting"])
def test_coordinated_cue_shares_the_subject(analyze_text: Analyze, joint: str) -> None:
    text = f"Minister Lund admitted that some clerks took the files{joint} that the " \
        "ministry had never ordered it."
    found = statements(analyze_text, text)
    admit = by_cue(found, "admit")
    insist = by_cue(found, "insist")
    assert admit.content == "that some clerks took the files"
    assert insist.speaker_text == "Minister Lund"
    assert insist.content == "that the ministry had never ordered it"


def test_quantifier_and_hyphenated_name_stay_in_the_speaker(analyze_text: Analyze) -> None:
    text = "Both sides said they would meet again. According to al-Harthi, the next round " \
        "will be held in Muscat."
    found = statements(analyze_text, text)
    assert by_cue(found, "say").speaker_text == "Both sides"
    assert by_cue(found, "according to").speaker_text == "al-Harthi"


def test_participle_after_a_trailing_attribution_is_the_speakers(
    analyze_text: Analyze,
) -> None:
    text = "Estonia agreed to a 24-hour pause in the strike, Labour Minister Kaja Rebane " \
        "said on Sunday, rejecting union claims that a deal had been reached."
    reject = by_cue(statements(analyze_text, text), "reject")
    assert reject.speaker_text == "Labour Minister Kaja Rebane"
    assert reject.content == "union claims that a deal had been reached"


def test_nobody_as_subject_is_no_statement(analyze_text: Analyze) -> None:
    text = "Neither agency has said whether the program will continue."
    assert statements(analyze_text, text) == []


def test_clauses_joined_by_and_stay_one_content(analyze_text: Analyze) -> None:
    text = "Lund said that Norway would free two sailors and Sweden would return three " \
        "fishermen held on smuggling charges."
    statement = by_cue(statements(analyze_text, text), "say")
    assert statement.content.endswith("held on smuggling charges")


def test_cue_hung_on_its_subject_by_the_parse(analyze_text: Analyze) -> None:
    text = "Observers arrive on Monday. Russia, which has military bases in both " \
        "countries, called on both sides to show restraint."
    statement = by_cue(statements(analyze_text, text), "call")
    assert statement.speaker_text == "Russia"
    assert statement.content == "both sides to show restraint"


def test_channel_phrase_belongs_to_its_own_cue(analyze_text: Analyze) -> None:
    text = "Berg said that the envoys would return in May, and Novak wrote on social media " \
        "that both sides would reopen their embassies."
    found = statements(analyze_text, text)
    assert by_cue(found, "say").channel is None
    assert by_cue(found, "write").channel == "social_media"
