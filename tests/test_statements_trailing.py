"""Trailing attributions ("CLAUSE, X said on Sunday, rejecting …") and datelines, on tiny
texts through the real pipeline."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from rashomon.records import AnalyzedArticle, Statement

Analyze = Callable[..., Any]

pytestmark = pytest.mark.model


def statements(analyze_text: Analyze, text: str) -> list[Statement]:
    record = analyze_text(text)
    assert isinstance(record, AnalyzedArticle)
    for s in record.statements:
        assert text[s.start : s.end] == s.content
    return record.statements


def test_quoted_phrase_in_a_clause_with_a_trailing_cue(analyze_text: Analyze) -> None:
    text = (
        'The EU offered "only partial relief" at the talks, the EU\'s chief negotiator '
        "Helena Marquardt said on Sunday, rejecting claims that Brussels had accepted "
        "full relief."
    )
    found = statements(analyze_text, text)
    says = [s for s in found if s.cue == "say"]
    assert len(says) == 1
    assert says[0].content == 'The EU offered "only partial relief" at the talks'
    assert says[0].speaker_text is not None and says[0].speaker_text.endswith("Marquardt")
    # The participle clause is a statement of the same speaker, never part of the first.
    assert all("rejecting" not in s.content for s in found)
    assert not any(s.cue == "offer" for s in found)
    rejects = [s for s in found if s.cue == "reject"]
    assert [s.speaker_text for s in rejects] == [says[0].speaker_text]


def test_trailing_cue_without_a_quotation(analyze_text: Analyze) -> None:
    text = (
        "BRUSSELS — The European Union offered Iran only partial sanctions relief at the "
        "talks in Muscat, the EU's chief negotiator Helena Marquardt said on Sunday."
    )
    found = statements(analyze_text, text)
    (say,) = [s for s in found if s.cue == "say"]
    assert say.content.startswith("The European Union offered Iran")
    assert say.content.endswith("in Muscat")


def test_a_clause_after_the_cue_is_no_trailing_attribution(analyze_text: Analyze) -> None:
    text = (
        "Two days after the ministers met in Geneva, the only thing the two governments "
        "agree on is that the talks took place."
    )
    found = statements(analyze_text, text)
    assert not any(s.content.startswith("Two days after") for s in found)


def test_dateline_is_not_content(analyze_text: Analyze) -> None:
    text = "MOSCOW (Baltic Wire) — Russia will extend the deal, the space agency said."
    found = statements(analyze_text, text)
    (say,) = [s for s in found if s.cue == "say"]
    assert say.content == "Russia will extend the deal"
