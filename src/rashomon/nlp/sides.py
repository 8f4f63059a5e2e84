"""Words that take sides: "pro-Iranian", "anti-American", "pro-Moscow".

Such a word names the side a phrase is on, not who the phrase is: "pro-Russian separatists in
eastern Ukraine" are not Russian, and "the pro-Iranian Hizbollah group" is Hezbollah. Neither
the event coder nor the actor resolver reads a country or an actor from it.
"""

from __future__ import annotations

from spacy.tokens import Token

SIDE_PREFIXES = frozenset({"pro", "anti"})
# "pro-", "anti-": one ``str.startswith`` for every prefix (asked for each mentioned token).
_SIDE_STARTS = tuple(sorted(p + "-" for p in SIDE_PREFIXES))


def sided(token: Token) -> bool:
    """Whether ``token`` is the second half of "pro-X"/"anti-X" (or one token "pro-X")."""
    doc = token.doc
    i = token.i
    if i >= 2 and doc[i - 1].text == "-" and doc[i - 2].lower_ in SIDE_PREFIXES:
        return True
    return token.lower_.startswith(_SIDE_STARTS)
