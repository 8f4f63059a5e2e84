"""Stances and findings held by a named source ("X is confident that …", "X made it clear
…", "the inquiry concluded that …"), speech nouns in the plural, quotations announced by a
speech noun before a colon,
and the passages of one quotation linked back together, on short written texts through the
pipeline and on hand-built statements."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from tests.test_statements import statements as checked
from tests.test_statements_provisions import HELD, NOT_HELD

from rashomon.records import Statement
from rashomon.statements.component import quotations

Analyze = Callable[..., Any]

STANCES = [
    pytest.param(
        "Many Democrats are afraid that turnout among young voters will fall in November.",
        "afraid", "Many Democrats", "turnout among young voters will fall",
        id="copula-adjective-that",
    ),
    pytest.param(
        "Union leaders are confident the strike will end before the holidays.",
        "confident", "Union leaders", "the strike will end",
        id="copula-adjective-bare-clause",
    ),
    pytest.param(
        "The harbour master remained convinced that the ferry had left port overloaded.",
        "convinced", "The harbour master", "the ferry had left port overloaded",
        id="remain-convinced",
    ),
    pytest.param(
        "The head teacher was concerned that pupils were coming back from lunch with bruises.",
        "concerned", "The head teacher", "pupils were coming back",
        id="adjective-parsed-as-passive",
    ),
    pytest.param(
        "In an interview on Sunday, General Ortiz made it clear he had doubts about the "
        "withdrawal plan.",
        "clear", "General Ortiz", "he had doubts about the withdrawal plan",
        id="made-it-clear",
    ),
    pytest.param(
        "The finance minister made clear that the budget would not be reopened.",
        "clear", "The finance minister", "the budget would not be reopened",
        id="made-clear-that",
    ),
    pytest.param(
        "The parliamentary inquiry concluded that the ministry had ignored the warnings.",
        "conclude", "The parliamentary inquiry", "the ministry had ignored the warnings",
        id="finding-concluded",
    ),
    pytest.param(
        "Auditors discovered that the charity had paid its director twice.",
        "discover", "Auditors", "the charity had paid its director twice",
        id="finding-discovered",
    ),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "cue", "speaker", "content"), STANCES + HELD)
def test_stance_of_a_named_source_is_a_statement(
    analyze_text: Analyze, text: str, cue: str, speaker: str, content: str
) -> None:
    _, found = checked(analyze_text, text)
    held = [s for s in found if s.cue == cue]
    assert len(held) == 1, found
    assert held[0].speaker_text == speaker
    assert content in held[0].content
    assert not held[0].direct


NO_STANCES = [
    pytest.param("It is clear that the talks have failed.", id="writer-voice-it"),
    pytest.param("The company made sure that every worker was paid.", id="make-sure"),
    pytest.param("The mayor was confident in his deputy.", id="no-clause"),
    pytest.param('"We are confident that he will recover," the surgeon said.', id="we-in-quote"),
    pytest.param("Residents grew worried as the river rose.", id="as-clause-is-no-content"),
]


@pytest.mark.model
@pytest.mark.parametrize("text", NO_STANCES + NOT_HELD)
def test_stance_words_without_a_named_holder_or_clause_say_nothing(
    analyze_text: Analyze, text: str
) -> None:
    _, found = checked(analyze_text, text)
    stance_cues = {"afraid", "confident", "clear", "sure", "worried", "concerned", "critical",
                   "disagree", "allow"}
    assert not [s for s in found if s.cue in stance_cues], found


@pytest.mark.model
def test_negated_stance_is_marked(analyze_text: Analyze) -> None:
    _, found = checked(
        analyze_text, "The coach was not confident that the team could win away from home."
    )
    held = [s for s in found if s.cue == "confident"]
    assert len(held) == 1 and held[0].negated, found


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "cue", "speaker"),
    [
        pytest.param('Facing a slump in the polls, Governor Lisa Marsh is rolling out a new '
                     'campaign message: "This is about your jobs."', "message", "Lisa Marsh",
                     id="object-noun-before-colon"),
        pytest.param('The minister gave a warning to the rebels on Monday: "Lay down your arms."',
                     "warning", "The minister", id="noun-and-its-phrases-before-colon"),
    ],
)
def test_speech_noun_before_a_colon_announces_the_quotation(
    analyze_text: Analyze, text: str, cue: str, speaker: str
) -> None:
    _, found = checked(analyze_text, text)
    quoted = [s for s in found if s.direct]
    assert len(quoted) == 1, found
    assert quoted[0].cue == cue
    assert quoted[0].speaker_text is not None and speaker in quoted[0].speaker_text


@pytest.mark.model
def test_a_verb_between_the_noun_and_the_colon_takes_the_quotation(analyze_text: Analyze) -> None:
    _, found = checked(
        analyze_text,
        'The ministry issued a statement on the talks, adding: "Nothing has changed."',
    )
    quoted = [s for s in found if s.direct]
    assert len(quoted) == 1 and quoted[0].cue == "add", found


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "cue", "speaker", "content"),
    [
        pytest.param("The vote took place despite repeated warnings from his lawyer that "
                     "the hearing was pointless.", "warning", "his lawyer",
                     "the hearing was pointless", id="plural-noun-from-that"),
        pytest.param("The clinic declined to respond to the nurse's allegations that the "
                     "doctor had taken photographs.", "allegation", "the nurse",
                     "the doctor had taken photographs", id="plural-noun-possessive"),
    ],
)
def test_plural_speech_nouns_report_speech(
    analyze_text: Analyze, text: str, cue: str, speaker: str, content: str
) -> None:
    _, found = checked(analyze_text, text)
    said = [s for s in found if s.cue == cue]
    assert len(said) == 1, found
    assert said[0].speaker_text is not None and speaker in said[0].speaker_text
    assert content in said[0].content


def passage(start: int, end: int, speaker: str | None = "a1", cue: str | None = "say",
            speaker_at: tuple[int, int] | None = None, direct: bool = True) -> Statement:
    """A hand-built statement over ``start..end`` (its content is not read)."""
    first, last = speaker_at if speaker_at is not None else (None, None)
    return Statement(
        speaker=speaker, speaker_text="Berg" if speaker else None, speaker_start=first,
        speaker_end=last, content="", start=start, end=end, direct=direct, cue=cue,
    )


def test_split_quote_around_its_attribution_is_one_quotation() -> None:
    text = '"The border stays open," Berg said, "and trade goes on."'
    said = (text.index("Berg"), text.index("Berg") + 4)
    first = passage(1, text.index(",\""), speaker_at=said)
    second = passage(text.index("and"), len(text) - 2, speaker_at=said)
    assert quotations([first, second], text) == [[0, 1]]


def test_quoted_sentences_of_one_speaker_in_one_paragraph_are_one_quotation() -> None:
    text = '"We will appeal." "The ruling is wrong."'
    first = passage(1, text.index('."') + 1)
    second = passage(text.index("The"), len(text) - 1)
    assert quotations([first, second], text) == [[0, 1]]


@pytest.mark.parametrize(
    ("text", "second_speaker", "second_cue"),
    [
        pytest.param('"We will appeal," Berg said.\n\n"The ruling is wrong."', "a1", "say",
                     id="new-paragraph"),
        pytest.param('"We will appeal," Berg said. "The ruling is wrong."', "a2", "say",
                     id="other-speaker"),
        pytest.param('"We will appeal," Berg said, adding that it was "wrong".', "a1", "add",
                     id="other-cue"),
        pytest.param('"We will appeal," Berg said. She called it "wrong".', "a1", "say",
                     id="phrase-in-the-writer's-sentence"),
    ],
)
def test_passages_stay_apart(text: str, second_speaker: str, second_cue: str) -> None:
    said = (text.index("Berg"), text.index("Berg") + 4)
    first = passage(1, text.index(',"'), speaker_at=said)
    opening = text.rindex('"', 0, len(text) - 2) + 1
    second = passage(opening, text.rindex('"'), speaker=second_speaker, cue=second_cue,
                     speaker_at=said)
    assert quotations([first, second], text) == [[0], [1]]


def test_reported_statements_are_never_joined() -> None:
    text = "Berg said the border stays open. Berg said trade goes on."
    first = passage(10, 31, direct=False)
    second = passage(43, 56, direct=False)
    assert quotations([first, second], text) == [[0], [1]]


def test_coordinated_twins_join_their_own_speaker() -> None:
    text = '"We will appeal," Berg and Kahn said. "The ruling is wrong."'
    said = (text.index("Berg"), text.index("Kahn") + 4)
    end_first = text.index(',"')
    second_start = text.rindex('"', 0, len(text) - 2) + 1
    parts = [
        passage(1, end_first, speaker="a1", speaker_at=said),
        passage(1, end_first, speaker="a2", speaker_at=said),
        passage(second_start, len(text) - 1, speaker="a1", speaker_at=said),
        passage(second_start, len(text) - 1, speaker="a2", speaker_at=said),
    ]
    assert quotations(parts, text) == [[0, 2], [1, 3]]
