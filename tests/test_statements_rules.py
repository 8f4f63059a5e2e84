"""Statement rules of the second round, on tiny texts through the real pipeline: headlines,
names before a colon, paragraph limits, trailing clauses, split sentences, nested clauses,
intentions and the speaker's own phrasing inside a quotation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import spacy
from spacy.tokens import Doc

from rashomon.records import AnalyzedArticle, Statement
from rashomon.statements.cues import default_lexicon
from rashomon.statements.direct import _Attributor
from rashomon.statements.marks import find_quotes

Analyze = Callable[..., Any]

pytestmark = pytest.mark.model


def statements(analyze_text: Analyze, text: str) -> list[Statement]:
    record = analyze_text(text)
    assert isinstance(record, AnalyzedArticle)
    for s in record.statements:
        assert text[s.start : s.end] == s.content
    return record.statements


def test_title_case_headline_verb(analyze_text: Analyze) -> None:
    text = "Berg Says Tariffs Will Stay Until Spring.\n\nThe minister Anna Berg spoke in Oslo."
    found = statements(analyze_text, text)
    headline = next(s for s in found if s.start < 40)
    assert (headline.speaker_text, headline.cue) == ("Berg", "say")
    assert headline.content == "Tariffs Will Stay Until Spring"


def test_headline_segment_after_semicolon(analyze_text: Analyze) -> None:
    text = "Farmers protest in the north; \nNovak urges calm after border closure.\n\n" \
        "Marek Novak spoke on Tuesday."
    found = statements(analyze_text, text)
    (headline,) = [s for s in found if s.cue == "urge"]
    assert headline.speaker_text == "Novak"
    assert headline.content == "calm after border closure"
    assert not any("protest" in s.content for s in found)


def test_headline_plural_noun_is_not_a_verb(analyze_text: Analyze) -> None:
    text = "Rural Voters Abandon the Ruling Party.\n\nThe party lost the vote in May."
    assert not any(s.cue == "vote" for s in statements(analyze_text, text))


def test_headline_name_before_colon_known_from_the_text(analyze_text: Analyze) -> None:
    text = "Novak: Border Will Reopen Within a Week.\n\n" \
        "Marek Novak, the trade commissioner, spoke to farmers."
    found = statements(analyze_text, text)
    assert any(s.speaker_text == "Novak" and s.content.startswith("Border Will") for s in found)


def test_reported_clause_stays_in_its_paragraph(analyze_text: Analyze) -> None:
    text = "Farm Crisis Deepens.\n\nThe harvest failed in three regions, officials said Monday."
    found = statements(analyze_text, text)
    statement = next(s for s in found if s.cue == "say")
    assert "Crisis" not in statement.content
    assert statement.content.startswith("The harvest failed")


def test_trailing_comment_clause_is_left_out(analyze_text: Analyze) -> None:
    text = "Berg has acknowledged the scale of the losses, which makes her an outlier here."
    found = statements(analyze_text, text)
    statement = next(s for s in found if s.cue == "acknowledge")
    assert statement.content == "the scale of the losses"


def test_cue_after_a_sentence_split_at_the_closing_mark(analyze_text: Analyze) -> None:
    text = "The minister met farmers.\n“How long must the farmers wait?” Berg said. " \
        "“The harvest is rotting in the fields.”\n“We will find the money,” she continued."
    found = statements(analyze_text, text)
    first = next(s for s in found if s.content.startswith("How long"))
    assert first.speaker_text == "Berg" and first.cue == "say"
    assert "find the money" not in first.content
    last = next(s for s in found if s.content.startswith("We will find"))
    assert last.cue == "continue" and last.speaker_text == "she"


def test_quotation_inside_a_reported_clause_goes_to_the_outer_speaker(
    analyze_text: Analyze,
) -> None:
    text = "Berg said she wanted to speak “directly to the farmers of the north.”"
    found = statements(analyze_text, text)
    statement = next(s for s in found if "directly" in s.content)
    assert statement.speaker_text == "Berg" and statement.cue == "say"
    assert statement.content.startswith("she wanted")


def test_quotation_as_the_object_of_a_cue_verb(analyze_text: Analyze) -> None:
    text = "Berg called the deal “a victory for the farmers of the north and the south.”"
    found = statements(analyze_text, text)
    statement = next(s for s in found if "victory" in s.content)
    assert statement.speaker_text == "Berg" and statement.cue == "call"


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("The committee voted to hold Novak in contempt of parliament.",
         "to hold Novak in contempt of parliament"),
        ("Many farmers voted for Berg in the spring.", None),
    ],
)
def test_intention_verbs_take_their_to_clause(
    analyze_text: Analyze, text: str, content: str | None
) -> None:
    found = [s for s in statements(analyze_text, text) if s.cue == "vote"]
    assert [s.content for s in found] == ([content] if content else [])


@pytest.mark.parametrize(
    "text",
    [
        "“I'm saying, where is the money for the farmers?” Novak said.",
        "“Minister Berg, tell me what you're going to do about the harvest,” Novak said.",
    ],
)
def test_speaker_phrasing_inside_a_quote_is_not_a_statement(
    analyze_text: Analyze, text: str
) -> None:
    (statement,) = statements(analyze_text, text)
    assert statement.speaker_text == "Novak" and statement.direct


def test_passage_after_a_participle_clause_is_not_a_continuation(analyze_text: Analyze) -> None:
    text = "“The border stays closed,” Novak said, adding a warning for the importers: " \
        "“We will check every truck that comes in.”"
    found = statements(analyze_text, text)
    first = next(s for s in found if s.content.startswith("The border"))
    assert "check every truck" not in first.content


@pytest.mark.parametrize("break_", ["\n", "\n\n", "\n \n"])
def test_a_paragraph_that_opens_with_a_passage_continues_the_attributed_one(
    analyze_text: Analyze, break_: str
) -> None:
    """After a paragraph that ends with a passage's own attribution, a paragraph that opens
    with an uncued passage is the same speaker's, whatever line breaks part them."""
    text = ("“We are hearing from several cities,” Novak said to the Tribune while touring "
            f"the new stadium at the edge of the old port with city officials.{break_}"
            "“We have not decided to start a formal expansion process, "
            "but we listen to every offer.”")
    second = next(s for s in statements(analyze_text, text) if s.content.startswith("We have"))
    assert second.speaker_text == "Novak" and second.direct


def test_a_clause_describing_the_speaker_does_not_part_the_passage_from_its_cue(
    analyze_text: Analyze,
) -> None:
    text = ("“The fighters are now two kilometres from the city. They said it could never "
            "happen,” Canon Andrew White, a priest leading the only Anglican church in the city, "
            "said.")
    passage = next(s for s in statements(analyze_text, text) if s.content.startswith("The fi"))
    assert passage.cue == "say" and "Andrew White" in (passage.speaker_text or "")


def test_a_quoted_word_inside_the_speaker_phrase_is_not_a_statement(
    analyze_text: Analyze,
) -> None:
    text = ("The admittedly “crazy” massage therapist, who goes by the name Jasmine Tridevil, "
            "told an Orlando radio station that she had the surgery because she does not want "
            "to date anymore.")
    found = statements(analyze_text, text)
    assert [s.content for s in found if s.direct] == []
    assert any("she had the surgery" in s.content for s in found)



def test_a_caption_line_above_does_not_report_the_cue() -> None:
    """A caption without a full stop runs into the next line in the parse ("… says she
    will marry him ¶ The spokesman added: "…"", the cue a clause of "says"); a verb on
    another line never reports the cue's clause."""
    words = ["Fan", "says", "she", "will", "wed", "\n\n", "The", "spokesman", "added", ":",
             '"', "He", "lost", "blood", ".", '"']
    spaces = [True, True, True, True, False, False, True, True, False, True,
              False, True, True, False, False, False]
    heads = [1, 1, 4, 4, 1, 4, 7, 8, 1, 8, 8, 12, 8, 12, 8, 8]
    deps = ["nsubj", "ROOT", "nsubj", "aux", "ccomp", "dep", "det", "nsubj", "ccomp", "punct",
            "punct", "nsubj", "ccomp", "dobj", "punct", "punct"]
    lemmas = ["Fan", "say", "she", "will", "wed", "\n\n", "the", "spokesman", "add", ":",
              '"', "he", "lose", "blood", ".", '"']
    pos = ["PROPN", "VERB", "PRON", "AUX", "VERB", "SPACE", "DET", "NOUN", "VERB", "PUNCT",
           "PUNCT", "PRON", "VERB", "NOUN", "PUNCT", "PUNCT"]
    doc = Doc(spacy.blank("en").vocab, words=words, spaces=spaces, heads=heads, deps=deps,
              lemmas=lemmas, pos=pos)
    quotes, _ = find_quotes(doc.text)
    attributor = _Attributor(doc, default_lexicon(), quotes, doc.text)
    assert doc[1].text == "says" and doc[8].head.i == 1
    assert attributor._reported_by(doc[8]) is None
