"""Statement extraction on hand-built parses and the cue lexicon (no model needed)."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc

from rashomon.errors import RashomonError
from rashomon.nlp.actor_table import ActorTable
from rashomon.statements.component import StatementExtractor
from rashomon.statements.cues import default_lexicon, parse_lexicon, read_lexicon

# word, head (absolute index), dep, pos, lemma
Row = tuple[str, int, str, str, str]


def build(rows: list[Row]) -> Doc:
    """A parsed Doc from rows; every word but the last is followed by a space."""
    nlp = spacy.blank("en")
    words = [r[0] for r in rows]
    spaces = [i + 1 < len(rows) and rows[i + 1][2] != "punct" for i in range(len(rows))]
    return Doc(
        nlp.vocab,
        words=words,
        spaces=spaces,
        heads=[r[1] for r in rows],
        deps=[r[2] for r in rows],
        pos=[r[3] for r in rows],
        lemmas=[r[4] for r in rows],
    )


def with_actors(doc: Doc, names: dict[str, tuple[int, int]]) -> Doc:
    """Attach an actor table with one person per name, mentioned at the token range."""
    table = ActorTable(doc)
    for name, (start, end) in names.items():
        table.add_mention(table.add_actor(name, "person"), doc[start:end])
    doc._.rashomon_actors = table
    return doc


SAID_THAT: list[Row] = [
    ("Berg", 1, "nsubj", "PROPN", "Berg"),
    ("said", 1, "ROOT", "VERB", "say"),
    ("that", 5, "mark", "SCONJ", "that"),
    ("the", 4, "det", "DET", "the"),
    ("talks", 5, "nsubj", "NOUN", "talk"),
    ("failed", 1, "ccomp", "VERB", "fail"),
    (".", 1, "punct", "PUNCT", "."),
]


def test_reported_speech_with_speaker_actor() -> None:
    doc = with_actors(build(SAID_THAT), {"Anna Berg": (0, 1)})
    (statement,) = StatementExtractor(default_lexicon())(doc)._.rashomon_statements
    assert statement.content == "that the talks failed"
    assert doc.text[statement.start : statement.end] == statement.content
    assert statement.speaker == "a1"
    speaker = (statement.speaker_text, statement.speaker_start, statement.speaker_end)
    assert speaker == ("Berg", 0, 4)
    assert statement.cue == "say"
    assert not statement.direct and not statement.negated and statement.via == []


def test_without_an_actor_table_the_speaker_text_remains() -> None:
    doc = build(SAID_THAT)
    (statement,) = StatementExtractor(default_lexicon())(doc)._.rashomon_statements
    assert statement.speaker is None
    assert statement.speaker_text == "Berg"


def test_negated_cue() -> None:
    rows: list[Row] = [
        ("Berg", 3, "nsubj", "PROPN", "Berg"),
        ("did", 3, "aux", "AUX", "do"),
        ("not", 3, "neg", "PART", "not"),
        ("say", 3, "ROOT", "VERB", "say"),
        ("that", 6, "mark", "SCONJ", "that"),
        ("talks", 6, "nsubj", "NOUN", "talk"),
        ("failed", 3, "ccomp", "VERB", "fail"),
        (".", 3, "punct", "PUNCT", "."),
    ]
    (statement,) = StatementExtractor(default_lexicon())(build(rows))._.rashomon_statements
    assert statement.negated
    assert statement.content == "that talks failed"


def test_according_to_nests_the_inner_statement() -> None:
    rows: list[Row] = [
        ("According", 5, "prep", "VERB", "accord"),
        ("to", 0, "prep", "ADP", "to"),
        ("Berg", 1, "pobj", "PROPN", "Berg"),
        (",", 5, "punct", "PUNCT", ","),
        ("Hale", 5, "nsubj", "PROPN", "Hale"),
        ("said", 5, "ROOT", "VERB", "say"),
        ("talks", 7, "nsubj", "NOUN", "talk"),
        ("failed", 5, "ccomp", "VERB", "fail"),
        (".", 5, "punct", "PUNCT", "."),
    ]
    doc = with_actors(build(rows), {"Anna Berg": (2, 3), "Tom Hale": (4, 5)})
    statements = StatementExtractor(default_lexicon())(doc)._.rashomon_statements
    by_cue = {s.cue: s for s in statements}
    assert set(by_cue) == {"according to", "say"}
    assert by_cue["according to"].content == "Hale said talks failed"
    assert by_cue["according to"].speaker == "a1"
    assert by_cue["say"].content == "talks failed"
    assert by_cue["say"].via == ["a1"]


def test_writer_commentary_is_not_a_statement() -> None:
    rows: list[Row] = [
        ("We", 1, "nsubj", "PRON", "we"),
        ("know", 1, "ROOT", "VERB", "know"),
        ("that", 4, "mark", "SCONJ", "that"),
        ("talks", 4, "nsubj", "NOUN", "talk"),
        ("failed", 1, "ccomp", "VERB", "fail"),
        (".", 1, "punct", "PUNCT", "."),
    ]
    assert StatementExtractor(default_lexicon())(build(rows))._.rashomon_statements == []


def test_lexicon_loads_and_knows_channels() -> None:
    lexicon = default_lexicon()
    assert lexicon.is_verb_cue("say") and lexicon.is_verb_cue("tweet")
    assert lexicon.verbs["tweet"] == "social_media"
    assert lexicon.channel_of_phrase("press conference") == "press_conference"
    assert "twitter" in lexicon.platforms


def test_lexicon_with_an_unknown_channel_is_refused() -> None:
    with pytest.raises(RashomonError) as info:
        parse_lexicon({"verbs": {"say": "telepathy"}})
    assert info.value.code == "E023"


def test_lexicon_from_a_user_file(tmp_path: Path) -> None:
    path = tmp_path / "cues.yaml"
    path.write_text("verbs:\n  opine: null\nchannel_phrases:\n  podcast: interview\n")
    lexicon = read_lexicon(path)
    assert lexicon.is_verb_cue("opine") and not lexicon.is_verb_cue("say")
    assert lexicon.channel_of_phrase("podcast") == "interview"


def test_malformed_lexicon_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cues.yaml"
    path.write_text("verbs: [unclosed\n")
    with pytest.raises(RashomonError) as info:
        read_lexicon(path)
    assert info.value.code == "E023"


@pytest.mark.parametrize(
    ("word", "lemma"),
    [("Says", "say"), ("urges", "urge"), ("Rip", "rip"), ("Voters", None), ("Shows", "show")],
)
def test_headline_cue_forms(word: str, lemma: str | None) -> None:
    from rashomon.statements.headline import cue_form

    assert cue_form(word, default_lexicon()) == lemma


def test_intention_verbs_are_read_from_the_lexicon() -> None:
    lexicon = parse_lexicon({"verbs": {"vote": None}, "intention_verbs": ["vote"]})
    assert lexicon.intention_verbs == frozenset({"vote"})
