"""Which side of a meeting a paragraph is about, for roles two holders share.

When the presidents of two countries meet, "the president" of a paragraph is the holder
whose country the paragraph is about: `Putin received Erdogan in Sochi. … In Ankara, the
government welcomed the deal; the president said …` is Erdogan, although Putin was named
last. A paragraph is about one side when the actors it mentions (countries, places, people,
bodies) carry the country of exactly one of the holders; otherwise (both sides or none) the
last full mention decides, as before.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..nlp.actor_table import ActorTable


def paragraph_bounds(text: str, at: int) -> tuple[int, int]:
    """Character offsets of the paragraph (line) holding offset ``at``."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return start, len(text) if end < 0 else end


def paragraph_countries(table: ActorTable, at: int, skip: frozenset[str]) -> set[str]:
    """Countries of the actors mentioned in the paragraph around ``at``, apart from the
    actors ``skip`` (the holders themselves: naming one is no sign the paragraph is his)."""
    start, end = paragraph_bounds(table.text, at)
    out: set[str] = set()
    for mention in table.mentions:
        if start <= mention.start < end and mention.actor not in skip:
            actor = table.get(mention.actor)
            if actor is not None and actor.country:
                out.add(actor.country)
    return out


def side_of_paragraph(
    table: ActorTable, at: int, holders: Sequence[tuple[str, frozenset[str]]]
) -> str | None:
    """The one holder (actor id) whose countries the paragraph around ``at`` mentions.

    Args:
        table: the article's actor table.
        at: the character offset of the role mention.
        holders: each candidate holder's actor id and countries.

    Returns:
        The actor id, or None when the paragraph names the countries of none or several.
    """
    skip = frozenset(actor for actor, _ in holders)
    named = paragraph_countries(table, at, skip)
    sides = [actor for actor, countries in holders if countries & named]
    return sides[0] if len(sides) == 1 else None
