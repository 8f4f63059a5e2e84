"""Token attributes read once per document (``nlp.arrays``) and the "pro-"/"anti-" test."""

from __future__ import annotations

import spacy
from spacy.attrs import LEMMA, ORTH
from spacy.tokens import Doc

from rashomon.nlp.arrays import doc_text, token_strings
from rashomon.nlp.sides import sided


def _doc(words: list[str], spaces: list[bool]) -> Doc:
    return Doc(spacy.blank("en").vocab, words=words, spaces=spaces)


def test_token_strings_reads_each_token_and_hands_out_a_new_list() -> None:
    doc = _doc(["Envoys", "met", "in", "Oslo", "."], [True, True, True, False, False])
    first = token_strings(doc, ORTH)
    assert first == ["Envoys", "met", "in", "Oslo", "."]
    first[0] = "changed"  # a caller may change its list (normalisation does)
    assert token_strings(doc, ORTH)[0] == "Envoys"


def test_token_strings_reads_again_when_the_values_change() -> None:
    doc = _doc(["Envoys", "met", "in", "Oslo"], [True, True, True, False])
    assert token_strings(doc, LEMMA) == ["", "", "", ""]
    doc[1].lemma_ = "meet"  # a later component sets the lemmas
    assert token_strings(doc, LEMMA) == ["", "meet", "", ""]


SPACES = [True, True, False, False, True, False]


def test_doc_text_is_the_documents_text_even_after_a_copy_of_its_user_data() -> None:
    doc = _doc(["The", "talks", "ended", "\n", "Rain", "fell"], SPACES)
    assert doc_text(doc) == doc.text == "The talks ended\nRain fell"
    # A document built from another's words carries its user data along (normalisation
    # does this): its own words must still be the ones joined.
    other = _doc(["The", "Talks", "ended", "\n", "Rain", "fell"], SPACES)
    other.user_data.update(doc.user_data)
    assert doc_text(other) == other.text == "The Talks ended\nRain fell"
    assert token_strings(other, ORTH)[1] == "Talks"


def test_sided_reads_one_token_and_split_prefixes() -> None:
    one = _doc(["pro-Moscow", "rebels"], [True, False])
    split = _doc(["anti", "-", "American", "protests"], [False, False, True, False])
    plain = _doc(["Moscow", "rebels"], [True, False])
    assert sided(one[0])
    assert sided(split[2])
    assert not sided(plain[0])
    assert not sided(split[3])
