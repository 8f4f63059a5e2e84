"""The honest match rule of the comparison scorer (``evaluation.stories``), on hand-made gold."""

from __future__ import annotations

from typing import Any

from rashomon.evaluation.stories import GoldSides, claim_matches, sentence_length

GOLD: dict[str, Any] = {
    "groups": {
        "full": [{"article": "a", "quote_snippet": "Brussels had accepted full relief"}],
        "partial": [{"article": "a", "quote_snippet": "only partial sanctions relief"}],
    },
    "pairs": [
        {
            "kind": "contradiction",
            "a": {"article": "a", "quote_snippet": "Brussels had accepted full relief"},
            "b": {"article": "a", "quote_snippet": "only partial sanctions relief"},
        }
    ],
}
TEXT = (
    "The EU offered only partial sanctions relief at the talks, Marquardt said, rejecting "
    "claims that Brussels had accepted full relief. Talks resume in July."
)


def test_a_claim_holding_an_opposing_snippet_matches_neither_side() -> None:
    sides = GoldSides.from_gold(GOLD)
    side = GOLD["groups"]["partial"][0]
    stretched = TEXT.split(". ")[0]
    assert not claim_matches(side, "a", stretched, TEXT, sides)
    assert claim_matches(side, "a", "The EU offered only partial sanctions relief", TEXT, sides)


def test_a_claim_much_longer_than_its_sentence_does_not_match() -> None:
    sides = GoldSides({})
    side = {"article": "a", "quote_snippet": "Talks resume"}
    text = "Talks resume in July. " + "Filler words go on and on here. " * 5
    assert claim_matches(side, "a", "Talks resume in July", text, sides)
    assert not claim_matches(side, "a", text.strip(), text, sides)
    assert sentence_length(text, 0, 5) == len("Talks resume in July.")


def test_wrong_article_or_missing_snippet() -> None:
    side = {"article": "a", "quote_snippet": "Talks resume"}
    assert not claim_matches(side, "b", "Talks resume", TEXT, GoldSides({}))
    assert not claim_matches(side, "a", "Talks go on", TEXT, GoldSides({}))
