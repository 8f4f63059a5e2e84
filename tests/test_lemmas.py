"""Claim and passage words read by the configured model's tagger and lemmatizer."""

from __future__ import annotations

import pytest

from rashomon import lemmas
from rashomon.compare import text as tx
from rashomon.config import Settings
from rashomon.errors import RashomonError

pytestmark = pytest.mark.model


def test_words_carry_lemmas_offsets_and_tags() -> None:
    text = "Kyiv didn't confirm the inspections, officials said."
    found = lemmas.parsed(text)
    by_text = {w.text: w for w in found}
    assert by_text["inspections"].lemma == "inspection"
    assert by_text["n't"].lemma == "not"
    assert by_text["kyiv"].pos == "PROPN"
    assert text[by_text["officials"].start :].startswith("officials")
    assert by_text[","].punct and by_text["."].punct


def test_one_batch_fills_the_cache() -> None:
    texts = ["Troops withdrew from the border town on Monday.",
             "The ministry denied that troops had withdrawn."]
    lemmas.parse_all(texts)
    assert all(lemmas.parsed(t) is lemmas.parsed(t) for t in texts)


def test_terms_are_lemmas_and_names_are_no_topic() -> None:
    text = "Osmonov said the inspections were halted near Vorukh."
    assert {"inspection", "halt"} <= tx.content_terms(text)
    assert "osmonov" in tx.content_terms(text)
    assert "osmonov" not in tx.topic_terms(text) and "inspection" in tx.topic_terms(text)


def test_clauses_and_negation_follow_the_tokens() -> None:
    text = "Envoys met in Geneva, but no deal was signed while talks went on"
    assert [part.strip() for part in tx.clauses(text)] == [
        "Envoys met in Geneva", "no deal was signed", "talks went on"]
    negated, affirmed = tx.negated_terms(text)
    assert "deal" in negated and "envoy" in affirmed and "talk" in affirmed
    assert tx.has_negation("Moscow hasn't agreed") and not tx.has_negation("Moscow agreed")


def test_a_missing_model_is_a_numbered_error() -> None:
    lemmas.use_model("no_such_spacy_model")
    try:
        with pytest.raises(RashomonError, match="E022"):
            lemmas.parsed("A claim read with a model that is not installed.")
    finally:
        lemmas.use_model(Settings().model)
