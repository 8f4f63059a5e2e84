"""Spelling variants of a name within one article: "Netanyahoo" for "Netanyahu".

Reporters mistype names and transliterate them differently ("Bornsten", "Bornstein";
"Lavrov", "Lavrow"). A capitalised word close to a family name the article already gives a
person is that person. Closeness is the optimal-string-alignment distance (an edit, or a swap
of two neighbouring letters), allowed to grow with the length of the name so that short names
never join ("Kim" and "Lim" stay apart).
"""

from __future__ import annotations

from collections.abc import Iterable

# Shortest name that may differ by one edit, and by two ("Alkalim", "Alkahim" for
# "Alhakim": transliterations swap letters that are not neighbours).
_ONE_EDIT = 6
_TWO_EDITS = 7


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance of ``a`` and ``b``, or ``limit + 1`` once above it."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def allowed_edits(word: str) -> int:
    """How many edits a name of this length may differ by and still be the same name."""
    if len(word) >= _TWO_EDITS:
        return 2
    return 1 if len(word) >= _ONE_EDIT else 0


def closest_variant(word: str, names: Iterable[str]) -> str | None:
    """The one name of ``names`` that ``word`` (lower case) is a spelling variant of.

    Both must start with the same letter (the same two letters for two edits) and be long
    enough for the edits; a word close to two names is ambiguous and joins neither.
    """
    limit = allowed_edits(word)
    if limit == 0:
        return None
    found: set[str] = set()
    for name in names:
        if name == word or name[:1] != word[:1]:
            continue
        allowed = min(limit, allowed_edits(name))
        if name[:2] != word[:2]:
            allowed = min(allowed, 1)
        if allowed and edit_distance(word, name, allowed) <= allowed:
            found.add(name)
    return found.pop() if len(found) == 1 else None
