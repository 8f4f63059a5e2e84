"""Claims, alignment and agreement/contradiction labels on hand-built records (no model)."""

from __future__ import annotations

import pytest

from rashomon.compare import (
    accounts_by_speaker,
    compare_claims,
    default_lexicon,
    extract_claims,
    outlets_by_account,
    single_source_claims,
)
from rashomon.compare import text as tx
from rashomon.compare.align import canonical_claimants
from rashomon.compare.claims import find_predicates
from rashomon.records import Actor, AnalyzedArticle, Claim, Event, Mention, Statement

# Claim words are read by the spaCy model's tagger and lemmatizer.
pytestmark = pytest.mark.model


def claim(
    text: str,
    speaker: str | None,
    article: str = "x",
    outlet: str = "O",
    statement: int = 0,
    start: int | None = None,
) -> Claim:
    begin = 0 if start is None else start
    return Claim(
        article=article,
        statement=statement,
        event=None,
        speaker=speaker,
        outlet=outlet,
        subject=None,
        predicate="say",
        polarity=True,
        text=text,
        start=begin,
        end=begin + len(text),
    )


def only(texts_speakers: list[tuple[str, str | None]]) -> list[tuple[str, str]]:
    claims = [claim(t, s, article=f"art{i}") for i, (t, s) in enumerate(texts_speakers)]
    return [(c.kind, c.explanation) for c in compare_claims(claims)]


def test_lexicon_pairs_name_known_classes() -> None:
    lex = default_lexicon()
    classes = set(lex.forms.values())
    assert all(pair <= classes for pair in lex.opposed)
    assert lex.generic <= classes
    assert lex.opposition("press", "accept") == 1
    assert lex.opposition("ceasefire", "pause") == 0
    assert lex.opposition("press", "deny") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("This is a humanitarian pause, not a ceasefire", {"pause": True, "ceasefire": False}),
        ("At no point did we agree to full relief", {"agree": False, "full": False}),
        ("Harlow pressed Sorokin on interference", {"press": True}),
        ("reports in the American press were fantasies", {}),
    ],
)
def test_predicates_and_their_polarity(text: str, expected: dict[str, bool]) -> None:
    assert find_predicates(text, default_lexicon()) == expected


def test_quantities_dates_places() -> None:
    found = tx.quantities("Russia will exchange three of its citizens for 6 billion dollars")
    assert [(q.value, q.unit) for q in found] == [(3.0, "people"), (6e9, "money")]
    assert not tx.quantities("after more than 10,000 people fled")[0].exact
    assert tx.quantities("in 2022, at 8 p.m. on July 12") == []
    assert tx.dates("held in Muscat on July 12, not on Sunday") == {"july 12", "sunday"}
    assert tx.places("near the village of Vorukh and in Geneva in July") == {"Vorukh", "Geneva"}
    assert tx.places("interference in American elections") == set()
    assert tx.dates_conflict({"july 12"}, {"july"}) is None
    assert tx.dates_conflict({"july 12"}, {"july 14"}) == ("july 12", "july 14")


def test_opposed_predicates_contradict_with_a_checkable_explanation() -> None:
    (result,) = only(
        [
            ("The Secretary pressed Minister Sorokin on interference", "Karen Whitfield"),
            ("Harlow accepted the assurances of Minister Sorokin", "Irina Volkova"),
        ]
    )
    kind, explanation = result
    assert kind == "contradiction"
    assert '"press" vs "accept"' in explanation
    assert "Karen Whitfield" in explanation and "Irina Volkova" in explanation


def test_ceasefire_and_pause_are_two_names_for_one_thing() -> None:
    (result,) = only(
        [
            ("a ceasefire took effect at 8 p.m.", "Azamat Dzhumabekov"),
            ("Tajikistan agreed to a humanitarian pause", "Farrukh Rahimzoda"),
        ]
    )
    assert result[0] == "contradiction"


def test_a_claim_holding_both_sides_of_a_pair_is_not_a_contradiction() -> None:
    ((kind, explanation),) = only(
        [
            ("full relief was agreed, while relief would be partial", "A"),
            ("relief would be partial", "B"),
        ]
    )
    assert kind == "agreement"
    assert explanation.startswith('both say "partial" about relief')


def test_same_predicate_opposite_polarity() -> None:
    (result,) = only(
        [
            ("he had again raised election interference", "Daniel Harlow"),
            ("election interference had not been raised at all", "Mikhail Sorokin"),
        ]
    )
    assert result[0] == "contradiction" and result[1].startswith("polarity")


def test_negated_topic_contradicts() -> None:
    (result,) = only(
        [
            ("Tajik forces fired first", "Nurlan Osmonov"),
            ("Tajik forces had not fired first", "Jamshed Nazarov"),
        ]
    )
    assert result[0] == "contradiction" and "fire" in result[1]


def test_negation_in_another_clause_is_not_a_contradiction() -> None:
    assert (
        only(
            [
                (
                    "citizens took part in the hacking of servers, while the Kremlin had not "
                    "directed them",
                    "A",
                ),
                ("Harlow raised the hacking of servers three times", "B"),
            ]
        )
        == []
    )


def test_conflicting_numbers_places_and_dates() -> None:
    kinds = only(
        [
            ("Russia would release four American citizens", "Daniel Harlow"),
            ("The agreement concerns three people on each side", "Irina Volkova"),
        ]
    )
    assert kinds[0][0] == "contradiction" and "four" in kinds[0][1] and "three" in kinds[0][1]
    places = only(
        [
            ("the next round will be held in Muscat", "Salim al-Harthi"),
            ("the next round of talks would take place in Geneva", "Reza Moradi"),
        ]
    )
    assert places[0][0] == "contradiction" and "Muscat" in places[0][1]
    dates = only(
        [
            ("the next round of talks opens on July 12", "A"),
            ("the next round of talks opens on July 14", "B"),
        ]
    )
    assert dates[0][0] == "contradiction" and "july 14" in dates[0][1]


def test_bounds_do_not_conflict_with_counts() -> None:
    assert (
        only([("clashes killed more than a dozen people", "A"), ("23 people were killed", "B")])
        == []
    )


def test_agreement_on_the_same_predicate_or_count() -> None:
    results = only(
        [
            ("We agreed to return our diplomats within 60 days", "Mikhail Sorokin"),
            ("the two sides agreed to return expelled diplomats within 60 days", "Daniel Harlow"),
        ]
    )
    assert [kind for kind, _ in results] == ["agreement"]


def test_generic_verbs_alone_do_not_agree() -> None:
    assert (
        only(
            [
                ("the ministers agreed to set up a working group", "A"),
                ("the two sides agreed to return diplomats", "B"),
            ]
        )
        == []
    )


def test_same_speaker_and_nested_statements_are_not_compared() -> None:
    same = [
        claim("The ceasefire is complete", "Azamat Dzhumabekov", article="a"),
        claim("This is a pause, not a ceasefire", "Dzhumabekov", article="b"),
    ]
    assert compare_claims(same) == []
    outer = claim("Sorokin admitted that citizens took part in the hacking", "Whitfield")
    inner = claim("citizens took part in the hacking", "Sorokin", statement=1, start=17)
    assert compare_claims([outer, inner]) == []


def test_canonical_claimants_fold_short_names_but_keep_namesakes_apart() -> None:
    assert canonical_claimants(["Whitfield", "Karen Whitfield", "outlet:X"]) == {
        "Whitfield": "Karen Whitfield"
    }
    assert canonical_claimants(["Smith", "Anna Smith", "John Smith"]) == {}


def article() -> AnalyzedArticle:
    text = (
        '"We pressed Sorokin hard," Whitfield said. Volkova said that Harlow accepted the '
        "assurances of Sorokin. Harlow met Sorokin."
    )
    actors = [
        Actor(id="a1", name="Karen Whitfield", type="person"),
        Actor(id="a2", name="Irina Volkova", type="person"),
        Actor(id="a3", name="Daniel Harlow", type="person"),
        Actor(id="a4", name="Mikhail Sorokin", type="person"),
    ]
    content_b = "Harlow accepted the assurances of Sorokin"
    start_b = text.index(content_b)
    statements = [
        Statement(
            speaker="a1",
            speaker_text="Whitfield",
            speaker_start=26,
            speaker_end=35,
            content="We pressed Sorokin hard",
            start=1,
            end=24,
            direct=True,
            cue="say",
        ),
        Statement(
            speaker=None,
            speaker_text="she",
            speaker_start=None,
            speaker_end=None,
            content=content_b,
            start=start_b,
            end=start_b + len(content_b),
            direct=False,
            cue="say",
        ),
    ]
    sentence = text.index("Harlow met")
    events = [
        Event(
            type="CONSULT",
            mode=None,
            context=[],
            cameo="040",
            actor="a3",
            recipient="a4",
            negated=False,
            modality=None,
            date="2025-03-11",
            location="Geneva",
            start=sentence,
            end=len(text),
            trigger="met",
        ),
        Event(
            type="AGREE",
            mode=None,
            context=[],
            cameo="030",
            actor="a3",
            recipient=None,
            negated=False,
            modality=None,
            date=None,
            location=None,
            start=start_b,
            end=start_b + 5,
            trigger="accepted",
            attributed_to=1,
        ),
    ]
    mentions = [Mention(actor="a3", start=start_b, end=start_b + 6, text="Harlow")]
    return AnalyzedArticle(
        id="art",
        url=None,
        outlet="Baltic Wire",
        published="2025-03-11",
        title=None,
        language="en",
        text=text,
        actors=actors,
        mentions=mentions,
        statements=statements,
        events=events,
    )


def test_extract_claims_from_statements_and_unattributed_events() -> None:
    record = article()
    claims = extract_claims(record)
    assert [(c.statement, c.event) for c in claims] == [
        (0, None), (1, None), (None, 0), (None, 1)
    ]
    first, second, event, stated = claims
    assert (first.speaker, first.predicate, first.polarity) == ("Karen Whitfield", "press", True)
    assert second.speaker is None  # an unresolved pronoun is nobody
    assert second.subject == "Daniel Harlow"
    assert (event.predicate, event.subject, event.place) == ("consult", "Daniel Harlow", "Geneva")
    assert event.target == "Mikhail Sorokin"
    # The event stated in the second statement is that statement's claim, with its structure.
    assert (stated.attributed_to, stated.predicate, stated.subject) == (1, "agree",
                                                                         "Daniel Harlow")
    assert (stated.speaker, stated.cue, stated.text) == (None, "say", second.text)
    for c in claims:
        assert record.text[c.start : c.end] == c.text


def test_per_story_views() -> None:
    record = article()
    claims = extract_claims(record)
    comparisons = compare_claims(claims)
    assert [c.kind for c in comparisons] == ["contradiction"]
    assert comparisons[0].a.statement == 0 and comparisons[0].b.statement == 1
    accounts = accounts_by_speaker(claims)
    assert list(accounts) == ["Karen Whitfield", "outlet:Baltic Wire"]
    assert outlets_by_account(claims)["Karen Whitfield"] == ["Baltic Wire"]
    # The stated event stands with its statement: not listed as a claim of its own.
    assert single_source_claims(claims, comparisons) == claims[:3]
