"""Spelling variants of a known person's name: "Sergei Lavrow" is the knowledge base's
Sergey Lavrov.

``name_variants`` joins a variant to a person the article names in full. A name the article
gives only once, misspelt or transliterated differently, and that the knowledge base knows
under another spelling, is joined here: its family name must be a spelling variant of
exactly one family name of the knowledge base (the same distance rules: short names never
join), and its given name must be the known person's, or a spelling variant of it.
"""

from __future__ import annotations

from functools import lru_cache
from weakref import WeakKeyDictionary

from ..kb.base import KnowledgeBase
from ..kb.keys import name_parts
from ..kb.model import KBEntry
from .name_variants import closest_variant


@lru_cache(maxsize=4)
def _families_by_initial(kb: KnowledgeBase) -> dict[str, frozenset[str]]:
    """The knowledge base's family names, by first letter (a variant shares it)."""
    out: dict[str, set[str]] = {}
    for family in kb.family_names():
        out.setdefault(family[:1], set()).add(family)
    return {letter: frozenset(names) for letter, names in out.items()}


# Per knowledge base, the variant found for each word: the same capitalised words come back
# in every article, and each asks for edit distances to hundreds of family names.
_VARIANTS: WeakKeyDictionary[KnowledgeBase, dict[str, str | None]] = WeakKeyDictionary()


def _kb_variant(kb: KnowledgeBase, word: str) -> str | None:
    """The known family name ``word`` is a spelling variant of, if exactly one."""
    known = _VARIANTS.setdefault(kb, {})
    if word not in known:
        names = _families_by_initial(kb).get(word[:1], frozenset())
        known[word] = closest_variant(word, names)
    return known[word]


def kb_family_variant(kb: KnowledgeBase, word: str) -> list[KBEntry]:
    """The known persons whose family name ``word`` (folded) is a spelling variant of."""
    variant = _kb_variant(kb, word)
    return kb.persons_with_family_name(variant) if variant else []


def kb_person_variant(kb: KnowledgeBase, parts: list[str]) -> KBEntry | None:
    """The one known person a full name (folded parts, family name last) is a spelling
    variant of; None when the family name is no close variant, or the given names differ."""
    if len(parts) < 2:
        return None
    found = []
    for entry in kb_family_variant(kb, parts[-1]):
        known = name_parts(entry.name)
        given = known[0] if len(known) > 1 else ""
        if parts[0] == given or closest_variant(parts[0], [given]) is not None:
            found.append(entry)
    names = {entry.name for entry in found}
    return found[0] if len(names) == 1 else None
