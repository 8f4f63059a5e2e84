"""Speakers that need the article around them: which side of a meeting a paragraph is about,
a plural "they", names misspelt against the knowledge base; stances voiced as "sees Y as Z"
or through a speech noun; and the learned filter of stances shown by actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from tests.test_statements import statements as checked

from rashomon.actors.meeting_side import paragraph_bounds
from rashomon.actors.spelling import kb_family_variant, kb_person_variant
from rashomon.kb import default_kb
from rashomon.records import Actor, AnalyzedArticle
from rashomon.statements.learned import (
    LearnedFilter,
    candidates,
    categorical,
    dense,
    find_learned,
    packaged_filter,
    parse_filter,
)

Analyze = Callable[..., Any]


def speakers(analyze_text: Analyze, text: str) -> tuple[AnalyzedArticle, dict[str, Actor | None]]:
    """The record and, for each statement's content, the actor who said it."""
    record, found = checked(analyze_text, text)
    actors = {a.id: a for a in record.actors}
    return record, {s.content: actors.get(s.speaker or "") for s in found}


def said(by: dict[str, Actor | None], words: str) -> Actor | None:
    matches = [actor for content, actor in by.items() if words in content]
    assert len(matches) == 1, by
    return matches[0]


MEETING = (
    "Russian President Vladimir Putin received Turkish President Recep Tayyip Erdogan in "
    "Sochi on Monday. Putin said the talks were useful, and Erdogan thanked his host.\n"
    "In Moscow, the Kremlin was more cautious. The president told Russian reporters that "
    "much remained to be done.\n"
    "In Ankara, officials of the Turkish government welcomed the deal. The president said "
    "on Tuesday that the border crossings would reopen."
)


@pytest.mark.model
def test_the_president_of_a_paragraph_is_the_side_it_is_about(analyze_text: Analyze) -> None:
    _, by = speakers(analyze_text, MEETING)
    # Erdogan was named last, but the paragraph is about Moscow.
    moscow = said(by, "much remained")
    ankara = said(by, "border crossings")
    assert moscow is not None and moscow.name == "Vladimir Putin"
    assert ankara is not None and ankara.name == "Recep Tayyip Erdogan"


@pytest.mark.model
def test_a_paragraph_about_both_sides_falls_back_to_the_last_mention(
    analyze_text: Analyze,
) -> None:
    text = (
        "Russian President Vladimir Putin received Turkish President Recep Tayyip Erdogan in "
        "Sochi on Monday. Putin said the talks were useful, and Erdogan thanked his host.\n"
        "Russia and Turkey signed six agreements. The president said the border would reopen."
    )
    _, by = speakers(analyze_text, text)
    found = said(by, "border would reopen")
    assert found is not None and found.name == "Recep Tayyip Erdogan"


def test_paragraph_bounds_are_the_line() -> None:
    text = "First line.\nSecond line here.\nThird."
    assert paragraph_bounds(text, text.index("line here")) == (12, 29)
    assert paragraph_bounds(text, 0) == (0, 11)
    assert paragraph_bounds(text, len(text) - 1) == (30, len(text))


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "words", "name"),
    [
        pytest.param(
            "Union leaders met the labour minister on Monday in Paris. They said the strike "
            "would go on until Friday.",
            "strike would go on", "Leaders", id="plural-noun",
        ),
        pytest.param(
            "White House officials met the senators on Monday. They said the bill would pass "
            "before the recess.",
            "bill would pass", "White House officials", id="officials-of-an-institution",
        ),
        pytest.param(
            'The protesters marched to the ministry on Friday. "We will not go home," they '
            "said.",
            "We will not go home", "Protesters", id="quote-after-a-group",
        ),
    ],
)
def test_they_is_the_group_that_was_the_subject(
    analyze_text: Analyze, text: str, words: str, name: str
) -> None:
    _, by = speakers(analyze_text, text)
    found = said(by, words)
    assert found is not None and found.name == name and found.type == "group"


@pytest.mark.model
def test_they_after_coordinated_names_stays_unresolved(analyze_text: Analyze) -> None:
    text = "Joe Biden and Kamala Harris visited Ohio. They said the plant would reopen."
    _, by = speakers(analyze_text, text)
    assert said(by, "plant would reopen") is None


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "words", "name"),
    [
        pytest.param(
            "Russian Foreign Minister Sergei Lavrow said the talks would go on.",
            "talks would go on", "Sergey Lavrov", id="full-name",
        ),
        pytest.param(
            "Angela Merkle said on Monday that Germany would help.",
            "Germany would help", "Angela Merkel", id="swapped-letters",
        ),
        pytest.param(
            "Lavrow told reporters in Moscow that the talks would continue.",
            "talks would continue", "Sergey Lavrov", id="family-name-alone",
        ),
        pytest.param(
            "Anna Merkle, a teacher, said the school would reopen.",
            "school would reopen", "Anna Merkle", id="other-given-name-stays-apart",
        ),
    ],
)
def test_a_misspelt_name_joins_the_known_person(
    analyze_text: Analyze, text: str, words: str, name: str
) -> None:
    _, by = speakers(analyze_text, text)
    found = said(by, words)
    assert found is not None and found.name == name


def test_kb_variants_need_a_close_family_name_and_the_same_given_name() -> None:
    kb = default_kb()
    assert {e.name for e in kb_family_variant(kb, "lavrow")} == {"Sergey Lavrov"}
    assert kb_family_variant(kb, "lavrov") == []  # the name itself is no variant
    assert kb_family_variant(kb, "kim") == []  # short names never join
    entry = kb_person_variant(kb, ["angela", "merkle"])
    assert entry is not None and entry.name == "Angela Merkel"
    assert kb_person_variant(kb, ["anna", "merkle"]) is None
    assert kb_person_variant(kb, ["merkle"]) is None


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        pytest.param(
            "The comment drew scrutiny from veterans, who saw the comment as a dig at the "
            "military.",
            "veterans", "the comment as a dig at the military", id="see-as",
        ),
        pytest.param(
            "Obama effectively painted Romney as an out-of-touch rich guy.",
            "Obama", "Romney as an out-of-touch rich guy", id="paint-as",
        ),
        pytest.param(
            "The company issued a statement about the recall on Monday.",
            "The company", "the recall on Monday", id="speech-noun-object",
        ),
    ],
)
def test_stances_voiced_as_or_through_a_speech_noun(
    analyze_text: Analyze, text: str, speaker: str, content: str
) -> None:
    _, found = checked(analyze_text, text)
    assert [(s.speaker_text, s.content) for s in found] == [(speaker, content)]


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Analysts see layoffs of as many as 110,000 workers beginning next week.",
        "It sends a message that the rules apply to everyone.",
        "The union saw the minister on Monday.",
    ],
)
def test_no_stance_without_as_or_a_source(analyze_text: Analyze, text: str) -> None:
    _, found = checked(analyze_text, text)
    assert found == []


def _filter(weights: dict[str, float], threshold: float = 0.5) -> LearnedFilter:
    return LearnedFilter(
        dense_weights=np.zeros(96, dtype=np.float32), categorical_weights=weights, bias=-2.0,
        threshold=threshold, mean=np.zeros(96, dtype=np.float32),
        scale=np.ones(96, dtype=np.float32),
    )


@pytest.mark.model
def test_learned_candidates_and_filter(nlp: Any) -> None:
    doc = nlp("The senator openly courts the Russian leader. Stein boarded a shuttle bus.")
    extractor = nlp.get_pipe("rashomon_statements")
    found = extractor.find_by_rules(doc)
    pool = candidates(doc, found, set())
    assert [(c.verb.lemma_, c.subject.text) for c in pool] == [("court", "senator"),
                                                                ("board", "Stein")]
    names = categorical(pool[0], extractor.lexicon, set())
    assert "lemma=court" in names and "adverb-before" in names
    assert any(name.startswith("subject=") for name in names)
    vector = dense(pool[0])
    assert vector is not None and vector.shape == (96,)
    model = _filter({"lemma=court": 4.0})
    kept = find_learned(doc, extractor.lexicon, found, set(), model)
    assert [(doc.text[k.start : k.end], k.cue, k.speaker.text if k.speaker else None)
            for k in kept] == [("the Russian leader", "court", "The senator")]
    assert find_learned(doc, extractor.lexicon, found, set(), None) == []


def test_learned_filter_round_trips_through_json() -> None:
    model = _filter({"lemma=admire": 4.0, "prep=as": 0.5}, threshold=0.4)
    again = parse_filter(model.to_json({"facts": {"note": 1}}))
    vector = np.ones(96, dtype=np.float32)
    assert again.threshold == 0.4
    for names in (["lemma=admire"], ["prep=as"], []):
        assert again.probability(vector, names) == pytest.approx(model.probability(vector, names))


def test_the_packaged_filter_is_small_and_loads() -> None:
    model = packaged_filter()
    assert model is not None
    assert model.dense_weights.shape == model.mean.shape == model.scale.shape
    assert 0.0 < model.threshold < 1.0


@pytest.mark.model
def test_a_speaker_restating_their_own_view_makes_one_statement(analyze_text: Analyze) -> None:
    text = "Senator Ruth Alder said she expects the governor to sign the bill next week."
    _, found = checked(analyze_text, text)
    assert [(s.speaker_text, s.cue) for s in found] == [("Senator Ruth Alder", "say")]
    assert found[0].content == "she expects the governor to sign the bill next week"


@pytest.mark.model
def test_a_statement_by_someone_else_inside_a_statement_stays(analyze_text: Analyze) -> None:
    text = "Senator Ruth Alder said the governor told reporters that he would sign the bill."
    record, found = checked(analyze_text, text)
    names = {a.id: a.name for a in record.actors}
    assert [s.cue for s in found] == ["say", "tell"]
    assert names.get(found[0].speaker or "") == "Ruth Alder"
    assert found[1].speaker != found[0].speaker and found[1].via == [found[0].speaker]
