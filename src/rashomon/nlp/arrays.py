"""Token attributes read for a whole document at once.

spaCy builds a new ``Token`` object on every ``doc[i]`` or iteration step; the components
that scan every token of every article read the attributes they need from the document's
annotation array and the string store instead.
"""

from __future__ import annotations

from spacy.tokens import Doc


def token_strings(doc: Doc, attr: int) -> list[str]:
    """The string value of one attribute (``ORTH``, ``LOWER``, ``LEMMA`` …) for each token."""
    strings = doc.vocab.strings
    return [strings[value] for value in doc.to_array(attr).tolist()]
