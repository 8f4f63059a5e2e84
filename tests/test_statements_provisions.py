"""Provisions of documents ("the program allows …"), attitudes held ("X is critical of Y")
and attitudes shown by verbs ("X disagrees with Y"), on short written texts through the
pipeline, and the lexicon entries that drive them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from tests.test_statements import statements as checked

from rashomon.errors import RashomonError
from rashomon.statements.cues import default_lexicon, parse_lexicon

Analyze = Callable[..., Any]

# HELD and NOT_HELD run through the tests of held stances in test_statements_stances.py (one
# statement with that cue, speaker phrase and content; none with these cues).
HELD = [
    pytest.param(
        "The visa program allows wealthy foreigners to obtain residency by investing in "
        "local businesses.",
        "allow", "The visa program", "wealthy foreigners to obtain residency",
        id="document-allows",
    ),
    pytest.param(
        "The new law requires employers to report workplace injuries within a week.",
        "require", "The new law", "employers to report workplace injuries",
        id="document-requires",
    ),
    pytest.param(
        "Senator Alder has been critical of the governor's budget for months.",
        "critical", "Senator Alder", "the governor's budget",
        id="critical-of",
    ),
    pytest.param(
        "Farm unions are increasingly worried about the price of diesel.",
        "worried", "Farm unions", "the price of diesel",
        id="worried-about",
    ),
    pytest.param(
        "The mayor openly disagrees with the council on the new tram line.",
        "disagree", "The mayor", "the council",
        id="disagree-with",
    ),
    pytest.param(
        "Striking nurses bristled at the minister's remarks about overtime.",
        "bristle", "Striking nurses", "the minister's remarks about overtime",
        id="bristle-at",
    ),
    pytest.param(
        "The harbour master clarified that no ferry had left port overloaded.",
        "clarify", "The harbour master", "no ferry had left port overloaded",
        id="communication-verb",
    ),
    pytest.param(
        "The head teacher was angry that parents had not been told.",
        "angry", "The head teacher", "parents had not been told",
        id="emotion-adjective-that",
    ),
]


# No statement of a provision or attitude: no document, no named source, another
# preposition, no object.
NOT_HELD = [
    pytest.param("The storm allowed the fishermen to rest for a day.", id="no-document"),
    pytest.param("It is critical of us to act now.", id="writer-it"),
    pytest.param("We disagree with the ruling.", id="writer-we"),
    pytest.param("The mayor was critical to the success of the plan.", id="other-preposition"),
    pytest.param("The court disagreed.", id="no-object"),
]


@pytest.mark.model
def test_an_attitude_inside_a_quotation_is_the_quoted_speaker_s(analyze_text: Analyze) -> None:
    _, found = checked(
        analyze_text, '"Farmers are worried about the price of diesel," the minister said.'
    )
    assert [s.cue for s in found] == ["say"]


def test_lexicon_holds_the_new_classes() -> None:
    lexicon = default_lexicon()
    assert "allow" in lexicon.provision_verbs and "program" in lexicon.document_nouns
    assert lexicon.attitude_adjectives["critical"] == frozenset({"of"})
    assert "with" in lexicon.attitude_verbs["disagree"]
    assert "object" in lexicon.attitude_verbs["admire"]


def test_attitude_map_must_name_prepositions() -> None:
    with pytest.raises(RashomonError) as info:
        parse_lexicon({"attitude_adjectives": {"critical": "of"}})
    assert info.value.code == "E023"
