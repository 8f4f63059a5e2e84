"""The records of the actor knowledge base."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class KBEntry:
    """One known actor under one role: a country, organisation, group or person.

    A person with several roles over time has several entries with the same ``name``;
    ``valid_from``/``valid_to`` (ISO dates, inclusive, ``None`` = open) bound each role.
    """

    name: str
    type: str
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    code: str | None = None
    aliases: tuple[str, ...] = ()
    valid_from: str | None = None
    valid_to: str | None = None
    family_first: bool = False
    kind: str | None = None
    source: str = "builtin"
    # Where a built-in fact comes from ("own knowledge as of 2025-06-30", a package name).
    reference: str | None = None

    def names(self) -> tuple[str, ...]:
        """The name and every alias."""
        return (self.name, *self.aliases)

    def valid_on(self, date: str | None) -> bool:
        """Whether this role holds on ``date`` (an ISO date; unknown dates always match)."""
        if not date:
            return True
        day = date[:10]
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_to and day > self.valid_to)

    @property
    def actor_code(self) -> str | None:
        """The CAMEO-style code: the entry's own, else country plus sector."""
        if self.code:
            return self.code
        if self.kind == "igo":
            return "IGO" + (self.country if self.country and self.country != "IGO" else "")
        if self.kind == "ngo":
            return "NGO" + (self.sector or "")
        code = (self.country or "") + (self.sector or "")
        return code or None


@dataclass(frozen=True, slots=True)
class Title:
    """A title or role noun and the PLOVER sector it implies.

    ``kind`` is ``person`` for a title one person holds (president), ``group`` for a
    collective (rebels, police) and ``modifier`` for a word that sets the sector of the noun
    it modifies (rebel leader). ``country`` is set for a title only one country uses
    ("Secretary of State" → USA).
    """

    term: str
    sector: str
    kind: str
    role: str
    country: str | None = None


@dataclass(frozen=True, slots=True)
class LearnedRole:
    """A role the text itself gave an actor, kept with the article's date."""

    key: str
    name: str
    role: str
    sector: str | None
    country: str | None
    date: str | None
    article: str | None = field(default=None, compare=False)
    evidence: str = field(default="", compare=False)
