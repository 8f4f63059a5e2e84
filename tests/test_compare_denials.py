"""Polarity under embedding: what a speaker rejects, denies or calls untrue (no model)."""

from __future__ import annotations

import pytest

from rashomon.compare import compare_claims, default_lexicon
from rashomon.compare import text as tx
from rashomon.compare.claims import find_predicates
from rashomon.records import Claim

# Claim words are read by the spaCy model's tagger and lemmatizer.
pytestmark = pytest.mark.model


def claim(text: str, speaker: str, article: str) -> Claim:
    return Claim(
        article=article,
        statement=0,
        event=None,
        speaker=speaker,
        outlet="O",
        subject=None,
        predicate="say",
        polarity=True,
        text=text,
        start=0,
        end=len(text),
    )


@pytest.mark.parametrize(
    "text",
    [
        "rejecting Iranian claims that Brussels had accepted full relief",
        "she denied reports that Brussels accepted full relief",
        "It is not true that Brussels accepted full relief",
        "Contrary to reports that Brussels accepted full relief, talks go on",
        "dismissing the claims that Brussels accepted full relief",
    ],
)
def test_embedded_predicates_are_the_opposite_of_the_speakers_position(text: str) -> None:
    found = find_predicates(text, default_lexicon())
    assert found["accept"] is False
    assert found["full"] is False
    assert "reject" not in found and "deny" not in found  # the frame is no predicate


def test_denying_cue_with_a_claims_object() -> None:
    content = "Iranian claims that Brussels had accepted full relief"
    assert find_predicates(content, default_lexicon(), cue="reject")["full"] is False
    assert find_predicates(content, default_lexicon())["full"] is True


def test_scope_ends_at_the_clause() -> None:
    text = "Contrary to reports that Tehran accepted full relief, the EU offered partial relief"
    found = find_predicates(text, default_lexicon())
    assert found == {"accept": False, "full": False, "partial": True}
    assert tx.has_negation(text)


def test_rejecting_a_claim_contradicts_it_and_never_agrees() -> None:
    claims = [
        claim("that Europe accepted full sanctions relief", "Tavakoli", "a"),
        claim("rejecting Iranian claims that Brussels had accepted full relief", "Marquardt", "b"),
    ]
    kinds = [c.kind for c in compare_claims(claims)]
    assert kinds == ["contradiction"]


def test_a_claims_negated_polarity_holds_for_its_whole_text() -> None:
    denied = Claim(
        article="b",
        statement=0,
        event=None,
        speaker="Marquardt",
        outlet="O",
        subject=None,
        predicate="full",
        polarity=False,  # from the statement: cue "reject", content "claims that …"
        text="Iranian claims that Brussels had accepted full relief",
        start=0,
        end=53,
    )
    agreeing = claim("that Brussels never agreed to full relief", "Weber", "c")
    kinds = [c.kind for c in compare_claims([denied, agreeing])]
    assert "contradiction" not in kinds
