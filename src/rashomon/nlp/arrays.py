"""Token attributes read for a whole document at once.

spaCy builds a new ``Token`` object on every ``doc[i]`` or iteration step; the components
that scan every token of every article read the attributes they need from the document's
annotation array and the string store instead.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.attrs import ORTH, SPACY
from spacy.tokens import Doc


def token_strings(doc: Doc, attr: int) -> list[str]:
    """The string value of one attribute (``ORTH``, ``LOWER``, ``LEMMA`` …) for each token."""
    strings = doc.vocab.strings
    return [strings[value] for value in doc.to_array(attr).tolist()]


def doc_text(doc: Doc, words: Sequence[str] | None = None) -> str:
    """``doc``'s text as ``doc.text`` gives it, joined from its words (``words``: the
    token texts, when the caller has read them already) and the trailing-space array,
    without a ``Token`` object per word."""
    if words is None:
        words = token_strings(doc, ORTH)
    spaces = doc.to_array(SPACY).tolist()
    return "".join(word + " " if space else word for word, space in zip(words, spaces, strict=True))
