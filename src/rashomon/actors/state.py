"""What the resolution of one article keeps while it runs: the table, the persons, the places.

Every resolution step (:mod:`.places`, :mod:`.titles`, :mod:`.persons`,
:mod:`.mentions`, :mod:`.pronouns`) is a layer over this state; :class:`.component._Run`
stacks them and runs them in order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from ..nlp.actor_table import ActorTable
from ..records import Actor
from .common import (
    _code,
    _Person,
)

if TYPE_CHECKING:
    from .component import ActorResolver


class _RunState:
    """The state of the resolution of one document."""

    def __init__(self, owner: ActorResolver, doc: Doc, date: str | None, article: str | None):
        self.owner = owner
        self.kb = owner.kb
        self.doc = doc
        self.date = date
        self.article = article
        self.table = ActorTable(doc)
        self.persons: list[_Person] = []
        self.person_by_actor: dict[str, _Person] = {}
        self.claimed: set[int] = set()  # tokens that belong to a title of a named person
        self.places: set[str] = set()  # ids of region actors (they locate, as countries do)
        # Titled actors whose country the phrase did not say, with the token they stand at
        # and a country they are known not to be of ("ethnic Albanians" are a minority).
        self.homeless: list[tuple[Actor, int, str | None]] = []
        # Persons whose title follows an organisation's name ("State Department spokesperson
        # Karen Whitfield"), with the token of that name.
        self.affiliated: list[tuple[Actor, int]] = []
        # International organisations the article names (a city seating one may mean it).
        self.codes_named: set[str] = set()
        # Actors made from a group noun alone ("Company" of "the company"): never the named
        # body a later "the company" stands for.
        self.noun_bodies: set[str] = set()
        # Organisations the text refers to with "who" ("The ENT, who …"), read once.
        self.persons_like: set[str] | None = None

    def _fill(
        self, actor: Actor, role: str | None, sector: str | None, country: str | None
    ) -> None:
        """Complete an actor the knowledge base did not know from a role the text gives."""
        if actor.role is None:
            actor.role = role
        if actor.sector is None:
            actor.sector = sector
        if actor.country is None:
            actor.country = country
        actor.code = _code(actor.country, actor.sector)
    def _person_at(self, token: Token) -> _Person | None:
        """The person a token (or a name in apposition to it) is a mention of."""
        person = self.person_by_actor.get(self.table.actor_for_token(token) or "")
        if person is not None:
            return person
        for child in token.children:
            if child.dep_ == "appos":
                return self.person_by_actor.get(self.table.actor_for_token(child) or "")
        return None
