"""Statements of a topic ("X spoke about Y"), of an "as" clause ("As X noted, …") and of a
passive with its source as agent ("Y was called a fraud by X"), on short written texts
through the pipeline."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from tests.test_statements import statements as checked

from rashomon.records import Statement
from rashomon.statements.component import quotations
from rashomon.statements.cues import default_lexicon

Analyze = Callable[..., Any]

FOUND = [
    pytest.param(
        "The governor spoke out on Tuesday about the closure of the steel plant.",
        "speak", "The governor", "the closure of the steel plant",
        id="spoke-about",
    ),
    pytest.param(
        "Union leaders gathered on Friday to discuss the pension reform.",
        "discuss", "Union leaders", "the pension reform",
        id="purpose-discuss",
    ),
    pytest.param(
        "The senator talked about the state of the roads, which have not been repaired "
        "in years.",
        "talk", "The senator", "the state of the roads",
        id="talked-about-without-the-aside",
    ),
    pytest.param(
        "As the central bank pointed out last week, inflation has slowed for three months.",
        "point", "the central bank", "inflation has slowed for three months",
        id="as-pointed-out",
    ),
    pytest.param(
        "Inflation has slowed for three months, as the central bank noted.",
        "note", "the central bank", "Inflation has slowed for three months",
        id="trailing-as-noted",
    ),
    pytest.param(
        "As reported by the Gazette, the mayor will resign on Friday.",
        "report", "the Gazette", "the mayor will resign on Friday",
        id="as-reported-by",
    ),
    pytest.param(
        "As stated in the auditor's report, the accounts were never checked.",
        "state", "the auditor's report", "the accounts were never checked",
        id="as-stated-in",
    ),
    pytest.param(
        "The new tax has been called a disaster by several economists.",
        "call", "several economists", "The new tax has been called a disaster",
        id="passive-called-by",
    ),
    pytest.param(
        "The minister was told by her advisers that the plan would fail.",
        "tell", "her advisers", "the plan would fail",
        id="passive-told-by-that",
    ),
    pytest.param(
        "Police warned residents to stay indoors until the storm passed.",
        "warn", "Police", "to stay indoors until the storm passed",
        id="directive-to",
    ),
    pytest.param(
        "The governor has mentioned refinancing student loans and forcing colleges to spend "
        "more from their funds.",
        "mention", "The governor", "refinancing student loans",
        id="mention-object",
    ),
    pytest.param(
        "Secrecy is not a stranger when it comes to the mayor's health, the mayor's former "
        "doctor maintains.",
        "maintain", "the mayor's former doctor", "Secrecy is not a stranger",
        id="trailing-cue-read-as-noun",
    ),
    pytest.param(
        "The Latest on the state budget talks (all times EDT):\n\n9 a.m.\n\nGovernor Ann "
        "Lowry is once again questioning the accuracy of the revenue forecast, urging "
        "lawmakers to wait.",
        "question", "Governor Ann Lowry", "the accuracy of the revenue forecast",
        id="heading-run-into-the-sentence",
    ),
    pytest.param(
        "The union suggested that the council has three tasks ahead of it:\n\nCut the fares"
        "\nOpen the new line\nHire more drivers.\n\nThe council did not reply.",
        "suggest", "The union", "it:\n\nCut the fares\nOpen the new line\nHire more drivers.",
        id="list-after-colon",
    ),
]

NOT_FOUND = [
    pytest.param("A fisherman was attacked by a brown bear on Sunday.", "attack",
                 id="physical-passive"),
    pytest.param("The condition is characterised by pain in the joints.", "characterise",
                 id="passive-as-verb-without-as"),
    pytest.param("Neither the driver nor the owner has been accused of wrongdoing by the "
                 "police.", "accuse", id="nobody-accused"),
    pytest.param("As the minister explained the plan, protesters gathered outside.",
                 "explain", id="as-of-time"),
    pytest.param("The officials spoke on condition of anonymity because they were not "
                 "authorized to discuss the case.", "discuss", id="not-authorized-to"),
    pytest.param("The mayor spoke on Monday.", "speak", id="spoke-on-a-day"),
    pytest.param("It was said that the plan would fail.", "say", id="passive-no-agent"),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "cue", "speaker", "content"), FOUND)
def test_topic_as_clause_and_passive_statements(
    analyze_text: Analyze, text: str, cue: str, speaker: str, content: str
) -> None:
    _, found = checked(analyze_text, text)
    made = [s for s in found if s.cue == cue]
    assert len(made) == 1, found
    assert made[0].speaker_text == speaker
    assert made[0].content == content or content in made[0].content, made[0]


@pytest.mark.model
@pytest.mark.parametrize(("text", "cue"), NOT_FOUND)
def test_no_statement_of_time_permission_or_a_physical_act(
    analyze_text: Analyze, text: str, cue: str
) -> None:
    _, found = checked(analyze_text, text)
    assert not [s for s in found if s.cue == cue], found


def _statement(start: int, end: int, speaker: str | None, direct: bool, cue: str,
               speaker_start: int | None = None) -> Statement:
    return Statement(
        speaker=speaker, speaker_text="Caddell", speaker_start=speaker_start,
        speaker_end=None if speaker_start is None else speaker_start + 7,
        content="", start=start, end=end, direct=direct, cue=cue,
    )


def test_a_topic_statement_between_passages_keeps_the_quotation_whole() -> None:
    text = '"It is in their heads," said Caddell, speaking of her health. "It can be deadly."'
    first = text.index("It is")
    topic = text.index("her health")
    second = text.index("It can")
    said = text.index("Caddell")
    statements = [
        _statement(first, first + 20, "a1", True, "say", said),
        _statement(topic, topic + 10, "a1", False, "speak", said),
        _statement(second, second + 16, "a1", True, "say", said),
    ]
    assert quotations(statements, text) == [[0, 2], [1]]


def test_lexicon_holds_topic_verbs() -> None:
    lexicon = default_lexicon()
    assert "about" in lexicon.topic_verbs["speak"]
    assert "object" in lexicon.topic_verbs["discuss"]
    assert "want" not in lexicon.intention_verbs  # intentions are no speech


def _speaker_name(record: Any, statement: Statement) -> str | None:
    actors = {a.id: a for a in record.actors}
    actor = actors.get(statement.speaker or "")
    return actor.name if actor is not None else None


@pytest.mark.model
def test_a_pronoun_of_a_reported_clause_is_the_reporter(analyze_text: Analyze) -> None:
    record, found = checked(
        analyze_text,
        "Rebels killed the journalist James Foley in August. The White House press "
        "secretary, Josh Earnest, said that he could not confirm the video. He said that "
        "officials were working to verify it.",
    )
    said = [s for s in found if s.cue == "say"]
    assert [_speaker_name(record, s) for s in said] == ["Josh Earnest", "Josh Earnest"]
    assert not [s for s in found if s.cue == "confirm"]  # his own restatement


@pytest.mark.model
def test_an_office_speaks_for_its_holder_and_local_officials_are_a_group(
    analyze_text: Analyze,
) -> None:
    record, found = checked(
        analyze_text,
        '"We welcome it," a statement from Iraqi Prime Minister Haidar al-Abadi\'s office '
        "said.\n\nThe strike hit the city of Mosul in Iraq. Local officials in Mosul said "
        "more than 50 bodies were brought to a morgue.",
    )
    names = [_speaker_name(record, s) for s in found]
    assert names == ["Haidar al-Abadi", "Mosul officials"], found


def test_a_colon_closing_its_paragraph_carries_the_content_into_a_list() -> None:
    from rashomon.statements.reported import announced_list

    text = "X said there are two tasks:\n\nCut the fares\nHire drivers.\n\nNext paragraph."
    end = text.index(":")
    assert text[: announced_list(text, end)].endswith("Hire drivers.")
    prose = "X said this:\n\n" + "A long paragraph of prose that goes on. " * 5 + "\nMore."
    assert announced_list(prose, prose.index(":")) == prose.index(":")
    quoted = 'X said this:\n\n"We will go."\n"Now."'
    assert announced_list(quoted, quoted.index(":")) == quoted.index(":")
