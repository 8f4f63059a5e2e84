"""The actor knowledge base: countries, organisations, groups, persons, titles and roles.

Plain functions here are what the CLI, the store and the HTTP API call:

- :func:`canonical_key` — the spelling-independent key that merges an actor across articles;
- :func:`load_kb` / :func:`default_kb` — the built-in tables merged with user dictionaries;
- :func:`sector_for_role`, :func:`describe` — sector and role look-ups for display and filters.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from .base import KnowledgeBase, builtin_entries
from .dictionaries import load_dictionary, load_petrarch
from .keys import canonical_key, fold, name_parts
from .model import KBEntry, LearnedRole, Title
from .roles import RoleMemory

__all__ = [
    "KBEntry",
    "KnowledgeBase",
    "LearnedRole",
    "RoleMemory",
    "Title",
    "canonical_key",
    "default_kb",
    "describe",
    "fold",
    "load_dictionary",
    "load_kb",
    "load_petrarch",
    "name_parts",
    "sector_for_role",
]


def load_kb(dictionaries: Sequence[str] = ()) -> KnowledgeBase:
    """The built-in knowledge base with user dictionaries laid over it (later files win).

    Raises:
        RashomonError: E021 when a dictionary has an error (file, line, reason).
    """
    user = []
    for path in reversed(list(dictionaries)):
        user.extend(load_dictionary(path))
    return KnowledgeBase(builtin_entries(), user_entries=user)


@lru_cache(maxsize=8)
def _cached_kb(dictionaries: tuple[str, ...]) -> KnowledgeBase:
    return load_kb(dictionaries)


def default_kb(dictionaries: Sequence[str] = ()) -> KnowledgeBase:
    """:func:`load_kb`, built once per process for each list of dictionaries."""
    return _cached_kb(tuple(dictionaries))


def sector_for_role(role: str, kb: KnowledgeBase | None = None) -> str | None:
    """The PLOVER sector a role or title implies (``"Foreign Minister"`` → ``GOV``).

    Tries the whole role, then ever shorter endings (``"Deputy Army Commander"`` → ``army
    commander`` → ``commander``), then modifiers such as ``rebel``.
    """
    kb = kb or default_kb()
    words = role.lower().replace("-", " ").split()
    for start in range(len(words)):
        found = kb.title(" ".join(words[start:]))
        if found is not None:
            return found.sector
    for word in words:
        found = kb.title(word)
        if found is not None:
            return found.sector
    return None


def describe(name: str, date: str | None = None, kb: KnowledgeBase | None = None) -> KBEntry | None:
    """What the knowledge base knows about a name on a date: type, country, sector, role."""
    return (kb or default_kb()).lookup(name, date)
