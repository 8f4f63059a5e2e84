"""Unit tests of the actor component's pieces that need no trained model."""

from __future__ import annotations

import pytest
import spacy

from rashomon.actors.common import _given_compatible, _international_code, _role_matches
from rashomon.actors.mentions import PhraseIndex
from rashomon.kb import default_kb


def _matches(text: str) -> list[tuple[str, str]]:
    nlp = spacy.blank("en")
    index = PhraseIndex(default_kb(), nlp)
    doc = nlp.make_doc(text)
    return [(doc[s:e].text, entries[0].name) for s, e, entries in index.matches(doc)]


def test_phrase_index_prefers_longest_names() -> None:
    found = _matches("The UN Security Council met as the Kremlin and the White House argued.")
    assert ("UN Security Council", "UN Security Council") in found
    assert ("Kremlin", "Russia") in found
    assert ("White House", "United States") in found


def test_acronyms_match_only_as_written() -> None:
    assert _matches("The WHO said who knew.") == [("WHO", "World Health Organization")]
    assert _matches("Tell us about the US.") == [("US", "United States")]


def test_lower_case_words_are_not_names() -> None:
    assert _matches("We ate turkey in china bowls.") == []
    assert ("Turkey", "Turkey") in _matches("Turkey protested.")


def test_given_names_and_roles() -> None:
    assert _given_compatible(["sergei", "lavrov"], ["sergei", "lavrov"])
    assert not _given_compatible(["anna", "lavrov"], ["sergei", "lavrov"])
    assert _role_matches("secretary general", "secretary general")
    assert _role_matches("minister", "foreign minister")
    assert not _role_matches("foreign minister", "defence minister")
    assert not _role_matches("president", "former president")


def test_unknown_international_organisations() -> None:
    assert _international_code("International Labor Office") == "IGO"
    assert _international_code("Association of African Jurists") == "NGO"
    assert _international_code("Harbor Guild") is None


def test_news_organisations_have_their_country() -> None:
    kb = default_kb()
    found = _matches("The Wall Street Journal and Fox News quoted Yonhap and the Daily Mail.")
    names = [name for _, name in found]
    assert names == ["The Wall Street Journal", "Fox News", "Yonhap", "Daily Mail"]
    countries = [kb.entries_for(name)[0].country for name in names]
    assert countries == ["USA", "USA", "KOR", "GBR"]
    assert all(kb.entries_for(name)[0].reference for name in names)


def test_news_organisation_names_that_are_words_or_retweets_stay_words() -> None:
    assert _matches("Dawn raids began. RT this, said a guardian of the times.") == []


def test_phrase_index_reads_the_texts_it_is_given() -> None:
    nlp = spacy.blank("en")
    index = PhraseIndex(default_kb(), nlp)
    doc = nlp.make_doc("Talks in Geneva")
    texts = [t.text for t in doc]
    assert list(index.matches(doc, texts)) == list(index.matches(doc))
    # The given texts are what is matched: a caller's words stand for the document's.
    assert [(s, e) for s, e, _ in index.matches(doc, ["Talks", "in", "Moscow"])] == [(2, 3)]


def test_words_read_through_the_string_cache_are_the_string_stores(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The actor stage reads every document's words through ``nlp.arrays``, whose cache of
    # strings is emptied when full: before, across and after that, the words are the same.
    from spacy.attrs import LOWER, ORTH
    from spacy.tokens import Doc

    from rashomon.nlp import arrays

    monkeypatch.setattr(arrays, "_KNOWN_LIMIT", 3)
    monkeypatch.setattr(arrays, "_known", {})
    vocab = spacy.blank("en").vocab
    words = ["Envoys", "met", "in", "Oslo", "and", "met", "again", "in", "Bergen", "."]
    for _ in range(3):
        doc = Doc(vocab, words=words)
        assert arrays.token_strings(doc, ORTH) == words
        assert arrays.token_strings(doc, LOWER) == [w.lower() for w in words]
        assert len(arrays._known) <= 3 + len(words)
