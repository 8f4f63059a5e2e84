"""Roles learned from text, kept with the date of the article that stated them.

"Russian Foreign Minister Sergey Lavrov" in an article of 2017-07-07 records that Lavrov was
foreign minister on that date. The memory answers "what was X's role on date D" from the
nearest dated statement, so knowledge grows with the corpus.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, replace
from pathlib import Path

from .keys import canonical_key
from .model import LearnedRole


class RoleMemory:
    """Learned roles by actor key, each with its date and article."""

    def __init__(self, roles: Iterable[LearnedRole] = ()) -> None:
        self._roles: dict[str, list[LearnedRole]] = {}
        # Last word of each multi-word key → the keys, so "Kovalenko" finds "anna kovalenko".
        self._by_family: dict[str, set[str]] = {}
        for role in roles:
            self.add(role)

    def __len__(self) -> int:
        return sum(len(v) for v in self._roles.values())

    def __iter__(self) -> Iterator[LearnedRole]:
        for roles in self._roles.values():
            yield from roles

    def add(self, role: LearnedRole) -> None:
        """Remember a role (the same role of the same actor on the same date only once)."""
        known = self._roles.setdefault(role.key, [])
        if role not in known:
            known.append(role)
        words = role.key.split()
        if len(words) > 1:
            self._by_family.setdefault(words[-1], set()).add(role.key)

    def _key(self, name: str) -> str:
        """The key a name is known under: its own, or the one full name a surname stands for."""
        key = canonical_key(name)
        if key in self._roles or " " in key:
            return key
        full = self._by_family.get(key, set())
        return next(iter(full)) if len(full) == 1 else key

    def roles_of(self, name: str) -> list[LearnedRole]:
        """Every role learned for a name, oldest first (undated last).

        A lone surname ("Kovalenko") stands for the one full name with that surname, if the
        memory knows exactly one.
        """
        roles = self._roles.get(self._key(name), [])
        return sorted(roles, key=lambda r: (r.date is None, r.date or ""))

    def role_on(self, name: str, date: str | None = None) -> LearnedRole | None:
        """The role stated closest to ``date`` (the latest one when no date is given).

        Its country is the one the corpus states most often for the actor (on a tie, the
        role's own): one article's slip does not outweigh the others.
        """
        every = self.roles_of(name)
        roles = [r for r in every if r.date]
        if not roles:
            chosen = every[-1] if every else None
        elif not date:
            chosen = roles[-1]
        else:
            before = [r for r in roles if (r.date or "") <= date]
            chosen = before[-1] if before else roles[0]
        if chosen is None:
            return None
        country = _most_stated(every, chosen.country)
        return chosen if country == chosen.country else replace(chosen, country=country)

    def dump(self, path: str | Path) -> None:
        """Write the memory as JSON lines."""
        with Path(path).open("w", encoding="utf8") as handle:
            for role in self:
                handle.write(json.dumps(asdict(role), ensure_ascii=False) + "\n")

    @classmethod
    def load(cls, path: str | Path) -> RoleMemory:
        """Read a memory written by :meth:`dump`."""
        with Path(path).open(encoding="utf8") as handle:
            return cls(LearnedRole(**json.loads(line)) for line in handle if line.strip())


def _most_stated(roles: list[LearnedRole], default: str | None) -> str | None:
    """The country most roles state; ``default`` when it ties for the most."""
    counts = Counter(r.country for r in roles if r.country)
    if not counts:
        return default
    top = max(counts.values())
    if default is not None and counts.get(default) == top:
        return default
    return counts.most_common(1)[0][0]
