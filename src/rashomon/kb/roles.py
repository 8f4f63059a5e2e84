"""Roles learned from text, kept with the date of the article that stated them.

"Russian Foreign Minister Sergey Lavrov" in an article of 2017-07-07 records that Lavrov was
foreign minister on that date. The memory answers "what was X's role on date D" from the
nearest dated statement, so knowledge grows with the corpus.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from pathlib import Path

from .keys import canonical_key
from .model import LearnedRole


class RoleMemory:
    """Learned roles by actor key, each with its date and article."""

    def __init__(self, roles: Iterable[LearnedRole] = ()) -> None:
        self._roles: dict[str, list[LearnedRole]] = {}
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

    def roles_of(self, name: str) -> list[LearnedRole]:
        """Every role learned for a name, oldest first (undated last)."""
        roles = self._roles.get(canonical_key(name), [])
        return sorted(roles, key=lambda r: (r.date is None, r.date or ""))

    def role_on(self, name: str, date: str | None = None) -> LearnedRole | None:
        """The role stated closest to ``date`` (the latest one when no date is given)."""
        roles = [r for r in self.roles_of(name) if r.date]
        if not roles:
            undated = self.roles_of(name)
            return undated[-1] if undated else None
        if not date:
            return roles[-1]
        before = [r for r in roles if (r.date or "") <= date]
        return before[-1] if before else roles[0]

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
