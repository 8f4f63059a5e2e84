"""Token attributes read for a whole document at once.

spaCy builds a new ``Token`` object on every ``doc[i]`` or iteration step; the components
that scan every token of every article read the attributes they need from the document's
annotation array and the string store instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

import numpy.typing as npt
from spacy.attrs import ORTH, SPACY
from spacy.tokens import Doc

# ``doc.user_data`` key prefix of what is already read: ``{prefix}:{attribute}`` → (the
# attribute's values, their strings); ``{prefix}:text`` → (the words and spaces, the text).
_READ = "rashomon_token_strings"
# The string of each hash already read, for every document of the process: a dictionary
# look-up costs about half what the string store's does (which decodes the string anew on
# each one). A hash always names the same string, so the cache can only be stale by being
# large: it is emptied when it reaches ``_KNOWN_LIMIT`` strings, and memory stays flat.
_known: dict[int, str] = {}
_KNOWN_LIMIT = 200_000


def token_strings(doc: Doc, attr: int) -> list[str]:
    """The string value of one attribute (``ORTH``, ``LOWER``, ``LEMMA`` …) for each token.

    A new list on every call (callers may change it). The strings are read from the string
    store once per document and attribute, and again only if the attribute's values have
    changed since: every stage reads the same words, and the look-ups cost more than the
    rest of some of those stages' scans.
    """
    values = doc.to_array(attr)
    key = f"{_READ}:{attr}"
    read = doc.user_data.get(key)
    if read is not None and _same(read[0], values):
        return list(read[1])
    words = _strings(doc, values.tolist())
    doc.user_data[key] = (values, words)
    return list(words)


def _same(read: npt.NDArray[Any], values: npt.NDArray[Any]) -> bool:
    """Whether two arrays of ``doc.to_array`` hold the same values: as ``np.array_equal``, in
    a seventh of its time (it is asked about 15 times per document)."""
    return read.shape == values.shape and read.tobytes() == values.tobytes()


def _strings(doc: Doc, values: list[int]) -> list[str]:
    """The string of each hash in ``values``, from ``_known`` or else the string store."""
    known = _known.get
    words = [known(value) for value in values]
    if None in words:
        if len(_known) >= _KNOWN_LIMIT:
            _known.clear()
        strings = doc.vocab.strings
        for i, word in enumerate(words):
            if word is None:
                words[i] = _known[values[i]] = strings[values[i]]
    return cast(list[str], words)  # no None is left


def doc_text(doc: Doc, words: Sequence[str] | None = None) -> str:
    """``doc``'s text as ``doc.text`` gives it, joined from its words (``words``: the
    token texts, when the caller has read them already) and the trailing-space array,
    without a ``Token`` object per word."""
    if words is not None:
        return _joined(words, doc.to_array(SPACY).tolist())
    # Joined once per document (the actor table, the actor and statement stages ask for it),
    # and again only if its words or spaces have changed since.
    values = doc.to_array([ORTH, SPACY])
    key = f"{_READ}:text"
    read = doc.user_data.get(key)
    if read is not None and _same(read[0], values):
        return str(read[1])
    text = _joined(token_strings(doc, ORTH), values[:, 1].tolist())
    doc.user_data[key] = (values, text)
    return text


def _joined(words: Sequence[str], spaces: Sequence[int]) -> str:
    """The words, each followed by a space where its trailing-space flag says so."""
    return "".join(word + " " if space else word for word, space in zip(words, spaces, strict=True))
