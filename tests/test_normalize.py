"""rashomon_normalize: case repair that never moves an offset (blank pipeline, no model)."""

from __future__ import annotations

import spacy
from spacy.language import Language

from rashomon.kb import default_kb
from rashomon.nlp.actor_table import ORIGINAL_TEXT
from rashomon.nlp.extensions import DocMeta
from rashomon.nlp.normalize import Normalizer


def _normalizer() -> tuple[Language, Normalizer]:
    nlp = spacy.blank("en")
    return nlp, Normalizer(nlp, default_kb())


def _run(text: str) -> str:
    nlp, normalizer = _normalizer()
    doc = normalizer(nlp.make_doc(text))
    assert len(doc.text) == len(text)
    return doc.text


def test_lower_case_name_repaired_from_a_full_name() -> None:
    text = "American President Donald trump met reporters. Later trump said he was pleased."
    out = _run(text)
    assert out == text.replace("trump", "Trump")


def test_known_names_that_are_not_words_are_repaired() -> None:
    assert _run("Talks between putin and lavrov ended in moscow.") == (
        "Talks between Putin and Lavrov ended in Moscow."
    )


def test_name_words_stay_lower_case_without_evidence() -> None:
    text = "The chef will trump the rivals with roast turkey in may."
    assert _run(text) == text


def test_name_capitalised_mid_sentence_elsewhere() -> None:
    text = "The envoy Halvard Brekkestad arrived. Reporters asked brekkestad about it."
    assert _run(text) == text.replace("brekkestad", "Brekkestad")


def test_sentence_initial_capitals_are_no_evidence() -> None:
    text = "Harbour fees rose. The harbour was busy."
    assert _run(text) == text


def test_verb_context_is_respected() -> None:
    text = "Donald trump spoke. Nothing could trump that."
    assert _run(text) == "Donald Trump spoke. Nothing could trump that."


def test_user_data_and_original_text_survive() -> None:
    nlp, normalizer = _normalizer()
    text = "Donald trump spoke."
    doc = nlp.make_doc(text)
    doc._.rashomon_meta = DocMeta(article_id="x1", published="2017-07-07")
    new = normalizer(doc)
    assert new is not doc
    assert new._.rashomon_meta.article_id == "x1"
    assert new.user_data[ORIGINAL_TEXT] == text
    assert [t.idx for t in new] == [t.idx for t in doc]


def test_unchanged_doc_is_returned_as_is() -> None:
    nlp, normalizer = _normalizer()
    doc = nlp.make_doc("Nothing to repair here.")
    assert normalizer(doc) is doc


def test_a_capital_after_a_line_break_is_no_evidence() -> None:
    _, normalizer = _normalizer()
    words = ["The", "talks", "ended", "\n", "Harbour", "fees", "rose", "near", "Brekkestad"]
    assert normalizer._capitalised_mid_sentence(words) == {"brekkestad"}
    assert normalizer._capitalised_mid_sentence([]) == set()


def test_a_name_after_a_line_break_is_not_capitalised_elsewhere() -> None:
    text = "The port closed.\nHarbour fees rose. The harbour was busy."
    assert _run(text) == text
