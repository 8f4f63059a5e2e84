"""Cues the statement stage reads besides a verb and its subject: a subject the parse gave to
a contraction, a cue the parse left without a subject, a colon after a speech clause, a
passive "as" clause, a speech noun before a quotation, a paragraph that announces the next
one's quotation, and unnamed sources."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import pytest
import spacy
from spacy.tokens import Doc
from tests.test_statements import statements as checked

from rashomon.nlp.actor_table import ActorTable
from rashomon.records import AnalyzedArticle, Statement
from rashomon.statements.common import is_clitic, subject_of
from rashomon.statements.component import StatementExtractor
from rashomon.statements.cues import default_lexicon

Analyze = Callable[..., Any]


class Word(NamedTuple):
    """One token of a hand-built parse: its head is an absolute index."""

    text: str
    head: int
    dep: str
    pos: str
    tag: str
    lemma: str
    ent: str = "O"
    space: bool = True


def build(words: list[Word], people: dict[str, tuple[int, int]] | None = None) -> Doc:
    """A parsed Doc with an actor table holding one person per name at its token range."""
    doc = Doc(
        spacy.blank("en").vocab,
        words=[w.text for w in words],
        spaces=[w.space for w in words],
        heads=[w.head for w in words],
        deps=[w.dep for w in words],
        pos=[w.pos for w in words],
        tags=[w.tag for w in words],
        lemmas=[w.lemma for w in words],
        ents=[w.ent for w in words],
    )
    table = ActorTable(doc)
    for name, (start, end) in (people or {}).items():
        table.add_mention(table.add_actor(name, "person"), doc[start:end])
    doc._.rashomon_actors = table
    return doc


def found(doc: Doc) -> list[Statement]:
    statements: list[Statement] = StatementExtractor(default_lexicon())(doc)._.rashomon_statements
    for s in statements:
        assert doc.text[s.start : s.end] == s.content
    return statements


# "The agency hasn’t confirmed the reports.": the tagger reads a curly "n’t" as a pronoun and
# the parser hangs it on the verb as a second subject.
CONTRACTION = [
    Word("The", 1, "det", "DET", "DT", "the"),
    Word("agency", 4, "nsubj", "NOUN", "NN", "agency"),
    Word("has", 4, "aux", "AUX", "VBZ", "have", space=False),
    Word("n’t", 4, "nsubj", "PRON", "PRP", "n’t"),
    Word("confirmed", 4, "ROOT", "VERB", "VBN", "confirm"),
    Word("the", 6, "det", "DET", "DT", "the"),
    Word("reports", 4, "dobj", "NOUN", "NNS", "report", space=False),
    Word(".", 4, "punct", "PUNCT", ".", "."),
]


def test_a_contraction_is_never_the_subject_of_a_cue() -> None:
    doc = build(CONTRACTION)
    assert is_clitic(doc[3]) and not is_clitic(doc[1])
    assert subject_of(doc[4]) is not None and subject_of(doc[4]).text == "agency"
    (statement,) = found(doc)
    assert statement.speaker_text == "The agency" and statement.content == "the reports"


# 'Asked about it, Ana Ruiz, a student at the college said, “We had no weapons.”': without a
# comma after the title, the parser hangs the name on "it" and leaves "said" subjectless.
UNPARSED = [
    Word("Asked", 12, "csubj", "VERB", "VBN", "ask"),
    Word("about", 0, "prep", "ADP", "IN", "about"),
    Word("it", 1, "pobj", "PRON", "PRP", "it", space=False),
    Word(",", 2, "punct", "PUNCT", ",", ","),
    Word("Ana", 5, "compound", "PROPN", "NNP", "Ana", "B-PERSON"),
    Word("Ruiz", 2, "appos", "PROPN", "NNP", "Ruiz", "I-PERSON", space=False),
    Word(",", 2, "punct", "PUNCT", ",", ","),
    Word("a", 8, "det", "DET", "DT", "a"),
    Word("student", 2, "appos", "NOUN", "NN", "student"),
    Word("at", 8, "prep", "ADP", "IN", "at"),
    Word("the", 11, "det", "DET", "DT", "the"),
    Word("college", 9, "pobj", "NOUN", "NN", "college"),
    Word("said", 12, "ROOT", "VERB", "VBD", "say", space=False),
    Word(",", 12, "punct", "PUNCT", ",", ","),
    Word("“", 16, "punct", "PUNCT", "``", "“", space=False),
    Word("We", 16, "nsubj", "PRON", "PRP", "we"),
    Word("had", 12, "ccomp", "VERB", "VBD", "have"),
    Word("no", 18, "det", "DET", "DT", "no"),
    Word("weapons", 16, "dobj", "NOUN", "NNS", "weapon", space=False),
    Word(".", 12, "punct", "PUNCT", ".", ".", space=False),
    Word("”", 12, "punct", "PUNCT", "''", "”", space=False),
]


def test_a_cue_left_without_subject_takes_the_name_before_its_title() -> None:
    doc = build(UNPARSED, {"Ana Ruiz": (4, 6)})
    quoted = [s for s in found(doc) if s.content.startswith("We had")]
    assert [s.speaker_text for s in quoted] == ["Ana Ruiz"]


# 'Ruiz replies that the count showed no fraud, and the defends the tally: “Every ballot
# counted. Nobody objected.”': a typo makes "defends" a noun, and the passage of two
# sentences hangs on "replies" past its own clause (whose verb stands between cue and colon).
COLON = [
    Word("Ruiz", 1, "nsubj", "PROPN", "NNP", "Ruiz", "B-PERSON"),
    Word("replies", 1, "ROOT", "VERB", "VBZ", "reply"),
    Word("that", 5, "mark", "SCONJ", "IN", "that"),
    Word("the", 4, "det", "DET", "DT", "the"),
    Word("count", 5, "nsubj", "NOUN", "NN", "count"),
    Word("showed", 1, "ccomp", "VERB", "VBD", "show"),
    Word("no", 7, "det", "DET", "DT", "no"),
    Word("fraud", 5, "dobj", "NOUN", "NN", "fraud", space=False),
    Word(",", 5, "punct", "PUNCT", ",", ","),
    Word("and", 5, "cc", "CCONJ", "CC", "and"),
    Word("the", 11, "det", "DET", "DT", "the"),
    Word("defends", 1, "dep", "NOUN", "NNS", "defend"),
    Word("the", 13, "det", "DET", "DT", "the"),
    Word("tally", 11, "dobj", "NOUN", "NN", "tally", space=False),
    Word(":", 11, "punct", "PUNCT", ":", ":"),
    Word("“", 18, "punct", "PUNCT", "``", "“", space=False),
    Word("Every", 17, "det", "DET", "DT", "every"),
    Word("ballot", 18, "nsubj", "NOUN", "NN", "ballot"),
    Word("counted", 1, "ccomp", "VERB", "VBD", "count", space=False),
    Word(".", 1, "punct", "PUNCT", ".", "."),
    Word("Nobody", 22, "nsubj", "PRON", "NN", "nobody"),
    Word("objected", 22, "ROOT", "VERB", "VBD", "object", space=False),
    Word(".", 22, "punct", "PUNCT", ".", ".", space=False),
    Word("”", 22, "punct", "PUNCT", "''", "”", space=False),
]


def test_a_passage_after_a_colon_past_the_cue_clause_is_the_speaker_s() -> None:
    doc = build(COLON, {"Rosa Ruiz": (0, 1)})
    by_content = {s.content: s.speaker_text for s in found(doc)}
    assert by_content.get("Every ballot counted. Nobody objected.") == "Ruiz"
    assert by_content.get("that the count showed no fraud") == "Ruiz"  # stays a statement


def analysed(analyze_text: Analyze, text: str) -> AnalyzedArticle:
    return checked(analyze_text, text)[0]


def speaker_name(record: AnalyzedArticle, words: str) -> str | None:
    """The name of the actor of the one statement whose content holds ``words``."""
    (statement,) = [s for s in record.statements if words in s.content]
    return next((a.name for a in record.actors if a.id == statement.speaker), None)


@pytest.mark.model
def test_the_agent_of_a_passive_as_clause_says_the_quotation(analyze_text: Analyze) -> None:
    text = (
        "The factory closed on Monday. As reported by the Riverside Herald, \"The owners were "
        'told to leave the building by the inspectors, who found cracks in the walls."'
    )
    record = analysed(analyze_text, text)
    assert speaker_name(record, "found cracks") == "Riverside Herald"


@pytest.mark.model
def test_a_speech_noun_before_a_quotation_is_its_owner_s(analyze_text: Analyze) -> None:
    text = (
        "Lena Novak, a nurse at the city hospital, was one of the first to share the photo "
        'on Facebook with the note "Our ward has been flooded again!"'
    )
    assert speaker_name(analysed(analyze_text, text), "flooded again") == "Lena Novak"


@pytest.mark.model
def test_a_plea_announced_in_the_paragraph_before_is_its_maker_s(
    analyze_text: Analyze,
) -> None:
    text = (
        "The singer’s father, Aldo Ferri, made a video plea on Sunday asking the kidnappers "
        "to release his daughter.\n\n"
        '"I am begging you as a father. She has done nothing to you and she has a family who '
        'loves her."'
    )
    record = analysed(analyze_text, text)
    assert speaker_name(record, "begging you") == "Aldo Ferri"


@pytest.mark.model
def test_a_paragraph_without_such_a_statement_announces_nothing(
    analyze_text: Analyze,
) -> None:
    text = (
        "The singer’s father, Aldo Ferri, flew to the capital on Sunday.\n\n"
        '"I am begging you as a father. She has done nothing to you and she has a family who '
        'loves her."'
    )
    record = analysed(analyze_text, text)
    assert all(s.speaker is None for s in record.statements if "begging" in s.content)


SOURCES = [
    pytest.param(
        "The New York Times reported the fire. A New York Times source said the fire "
        "started at night.",
        "started at night", None, id="an-outlet-s-source-is-not-the-outlet",
    ),
    pytest.param(
        "The Islamic State holds the town. Three sources in contact with the Islamic State "
        "told reporters that the group wants a ransom.",
        "wants a ransom", None, id="a-source-in-touch-with-a-body-is-not-the-body",
    ),
    pytest.param(
        "Lakeside Clinic closed its doors on Friday. A source at Lakeside Clinic told "
        "reporters that the surgeon had left in May.",
        "surgeon had left", "Lakeside Clinic", id="a-source-at-a-body-speaks-for-it",
    ),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "words", "name"), SOURCES)
def test_an_unnamed_source_is_only_the_body_it_works_at(
    analyze_text: Analyze, text: str, words: str, name: str | None
) -> None:
    record = analysed(analyze_text, text)
    assert speaker_name(record, words) == name
