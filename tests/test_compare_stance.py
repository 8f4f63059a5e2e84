"""Comparisons with the models: same words corroborate, rebuttals and paraphrases conflict."""

from __future__ import annotations

import pytest

from rashomon.compare import compare_claims
from rashomon.compare.align import AlignSettings
from rashomon.compare.claims import features
from rashomon.compare.judge import rebuttal, same_words
from rashomon.records import Claim

# Claim words are read by the spaCy model's tagger and lemmatizer.
pytestmark = pytest.mark.model


def claim(text: str, speaker: str | None, article: str, outlet: str, cue: str | None = "say",
          statement: int = 0, subject: str | None = None) -> Claim:
    return Claim(article=article, statement=statement, event=None, speaker=speaker,
                 outlet=outlet, subject=subject, predicate=cue or "say", polarity=True,
                 text=text, start=0, end=len(text), cue=cue)


def test_same_quote_in_two_outlets_corroborates() -> None:
    a = claim("The talks were productive and we will meet again next month", "Anna Kovalenko",
              "a1", "Coast Courier")
    # the second outlet's speaker was not found: its own voice carries the same words
    b = claim("the talks were productive and the two sides will meet again next month", None,
              "a2", "Bay Observer")
    found = compare_claims([a, b])
    assert [c.kind for c in found] == ["agreement"]
    assert "same account" in found[0].explanation
    assert 0.5 < found[0].score <= 1.0


def test_same_words_never_contradict_even_when_a_rule_fires() -> None:
    a = features(claim("Kovalenko accepted the offer on the border crossing", "Coast Courier",
                       "a1", "Coast Courier", cue=None))
    b = features(claim("Kovalenko accepted the offer on the border crossing today", None,
                       "a2", "Bay Observer", cue=None))
    assert same_words(a, b, 0.97)
    negated = features(claim("Kovalenko did not accept the offer on the border crossing", None,
                             "a3", "Metro", cue=None))
    assert not same_words(a, negated, 0.9)


def test_rebuttal_in_other_words_is_a_contradiction() -> None:
    # no word of the predicate list: "opened fire first" against a denial of the same event
    a = claim("Tajik border guards opened fire first near the village of Vorukh",
              "Nurlan Osmonov", "a1", "Baltic Wire", subject="Tajikistan")
    b = claim("its border guards had started the shooting near Vorukh", "Tajik Foreign Ministry",
              "a2", "Eastern Dispatch", cue="deny", subject="Tajikistan")
    found = compare_claims([a, b])
    assert [c.kind for c in found] == ["contradiction"]
    assert "rebuttal" in found[0].explanation and '"deny"' in found[0].explanation
    rules_only = compare_claims([a, b], settings=AlignSettings(use_models=False))
    assert all(c.kind != "contradiction" for c in rules_only)


def test_rebuttal_cues_in_the_words() -> None:
    assert rebuttal(features(claim("Contrary to reports, the port stayed open", "X", "a", "O")))
    assert rebuttal(features(claim("it was not a ceasefire, but a short pause", "X", "a", "O")))
    assert rebuttal(features(claim("the port stayed open all week", "X", "a", "O"))) is None


def test_both_sides_denying_is_no_conflict() -> None:
    a = claim("any role in the attack on the pipeline", "Russian Foreign Ministry", "a1", "O1",
              cue="deny")
    b = claim("any involvement in the attack on the pipeline", "Ukrainian Defence Ministry",
              "a2", "O2", cue="deny")
    assert all(c.kind != "contradiction" for c in compare_claims([a, b]))


def test_unrelated_claims_are_not_compared() -> None:
    a = claim("The harbour will reopen on Monday after repairs", "Port Authority", "a1", "O1")
    b = claim("Ticket prices for the final rose by a third", "Football Association", "a2", "O2")
    assert compare_claims([a, b]) == []
